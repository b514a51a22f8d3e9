// SPDX-License-Identifier: Apache-2.0
// ims_fault_log_equiv: test-only equivalence bench. Drives the RTL
// ims_fault_log and ims_fault_log_ref (the pre-RAM implementation, kept here
// as the reference, never synthesised) with the same random pushes, pops and
// overflow clears, and asserts that every output agrees on every cycle.
// Stimulus phases (changing every 64..1087 cycles) bias pushes and pops so
// the log spends time empty, nearly empty, nearly full, full and overflowing.
// In ctest (fault_log_equiv_d<Depth>, a million cycles per depth); for other
// cycle counts by hand: tb/hdl/equiv/run.sh (Verilator --cc --exe --build).
module ims_fault_log_equiv #(
  parameter int unsigned Depth = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  output logic [31:0] cycles_o,
  output logic [31:0] max_seen_o,
  output logic [31:0] losses_o,
  // Cycles (after reset) with count 0, 1, 2, Depth-1, Depth; double pushes
  // with count <= 1; pops with count 1, 2.
  output logic [31:0] cover_o [8]
);
  import ims_pkg::fault_t;

  logic   pipe_valid, host_valid, pop, clear_ovf;
  fault_t pipe_rec, host_rec;
  logic [7:0]  phase_q;
  logic [10:0] phase_left_q;
  logic [31:0] cycles_q, max_q, losses_q;
  logic [31:0] cover_q [8];

  logic [7:0]  cnt_new, cnt_ref;
  logic        ovf_new, ovf_ref;
  logic [31:0] lost_new, lost_ref;
  fault_t      head_new, head_ref;

  // Probability (out of 16) of each input in the current phase.
  function automatic logic chance(logic [3:0] p);
    return 4'($urandom) < p;
  endfunction

  always_ff @(posedge clk_i) begin
    // Phase: bits [1:0] pipe rate, [3:2] host rate, [5:4] pop rate.
    if (phase_left_q == '0) begin
      phase_q      <= 8'($urandom);
      phase_left_q <= 11'(64 + ($urandom % 1024));
    end else begin
      phase_left_q <= phase_left_q - 11'd1;
    end
    pipe_valid <= chance({phase_q[1:0], 2'b01});
    host_valid <= chance({phase_q[3:2], 2'b00});
    pop        <= chance({phase_q[5:4], 2'b10});
    clear_ovf  <= chance(4'd1);
    pipe_rec   <= fault_t'({$urandom, $urandom, $urandom});
    host_rec   <= fault_t'({$urandom, $urandom, $urandom});
    cycles_q   <= cycles_q + 32'd1;
    if (rst_ni && 32'(cnt_ref) > max_q) max_q <= 32'(cnt_ref);
    if (rst_ni) begin
      if (cnt_ref == 8'd0) cover_q[0] <= cover_q[0] + 32'd1;
      if (cnt_ref == 8'd1) cover_q[1] <= cover_q[1] + 32'd1;
      if (cnt_ref == 8'd2) cover_q[2] <= cover_q[2] + 32'd1;
      if (32'(cnt_ref) == Depth - 1) cover_q[3] <= cover_q[3] + 32'd1;
      if (32'(cnt_ref) == Depth) cover_q[4] <= cover_q[4] + 32'd1;
      if (pipe_valid && host_valid && cnt_ref <= 8'd1) cover_q[5] <= cover_q[5] + 32'd1;
      if (pop && cnt_ref == 8'd1) cover_q[6] <= cover_q[6] + 32'd1;
      if (pop && cnt_ref == 8'd2) cover_q[7] <= cover_q[7] + 32'd1;
    end
    losses_q   <= lost_ref;
  end

  initial begin
    phase_q = '0; phase_left_q = '0; cycles_q = '0; max_q = '0;
    for (int i = 0; i < 8; i++) cover_q[i] = '0;
    pipe_valid = 1'b0; host_valid = 1'b0; pop = 1'b0; clear_ovf = 1'b0;
  end

  ims_fault_log #(.Depth(Depth)) u_new (
    .clk_i (clk_i), .rst_ni (rst_ni),
    .pipe_valid_i (pipe_valid), .pipe_i (pipe_rec),
    .host_valid_i (host_valid), .host_i (host_rec),
    .pop_i (pop), .clear_overflow_i (clear_ovf),
    .count_o (cnt_new), .overflow_o (ovf_new), .lost_o (lost_new), .head_o (head_new)
  );

  ims_fault_log_ref #(.Depth(Depth)) u_ref (
    .clk_i (clk_i), .rst_ni (rst_ni),
    .pipe_valid_i (pipe_valid), .pipe_i (pipe_rec),
    .host_valid_i (host_valid), .host_i (host_rec),
    .pop_i (pop), .clear_overflow_i (clear_ovf),
    .count_o (cnt_ref), .overflow_o (ovf_ref), .lost_o (lost_ref), .head_o (head_ref)
  );

  assign cycles_o   = cycles_q;
  assign max_seen_o = max_q;
  assign losses_o   = losses_q;
  assign cover_o    = cover_q;

  // The check: outputs equal on every cycle (sampled before each edge).
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert (cnt_new == cnt_ref && ovf_new == ovf_ref && lost_new == lost_ref
              && head_new == head_ref)
        else $error("equiv Depth=%0d cycle %0d: new cnt=%0d ovf=%0d lost=%0d head=%h, ref cnt=%0d ovf=%0d lost=%0d head=%h",
                    Depth, cycles_q, cnt_new, ovf_new, lost_new, head_new,
                    cnt_ref, ovf_ref, lost_ref, head_ref);
    end
  end

endmodule
