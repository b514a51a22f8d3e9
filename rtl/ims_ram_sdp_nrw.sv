// SPDX-License-Identifier: Apache-2.0
// ims_ram_sdp_nrw: simple dual-port RAM (one write port, one synchronous read
// port) that promises NOTHING about a read of the row being written on the
// same edge ("no read-write" guarantee). Callers that can read a row while it
// is written forward the new data themselves. Because the contract leaves the
// collision undefined, synthesis needs no read-first emulation (no delayed
// write, no bypass: Yosys `no_rw_check`) and any block RAM or LUT RAM with a
// registered read fits. In simulation a colliding read returns the bitwise
// inverse of the data being written, so a caller that relies on either
// read-first or write-first data fails its checks. The payload is not reset
// (RAM).
module ims_ram_sdp_nrw #(
  parameter int unsigned Depth = 8,
  parameter int unsigned Width = 32,
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o
);

  (* no_rw_check *)
  logic [Width-1:0] mem_q [Depth];

  // RAM inference template (the one place where always_ff holds more than
  // q <= d).
  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
  end

`ifdef SYNTHESIS
  always_ff @(posedge clk_i) begin
    rdata_o <= mem_q[raddr_i];
  end
`else
  always_ff @(posedge clk_i) begin
    rdata_o <= (we_i && waddr_i == raddr_i) ? ~wdata_i : mem_q[raddr_i];
  end
`endif

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (Depth >= 2) else $error("ims_ram_sdp_nrw: Depth must be at least 2");
  end
  always_ff @(posedge clk_i) begin
    if (we_i) assert (32'(waddr_i) < Depth) else $error("ims_ram_sdp_nrw: write beyond Depth");
    assert (32'(raddr_i) < Depth) else $error("ims_ram_sdp_nrw: read beyond Depth");
  end
`endif

endmodule
