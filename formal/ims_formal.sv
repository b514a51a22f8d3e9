// SPDX-License-Identifier: Apache-2.0
// ims_formal: formal harness around ims_top (small build: 64 entries, of
// which the host programs 0..15, 4 ADIs, one request port; the run starts
// after the table initialisation from a programmed configuration:
// formal/post_init.py, formal/README.md). Written from the spec (shared/spec/ims-block.md §5, §6),
// not from the RTL's internal rules: it only looks at ims_top's ports and
// keeps its own shadow of the host-programmed tables, built from the
// AXI4-Lite writes it observes (updated at each OKAY B handshake; refused
// writes change nothing, spec §3). One exception: the counter rule
// (IMS_FORMAL_CNT) reads the CNT_* values a register read would return
// by hierarchical reference (dut.hwif_in), since no reads are modelled.
//
// Environment (assumptions), see formal/README.md:
//  * reset low in cycle 0 only; AXI4-Lite and request valid/ready rules;
//  * the host writes only (no reads), one write at a time, AW and W offered
//    together, full strobes, to: global CTRL, ADI CTRL/BLOCK/PASID,
//    entry address/data/control; no ADI reset, no view writes;
//  * constrained programming order (so that every TLP has one defined
//    source without modelling commit-point timing): an ADI's PASID is
//    written and pasid_en changed only while it holds no block; an entry's
//    address/data are written only after it has been masked for 8 cycles,
//    and its data carries {1'b1, entry index} in bits [4:0] (so a TLP names
//    its entry); an entry is unmasked only after its data was written;
//  * SECURITY tasks (define IMS_FORMAL_SINK_READY): the TLP sink is always
//    ready, so a TLP leaves a fixed number of cycles after its request.
module ims_formal (
  input logic        clk_i,
  // free inputs (the solver picks them, within the assumptions below)
  input logic        awvalid_in, wvalid_in, bready_in, tlp_ready_in,
  input logic [31:0] awaddr_in, wdata_in,
  input logic [3:0]  wstrb_in,
  input logic        req_valid_in, req_pasid_valid_in, req_satisfy_in,
  input logic [15:0] req_adi_in, req_vec_in,
  input logic [19:0] req_pasid_in
);
  localparam int unsigned NE = 16;   // entries the host programs (the build has 64: the smallest the RTL elaborates)
  localparam int unsigned NA = 4;
  localparam int unsigned Lat = 4;   // request handshake -> tlp_valid_o (docs, spec §7)
  localparam int unsigned MaskAge = 8;
  localparam int unsigned BlockedWin = 6;

  // ---------------- reset: low in the first cycle only ----------------
  logic init_q = 1'b0;
  always_ff @(posedge clk_i) init_q <= 1'b1;
  logic rst_ni;
  assign rst_ni = init_q;

  // ---------------- boot: reset and the end of the table initialisation ----------------
  // The proofs start after the table initialisation (ims_table_init walks
  // 64 rows after reset, spec: "entries reset masked, ADIs disabled").
  // formal/post_init.ys, applied by formal/ims.sby, gives the RAMs the
  // contents that walk leaves (entries {mask=1, 0, 0, 0}; ADI rows, BLOCK
  // copy and pending words 0; owner RAM left free) and starts the walk at
  // its last row, so it ends in the first cycles. For BootCycles cycles
  // every input is idle (valids 0, payload 0, sink ready); the BMC depth
  // counts from reset, these cycles included.
`ifdef IMS_FORMAL_BOOT2
  // the deep jobs (iso, acc): the inputs go free two cycles earlier (the
  // walk has ended in cycle 1 and the request port is ready from cycle 2)
  localparam int unsigned BootCycles = 2;
`else
  localparam int unsigned BootCycles = 4;
`endif
  logic [6:0] boot_q = '0;
  logic live;
  assign live = (boot_q == 7'(BootCycles));
  always_ff @(posedge clk_i) if (!live) boot_q <= boot_q + 7'd1;
  logic        awvalid, wvalid, bready;
  logic [31:0] awaddr, wdata;
  logic [3:0]  wstrb;
  logic        req_valid, req_pasid_valid, req_satisfy;
  logic [15:0] req_adi, req_vec;
  logic [19:0] req_pasid;
  assign awvalid = live && awvalid_in;
  assign wvalid  = live && wvalid_in;
  assign bready  = !live || bready_in;
  assign awaddr  = live ? awaddr_in : '0;
  assign wdata   = live ? wdata_in : '0;
  assign wstrb   = live ? wstrb_in : 4'hF;
  assign req_valid       = live && req_valid_in;
  assign req_pasid_valid = live && req_pasid_valid_in;
  assign req_satisfy     = live && req_satisfy_in;
  assign req_adi   = live ? req_adi_in : '0;
  assign req_vec   = live ? req_vec_in : '0;
  assign req_pasid = live ? req_pasid_in : '0;

  // ---------------- DUT ----------------
  logic awready, wready, bvalid, arready, rvalid;
  logic [1:0] bresp, rresp;
  logic [31:0] rdata;
  logic req_ready;
  logic tlp_valid, tlp_ready, tlp_prfx_valid;
  logic [127:0] tlp_hdr;
  logic [31:0] tlp_data, tlp_prfx;

`ifdef IMS_FORMAL_SINK_READY
  assign tlp_ready = 1'b1;
