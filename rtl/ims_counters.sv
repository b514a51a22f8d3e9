// SPDX-License-Identifier: Apache-2.0
// ims_counters: one 32-bit wrapping counter per outcome of an operation
// (sent, made pending, dropped per reason), and per kind of refused host
// access. Each strobe counts one.
module ims_counters (
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
  logic [N-1:0]       strobe;
  logic [31:0]        cnt_d [N];
  logic [31:0]        cnt_q [N];

  assign strobe = {outcome_i, refused_guest_i, refused_config_i, illegal_host_i};

  always_comb begin
    for (int unsigned i = 0; i < N; i++) cnt_d[i] = cnt_q[i] + 32'(strobe[i]);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned i = 0; i < N; i++) cnt_q[i] <= '0;
    end else begin
      for (int unsigned i = 0; i < N; i++) cnt_q[i] <= cnt_d[i];
    end
  end

  // outcome_t is packed MSB first: sent is the top bit.
  assign sent_o              = cnt_q[11];
  assign pending_o           = cnt_q[10];
  assign drop_disabled_o     = cnt_q[9];
  assign drop_unknown_adi_o  = cnt_q[8];
  assign drop_adi_disabled_o = cnt_q[7];
  assign drop_out_of_range_o = cnt_q[6];
  assign drop_window_o       = cnt_q[5];
  assign drop_pasid_check_o  = cnt_q[4];
  assign satisfied_o         = cnt_q[3];
  assign refused_guest_o     = cnt_q[2];
  assign refused_config_o    = cnt_q[1];
  assign illegal_host_o      = cnt_q[0];

  // Assertions
`ifndef SYNTHESIS
  initial assert (N == 12) else $error("ims_counters: outcome_t changed; update the mapping");
`endif

endmodule
