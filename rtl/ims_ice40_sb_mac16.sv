// SPDX-License-Identifier: Apache-2.0
// The iCE40 UltraPlus DSP block SB_MAC16, declared as a black box for the
// synthesis front end (read_slang must know a module before synth_ice40
// supplies the primitive: Yosys replaces this declaration with its own cell
// library's). Only ims_counters instantiates it, with Ice40Dsp set (the
// UP5K lite build). Synthesis only: simulation and lint see an empty file.
// Ports and parameters as in Lattice's iCE40 technology library.
`ifdef SYNTHESIS
(* blackbox *)
module SB_MAC16 #(
  parameter bit       NEG_TRIGGER              = 1'b0,
  parameter bit       C_REG                    = 1'b0,
  parameter bit       A_REG                    = 1'b0,
  parameter bit       B_REG                    = 1'b0,
  parameter bit       D_REG                    = 1'b0,
  parameter bit       TOP_8x8_MULT_REG         = 1'b0,
  parameter bit       BOT_8x8_MULT_REG         = 1'b0,
  parameter bit       PIPELINE_16x16_MULT_REG1 = 1'b0,
  parameter bit       PIPELINE_16x16_MULT_REG2 = 1'b0,
  parameter bit [1:0] TOPOUTPUT_SELECT         = 2'd0,
  parameter bit [1:0] TOPADDSUB_LOWERINPUT     = 2'd0,
  parameter bit       TOPADDSUB_UPPERINPUT     = 1'b0,
  parameter bit [1:0] TOPADDSUB_CARRYSELECT    = 2'd0,
  parameter bit [1:0] BOTOUTPUT_SELECT         = 2'd0,
  parameter bit [1:0] BOTADDSUB_LOWERINPUT     = 2'd0,
  parameter bit       BOTADDSUB_UPPERINPUT     = 1'b0,
  parameter bit [1:0] BOTADDSUB_CARRYSELECT    = 2'd0,
  parameter bit       MODE_8x8                 = 1'b0,
  parameter bit       A_SIGNED                 = 1'b0,
  parameter bit       B_SIGNED                 = 1'b0
) (
  input  logic        CLK, CE,
  input  logic [15:0] C, A, B, D,
  input  logic        AHOLD, BHOLD, CHOLD, DHOLD,
  input  logic        IRSTTOP, IRSTBOT, ORSTTOP, ORSTBOT,
  input  logic        OLOADTOP, OLOADBOT, ADDSUBTOP, ADDSUBBOT,
  input  logic        OHOLDTOP, OHOLDBOT,
  input  logic        CI, ACCUMCI, SIGNEXTIN,
  output logic [31:0] O,
  output logic        CO, ACCUMCO, SIGNEXTOUT
);
endmodule
`endif
