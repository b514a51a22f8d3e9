// SPDX-License-Identifier: Apache-2.0
// ims_ram_sdp_oreg: ims_ram_sdp (ReadFirst = 0) followed by an output
// register, the way block RAMs of larger parts offer one inside the block
// (ECP5 DP16KD REGMODE "OUTREG", Xilinx DOB_REG): a row read on an edge with
// re_i is in the read latch after it, and reaches rdata_o on the next edge
// with oce_i. Both hold while their enable is low, which is how the pipeline
// stalls. For a caller this is its own register of the RAM's read data with
// oce_i as that register's enable, moved into the RAM: the block RAM's slow
// clock-to-output (DP16KD ~5.8 ns in nextpnr's model) then ends in the RAM,
// and the read data leaves it from a register.
//
// Yosys 0.70 maps inferred memories with REGMODE NOREG only, so the
// behavioural register below stays in the fabric. IMS_ECP5_EBR (make synth
// for ECP5 by default, constraints/synth.py; ECP5_EBR_OUTREG=0 leaves it
// out) instantiates the DP16KD blocks with their output register instead
// (ims_ram_ecp5_ebr). Simulation and every other tool use the
// behavioural RAM and register; tb/hdl/ram_equiv checks the two against
// each other.
module ims_ram_sdp_oreg #(
  parameter int unsigned Depth = 2048,
  parameter int unsigned Width = 128,
  parameter int unsigned LaneW = 8,
  // 0: no output register, rdata_o is the read latch (oce_i unused): the
  // callers pick per target (ims_top RamOutReg) without a second instance
  parameter bit          OutReg = 1'b1,
  /* verilator lint_off UNUSEDPARAM */
  parameter bit          BlockRam = 1'b0,  // block RAM even when tiny (ims_ram_sdp; IMS_ECP5_EBR: always)
  /* verilator lint_on UNUSEDPARAM */
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
  input  logic             oce_i,    // the output register takes the read latch
  output logic [Width-1:0] rdata_o
);

if (!OutReg) begin : g_latch
  ims_ram_sdp #(.Depth(Depth), .Width(Width), .LaneW(LaneW), .ReadFirst(1'b0), .BlockRam(BlockRam)) u_ram (
    .clk_i, .we_i, .waddr_i, .wlane_i, .wdata_i, .re_i, .raddr_i, .rdata_o
  );
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_oce;  // the caller registers the read data itself
  assign unused_oce = oce_i;
  /* verilator lint_on UNUSEDSIGNAL */
end else begin : g_oreg
`ifdef IMS_ECP5_EBR
  ims_ram_ecp5_ebr #(.Depth(Depth), .Width(Width), .LaneW(LaneW)) u_ebr (
    .clk_i, .we_i, .waddr_i, .wlane_i, .wdata_i, .re_i, .raddr_i, .oce_i, .rdata_o
  );
`else
  logic [Width-1:0] latch;  // the read data of ims_ram_sdp: the RAM's read latch

  ims_ram_sdp #(.Depth(Depth), .Width(Width), .LaneW(LaneW), .ReadFirst(1'b0), .BlockRam(BlockRam)) u_ram (
    .clk_i, .we_i, .waddr_i, .wlane_i, .wdata_i, .re_i, .raddr_i,
    .rdata_o (latch)
  );

  // Payload, not reset (the block RAM's output register is not either).
  always_ff @(posedge clk_i) if (oce_i) rdata_o <= latch;
`endif
end

endmodule
