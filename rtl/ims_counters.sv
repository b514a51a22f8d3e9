// SPDX-License-Identifier: Apache-2.0
// ims_counters: one counter per outcome of an operation (sent, made pending,
// dropped per reason), and per kind of refused host access. Each strobe
// counts one. Width bits are kept (parameter CounterW of ims_top) and read
// zero-extended to 32 bits. Width = 32 (the default) wraps at 2^32; a
// narrower counter saturates: it stops at 2^Width - 1 (until reset), so a
// reading never hides an event behind a wrap and never goes down
// (docs/theory-of-operation.md, "Decided rules").
module ims_counters #(
  parameter int unsigned Width = 32
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
  logic [Width-1:0]   cnt_d [N];
  logic [Width-1:0]   cnt_q [N];
  logic [Width:0]     inc   [N];  // {carry out, count + 1}

  assign strobe = {outcome_i, refused_guest_i, refused_config_i, illegal_host_i};

  // The strobes are late (the pipeline's advance, the sink's ready): the
  // increment is computed from the counter's flip-flops alone and a strobe
  // only selects it (a register enable), so no strobe rides a carry chain.
  // The carry out of the increment is 1 exactly when the counter is at
  // all-ones: a saturating counter then holds (no separate all-ones compare).
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
  end
`endif

endmodule
