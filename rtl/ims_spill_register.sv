// SPDX-License-Identifier: Apache-2.0
// ims_spill_register: a two-entry register slice for a valid/ready stream.
// Generic plumbing (knows nothing of interrupts). Both directions are cut:
// ready_o is a function of flip-flops only, and data_o/valid_o come from
// flip-flops through one 2:1 mux, so nothing combinational runs from
// ready_i to ready_o or from data_i to data_o. Full throughput: one item
// per cycle into a sink that is always ready. An item enters stage A; if
// the sink does not take it in the next cycle it moves to stage B (the
// spill), and A can take one more. The output is B when B holds an item,
// else A.
// A late cancel: keep_i says, in the cycles after an item entered A,
// whether it stands. The producer pushes before it has decided (its
// decision ends behind its own flip-flops, a cycle later): an item
// that is not kept is never offered, never moves to B and leaves A on the
// next edge. keep_i must hold steady while A holds its item (the producer
// stalls with it, ready_o low). Tie it to 1 for a plain slice.
module ims_spill_register #(
  parameter int unsigned Width = 32
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [Width-1:0] data_i,
  input  logic             keep_i,   // the item in A stands
  output logic             valid_o,
  input  logic             ready_i,
  output logic [Width-1:0] data_o,
  output logic [1:0]       count_o   // items held (0..2)
);

  logic             a_full_q, a_full_d, b_full_q, b_full_d;
  // Both full, as a flip-flop of its own: ready_o is the stall of the whole
  // pipeline and of everything that waits for it, so it costs no LUT.
  logic             full_q;
  logic [Width-1:0] a_data_q, b_data_q;
  logic             a_valid, a_fill, a_drain, b_fill, b_drain;

  assign ready_o = !full_q;

  always_comb begin
    // A drains whenever B is free: into the sink, or into B if the sink
    // waits. An item not kept is dropped: it is gone on the next edge.
    a_valid = a_full_q && keep_i;
    a_fill  = valid_i && ready_o;
    a_drain = a_valid && !b_full_q;
    b_fill  = a_drain && !ready_i;
    b_drain = b_full_q && ready_i;
    a_full_d = a_fill || (a_valid && !a_drain);
    b_full_d = b_fill || (b_full_q && !b_drain);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_full_q <= 1'b0;
      b_full_q <= 1'b0;
      full_q   <= 1'b0;
    end else begin
      a_full_q <= a_full_d;
      b_full_q <= b_full_d;
      full_q   <= a_full_d && b_full_d;
    end
  end

  // Payload registers are not reset: they are meaningful only while full.
  // A loads whenever it has room (ready_o), whether or not an item comes:
  // its enable is then a flip-flop function, and valid_i, often the end of
  // the producer's longest decision, reaches only a_full_q, not Width
  // enables. With ready_o set, A is empty or drains this cycle, so nothing
  // held is overwritten.
  always_ff @(posedge clk_i) begin
    if (ready_o) a_data_q <= data_i;
    if (b_fill) b_data_q <= a_data_q;
  end

  assign valid_o = a_valid || b_full_q;
  assign data_o  = b_full_q ? b_data_q : a_data_q;
  assign count_o = 2'(a_valid) + 2'(b_full_q);

  // Assertions
`ifndef SYNTHESIS
  // An offered item holds still until taken.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    valid_o && !ready_i |=> valid_o && $stable(data_o));
  // Nothing is taken while both stages are full.
  always_ff @(posedge clk_i) begin
    if (rst_ni) assert (!(a_fill && !ready_o)) else $error("ims_spill_register: fill while full");
    if (rst_ni) assert (full_q == (a_full_q && b_full_q)) else $error("ims_spill_register: full_q stale");
    // A's item did not change over an edge without ready_o: nor did its keep.
    if (rst_ni && $past(rst_ni) && $past(a_full_q && !ready_o))
      assert ($stable(keep_i)) else $error("ims_spill_register: keep_i changed while A holds");
  end
`endif

endmodule