`else
  assign tlp_ready = !live || tlp_ready_in;
`endif

  ims_top #(.NumEntries(64), .NumAdis(NA), .FaultDepth(4), .CounterW(4), .NumReqPorts(1)) dut (
    .clk_i (clk_i), .rst_ni (rst_ni),
    .s_axil_awvalid_i (awvalid), .s_axil_awready_o (awready), .s_axil_awaddr_i (awaddr),
    .s_axil_awprot_i (3'b000),
    .s_axil_wvalid_i (wvalid), .s_axil_wready_o (wready), .s_axil_wdata_i (wdata),
    .s_axil_wstrb_i (wstrb),
    .s_axil_bvalid_o (bvalid), .s_axil_bready_i (bready), .s_axil_bresp_o (bresp),
    .s_axil_arvalid_i (1'b0), .s_axil_arready_o (arready), .s_axil_araddr_i (32'h0),
    .s_axil_arprot_i (3'b000),
    .s_axil_rvalid_o (rvalid), .s_axil_rready_i (1'b1), .s_axil_rdata_o (rdata),
    .s_axil_rresp_o (rresp),
    .req_valid_i (req_valid), .req_ready_o (req_ready), .req_adi_i (req_adi),
    .req_vec_i (req_vec), .req_pasid_valid_i (req_pasid_valid), .req_pasid_i (req_pasid),
    .req_satisfy_i (req_satisfy),
    .tlp_valid_o (tlp_valid), .tlp_ready_i (tlp_ready), .tlp_hdr_o (tlp_hdr),
    .tlp_data_o (tlp_data), .tlp_prfx_valid_o (tlp_prfx_valid), .tlp_prfx_o (tlp_prfx)
  );

  // ---------------- host (AXI4-Lite master) rules ----------------
  logic aw_done_q = 1'b0, w_done_q = 1'b0, wr_busy_q = 1'b0;
  logic awvalid_q = 1'b0, wvalid_q = 1'b0, awready_q = 1'b0, wready_q = 1'b0;
  logic bvalid_q = 1'b0, bready_q = 1'b0;
  logic [31:0] awaddr_q = '0, wdata_q = '0;
  logic [1:0]  bresp_q = '0;
  logic [31:0] cur_addr_q = '0, cur_data_q = '0;
  logic aw_hs, w_hs, b_hs, wr_start;
  assign aw_hs = awvalid && awready;
  assign w_hs  = wvalid && wready;
  assign b_hs  = bvalid && bready;
  assign wr_start = awvalid && !wr_busy_q;

  always_ff @(posedge clk_i) begin
    awvalid_q <= awvalid; wvalid_q <= wvalid; awready_q <= awready; wready_q <= wready;
    awaddr_q <= awaddr; wdata_q <= wdata;
    bvalid_q <= bvalid; bready_q <= bready; bresp_q <= bresp;
    if (wr_start) begin cur_addr_q <= awaddr; cur_data_q <= wdata; end
    if (!rst_ni || b_hs) begin
      aw_done_q <= 1'b0; w_done_q <= 1'b0; wr_busy_q <= 1'b0;
    end else begin
      if (wr_start) wr_busy_q <= 1'b1;
      if (aw_hs) aw_done_q <= 1'b1;
      if (w_hs) w_done_q <= 1'b1;
    end
  end

  // shadow of the host-programmed state (spec §4), updated at OKAY B handshakes
  logic g_en_q, g_mask_q;
  logic [NA-1:0] held_q, a_en_q, a_mask_q, a_tag_q;
  logic [19:0] a_pasid_q [NA];
  logic [15:0] a_base_q [NA], a_size_q [NA];
  logic [NE-1:0] e_mask_q, e_dw_q;
  logic [31:0] e_lo_q [NE], e_hi_q [NE], e_data_q [NE];
  logic [3:0]  e_age_q [NE];
  // ADI lifecycle (spec §5 item 9): a_rst_q, a reset of the ADI was accepted
  // and the shadow does not know yet that it completed (when is the DUT's
  // choice; an accepted write that the DUT refuses during a reset tells);
  // e_rst_q, the entry lies in the block such a reset cleans.
  logic [NA-1:0] a_rst_q;
  logic [NE-1:0] e_rst_q;
  // Pending bits as the ports show them (accounting): p_may_q, the entry may
  // be pending (a request to it was accepted and left no TLP since its last
  // TLP); p_def_q, certainly pending (set at the start, until anything that
  // could clear it happens).
  logic [NE-1:0] p_may_q, p_def_q;
  initial begin
    // after the table initialisation: entries masked, ADIs 0, block disabled
    g_en_q = 1'b0; g_mask_q = 1'b0;
    held_q = '0; a_en_q = '0; a_mask_q = '0; a_tag_q = '0; a_rst_q = '0;
    e_mask_q = '1; e_dw_q = '0; e_rst_q = '0; p_may_q = '0; p_def_q = '0;
    for (int a = 0; a < NA; a++) begin a_pasid_q[a] = '0; a_base_q[a] = '0; a_size_q[a] = '0; end
    for (int e = 0; e < NE; e++) begin e_lo_q[e] = '0; e_hi_q[e] = '0; e_data_q[e] = '0; e_age_q[e] = 4'hF; end
`ifdef IMS_FORMAL_PRECONFIG
    // the configuration formal/post_init.py also puts into the DUT's tables
`include "preconfig.svh"
`endif
  end

  // decode of an address in the host view (only the ones the host may use)
  function automatic logic is_gctrl(input logic [31:0] ad); return ad == 32'h20; endfunction
  function automatic logic is_adi(input logic [31:0] ad);
    return ad[31:6] == 26'h100 && ad[1:0] == 2'b00 && ad[3:2] != 2'b11;  // 0x4000 + 16a + {0,4,8}
  endfunction
  function automatic logic is_ent(input logic [31:0] ad);
    return ad[31:8] == 24'h400 && ad[1:0] == 2'b00;  // 0x40000 + 16e + {0,4,8,C}
  endfunction

  // reset3: the one host write has started
  logic r3_wrote_q = 1'b0;
  always_ff @(posedge clk_i) if (wr_start) r3_wrote_q <= 1'b1;

  logic [1:0] wa_adi;   logic [3:0] wa_ent; logic [1:0] wa_reg;
  assign wa_adi = awaddr[5:4];
  assign wa_ent = awaddr[7:4];
  assign wa_reg = awaddr[3:2];

  always_comb begin
    // AXI4-Lite master rules
    if (live) begin
      if (awvalid_q && !awready_q) assume (awvalid && awaddr == awaddr_q);
      if (wvalid_q && !wready_q)   assume (wvalid && wdata == wdata_q && wstrb == 4'hF);
    end
    assume (!(aw_done_q && awvalid));
    assume (!(w_done_q && wvalid));
    assume (wr_busy_q || (awvalid == wvalid));        // offered together
    if (wvalid) assume (wstrb == 4'hF);
    if (!rst_ni) assume (!awvalid && !wvalid);
    // what the host writes (at the start of a write)
    if (wr_start) begin
      assume (is_gctrl(awaddr) || is_adi(awaddr) || is_ent(awaddr));
`ifdef IMS_FORMAL_ISO
      // the lifecycle job: the host only enables, disables, masks, resets and
      // re-assigns ADIs (CTRL, BLOCK, PASID), in any order, deeper
      assume (is_adi(awaddr));
`endif
`ifdef IMS_FORMAL_RESET3
      // the reset-rule mutant's job: the host only writes ADI 3's CTRL (a
      // reset of an ADI that holds nothing, whose BLOCK names others' entries)
      // ... and that write is a reset (bit 6, nothing else: ADI 3 stays
      // disabled and holds nothing), one, in the first free cycle (the
      // mutant's damage needs ~18 cycles from it: formal/README.md)
      assume (is_adi(awaddr) && wa_adi == 2'd3 && wa_reg == 2'd0 && wdata == 32'h40);
      assume (!r3_wrote_q);
`endif
`ifdef IMS_FORMAL_ACC
      // the accounting job: the host only masks and unmasks entries, deeper
      assume (is_ent(awaddr) && wa_reg == 2'd3);
`endif
      if (is_gctrl(awaddr)) assume (wdata[31:2] == '0);
      if (is_adi(awaddr) && wa_reg == 2'd0) begin  // CTRL: enable, mask, pasid_en, reset
        assume (wdata[31:7] == '0 && wdata[5:3] == '0);
`ifndef IMS_FORMAL_RESETS
        assume (!wdata[6]);   // ADI resets only in iso and cover_long: sec stays fast enough for CI
`endif
        if (held_q[wa_adi]) assume (wdata[2] == a_tag_q[wa_adi]);
      end
      if (is_adi(awaddr) && wa_reg == 2'd2) assume (!held_q[wa_adi] && wdata[31:20] == '0);
      if (is_ent(awaddr) && wa_reg != 2'd3) assume (e_mask_q[wa_ent] && e_age_q[wa_ent] >= MaskAge);
      // no host writes to an entry while a reset may be rewriting it (the
      // merge rule of the theory of operation is not modelled)
      if (is_ent(awaddr)) assume (!e_rst_q[wa_ent]);
      if (is_ent(awaddr) && wa_reg == 2'd2) assume (wdata[4:0] == {1'b1, wa_ent});
      if (is_ent(awaddr) && wa_reg == 2'd3) begin
        assume (wdata[31:1] == '0);
        if (!wdata[0]) assume (e_dw_q[wa_ent]);
      end
    end
  end

  logic [1:0] ca; logic [3:0] ce; logic [1:0] cr;
  assign ca = cur_addr_q[5:4];
  assign ce = cur_addr_q[7:4];
  assign cr = cur_addr_q[3:2];
  logic wr_ok;
  assign wr_ok = b_hs && bresp == 2'b00;
  function automatic logic blk_has(input logic [15:0] base, input logic [15:0] size, input int e);
    return (17'(e) >= 17'(base)) && (17'(e) < 17'(base) + 17'(size));
  endfunction
  // A reset the shadow learns has completed, from the DUT's answer to an
  // accepted write (spec §5.9, theory of operation "ADI lifecycle"): a CTRL
  // or BLOCK write to a resetting ADI is refused, so an accepted one proves
  // its reset over; an accepted enable of an ADI holding nothing proves that
  // no held block overlaps its block, so a reset of an overlapping one is over.
  logic [NA-1:0] rst_done;
  always_comb
    for (int a = 0; a < NA; a++) begin
      rst_done[a] = 1'b0;
      if (wr_ok && is_adi(cur_addr_q) && a_rst_q[a]) begin
        if (int'(ca) == a && cr != 2'd2) rst_done[a] = 1'b1;
        if (int'(ca) != a && cr == 2'd0 && cur_data_q[0] && !cur_data_q[6] && !held_q[ca] && held_q[a]
            && 17'(a_base_q[ca]) < 17'(a_base_q[a]) + 17'(a_size_q[a])
            && 17'(a_base_q[a]) < 17'(a_base_q[ca]) + 17'(a_size_q[ca]))
          rst_done[a] = 1'b1;
      end
    end
  always_ff @(posedge clk_i) begin
    for (int e = 0; e < NE; e++)
      if (!e_mask_q[e]) e_age_q[e] <= '0;
      else if (e_age_q[e] != 4'hF) e_age_q[e] <= e_age_q[e] + 4'd1;
    // a completed reset has cleaned the block it held: masked, address/data 0
    for (int a = 0; a < NA; a++)
      if (rst_done[a]) begin
        a_rst_q[a] <= 1'b0;
        if (held_q[a]) begin
          held_q[a] <= 1'b0;
          for (int e = 0; e < NE; e++)
            if (blk_has(a_base_q[a], a_size_q[a], e)) begin
              e_lo_q[e] <= '0; e_hi_q[e] <= '0; e_data_q[e] <= '0; e_dw_q[e] <= 1'b0;
              e_mask_q[e] <= 1'b1; e_rst_q[e] <= 1'b0;
            end
        end
      end
    if (wr_ok) begin
      if (is_gctrl(cur_addr_q)) begin g_en_q <= cur_data_q[0]; g_mask_q <= cur_data_q[1]; end
      if (is_adi(cur_addr_q)) begin
        case (cr)
          2'd0: begin
            a_mask_q[ca] <= cur_data_q[1]; a_tag_q[ca] <= cur_data_q[2];
            if (cur_data_q[6]) begin
              // an ADI reset: disables now; cleans the block only if the ADI holds it
              a_en_q[ca] <= 1'b0; a_rst_q[ca] <= 1'b1;
              if (held_q[ca] && !rst_done[ca])
                for (int e = 0; e < NE; e++)
                  if (blk_has(a_base_q[ca], a_size_q[ca], e)) begin
                    e_rst_q[e] <= 1'b1; e_mask_q[e] <= 1'b1;
                  end
            end else begin
              a_en_q[ca] <= cur_data_q[0];
              if (cur_data_q[0]) held_q[ca] <= 1'b1;
            end
          end
          2'd1: begin a_base_q[ca] <= cur_data_q[15:0]; a_size_q[ca] <= cur_data_q[31:16]; end
          default: a_pasid_q[ca] <= cur_data_q[19:0];
        endcase
      end
      if (is_ent(cur_addr_q)) begin
        case (cr)
          2'd0: e_lo_q[ce] <= cur_data_q;
          2'd1: e_hi_q[ce] <= cur_data_q;
          2'd2: begin e_data_q[ce] <= cur_data_q; e_dw_q[ce] <= 1'b1; end
          default: begin
            e_mask_q[ce] <= cur_data_q[0];
            if (cur_data_q[0] != e_mask_q[ce]) e_age_q[ce] <= '0;
          end
        endcase
      end
    end
  end

  // ---------------- request port rules ----------------
  logic req_valid_q = 1'b0, req_ready_q = 1'b0;
  logic [15:0] req_adi_q = '0, req_vec_q = '0;
  logic req_sat_q = 1'b0, req_pv_q = 1'b0;
  logic [19:0] req_pasid_q = '0;
  always_ff @(posedge clk_i) begin
    req_valid_q <= req_valid; req_ready_q <= req_ready; req_adi_q <= req_adi; req_vec_q <= req_vec;
    req_sat_q <= req_satisfy; req_pv_q <= req_pasid_valid; req_pasid_q <= req_pasid;
  end
  always_comb begin
    if (!rst_ni) assume (!req_valid);
`ifdef IMS_FORMAL_RESET3
    // the reset-rule job: only requests of ADI 0 to its vector 2 (entry 2,
    // the first entry ADI 3's BLOCK names), never event-satisfied
    if (req_valid) assume (req_adi == 16'd0 && req_vec == 16'd2 && !req_satisfy);
    if (live && !r3_wrote_q) assume (awvalid);
`endif
    if (live && req_valid_q && !req_ready_q)
      assume (req_valid && req_adi == req_adi_q && req_vec == req_vec_q && req_satisfy == req_sat_q
              && req_pasid_valid == req_pv_q && req_pasid == req_pasid_q);
  end

  // ---------------- P-VR: valid/ready on the DUT's outputs ----------------
  logic tlp_valid_q = 1'b0, tlp_ready_q = 1'b0, tlp_pv_q = 1'b0;
  logic [127:0] tlp_hdr_q = '0;
  logic [31:0] tlp_data_q = '0, tlp_prfx_q = '0;
  always_ff @(posedge clk_i) begin
    tlp_valid_q <= tlp_valid; tlp_ready_q <= tlp_ready; tlp_hdr_q <= tlp_hdr;
    tlp_data_q <= tlp_data; tlp_prfx_q <= tlp_prfx; tlp_pv_q <= tlp_prfx_valid;
  end
  always_comb begin
    if (live && tlp_valid_q && !tlp_ready_q) begin
      vr_tlp_held:   assert (tlp_valid);
      vr_tlp_stable: assert (tlp_hdr == tlp_hdr_q && tlp_data == tlp_data_q
                             && tlp_prfx_valid == tlp_pv_q
                             && (!tlp_pv_q || tlp_prfx == tlp_prfx_q));
    end
    vr_prfx_only_with_valid: assert (!tlp_prfx_valid || tlp_valid);
`ifndef IMS_FORMAL_VR_TLP_ONLY
    // (not inductive without the AXI slave's internal invariants: vr_prove
    // leaves these to the bounded vr job)
    if (live && bvalid_q && !bready_q) begin
      vr_b_held: assert (bvalid && bresp == bresp_q);
    end
    vr_b_only_after_write: assert (!bvalid || (aw_done_q && w_done_q));
    vr_no_read_data: assert (!rvalid);
`endif
  end

  // ---------------- security properties (sink always ready) ----------------
  // request in flight: a delay line of Lat stages (the request's op enters
  // the pipeline on its handshake; with a ready sink it leaves Lat cycles later)
  logic [Lat-1:0] dl_v = '0;
  logic [15:0] dl_adi [Lat], dl_vec [Lat];
  logic [16:0] dl_ent [Lat];   // base + vector by the shadow at the handshake
  initial for (int i = 0; i < Lat; i++) begin dl_adi[i] = '0; dl_vec[i] = '0; dl_ent[i] = '0; end
  always_ff @(posedge clk_i) begin
    dl_v[0] <= req_valid && req_ready && !req_satisfy;
    dl_adi[0] <= req_adi; dl_vec[0] <= req_vec;
    dl_ent[0] <= 17'(a_base_q[req_adi[1:0]]) + 17'(req_vec);
    for (int i = 1; i < Lat; i++) begin
      dl_v[i] <= dl_v[i-1]; dl_adi[i] <= dl_adi[i-1]; dl_vec[i] <= dl_vec[i-1]; dl_ent[i] <= dl_ent[i-1];
    end
  end

  // which entry a TLP comes from: its data names it (assumption on the host)
  logic [3:0] te;
  assign te = tlp_data[3:0];
  // the ADI that holds entry te (held blocks never overlap, spec §4)
  function automatic logic in_blk(input int a, input logic [3:0] e);
    return (17'(e) >= 17'(a_base_q[a])) && (17'(e) < 17'(a_base_q[a]) + 17'(a_size_q[a]));
  endfunction
  logic [NA-1:0] holds;
  always_comb for (int a = 0; a < NA; a++) holds[a] = held_q[a] && in_blk(a, te);
  logic [1:0] ta;     // the TLP's ADI: the request's, else the holder (a release)
  logic       ta_ok;
  always_comb begin
    ta = 2'd0; ta_ok = 1'b0;
    if (dl_v[Lat-1]) begin
      ta = dl_adi[Lat-1][1:0]; ta_ok = dl_adi[Lat-1] < 16'(NA);
    end else begin
      for (int a = NA-1; a >= 0; a--) if (holds[a]) begin ta = 2'(a); ta_ok = 1'b1; end
    end
  end

  // blocked: global disable/mask, the TLP's ADI disabled/masked, entry masked,
  // continuously in the shadow for BlockedWin cycles (covers the commit point:
  // a write rules requests accepted after its B handshake, spec §6)
  logic [NE-1:0] e_blk;
  logic [3:0] e_blk_age_q [NE];
  initial for (int e = 0; e < NE; e++) e_blk_age_q[e] = '0;
  // per (ADI, entry) pair would be exact; per entry, with the holder's ADI bits
  logic [NE-1:0] e_holder_blk;
  always_comb begin
    for (int e = 0; e < NE; e++) begin
      e_holder_blk[e] = 1'b0;
      for (int a = 0; a < NA; a++)
        if (held_q[a] && in_blk(a, 4'(e)) && (!a_en_q[a] || a_mask_q[a])) e_holder_blk[e] = 1'b1;
      e_blk[e] = !g_en_q || g_mask_q || e_mask_q[e] || e_holder_blk[e];
    end
  end
  // A host write lands before its B handshake: from its AW on, a write that
  // may unmask (global CTRL, ADI CTRL, entry control) makes the outcome open
  // until its B handshake, when the shadow takes it (spec §6, commit points).
  logic mask_wr_open;
  assign mask_wr_open =
      (wr_busy_q && (is_gctrl(cur_addr_q) || (is_adi(cur_addr_q) && cr == 2'd0)
                     || (is_ent(cur_addr_q) && cr == 2'd3)))
   || (wr_start && (is_gctrl(awaddr) || (is_adi(awaddr) && wa_reg == 2'd0)
                    || (is_ent(awaddr) && wa_reg == 2'd3)));
  always_ff @(posedge clk_i)
    for (int e = 0; e < NE; e++)
      if (!e_blk[e] || mask_wr_open) e_blk_age_q[e] <= '0;
      else if (e_blk_age_q[e] != 4'hF) e_blk_age_q[e] <= e_blk_age_q[e] + 4'd1;

  // ---------------- accounting (spec §6; theory of operation "Request rules", "Pending release") ----------------
  // With the sink always ready every op leaves the pipeline in order, one per
  // cycle, so the TLP in the cycle a request's slot reaches the output is that
  // request's, and a TLP in any other cycle is a release. A request whose slot
  // shows no TLP may have made its entry pending (or was dropped: the
  // over-approximation only weakens what follows); a TLP of an entry leaves
  // nothing pending (a pending message and a new one coalesce into one TLP).
  logic rel_tlp;
  assign rel_tlp = live && tlp_valid && !dl_v[Lat-1];
  always_ff @(posedge clk_i)
    for (int e = 0; e < NE; e++) begin
      if (live && tlp_valid && te == 4'(e)) begin
        p_may_q[e] <= 1'b0; p_def_q[e] <= 1'b0;
      end
      if (live && dl_v[Lat-1] && !tlp_valid && dl_ent[Lat-1] == 17'(e)) p_may_q[e] <= 1'b1;
      if (live && req_valid && req_ready && req_satisfy) p_def_q[e] <= 1'b0;
      // an accepted reset of the ADI holding the entry clears its pending bit
      if (wr_ok && is_adi(cur_addr_q) && cr == 2'd0 && cur_data_q[6] && held_q[ca]
          && blk_has(a_base_q[ca], a_size_q[ca], e))
        p_def_q[e] <= 1'b0;
    end
  // A pending entry that a host write unmasks, whose owner (the ADI holding
  // it: held blocks never overlap, and only the holder's requests make its
  // entries pending) is enabled and unmasked, globally enabled and unmasked,
  // tagged or inside the window, leaves within RelBound cycles of the
  // write's B handshake: the documented bound under load (theory of
  // operation, "Maintenance obligations" (a1): its release is decided
  // within 11 counted cycles of the edge the write lands, which is at the
  // latest the B cycle's; its TLP is valid two cycles after the decision;
  // with the sink always ready and no host reads or resets in this job
  // every cycle counts). The idle figure, 6 cycles from B, is not a bound
  // once a sweep's release is already on its way: a counterexample (stop 15)
  // took 7, a sweep's release of another entry in the engine's lookup stage
  // when the unmask landed, then a request's turn. Cancelled by a later
  // write that may mask anything (global, ADI or entry control) and by an
  // event-satisfied request (may clear it).
  // (This build has RamOutReg, so the release engine's read stage: (a1)
  // is 11 + 3 counted cycles.)
  localparam int unsigned RelBound = 11 + 3 + 2 - 1;  // counted from 1 in the cycle after B
  logic       rb_v_q = 1'b0, rb_arm;
  logic [3:0] rb_e_q = '0;
  logic [4:0] rb_cnt_q = '0;
  always_comb begin
    rb_arm = 1'b0;
    if (live && wr_ok && is_ent(cur_addr_q) && cr == 2'd3 && !cur_data_q[0] && p_def_q[ce]
        && g_en_q && !g_mask_q)
      for (int a = 0; a < NA; a++)
        if (held_q[a] && !a_rst_q[a] && blk_has(a_base_q[a], a_size_q[a], int'(ce)) && a_en_q[a] && !a_mask_q[a]
            && (a_tag_q[a] || (e_hi_q[ce] == '0 && e_lo_q[ce][31:20] == 12'hFEE)))
          rb_arm = 1'b1;
  end
  // An event-satisfied request handshaken in the B cycle itself may clear
  // the message too (whichever order the two commit in), so it arms nothing.
  logic rb_sat_now;
  assign rb_sat_now = req_valid && req_ready && req_satisfy;
  always_ff @(posedge clk_i) begin
    if (rb_arm && !rb_sat_now) begin
      rb_v_q <= 1'b1; rb_e_q <= ce; rb_cnt_q <= 5'd1;
    end else if (rb_v_q) begin
      if ((tlp_valid && te == rb_e_q) || rb_sat_now
          || (wr_start && (is_gctrl(awaddr) || (is_adi(awaddr) && wa_reg == 2'd0)
                           || (is_ent(awaddr) && wa_reg == 2'd3))))
        rb_v_q <= 1'b0;
      if (rb_cnt_q != 5'h1F) rb_cnt_q <= rb_cnt_q + 5'd1;
    end
  end

  logic [31:0] exp_lo, exp_hi;
  assign exp_lo = {e_lo_q[te][31:2], 2'b00};
  assign exp_hi = e_hi_q[te];
  logic [63:0] tlp_addr;
  logic        four_dw;
  assign four_dw  = tlp_hdr[125];             // fmt[0]: 4DW
  assign tlp_addr = four_dw ? {tlp_hdr[63:32], tlp_hdr[31:0]} : {32'h0, tlp_hdr[63:32]};

  // Which in-flight host write can decide a request's outcome (theory of
  // operation, "Commit points": a write rules the requests accepted after
  // its B handshake; ones in flight may see it earlier): global CTRL, the
  // CTRL word of the request's own ADI, the control word of its own entry.
  // A write to another ADI's row or to another entry decides nothing for it
  // (spec §5 item 9: an ADI's enable, mask, reset or block rewrite changes
  // nothing of another ADI's), so the request's outcome stays defined while
  // one is in flight. Entry address/data writes need no care: they land
  // only in an entry masked for 8 cycles (the request is made pending either
  // way), and the window registers are never written here.
  function automatic logic wr_may_decide(input logic [31:0] ad, input logic [1:0] a, input logic [16:0] e);
    return is_gctrl(ad) || (is_adi(ad) && ad[3:2] == 2'd0 && ad[5:4] == a)
        || (is_ent(ad) && ad[3:2] == 2'd3 && 17'(ad[7:4]) == e);
  endfunction
  function automatic logic req_open(input logic [1:0] a, input logic [16:0] e);
    return (wr_busy_q && wr_may_decide(cur_addr_q, a, e)) || (wr_start && wr_may_decide(awaddr, a, e));
  endfunction

  // A request that the shadow says must be sent (spec §6: not masked, ADI
  // enabled and holding the vector's entry, globally enabled, tagged or
  // inside the untagged window; no PASID check is ever enabled here) while
  // no write that could decide it is in flight on its two read edges:
  // expected as a TLP of its entry Lat cycles after its handshake (sink
  // always ready). Nothing is lost.
  logic [3:0]  rq_e;
  logic [16:0] rq_e17;   // base + vector, unclipped
  logic        rq_deliverable;
  logic [1:0]  rq_a;
  always_comb begin
    rq_a = req_adi[1:0];
    rq_e17 = 17'(a_base_q[rq_a]) + 17'(req_vec);
    rq_e = 4'(rq_e17);
    rq_deliverable = req_adi < 16'(NA) && held_q[rq_a] && a_en_q[rq_a] && !a_mask_q[rq_a]
                     && 17'(req_vec) < 17'(a_size_q[rq_a])
                     && rq_e17 < 17'(NE)
                     && g_en_q && !g_mask_q && !e_mask_q[rq_e]
                     && (a_tag_q[rq_a] || (e_hi_q[rq_e] == '0 && e_lo_q[rq_e][31:20] == 12'hFEE));
  end
  logic [Lat-1:0] ex_v = '0;
  logic [3:0] ex_e [Lat];
  logic [1:0] ex_a0 = '0;
  initial for (int i = 0; i < Lat; i++) ex_e[i] = '0;
  always_ff @(posedge clk_i) begin
    ex_v[0] <= live && req_valid && req_ready && !req_satisfy && rq_deliverable && !req_open(rq_a, rq_e17);
    ex_e[0] <= rq_e; ex_a0 <= rq_a;
    ex_v[1] <= ex_v[0] && !req_open(ex_a0, 17'(ex_e[0]));
    ex_e[1] <= ex_e[0];
    for (int i = 2; i < Lat; i++) begin ex_v[i] <= ex_v[i-1]; ex_e[i] <= ex_e[i-1]; end
  end

  // ---------------- accounting: one counter per request ----------------
  // Theory of operation, "Request rules": exactly one counter moves per
  // request, the one of the first rule that applies (1 global disable, 2
  // unknown ADI, 3 ADI disabled, 4 out of range, 5 a mask: pending, the
  // window (containment.md: untagged only), else sent; an event-satisfied
  // request: rules 2-4, else CNT_SATISFIED). The counters are what a host
  // read of the CNT_* registers returns: the register block reads its hwif
  // inputs straight back (docs/registers.md), tapped here by hierarchical
  // reference since the harness makes no reads. Timing, from the pipeline
  // table: the op is in S4 Lat cycles after its handshake and the counters
  // take their strobe on the edge that ends that cycle (CNT_SENT: when the
  // sink takes the TLP, the same cycle with a ready sink), so a read one
  // cycle later shows it. Every cycle's op leaves S4 in order, so the slot
  // of no request (a release, a scan, a reset op) may move only CNT_SENT
  // (a release's TLP) or CNT_DROP_WINDOW (a release the window drops);
  // nothing else moves without a request.
  localparam int unsigned NCnt = 9;
  localparam int unsigned CSent = 0, CPend = 1, CDis = 2, CUnk = 3, CAdiDis = 4,
                          COor = 5, CWin = 6, CPasid = 7, CSat = 8;
  localparam logic [31:0] CntMax = 32'd15;   // CounterW 4: a counter stops at 2^4 - 1
  logic [31:0] cnt [NCnt];
  assign cnt[CSent]   = dut.hwif_in.CNT_SENT.count.next;
  assign cnt[CPend]   = dut.hwif_in.CNT_PENDING.count.next;
  assign cnt[CDis]    = dut.hwif_in.CNT_DROP_DISABLED.count.next;
  assign cnt[CUnk]    = dut.hwif_in.CNT_DROP_UNKNOWN_ADI.count.next;
  assign cnt[CAdiDis] = dut.hwif_in.CNT_DROP_ADI_DISABLED.count.next;
  assign cnt[COor]    = dut.hwif_in.CNT_DROP_OUT_OF_RANGE.count.next;
  assign cnt[CWin]    = dut.hwif_in.CNT_DROP_WINDOW.count.next;
  assign cnt[CPasid]  = dut.hwif_in.CNT_DROP_PASID_CHECK.count.next;
  assign cnt[CSat]    = dut.hwif_in.CNT_SATISFIED.count.next;
  logic [31:0] cnt_q [NCnt];
  initial for (int i = 0; i < NCnt; i++) cnt_q[i] = '0;
  always_ff @(posedge clk_i) for (int i = 0; i < NCnt; i++) cnt_q[i] <= cnt[i];

  // the counter the rules name for the request offered now (the shadow's
  // state at its handshake; no PASID check bit is ever set here)
  logic [3:0] rq_cnt;
  always_comb begin
    if (!req_satisfy && !g_en_q)                                       rq_cnt = 4'(CDis);
    else if (req_adi >= 16'(NA))                                       rq_cnt = 4'(CUnk);
    else if (!a_en_q[rq_a])                                            rq_cnt = 4'(CAdiDis);
    else if (17'(req_vec) >= 17'(a_size_q[rq_a]) || rq_e17 >= 17'd64) rq_cnt = 4'(COor);
    else if (req_satisfy)                                              rq_cnt = 4'(CSat);
    else if (g_mask_q || a_mask_q[rq_a] || rq_e17 >= 17'(NE) || e_mask_q[rq_e])
                                                                       rq_cnt = 4'(CPend);  // rows 16-63: reset value, masked
    else if (!a_tag_q[rq_a] && !(e_hi_q[rq_e] == '0 && e_lo_q[rq_e][31:20] == 12'hFEE))
                                                                       rq_cnt = 4'(CWin);
    else                                                               rq_cnt = 4'(CSent);
  end
  // per request in flight: valid, satisfy, outcome known (no write that may
  // decide it in flight on its two read edges), the counter; stage Lat is
  // the cycle after the op's S4 cycle, when the counters show it
  logic [Lat:0] cl_v = '0, cl_sat = '0, cl_known = '0;
  logic [3:0]   cl_cnt [Lat+1];
  logic [1:0]   cl_a0 = '0;
  logic [16:0]  cl_e0 = '0;
  initial for (int i = 0; i <= Lat; i++) cl_cnt[i] = '0;
  always_ff @(posedge clk_i) begin
    cl_v[0] <= live && req_valid && req_ready;
    cl_sat[0] <= req_satisfy;
    cl_known[0] <= !req_open(rq_a, rq_e17);
    cl_cnt[0] <= rq_cnt; cl_a0 <= rq_a; cl_e0 <= rq_e17;
    cl_v[1] <= cl_v[0]; cl_sat[1] <= cl_sat[0]; cl_cnt[1] <= cl_cnt[0];
    cl_known[1] <= cl_known[0] && !req_open(cl_a0, cl_e0);
    for (int i = 2; i <= Lat; i++) begin
      cl_v[i] <= cl_v[i-1]; cl_sat[i] <= cl_sat[i-1]; cl_known[i] <= cl_known[i-1]; cl_cnt[i] <= cl_cnt[i-1];
    end
  end
  // how each counter moved on the last edge: not at all, or by one (a
  // counter at 2^CounterW - 1 stays: the saturation rule)
  logic [NCnt-1:0] c_same, c_inc, c_sat;
  logic [3:0]      c_nmoved;
  always_comb begin
    c_nmoved = '0;
    for (int i = 0; i < NCnt; i++) begin
      c_same[i] = cnt[i] == cnt_q[i];
      c_sat[i]  = cnt_q[i] == CntMax;
      c_inc[i]  = c_sat[i] ? c_same[i] : (cnt[i] == cnt_q[i] + 32'd1);
      c_nmoved  = c_nmoved + 4'(!c_same[i]);
    end
  end
  logic cnt_exact, cnt_one, cnt_quiet;
  always_comb begin
    // the request's counter alone moves, by one
    cnt_exact = 1'b1;
    for (int i = 0; i < NCnt; i++)
      if (4'(i) == cl_cnt[Lat]) cnt_exact &= c_inc[i]; else cnt_exact &= c_same[i];
    // outcome open: one counter of the request's kind moves, by one
    cnt_one = c_nmoved == 4'd1 || (c_nmoved == 4'd0 && (|c_sat));
    for (int i = 0; i < NCnt; i++) begin
      if (!c_same[i]) cnt_one &= c_inc[i];
      if (cl_sat[Lat] && !(i == CUnk || i == CAdiDis || i == COor || i == CSat)) cnt_one &= c_same[i];
      if (!cl_sat[Lat] && i == CSat) cnt_one &= c_same[i];
    end
    // no request: a release's TLP or its window drop, nothing else
    cnt_quiet = !(!c_same[CSent] && !c_same[CWin]);
    for (int i = 0; i < NCnt; i++)
      if (i != CSent && i != CWin) cnt_quiet &= c_same[i];
  end

`ifdef IMS_FORMAL_SINK_READY
  always_comb begin
    if (live && ex_v[Lat-1])
      sec_req_delivered:    assert (tlp_valid && te == ex_e[Lat-1]);
    if (live && tlp_valid) begin
      // §5.1: from an entry inside the requesting (or holding) ADI's block;
      // a request's entry is base + vector
      sec_entry_programmed: assert (tlp_data[4]);
      sec_in_block:         assert (ta_ok && held_q[ta] && in_blk(int'(ta), te));
      if (dl_v[Lat-1])
        sec_req_vector:     assert (17'(te) == 17'(a_base_q[ta]) + 17'(dl_vec[Lat-1]));
      // §5.2: prefix exactly when the ADI is tagged, PASID from the ADI register
      sec_prefix_iff_tag:   assert (tlp_prfx_valid == a_tag_q[ta]);
      if (tlp_prfx_valid)
        sec_prefix_pasid:   assert (tlp_prfx[31:24] == 8'h91 && tlp_prfx[19:0] == a_pasid_q[ta]);
      // address/data exactly the entry's (§5.7, §4: bits [1:0] sent as 00; §5.6 3DW iff < 4 GiB)
      sec_data:             assert (tlp_data == e_data_q[te]);
      sec_addr:             assert (tlp_addr == {exp_hi, exp_lo} && four_dw == (exp_hi != 32'h0));
      // §5.4: untagged only into the untagged window (reset value 0xFEE0_0000/0xFFF0_0000)
      if (!tlp_prfx_valid)
        sec_window:         assert (tlp_addr[63:20] == 44'h0_0000_0FEE);
      // §5.5: nothing from a masked entry, a masked/disabled ADI, or while
      // globally disabled/masked
      sec_not_blocked:      assert (e_blk_age_q[te] < 4'(BlockedWin));
`ifdef IMS_FORMAL_ACC_PROPS
      // accounting: a release only for an entry that may be pending (no
      // release without a cause, no second TLP for one request)
      if (rel_tlp)
        acc_release_cause:  assert (p_may_q[te]);
`endif
    end
`ifdef IMS_FORMAL_CNT
    if (live) begin
      // CNT_SENT moves exactly when the sink takes a TLP (here: every TLP)
      acc_cnt_sent:         assert (tlp_valid_q ? c_inc[CSent] : c_same[CSent]);
      if (cl_v[Lat] && cl_known[Lat])
        acc_cnt_rule:       assert (cnt_exact);
      if (cl_v[Lat] && !cl_known[Lat])
        acc_cnt_one:        assert (cnt_one);
      if (!cl_v[Lat])
        acc_cnt_no_request: assert (cnt_quiet);
    end
`endif
`ifdef IMS_FORMAL_ACC_PROPS
    if (live)
      acc_release_bound:    assert (!(rb_v_q && rb_cnt_q > 5'(RelBound)));
`endif
  end
`endif

  // ---------------- covers (depth sanity) ----------------
  always_comb begin
    if (live) begin
      c_tlp:        cover (tlp_valid);
      c_tlp_tagged: cover (tlp_valid && tlp_prfx_valid);
      c_req:        cover (req_valid && req_ready);
      c_live_ready: cover (live && req_ready);
      c_expected:   cover (ex_v[Lat-1]);                   // sec_req_delivered is not vacuous
      c_untagged:   cover (tlp_valid && !tlp_prfx_valid);
      // acc_cnt_rule checks a drop's reason and a pending count, not only sends
      c_cnt_drop:   cover (cl_v[Lat] && cl_known[Lat] && cl_cnt[Lat] != 4'(CSent) && cl_cnt[Lat] != 4'(CPend));
      c_cnt_pend:   cover (cl_v[Lat] && cl_known[Lat] && cl_cnt[Lat] == 4'(CPend));
`ifdef IMS_FORMAL_DEEP_COVERS
      // the deep properties are not vacuous (cover_long: steps 13-17 from a 4-cycle boot)
      c_release:    cover (rel_tlp);
      c_rel_bound:  cover (rb_v_q && tlp_valid && te == rb_e_q);
      c_reset:      cover (wr_ok && is_adi(cur_addr_q) && cr == 2'd0 && cur_data_q[6]);
`endif
    end
  end
endmodule
