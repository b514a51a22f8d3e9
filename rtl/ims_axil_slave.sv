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

  // The widest parts of those checks are taken as the access is (StIdle),
  // from each channel's address before the choice between them (so they
  // sit beside the choice, not behind it), into flip-flops (pre_q): the
  // upper address bits all 0, the view region, and whether the register
  // block has a register there this access may reach. StDecode then
  // combines them with a few address bits (beyond_build_pre, the same
  // verdicts as beyond_build and is_table, asserted below).
  typedef struct packed {
    logic low19;   // a[31:19] == 0
    logic view;    // is_view(a)
    logic reg_ok;  // a register of the block this access may reach (if is_reg(a))
  } pre_t;
  pre_t pre_d, pre_q;
  function automatic pre_t pre_of(logic [AddrW-1:0] a, logic wr);
    pre_t p;
    p.low19  = a[AddrW-1:19] == '0;
    p.view   = is_view(a);
    p.reg_ok = wr ? reg_writable(a[11:2]) : reg_readable(a[11:2]);
    return p;
  endfunction
  logic pre_entry, pre_adi, pre_pba, pre_reg;
  always_comb begin
    pre_entry = pre_q.low19 && addr_q[18];                                      // is_entry
    pre_adi   = pre_q.low19 && addr_q[18:15] == '0 && addr_q[14];               // is_adi
    pre_pba   = pre_q.low19 && addr_q[18:13] == '0 && addr_q[12] && !addr_q[11]; // is_pba
    pre_reg   = pre_q.low19 && addr_q[18:12] == '0;                             // is_reg
    table_d   = pre_q.view || pre_entry || pre_adi || pre_pba;
    refused_d = (addr_q[1:0] != 2'b00) || (!table_d && !(pre_reg && pre_q.reg_ok));
    if (pre_entry && (addr_q[17:4] >> EntryIdxW) != '0) refused_d = 1'b1;
    if (pre_adi && (addr_q[13:4] >> AdiIdxW) != '0) refused_d = 1'b1;
    if (pre_pba && (addr_q[10:2] >> PendAddrW) != '0) refused_d = 1'b1;
  end
  // Bits 1:0 are 0: a misaligned address never reaches the register block
  // (refused), and as constants they drop out of its read-back decode.
  assign reg_addr_d = (addr_q[12] == 1'b0) ? {addr_q[RegAddrW-1:2], 2'b00} : '0;

  logic take_wr, take_rd;

  // Kept out of the always_comb below: the register block may ack in the
  // request cycle, so the request must not share a process with the ack.
  assign cpuif_req_o = (state_q == StIssue) && !refused_q && !table_q
                       && !(is_wr_q ? cpuif_req_stall_wr_i : cpuif_req_stall_rd_i);

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
      // refused_q, table_q and reg_addr_q are judged from addr_q (above).
      StDecode: state_d = StIssue;
      // A refused access answers SLVERR from here, with its record. Every
      // SLVERR decided here comes with a fault record, which ims_top
      // registers on its way to the log: the response waits one cycle
      // (StErr), so the record lands on the edge before the response rises,
      // as an OKAY response's write does.
      // The tables take the access from here (tbl_req_o), the register
      // block when it does not stall (cpuif_req_o).
      StIssue: if (refused_q) begin
        state_d       = StErr;
        fault_valid_o = 1'b1;
      end else if (table_q) state_d = StTableWait;
      else if (cpuif_req_o) state_d = StWait;
      StWait: ;
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

    // The register block acks a write in the request cycle (it writes on
    // that edge) and a read one cycle later (its read response is
    // registered). It is asked only what it holds (the refusals above), so
    // its error outputs are not looked at (asserted 0 below).
    if ((state_q == StIssue && cpuif_req_o) || state_q == StWait) begin
      if (is_wr_q && cpuif_wr_ack_i) begin
        resp_d  = RespOkay;
        state_d = StRespB;
      end else if (!is_wr_q && cpuif_rd_ack_i) begin
        resp_d  = RespOkay;
        rdata_d = cpuif_rd_data_i;
        state_d = StRespR;
      end
    end
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
