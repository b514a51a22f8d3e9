// SPDX-License-Identifier: Apache-2.0
// ims_ram_oreg_equiv: the ECP5 block-RAM implementation of ims_ram_sdp_oreg
// (ims_ram_ecp5_ebr on the DP16KD model, rtl/ecp5/) beside the behavioural
// one every other target and the simulation use, on the same inputs; main.cpp
// drives them and checks both outputs against its own model of the
// contract (read latch with re_i, output register with oce_i).
module ims_ram_oreg_equiv #(
  parameter int unsigned Depth = 2048,
  localparam int unsigned AddrW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [15:0]      wlane_i,
  input  logic [127:0]     wdata_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  input  logic             oce_i,
  output logic [127:0]     behav_o,  // ims_ram_sdp_oreg, behavioural
  output logic [127:0]     ebr_o,    // ims_ram_ecp5_ebr on the DP16KD model
  // The same for a one-lane RAM narrower than a block's word (the owner
  // RAM's shape: padded inside ims_ram_ecp5_ebr): bits 5:0 of lane 0
  output logic [5:0]       narrow_behav_o,
  output logic [5:0]       narrow_ebr_o
);
  ims_ram_sdp_oreg #(.Depth(Depth), .Width(128), .LaneW(8)) u_behav (
    .clk_i, .we_i, .waddr_i, .wlane_i, .wdata_i, .re_i, .raddr_i, .oce_i, .rdata_o (behav_o)
  );
  ims_ram_ecp5_ebr #(.Depth(Depth), .Width(128), .LaneW(8)) u_ebr (
    .clk_i, .we_i, .waddr_i, .wlane_i, .wdata_i, .re_i, .raddr_i, .oce_i, .rdata_o (ebr_o)
  );
  ims_ram_sdp_oreg #(.Depth(Depth), .Width(6), .LaneW(6)) u_narrow_behav (
    .clk_i, .we_i, .waddr_i, .wlane_i (wlane_i[0]), .wdata_i (wdata_i[5:0]), .re_i, .raddr_i, .oce_i,
    .rdata_o (narrow_behav_o)
  );
  ims_ram_ecp5_ebr #(.Depth(Depth), .Width(6), .LaneW(6)) u_narrow_ebr (
    .clk_i, .we_i, .waddr_i, .wlane_i (wlane_i[0]), .wdata_i (wdata_i[5:0]), .re_i, .raddr_i, .oce_i,
    .rdata_o (narrow_ebr_o)
  );
endmodule
