// SPDX-License-Identifier: Apache-2.0
// ims_counters: one counter per outcome of an operation (sent, made pending,
// dropped per reason), and per kind of refused host access. Each strobe
// counts one. Width bits are kept (parameter CounterW of ims_top) and read
// zero-extended to 32 bits. Width = 32 (the default) wraps at 2^32; a
// narrower counter saturates: it stops at 2^Width - 1 (until reset), so a
// reading never hides an event behind a wrap and never goes down
// (docs/theory-of-operation.md, "Decided rules").
//
// Ice40Dsp (a small part's trim: iCE40 UltraPlus only, Width 16): the
// counters live in the part's SB_MAC16 blocks, two 16-bit accumulators per
// block, instead of in 16 logic cells each. Same behaviour: an accumulator
// adds 1 on an edge where its strobe is set and it is not at all-ones (its
// output hold is the enable). The upper accumulator's carry out (CO: the
// carry of count + 1) says "at all-ones" for free; the lower one has no
// carry pin, so an AND of its 16 bits says it. Simulation (SYNTHESIS
// undefined) keeps the flip-flop counters below whatever Ice40Dsp says; the
// mapping was checked equivalent to them with Yosys' SB_MAC16 model
// (constraints/README.md).
module ims_counters #(
  parameter int unsigned Width    = 32,
  parameter bit          Ice40Dsp = 1'b0
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  ims_pkg::outcome_t outcome_i,
  input  logic              refused_guest_i,
  input  logic              refused_config_i,
  input  logic              illegal_host_i,
  output logic [31:0]       sent_o,
  output logic [31:0]       pending_o,
  output logic [31:0]       drop_disabled_o,
  output logic [31:0]       drop_unknown_adi_o,
  output logic [31:0]       drop_adi_disabled_o,
  output logic [31:0]       drop_out_of_range_o,
  output logic [31:0]       drop_window_o,
  output logic [31:0]       drop_pasid_check_o,
  output logic [31:0]       refused_guest_o,
  output logic [31:0]       refused_config_o,
  output logic [31:0]       illegal_host_o,
  output logic [31:0]       satisfied_o
);

  localparam int unsigned NOut = $bits(ims_pkg::outcome_t);
  localparam int unsigned N    = NOut + 3;
  localparam bit Saturate = (Width < 32);
  logic [N-1:0]       strobe;
  logic [Width-1:0]   cnt_q [N];

  assign strobe = {outcome_i, refused_guest_i, refused_config_i, illegal_host_i};

`ifdef SYNTHESIS
  localparam bit UseDsp = Ice40Dsp;
`else
  localparam bit UseDsp = Ice40Dsp && 1'b0;  // simulation keeps the flip-flops
`endif

  if (UseDsp) begin : g_dsp
`ifdef SYNTHESIS
    // Counter 2d+1 in the upper accumulator, 2d in the lower: each adds its
    // constant input (A, B = 1) to its own output register unless held. The
    // output registers reset with rst_ni (asynchronously, as the flip-flops
    // they replace).
    logic rst;
    assign rst = !rst_ni;
    for (genvar d = 0; d < int'(N) / 2; d++) begin : g_mac
      logic [31:0] acc;
      logic        hi_at_max, hold_hi, hold_lo;
      assign hold_hi = !(strobe[2*d+1] && !hi_at_max);
      assign hold_lo = !(strobe[2*d] && !(&acc[15:0]));
      SB_MAC16 #(
        .TOPOUTPUT_SELECT      (2'd1),  // the upper accumulator's register
        .TOPADDSUB_LOWERINPUT  (2'd0),  // plus A
        .TOPADDSUB_UPPERINPUT  (1'b0),  // plus the register itself
        .TOPADDSUB_CARRYSELECT (2'd0),  // carry in 0
        .BOTOUTPUT_SELECT      (2'd1),
        .BOTADDSUB_LOWERINPUT  (2'd0),  // plus B
        .BOTADDSUB_UPPERINPUT  (1'b0),
        .BOTADDSUB_CARRYSELECT (2'd0),
        .MODE_8x8              (1'b1)   // the multipliers are unused
      ) u_mac (
        .CLK (clk_i), .CE (1'b1),
        .C (16'd0), .A (16'd1), .B (16'd1), .D (16'd0),
        .AHOLD (1'b0), .BHOLD (1'b0), .CHOLD (1'b0), .DHOLD (1'b0),
        .IRSTTOP (1'b0), .IRSTBOT (1'b0), .ORSTTOP (rst), .ORSTBOT (rst),
        .OLOADTOP (1'b0), .OLOADBOT (1'b0), .ADDSUBTOP (1'b0), .ADDSUBBOT (1'b0),
        .OHOLDTOP (hold_hi), .OHOLDBOT (hold_lo),
        .CI (1'b0), .ACCUMCI (1'b0), .SIGNEXTIN (1'b0),
        .O (acc), .CO (hi_at_max), .ACCUMCO (), .SIGNEXTOUT ()
      );
      assign cnt_q[2*d+1] = acc[31:16];
      assign cnt_q[2*d]   = acc[15:0];
    end
`endif
  end else begin : g_ff
    // The strobes are late (the pipeline's advance, the sink's ready): the
    // increment is computed from the counter's flip-flops alone and a strobe
    // only selects it (a register enable), so no strobe rides a carry chain.
    // The carry out of the increment is 1 exactly when the counter is at
    // all-ones: a saturating counter then holds (no separate all-ones compare).
    logic [Width-1:0] cnt_d [N];
    logic [Width:0]   inc   [N];  // {carry out, count + 1}
    always_comb begin
      for (int unsigned i = 0; i < N; i++) begin
        inc[i]   = {1'b0, cnt_q[i]} + (Width+1)'(1);
        cnt_d[i] = (strobe[i] && !(Saturate && inc[i][Width])) ? inc[i][Width-1:0] : cnt_q[i];
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        for (int unsigned i = 0; i < N; i++) cnt_q[i] <= '0;
      end else begin
        for (int unsigned i = 0; i < N; i++) cnt_q[i] <= cnt_d[i];
      end
    end
  end

  // outcome_t is packed MSB first: sent is the top bit.
  assign sent_o              = 32'(cnt_q[11]);
  assign pending_o           = 32'(cnt_q[10]);
  assign drop_disabled_o     = 32'(cnt_q[9]);
  assign drop_unknown_adi_o  = 32'(cnt_q[8]);
  assign drop_adi_disabled_o = 32'(cnt_q[7]);
  assign drop_out_of_range_o = 32'(cnt_q[6]);
  assign drop_window_o       = 32'(cnt_q[5]);
  assign drop_pasid_check_o  = 32'(cnt_q[4]);
  assign satisfied_o         = 32'(cnt_q[3]);
  assign refused_guest_o     = 32'(cnt_q[2]);
  assign refused_config_o    = 32'(cnt_q[1]);
  assign illegal_host_o      = 32'(cnt_q[0]);

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (N == 12) else $error("ims_counters: outcome_t changed; update the mapping");
    assert (Width >= 2 && Width <= 32) else $error("ims_counters: Width must be in 2..32");
    assert (!Ice40Dsp || Width == 16) else $error("ims_counters: Ice40Dsp needs Width 16");
  end
`endif

endmodule
