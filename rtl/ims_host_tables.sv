// SPDX-License-Identifier: Apache-2.0
// ims_host_tables: the host's access to the tables (the register block's
// external PBA, ADI and ENTRY regions). Writes go straight to the RAM write
// ports, before the ack, so the AXI write response comes after the commit.
// Reads become one host-read op in the interrupt pipeline (the only reader of
// the RAMs) and are answered from its stage 2, formatted to the host view
// (reserved bits 0, pending bit inserted into entry control). A write that
// clears an entry's mask hands the entry to the release engine (the ack waits
// if the engine's one slot is busy); a write to an ADI's CTRL byte 0 asks for
// a sweep. Nothing is accepted while the tables are being initialised.
module ims_host_tables #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   init_busy_i,
  // one external access from the register block (req is a one-cycle pulse)
  input  logic                   ext_req_i,
  input  ims_pkg::table_e        ext_tbl_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [17:0]            ext_addr_i,     // byte offset; [1:0] are 0 (misaligned is refused)
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic                   ext_is_wr_i,
  input  logic [31:0]            ext_wdata_i,
  // Bit enables as the register block gives them; the host port writes whole
  // bytes, so one bit per byte is read.
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [31:0]            ext_biten_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output logic                   ext_rd_ack_o,
  output logic                   ext_wr_ack_o,
  output ims_pkg::table_e        ext_ack_tbl_o,
  output logic [31:0]            ext_rdata_o,
  // table write ports
  output logic                   entry_we_o,
  output logic [EntryIdxW-1:0]   entry_waddr_o,
  output logic [15:0]            entry_wlane_o,
  output logic [127:0]           entry_wdata_o,
  output logic                   adi_we_o,
  output logic [AdiIdxW-1:0]     adi_waddr_o,
  output logic [15:0]            adi_wlane_o,
  output logic [127:0]           adi_wdata_o,
  // host read op
  output logic                   hr_valid_o,
  output ims_pkg::op_t           hr_op_o,
  input  logic                   hr_taken_i,
  input  logic                   hr_ack_i,
  input  logic [31:0]            hr_data_i,
  input  logic                   hr_pend_i,
  // release engine
  output logic                   unmask_valid_o,
  output logic [EntryIdxW-1:0]   unmask_entry_o,
  input  logic                   unmask_ready_i,
  output logic                   sweep_o
);
  import ims_pkg::*;

  logic            acc_valid_d, acc_valid_q;
  table_e          acc_tbl_q;
  logic [17:2]     acc_addr_q;  // the host port refuses misaligned addresses
  logic            acc_is_wr_q;
  logic [31:0]     acc_wdata_q;
  logic [3:0]      acc_bytes_q;
  logic            issued_d, issued_q;

  logic [1:0]           dword;
  logic [EntryIdxW-1:0] entry_row;
  logic [AdiIdxW-1:0]   adi_row;
  logic                 unmask_write, go;

  assign go        = acc_valid_q && !init_busy_i;
  assign dword     = acc_addr_q[3:2];
  assign entry_row = acc_addr_q[EntryIdxW+3:4];
  assign adi_row   = acc_addr_q[AdiIdxW+3:4];

  always_comb begin

    acc_valid_d = acc_valid_q;
    issued_d    = issued_q;

    ext_rd_ack_o = 1'b0;
    ext_wr_ack_o = 1'b0;
    ext_rdata_o  = 32'h0;

    entry_we_o    = 1'b0;
    entry_waddr_o = entry_row;
    entry_wlane_o = '0;
    entry_wlane_o[4*dword +: 4] = acc_bytes_q;
    entry_wdata_o = {4{acc_wdata_q}};
    adi_we_o      = 1'b0;
    adi_waddr_o   = adi_row;
    adi_wlane_o   = '0;
    adi_wlane_o[4*dword +: 4] = acc_bytes_q;
    adi_wdata_o   = {4{acc_wdata_q}};

    // An entry control write with byte 0 enabled and mask written 0 unmasks.
    unmask_write   = (acc_tbl_q == TblEntry) && (dword == 2'd3) && acc_bytes_q[0]
                     && !acc_wdata_q[EntryCtrlMaskBit];
    unmask_valid_o = 1'b0;
    unmask_entry_o = entry_row;
    sweep_o        = 1'b0;


    if (go && acc_is_wr_q) begin
      if (!unmask_write || unmask_ready_i) begin
        ext_wr_ack_o   = 1'b1;
        acc_valid_d    = 1'b0;
        entry_we_o     = (acc_tbl_q == TblEntry);
        adi_we_o       = (acc_tbl_q == TblAdi);
        unmask_valid_o = unmask_write;
        sweep_o        = (acc_tbl_q == TblAdi) && (dword == 2'd0) && acc_bytes_q[0];
      end
    end else if (go) begin
      if (hr_taken_i) issued_d = 1'b1;
      if (hr_ack_i) begin
        ext_rd_ack_o = 1'b1;
        acc_valid_d  = 1'b0;
        issued_d     = 1'b0;
        unique case (acc_tbl_q)
          TblEntry: ext_rdata_o = (dword == 2'd3)
                      ? ((hr_data_i & EntryCtrlStoredBits) | (32'(hr_pend_i) << EntryCtrlPendBit))
                      : hr_data_i;
          TblAdi:   ext_rdata_o = (dword == 2'd0) ? (hr_data_i & AdiCtrlBits)
                                : (dword == 2'd2) ? (hr_data_i & AdiPasidBits)
                                : (dword == 2'd3) ? (hr_data_i & AdiRidBits)
                                : hr_data_i;
          default:  ext_rdata_o = hr_data_i;
        endcase
      end
    end
  end

  // Separate from the process above, which depends on hr_taken_i and drives
  // the acks: keeps the request/ack paths free of false combinational loops.
  assign hr_valid_o = go && !acc_is_wr_q && !issued_q;
  always_comb begin
    hr_op_o       = '0;
    hr_op_o.kind  = OpHostRead;
    hr_op_o.tbl   = acc_tbl_q;
    hr_op_o.dword = acc_addr_q[3:2];
    hr_op_o.adi   = AdiIdW'(acc_addr_q[17:4]);
    hr_op_o.idx   = (acc_tbl_q == TblPba) ? VecW'(acc_addr_q[17:2]) : VecW'(acc_addr_q[17:4]);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_valid_q <= 1'b0;
      acc_tbl_q   <= TblEntry;
      acc_addr_q  <= '0;
      acc_is_wr_q <= 1'b0;
      acc_wdata_q <= '0;
      acc_bytes_q <= '0;
      issued_q    <= 1'b0;
    end else begin
      acc_valid_q <= acc_valid_d || ext_req_i;
      issued_q    <= issued_d;
      if (ext_req_i) begin
        acc_tbl_q   <= ext_tbl_i;
        acc_addr_q  <= ext_addr_i[17:2];
        acc_is_wr_q <= ext_is_wr_i;
        acc_wdata_q <= ext_wdata_i;
        acc_bytes_q <= {ext_biten_i[24], ext_biten_i[16], ext_biten_i[8], ext_biten_i[0]};
      end
    end
  end

  assign ext_ack_tbl_o = acc_tbl_q;

  // Assertions
`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (ext_req_i) assert (!acc_valid_q) else $error("ims_host_tables: second external access while one is open");
      if (hr_ack_i) assert (acc_valid_q && issued_q) else $error("ims_host_tables: host-read result nobody asked for");
    end
  end
`endif

endmodule
