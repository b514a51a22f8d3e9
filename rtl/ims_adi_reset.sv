// SPDX-License-Identifier: Apache-2.0
// ims_adi_reset: carries out one ADI reset at a time. Started by the host
// port (ims_host_tables has already disabled the ADI and set its CTRL.reset
// bit), it sends one reset op per entry of the ADI's block through the
// interrupt pipeline: stage 4 clears the entry's pending bit and rewrites its
// row to the reset value (masked, address/data 0). Because the pipeline keeps
// order, when the last reset op has left stage 4 every earlier op of the ADI
// (an interrupt accepted before the disable) has left too; only then is
// CTRL.reset cleared, which is what the host polls: after that, nothing of
// the ADI leaves until it is reconfigured. The same write clears CTRL.held:
// the block is free for another ADI. It waits until the TLP output slice has
// been empty once since its last op (a TLP of the ADI decided before the
// reset may still wait there) and
// for the host port to be idle, so a host access never sees the row change
// between its check read and its landing (the golden model judges writes as
// they land). Cost: one pipeline slot per entry
// (sharing slots round robin with interrupt requests), then one ADI-row write.
// It offers an op only every other cycle: each op rewrites an entry through
// the entry RAM's one write port, and the host's writes (which yield to it)
// must find a free cycle, or they would wait for the whole reset.
// The ADI-row write lands in a cycle in which no op enters the pipeline
// (hold_o, one cycle before it): an op of the ADI would read the row on that
// edge, and the ADI RAM promises nothing for such a read (ims_tables).
// Timing: the start is registered (start_q; the host port decides it late in
// its cycle) and the block's description is taken from the port while idle,
// so the start pulse reaches one flip-flop only; the offered op
// (clr_valid_o, clr_op_o) is flip-flops. A reset starts one cycle after the
// host port's start pulse.
module ims_adi_reset #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 start_i,
  input  logic [AdiIdxW-1:0]   adi_i,
  input  logic [EntryIdxW-1:0] first_i,        // first entry of the block
  input  logic [EntryIdxW:0]   count_i,        // entries in the block (a held block lies inside the table)
  input  logic [7:0]           ctrl_byte0_i,   // CTRL byte 0 as stored, reset bit set
  input  logic                 finish_hold_i,  // a host access in progress: finish later
  // The TLP output slice held a TLP in the cycle before (registered: stage
  // 4's decision, which says whether a pushed TLP stands, is late).
  input  logic                 slice_busy_i,
  output logic                 busy_o,
  // reset ops to the arbiter, and their passage through stage 2
  output logic                 clr_valid_o,
  output ims_pkg::op_t         clr_op_o,
  input  logic                 clr_taken_i,
  input  logic                 advance_i,      // the pipeline moves this cycle
  input  logic                 clr_fired_i,
  // the final write of CTRL byte 0 (reset bit cleared)
  output logic                 hold_o,         // no op enters the pipeline this cycle
  output logic                 adi_we_o,
  output logic [AdiIdxW-1:0]   adi_waddr_o,
  output logic [7:0]           adi_wbyte0_o
);

  typedef enum logic [2:0] {StIdle, StIssue, StDrain, StFinish, StWrite} state_e;

  state_e               state_d, state_q;
  logic [AdiIdxW-1:0]   adi_d, adi_q;
  logic [EntryIdxW-1:0] next_d, next_q;
  logic [EntryIdxW:0]   left_d, left_q;      // ops still to issue
  // left_q == 1 while issuing (a flip-flop, so the grant reaches the state
  // through one gate rather than behind a compare of the count)
  logic                 left_one_d, left_one_q;
  // Ops issued, not yet through stage 4: which of the stages S1..S4 hold
  // one (bit 0: S1). They move on every advancing edge: the op in S4 is the
  // one clr_fired_i reports. (A shift register rather than a count: the
  // grant then reaches one flip-flop through one LUT, not an adder.)
  logic [3:0]           at_d, at_q;
  logic                 offer_next;          // an op is offered next cycle unless one is taken now
  logic [7:0]           byte0_d, byte0_q;
  logic                 start_q;             // the host port started a reset last cycle
  logic                 clr_valid_d, clr_valid_q;
  // state_q == StWrite as a flip-flop of its own: hold_o reaches the op
  // arbiter's open slot, which every grant and the stall's consumers wait
  // behind, so it must not cost a state decode.
  logic                 hold_q;
  // The output slice has been seen empty since the last reset op was in
  // stage 4: every TLP of the ADI has left it then (later ops push none of
  // the ADI's), for good. Sticky, so traffic that keeps the slice busy
  // every other cycle does not starve the finish.
  logic                 drained_d, drained_q;
  logic                 hold_finish;

  always_comb begin
    state_d  = state_q;
    adi_d    = adi_q;
    next_d   = next_q;
    left_d   = left_q;
    left_one_d = left_one_q;
    at_d     = advance_i ? {at_q[2:0], clr_taken_i} : at_q;
    byte0_d  = byte0_q;
    adi_we_o = 1'b0;
    // (In StFinish and StWrite, slice_busy_i is of a cycle in which the last
    // reset op was in stage 4 or later.)
    drained_d   = (state_q == StFinish || state_q == StWrite) && (drained_q || !slice_busy_i);
    hold_finish = finish_hold_i || !drained_d;

    unique case (state_q)
      // The block is taken from the port every idle cycle up to the start
      // pulse's (not after it: the port moves on).
      StIdle: if (!start_q) begin
        adi_d   = adi_i;
        next_d  = first_i;
        left_d  = count_i;
        byte0_d = ctrl_byte0_i;
      end else begin
        state_d    = (left_q == '0) ? StFinish : StIssue;
        left_one_d = (left_q == (EntryIdxW+1)'(1));  // the count stands still from here
      end
      StIssue: if (clr_taken_i) begin
        next_d = next_q + EntryIdxW'(1);
        left_d = left_q - (EntryIdxW+1)'(1);
        left_one_d = (left_q == (EntryIdxW+1)'(2));
        if (left_one_q) state_d = StDrain;
      end
      // (No op is taken while draining, so the count only falls: judged on
      // flip-flops, not on the adder's result.)
      StDrain: if (at_q[2:0] == '0 && (!at_q[3] || clr_fired_i)) state_d = StFinish;
      StFinish: if (!hold_finish) state_d = StWrite;
      // No op enters the pipeline in this cycle (hold_o), so none reads the row.
      StWrite: if (!hold_finish) begin
        adi_we_o = 1'b1;
        state_d  = StIdle;
      end else begin
        state_d  = StFinish;
      end
      default: state_d = StIdle;
    endcase
    // An op is offered every other cycle: the cycle after a taken op is left
    // free. (Decided from flip-flops, then the grant, which comes late, only
    // clears it; no op is taken while idle.)
    offer_next  = (state_q == StIssue) || ((state_q == StIdle) && start_q && (left_q != '0));
    clr_valid_d = offer_next && !clr_taken_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      adi_q    <= '0;
      next_q   <= '0;
      left_q   <= '0;
      left_one_q <= 1'b0;
      at_q     <= '0;
      byte0_q  <= '0;
      start_q  <= 1'b0;
      clr_valid_q <= 1'b0;
      hold_q   <= 1'b0;
      drained_q <= 1'b0;
    end else begin
      state_q  <= state_d;
      adi_q    <= adi_d;
      next_q   <= next_d;
      left_q   <= left_d;
      left_one_q <= left_one_d;
      at_q     <= at_d;
      byte0_q  <= byte0_d;
      start_q  <= start_i;
      clr_valid_q <= clr_valid_d;
      hold_q   <= (state_d == StWrite);
      drained_q <= drained_d;
    end
  end

  always_comb begin
    clr_op_o      = '0;
    clr_op_o.kind = ims_pkg::OpReset;
    clr_op_o.tbl  = ims_pkg::TblEntry;
    clr_op_o.adi  = ims_pkg::AdiIdW'(adi_q);
    clr_op_o.idx  = ims_pkg::VecW'(next_q);
  end
  assign clr_valid_o  = clr_valid_q;
  assign busy_o       = (state_q != StIdle) || start_q;
  assign hold_o       = hold_q;
  assign adi_waddr_o  = adi_q;
  assign adi_wbyte0_o = byte0_q & ~8'((1 << ims_pkg::AdiCtrlResetBit) | (1 << ims_pkg::AdiCtrlHeldBit));

  // Assertions
`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (start_i) assert (state_q == StIdle && !start_q) else $error("ims_adi_reset: start while busy");
      if (clr_taken_i) assert (state_q == StIssue) else $error("ims_adi_reset: op taken while not offered");
      // the op reported leaving stage 4 is one of ours
      assert (clr_fired_i == (advance_i && at_q[3])) else $error("ims_adi_reset: reset op fired out of step");
      if (clr_taken_i) assert (advance_i) else $error("ims_adi_reset: op taken on a stalled edge");
      if (state_q == StIssue) assert (left_one_q == (left_q == (EntryIdxW+1)'(1)))
        else $error("ims_adi_reset: left_one_q stale");
      assert (hold_q == (state_q == StWrite)) else $error("ims_adi_reset: hold_q is not the StWrite state");
    end
  end
`endif

endmodule
