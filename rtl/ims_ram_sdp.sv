// SPDX-License-Identifier: Apache-2.0
// ims_ram_sdp: simple dual-port RAM (one write port, one read port) with a
// read enable and per-lane write enables, written in the template that Yosys
// and vendor tools infer as block RAM. The read data holds while re_i is low,
// which is how the pipeline stalls. The payload is not reset (RAM); callers
// initialise it (ims_table_init).
//
// ReadFirst = 1: a read and a write of the same row on one edge return the
// old row. Yosys pays for that on block RAM with a delayed write and a bypass
// (memory_libmap emulate_read_first: about 128 FF + 128 LUT for a 128-bit
// row), so callers that never read a row on the edge it is written use
// ReadFirst = 0: no promise at all for such a read (Yosys `no_rw_check`), and
// in simulation the read returns the bitwise inverse of the data being
// written (whole row, written lanes or not), so a caller that relies on
// either old or new data fails its checks.
//
// BlockRam = 1 (with ReadFirst = 0) asks synthesis for block RAM even when
// the memory is tiny (Yosys `ram_style = "block"`): a small memory left to
// the tool becomes flip-flops and a read mux, which costs logic cells on a
// part whose block RAMs are free.
module ims_ram_sdp #(
  parameter int unsigned Depth = 64,
  parameter int unsigned Width = 32,
  parameter int unsigned LaneW = Width,
  parameter bit          ReadFirst = 1'b1,
  parameter bit          BlockRam  = 1'b0,
  localparam int unsigned Lanes = Width / LaneW,
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Lanes-1:0] wlane_i,
  input  logic [Width-1:0] wdata_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o
);

  // RAM inference template: the write loop over lanes is what tools map to
  // byte/bit write enables; this is the one place where always_ff holds more
  // than q <= d. The branches differ only in the memory's synthesis
  // attributes (which cannot be parameters) and in the simulation model of
  // a same-edge read and write.
  /* verilator lint_off UNUSEDSIGNAL */
  logic collide;  // a read of the row written on this edge (ReadFirst = 0 only)
  /* verilator lint_on UNUSEDSIGNAL */
  assign collide = we_i && re_i && (waddr_i == raddr_i);

  if (ReadFirst) begin : g_rf
    logic [Width-1:0] mem_q [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) begin
        for (int unsigned l = 0; l < Lanes; l++) begin
          if (wlane_i[l]) mem_q[waddr_i][l*LaneW +: LaneW] <= wdata_i[l*LaneW +: LaneW];
        end
      end
      if (re_i) rdata_o <= mem_q[raddr_i];
    end
  end else if (BlockRam) begin : g_block
    (* no_rw_check, ram_style = "block" *)
    logic [Width-1:0] mem_q [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) begin
        for (int unsigned l = 0; l < Lanes; l++) begin
          if (wlane_i[l]) mem_q[waddr_i][l*LaneW +: LaneW] <= wdata_i[l*LaneW +: LaneW];
        end
      end
`ifdef SYNTHESIS
      if (re_i) rdata_o <= mem_q[raddr_i];
`else
      if (re_i) rdata_o <= collide ? ~wdata_i : mem_q[raddr_i];
`endif
    end
  end else begin : g_nrw
    (* no_rw_check *)
    logic [Width-1:0] mem_q [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) begin
        for (int unsigned l = 0; l < Lanes; l++) begin
          if (wlane_i[l]) mem_q[waddr_i][l*LaneW +: LaneW] <= wdata_i[l*LaneW +: LaneW];
        end
      end
`ifdef SYNTHESIS
      if (re_i) rdata_o <= mem_q[raddr_i];
`else
      if (re_i) rdata_o <= collide ? ~wdata_i : mem_q[raddr_i];
`endif
    end
  end

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (Width % LaneW == 0) else $error("ims_ram_sdp: Width must be a multiple of LaneW");
    assert (Depth >= 2) else $error("ims_ram_sdp: Depth must be at least 2");
    assert (!(ReadFirst && BlockRam)) else $error("ims_ram_sdp: BlockRam needs ReadFirst = 0");
  end
  always_ff @(posedge clk_i) begin
    if (we_i) assert (32'(waddr_i) < Depth) else $error("ims_ram_sdp: write beyond Depth");
    if (re_i) assert (32'(raddr_i) < Depth) else $error("ims_ram_sdp: read beyond Depth");
  end
`endif

endmodule
