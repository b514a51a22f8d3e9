// SPDX-License-Identifier: Apache-2.0
// ims_ram_sdp_nrw: simple dual-port RAM (one write port, one synchronous read
// port with a read enable) that promises NOTHING about a read of the row
// being written on the same edge ("no read-write" guarantee). Callers that
// can read a row while it is written forward the new data themselves.
// Because the contract leaves the collision undefined, synthesis needs no
// read-first emulation (no delayed write, no bypass: Yosys `no_rw_check`) and
// any block RAM or LUT RAM with a registered read fits. In simulation a
// colliding read returns the bitwise inverse of the data being written, so a
// caller that relies on either read-first or write-first data fails its
// checks. The read data holds while re_i is low. The payload is not reset
// (RAM).
//
// BlockRam = 1 asks synthesis for block RAM even when the memory is tiny
// (Yosys `ram_style = "block"`): a small memory left to the tool becomes
// flip-flops and a read mux, which costs logic cells on a part whose block
// RAMs are free.
module ims_ram_sdp_nrw #(
  parameter int unsigned Depth    = 8,
  parameter int unsigned Width    = 32,
  parameter bit          BlockRam = 1'b0,
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o
);

  // RAM inference template (the one place where always_ff holds more than
  // q <= d).
  if (BlockRam) begin : g_block
    (* no_rw_check, ram_style = "block" *)
    logic [Width-1:0] mem_q [Depth];

    always_ff @(posedge clk_i) begin
      if (we_i) mem_q[waddr_i] <= wdata_i;
    end
`ifdef SYNTHESIS
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_o <= mem_q[raddr_i];
    end
`else
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_o <= (we_i && waddr_i == raddr_i) ? ~wdata_i : mem_q[raddr_i];
    end
`endif
  end else begin : g_auto
    (* no_rw_check *)
    logic [Width-1:0] mem_q [Depth];

    always_ff @(posedge clk_i) begin
      if (we_i) mem_q[waddr_i] <= wdata_i;
    end
`ifdef SYNTHESIS
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_o <= mem_q[raddr_i];
    end
`else
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_o <= (we_i && waddr_i == raddr_i) ? ~wdata_i : mem_q[raddr_i];
    end
`endif
  end

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (Depth >= 2) else $error("ims_ram_sdp_nrw: Depth must be at least 2");
  end
  always_ff @(posedge clk_i) begin
    if (we_i) assert (32'(waddr_i) < Depth) else $error("ims_ram_sdp_nrw: write beyond Depth");
    if (re_i) assert (32'(raddr_i) < Depth) else $error("ims_ram_sdp_nrw: read beyond Depth");
  end
`endif

endmodule
