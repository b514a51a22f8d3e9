// SPDX-License-Identifier: Apache-2.0
// ims_fault_log: a FIFO of fault records for the host to read and pop. Two
// producers may push in the same cycle (the interrupt pipeline and the host
// port); the pipeline's record goes first. When full, a record is lost:
// the lost counter counts it and the overflow flag sets (sticky until the
// host clears it). The head record reads as zero when the log is empty.
// Flip-flops: Depth records of 72 bits, independent of the table sizes.
module ims_fault_log_ref #(
  parameter int unsigned Depth = 16,
  localparam int unsigned PtrW = $clog2(Depth)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            pipe_valid_i,
  input  ims_pkg::fault_t pipe_i,
  input  logic            host_valid_i,
  input  ims_pkg::fault_t host_i,
  input  logic            pop_i,
  input  logic            clear_overflow_i,
  output logic [7:0]      count_o,
  output logic            overflow_o,
  output logic [31:0]     lost_o,
  output ims_pkg::fault_t head_o
);

  ims_pkg::fault_t mem_q [Depth];
  logic [PtrW-1:0] rd_q, rd_d, wr_q, wr_d;
  logic [PtrW:0]   cnt_q, cnt_d;
  logic            ovf_q, ovf_d;
  logic [31:0]     lost_q, lost_d;
  logic            push_a, push_b, lost_a, lost_b, do_pop;
  logic [PtrW:0]   after_pop;

  always_comb begin
    do_pop    = pop_i && (cnt_q != '0);
    after_pop = cnt_q - (PtrW+1)'(do_pop);
    // A push takes a free place; the pop of the same cycle frees one first.
    push_a = pipe_valid_i && (32'(after_pop) < Depth);
    lost_a = pipe_valid_i && !push_a;
    push_b = host_valid_i && (32'(after_pop) + 32'(push_a) < Depth);
    lost_b = host_valid_i && !push_b;

    rd_d   = rd_q + PtrW'(do_pop);
    wr_d   = wr_q + PtrW'(push_a) + PtrW'(push_b);
    cnt_d  = after_pop + (PtrW+1)'(push_a) + (PtrW+1)'(push_b);
    lost_d = lost_q + 32'(lost_a) + 32'(lost_b);
    ovf_d  = (ovf_q && !clear_overflow_i) || lost_a || lost_b;
  end

  // Record storage: written only, never reset (its contents are valid only
  // between the pointers).
  always_ff @(posedge clk_i) begin
    if (push_a) mem_q[wr_q] <= pipe_i;
    if (push_b) mem_q[wr_q + PtrW'(push_a)] <= host_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_q   <= '0;
      wr_q   <= '0;
      cnt_q  <= '0;
      ovf_q  <= 1'b0;
      lost_q <= '0;
    end else begin
      rd_q   <= rd_d;
      wr_q   <= wr_d;
      cnt_q  <= cnt_d;
      ovf_q  <= ovf_d;
      lost_q <= lost_d;
    end
  end

  assign count_o    = 8'(cnt_q);
  assign overflow_o = ovf_q;
  assign lost_o     = lost_q;
  assign head_o     = (cnt_q != '0) ? mem_q[rd_q] : '0;

  // Assertions
`ifndef SYNTHESIS
  initial assert (Depth >= 2 && Depth <= 128 && (Depth & (Depth - 1)) == 0)
    else $error("ims_fault_log_ref: Depth must be a power of two in 2..128");
  always_ff @(posedge clk_i) begin
    if (rst_ni) assert (32'(cnt_q) <= Depth) else $error("ims_fault_log_ref: count beyond depth");
  end
`endif

endmodule
