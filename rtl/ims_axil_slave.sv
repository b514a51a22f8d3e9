// SPDX-License-Identifier: Apache-2.0
// ims_axil_slave: the AXI4-Lite host port. Takes one transaction at a time
// (a write needs AW and W together), refuses what the build cannot hold
// (misaligned address, addresses outside the map, table rows beyond
// NumEntries/NumAdis, register addresses the register block has no register
// for, writes to read-only registers) with SLVERR without touching anything,
// sends the table
// regions and the ADI views to ims_host_tables (which may refuse, with its
// own fault record) and the rest to the generated register block over its
// passthrough interface. (The register block's external-block interface has
// no error response, so the tables do not go through it.) All errors are
// SLVERR (2'b10); the ones decided here leave an "illegal host access" record.
// Timing: the address is taken (StIdle), decoded in a cycle of its own
// (StDecode), and the access issued from flip-flops (StIssue), so an access
// answers one cycle later than the decode alone would need.
module ims_axil_slave #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  parameter int unsigned AddrW      = 32,
  // The register block's address width (its registers only: the tables are
  // not in it, see rtl/regs/ims_regs.rdl).
  parameter int unsigned RegAddrW   = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // AXI4-Lite slave
  input  logic             s_axil_awvalid_i,
  output logic             s_axil_awready_o,
  input  logic [AddrW-1:0] s_axil_awaddr_i,
  input  logic             s_axil_wvalid_i,
  output logic             s_axil_wready_o,
  input  logic [31:0]      s_axil_wdata_i,
  input  logic [3:0]       s_axil_wstrb_i,
  output logic             s_axil_bvalid_o,
  input  logic             s_axil_bready_i,
  output logic [1:0]       s_axil_bresp_o,
  input  logic             s_axil_arvalid_i,
  output logic             s_axil_arready_o,
  input  logic [AddrW-1:0] s_axil_araddr_i,
  output logic             s_axil_rvalid_o,
  input  logic             s_axil_rready_i,
  output logic [31:0]      s_axil_rdata_o,
  output logic [1:0]       s_axil_rresp_o,
  // passthrough CPU interface of the register block
  output logic             cpuif_req_o,
  output logic             cpuif_req_is_wr_o,
  output logic [RegAddrW-1:0] cpuif_addr_o,
  output logic [31:0]      cpuif_wr_data_o,
  output logic [31:0]      cpuif_wr_biten_o,
  input  logic             cpuif_req_stall_wr_i,
  input  logic             cpuif_req_stall_rd_i,
  input  logic             cpuif_rd_ack_i,
  input  logic             cpuif_rd_err_i,
  input  logic [31:0]      cpuif_rd_data_i,
  input  logic             cpuif_wr_ack_i,
  input  logic             cpuif_wr_err_i,
  // table regions and ADI views
  output logic             tbl_req_o,
  output logic             tbl_is_wr_o,
  output logic [AddrW-1:0] tbl_addr_o,
  output logic [31:0]      tbl_wdata_o,
  output logic [3:0]       tbl_wstrb_o,
  input  logic             tbl_ack_i,
  input  logic             tbl_err_i,
  input  logic [31:0]      tbl_rdata_i,
  // refused accesses
  output logic             fault_valid_o,
  output ims_pkg::fault_t  fault_o
);

  localparam int unsigned PendWords = NumEntries / ims_pkg::PendWordW;
  localparam logic [1:0] RespOkay   = 2'b00;
  localparam logic [1:0] RespSlvErr = 2'b10;

  typedef enum logic [2:0] {
    StIdle, StDecode, StIssue, StWait, StTableWait, StErr, StRespB, StRespR
  } state_e;

  state_e            state_d, state_q;
  logic              is_wr_d, is_wr_q;
  logic [AddrW-1:0]  addr_d, addr_q;
  logic [31:0]       wdata_d, wdata_q;
  logic [3:0]        wstrb_d, wstrb_q;
  logic [31:0]       rdata_d, rdata_q;
  logic [1:0]        resp_d, resp_q;
  logic              last_wr_d, last_wr_q;  // round robin between reads and writes
  // The address checks (refused: the build cannot hold it; table: the
  // tables serve it, not the register block) are judged in a cycle of their
  // own (StDecode), from the access's registered address (addr_q, is_wr_q),
  // as a pure function of flip-flops into flip-flops: neither the raw AXI
  // address nor the choice between the channels sits in front of the
  // compares, and the refusal acts from flip-flops in StIssue, so the
  // compares do not share a period with the fault record, the requests and
  // the fault log behind them. addr_q does not change from StDecode until
  // the access ends, so these are valid from StIssue on.
  logic              refused_d, refused_q;
  logic              table_d, table_q;
  // The register block's address: its own flip-flops, 0 unless the address
  // lies in the register block's 4 KiB (so they are not merged with
  // addr_q), because its read-back mux decodes them in the cycle it is
  // asked: kept apart, synthesis does not share that decode with the
  // tables' (addr_q). Registered from addr_q too (valid from StIssue on).
  logic [RegAddrW-1:0] reg_addr_d, reg_addr_q;

  // Is this address one the build cannot hold? Rows of the fixed map that lie
  // beyond this build's tables are refused here (the tables' sizes are
  // parameters), and so is every address the register block has no register
  // for (it is generated without the table regions, see ims_regs.rdl).
  //
  // Every region is an aligned power-of-two range and NumEntries, NumAdis
  // are powers of two (asserted in ims_pipeline), so each test is an
  // equality or an OR of address bits (no magnitude compare, no carry chain).
  localparam int unsigned EntryIdxW = $clog2(NumEntries);
  localparam int unsigned AdiIdxW   = $clog2(NumAdis);
  localparam int unsigned PendAddrW = $clog2(PendWords);
  function automatic logic beyond_build(logic [AddrW-1:0] a, logic wr);
    logic refuse;
    // Outside the tables (the host map's PBA, ADI, ENTRY regions and the
    // views), only the register block's registers.
    refuse = (a[1:0] != 2'b00)
             || (!is_table(a) && !(is_reg(a) && (wr ? reg_writable(a[11:2]) : reg_readable(a[11:2]))));
    if (is_entry(a) && (a[17:4] >> EntryIdxW) != '0) refuse = 1'b1;
    if (is_adi(a) && (a[13:4] >> AdiIdxW) != '0) refuse = 1'b1;
    if (is_pba(a) && (a[10:2] >> PendAddrW) != '0) refuse = 1'b1;
    return refuse;
  endfunction

  // The ADI views: 0x1000_0000 + a * 0x4_0000 (docs/containment.md).
  function automatic logic is_view(logic [AddrW-1:0] a);
    return (a >> 28) == AddrW'(1);                 // 0x1000_0000 .. 0x1FFF_FFFF
  endfunction
  function automatic logic is_entry(logic [AddrW-1:0] a);
    return (a >> 18) == AddrW'(1);                 // 0x4_0000 .. 0x7_FFFF
  endfunction
  function automatic logic is_adi(logic [AddrW-1:0] a);
    return (a >> 14) == AddrW'(1);                 // 0x4000 .. 0x7FFF
  endfunction
  function automatic logic is_pba(logic [AddrW-1:0] a);
    return (a >> 11) == AddrW'(2);                 // 0x1000 .. 0x17FF
  endfunction

  // The register block's own registers (rtl/regs/ims_regs.rdl, the 4 KiB
  // below the PBA). Which of them a read or a write may reach is decided
  // here, with the other refusals, from the address as it arrives: the
  // register block's own error decode (--err-if-bad-addr/-rw) then never
  // fires (asserted below) and its answer is never waited for, so the
  // refusal does not follow the request through the block's decode into
  // the response and the fault record. Keep in step with the map.
  function automatic logic is_reg(logic [AddrW-1:0] a);
    return (a >> 12) == '0;
  endfunction
  // One bit per word of the first 256 bytes (bit i: byte address 4*i), as
  // lookups, not range compares (no carry chains in the decode).
  localparam logic [63:0] RegReadable =
      (64'h1F << 'h00)    // ID, VERSION, CAP_ENTRIES, CAP_ADIS, FEATURES
    | (64'h07 << 'h08)    // CTRL, REQUESTER_ID, STATUS
    | (64'h03 << 'h0C)    // UNTAGGED_BASE, UNTAGGED_MASK
    | (64'hFFF << 'h10)   // CNT_* (0x40 .. 0x6C)
    | (64'h3F << 'h20);   // FAULT_STATUS .. FAULT_POP (0x80 .. 0x94)
  localparam logic [63:0] RegWritable =
      (64'h03 << 'h08)    // CTRL, REQUESTER_ID
    | (64'h03 << 'h0C)    // UNTAGGED_BASE, UNTAGGED_MASK
    | (64'h01 << 'h25);   // FAULT_POP
  function automatic logic reg_readable(logic [9:0] w);  // word address within the 4 KiB
    return w[9:6] == 4'h0 && RegReadable[w[5:0]];
  endfunction
  function automatic logic reg_writable(logic [9:0] w);
    return w[9:6] == 4'h0 && RegWritable[w[5:0]];
  endfunction

  // Table regions served by ims_host_tables: PBA, ADI table, entries, views.
  function automatic logic is_table(logic [AddrW-1:0] a);
    return is_view(a) || is_entry(a) || is_adi(a) || is_pba(a);
  endfunction

  // The checks are split over two cycles. As the access is taken (StIdle),
  // each channel's address is pre-decoded before the choice between them
  // (so the compares sit beside the choice, not behind it) into flip-flops
  // (pre_q): facts about a few address bits each (the upper bits all 0,
  // the view region, which region bits 18:11 name, whether the row lies
  // beyond the build in that region, misalignment, and whether the register
  // block has a register there this access may reach). StDecode then
  // combines them (a handful of flip-flops, two LUT levels) into refused_q
  // and table_q: the same verdicts as beyond_build and is_table (asserted
  // below).
  typedef struct packed {
    logic low19;      // a[31:19] == 0
    logic view;       // is_view(a)
    logic reg_ok;     // a register of the block this access may reach (if is_reg(a))
    logic misalign;   // a[1:0] != 0
    logic m_entry;    // bits 18:11 name the ENTRY region (with low19: is_entry)
    logic m_adi;      // ... the ADI region
    logic m_pba;      // ... the PBA region
    logic m_reg;      // ... the register block's 4 KiB
    logic entry_far;  // an ENTRY row beyond NumEntries (if is_entry)
    logic adi_far;    // an ADI row beyond NumAdis (if is_adi)
    logic pba_far;    // a PBA word beyond the build's (if is_pba)
  } pre_t;
  pre_t pre_d, pre_q;
  function automatic pre_t pre_of(logic [AddrW-1:0] a, logic wr);
    pre_t p;
    p.low19     = a[AddrW-1:19] == '0;
    p.view      = is_view(a);
    p.reg_ok    = wr ? reg_writable(a[11:2]) : reg_readable(a[11:2]);
    p.misalign  = a[1:0] != 2'b00;
    p.m_entry   = a[18];
    p.m_adi     = a[18:15] == '0 && a[14];
    p.m_pba     = a[18:13] == '0 && a[12] && !a[11];
    p.m_reg     = a[18:12] == '0;
    p.entry_far = (a[17:4] >> EntryIdxW) != '0;
    p.adi_far   = (a[13:4] >> AdiIdxW) != '0;
    p.pba_far   = (a[10:2] >> PendAddrW) != '0;
    return p;
  endfunction
  logic pre_entry, pre_adi, pre_pba, pre_reg;
  always_comb begin
    pre_entry = pre_q.low19 && pre_q.m_entry;  // is_entry
    pre_adi   = pre_q.low19 && pre_q.m_adi;    // is_adi
    pre_pba   = pre_q.low19 && pre_q.m_pba;    // is_pba
    pre_reg   = pre_q.low19 && pre_q.m_reg;    // is_reg
    table_d   = pre_q.view || pre_entry || pre_adi || pre_pba;
    refused_d = pre_q.misalign || (!table_d && !(pre_reg && pre_q.reg_ok))
                || (pre_entry && pre_q.entry_far) || (pre_adi && pre_q.adi_far)
                || (pre_pba && pre_q.pba_far);
  end
  // Bits 1:0 are 0: a misaligned address never reaches the register block
  // (refused), and as constants they drop out of its read-back decode.
  assign reg_addr_d = (addr_q[12] == 1'b0) ? {addr_q[RegAddrW-1:2], 2'b00} : '0;

  // The register block is asked from a flip-flop (reg_issue_q: in StIssue
  // with an access neither refused nor for the tables), so its decode and
  // its field write enables do not start behind the verdicts' gates.
  logic reg_issue_d, reg_issue_q;

  logic take_wr, take_rd;

  // Kept out of the always_comb below: the register block may ack in the
  // request cycle, so the request must not share a process with the ack.
  // The register block's stalls never meet a request from here: it stalls
  // a write for two cycles after a read request (its read answers later
  // than a write), and this port serves one access at a time, so a read's
  // answer (StWait, two cycles), StRespR, StIdle and StDecode lie between
  // them (asserted below). So the request is the flip-flop alone, and an
  // access is issued in one cycle.
  assign cpuif_req_o = reg_issue_q;
  // Not refused and not a table: aligned, in the register block's 4 KiB
  // (which no table region overlaps) at a register this access may reach.
  assign reg_issue_d = state_q == StDecode && !pre_q.misalign && pre_reg && pre_q.reg_ok;

  always_comb begin
    fault_valid_o = 1'b0;
    state_d   = state_q;
    is_wr_d   = is_wr_q;
    addr_d    = addr_q;
    pre_d     = pre_q;
    wdata_d   = wdata_q;
    wstrb_d   = wstrb_q;
    rdata_d   = rdata_q;
    resp_d    = resp_q;
    last_wr_d = last_wr_q;

    take_wr = 1'b0;
    take_rd = 1'b0;

    unique case (state_q)
      StIdle: begin
        take_wr = s_axil_awvalid_i && s_axil_wvalid_i && !(s_axil_arvalid_i && last_wr_q);
        take_rd = s_axil_arvalid_i && !take_wr;
        if (take_wr || take_rd) begin
          is_wr_d   = take_wr;
          last_wr_d = take_wr;
          addr_d    = take_wr ? s_axil_awaddr_i : s_axil_araddr_i;
          pre_d     = take_wr ? pre_of(s_axil_awaddr_i, 1'b1) : pre_of(s_axil_araddr_i, 1'b0);
          wdata_d   = s_axil_wdata_i;
          wstrb_d   = take_wr ? s_axil_wstrb_i : 4'h0;
          rdata_d   = '0;
          resp_d    = RespSlvErr;
          state_d   = StDecode;
        end
      end
      // refused_q, table_q and reg_addr_q are judged from pre_q and
      // addr_q (above).
      StDecode: state_d = StIssue;
      // A refused access answers SLVERR from here, with its record. Every
      // SLVERR decided here comes with a fault record, which ims_top
      // registers on its way to the log: the response waits one cycle
      // (StErr), so the record lands on the edge before the response rises,
      // as an OKAY response's write does.
      // The tables take the access from here (tbl_req_o), or the register
      // block (cpuif_req_o).
      StIssue: if (refused_q) begin
        state_d       = StErr;
        fault_valid_o = 1'b1;
      end else if (table_q) state_d = StTableWait;
      // The register block acks a write in the request cycle (it writes on
      // that edge), so that ack is known from flip-flops here (asserted
      // below), and a read two cycles later (StWait: it samples its
      // registers on the edge after the request, into its read-back fan-in
      // stage, and registers the response behind that: --rt-read-fanin and
      // --rt-read-response, rtl/regs/generate.sh). It is asked only what it
      // holds (the refusals above), so its error outputs are not looked at
      // (asserted 0 below).
      else if (is_wr_q) begin
        resp_d  = RespOkay;
        state_d = StRespB;
      end else state_d = StWait;
      StWait: if (cpuif_rd_ack_i) begin
        resp_d  = RespOkay;
        rdata_d = cpuif_rd_data_i;
        state_d = StRespR;
      end
      // The tables answer an OKAY in the cycle it happens (a write's landing
      // cycle) and a refusal one cycle after its record (they left it with
      // ims_top themselves), so no answer of theirs goes through StErr. They
      // answer 0 and no error until they answer, so the read data and the
      // response are taken every cycle, not only with the (late) ack: the
      // last values are the ack cycle's.
      StTableWait: begin
        rdata_d = tbl_rdata_i;
        resp_d  = tbl_err_i ? RespSlvErr : RespOkay;
        if (tbl_ack_i) state_d = is_wr_q ? StRespB : StRespR;
      end
      StErr:   state_d = is_wr_q ? StRespB : StRespR;
      StRespB: if (s_axil_bready_i) state_d = StIdle;
      StRespR: if (s_axil_rready_i) state_d = StIdle;
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      is_wr_q   <= 1'b0;
      addr_q    <= '0;
      wdata_q   <= '0;
      wstrb_q   <= '0;
      rdata_q   <= '0;
      resp_q    <= RespOkay;
      last_wr_q <= 1'b0;
      reg_addr_q <= '0;
      reg_issue_q <= 1'b0;
      table_q   <= 1'b0;
      refused_q <= 1'b0;
      pre_q     <= '0;
    end else begin
      state_q   <= state_d;
      is_wr_q   <= is_wr_d;
      addr_q    <= addr_d;
      wdata_q   <= wdata_d;
      wstrb_q   <= wstrb_d;
      rdata_q   <= rdata_d;
      resp_q    <= resp_d;
      last_wr_q <= last_wr_d;
      reg_addr_q <= reg_addr_d;
      reg_issue_q <= reg_issue_d;
      table_q   <= table_d;
      refused_q <= refused_d;
      pre_q     <= pre_d;
    end
  end

  assign s_axil_awready_o = take_wr;
  assign s_axil_wready_o  = take_wr;
  assign s_axil_arready_o = take_rd;
  assign s_axil_bvalid_o  = (state_q == StRespB);
  assign s_axil_bresp_o   = resp_q;
  assign s_axil_rvalid_o  = (state_q == StRespR);
  assign s_axil_rdata_o   = rdata_q;
  assign s_axil_rresp_o   = resp_q;

  assign cpuif_req_is_wr_o = is_wr_q;
  assign cpuif_addr_o      = reg_addr_q;

  assign tbl_req_o   = (state_q == StIssue) && !refused_q && table_q;
  assign tbl_is_wr_o = is_wr_q;
  assign tbl_addr_o  = addr_q;
  assign tbl_wdata_o = wdata_q;
  assign tbl_wstrb_o = wstrb_q;

  always_comb begin
    fault_o        = '0;
    fault_o.reason = ims_pkg::FaultIllegalHost;
    fault_o.adi    = 16'hFFFF;
    fault_o.index  = addr_q[15:0];
    fault_o.value  = 32'(addr_q);
  end
  assign cpuif_wr_data_o   = wdata_q;
  assign cpuif_wr_biten_o  = {{8{wstrb_q[3]}}, {8{wstrb_q[2]}}, {8{wstrb_q[1]}}, {8{wstrb_q[0]}}};

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (AddrW == 32) else $error("ims_axil_slave: the host port has 32 address bits");
    assert (NumEntries <= 16384 && NumAdis <= 1024) else $error("ims_axil_slave: build exceeds the register map");
    assert (RegAddrW <= 12) else $error("ims_axil_slave: the register block reaches past its 4 KiB (is_reg)");
  end
  // The read data and the response are taken without the ack (StTableWait):
  // the tables must answer 0 with an error or a write, and raise an error
  // only with its ack.
  always_ff @(posedge clk_i) begin
    if (rst_ni && state_q == StTableWait && tbl_ack_i && (tbl_err_i || is_wr_q))
      assert (tbl_rdata_i == 32'h0) else $error("ims_axil_slave: table data with an error or a write");
    if (rst_ni && tbl_err_i)
      assert (tbl_ack_i && state_q == StTableWait) else $error("ims_axil_slave: table error without its ack");
  end
  // The checks split across StIdle and StDecode judge as the whole ones.
  always_ff @(posedge clk_i) begin
    if (rst_ni && state_q == StIssue)
      assert (refused_q == beyond_build(addr_q, is_wr_q) && table_q == is_table(addr_q))
        else $error("ims_axil_slave: pre-decoded address checks differ");
  end
  // The register block is asked exactly in StIssue, for what it holds,
  // and never while it stalls.
  always_ff @(posedge clk_i) begin
    if (rst_ni)
      assert (reg_issue_q == (state_q == StIssue && !refused_q && !table_q))
        else $error("ims_axil_slave: reg_issue_q out of step");
    if (rst_ni && cpuif_req_o)
      assert (!(is_wr_q ? cpuif_req_stall_wr_i : cpuif_req_stall_rd_i))
        else $error("ims_axil_slave: register block stalls a request");
    if (rst_ni)
      assert (cpuif_wr_ack_i == (cpuif_req_o && is_wr_q) && (!cpuif_rd_ack_i || state_q == StWait))
        else $error("ims_axil_slave: register block ack out of step");
  end
  // The register map's refusals (is_reg, reg_readable, reg_writable) are
  // the register block's: it never answers an error to what is let through.
  always_ff @(posedge clk_i) begin
    if (rst_ni && cpuif_wr_ack_i)
      assert (!cpuif_wr_err_i) else $error("ims_axil_slave: register block refused a write let through");
    if (rst_ni && cpuif_rd_ack_i)
      assert (!cpuif_rd_err_i) else $error("ims_axil_slave: register block refused a read let through");
  end
  // Responses stay stable while waiting for the master.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axil_rvalid_o && !s_axil_rready_i |=> s_axil_rvalid_o && $stable(s_axil_rdata_o) && $stable(s_axil_rresp_o));
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axil_bvalid_o && !s_axil_bready_i |=> s_axil_bvalid_o && $stable(s_axil_bresp_o));
`endif

endmodule
