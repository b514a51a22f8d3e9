// SPDX-License-Identifier: Apache-2.0
// ims_op_arbiter: picks the one operation that enters the pipeline each cycle.
// A host read wins (at most one is outstanding, so it costs at most one slot
// per AXI read); otherwise interrupt requests and maintenance (ADI reset ops,
// then releases and scans) alternate when both wait, and either alone gets
// every slot. Nothing enters while the tables are
// being initialised, nor in a cycle held for a table write (hold_i: a write
// waited for a read of its row). A host read of an entry does not enter
// while stage 3 holds an ADI reset op: its entry RAM read would share an
// edge with that op's row rewrite, and the entry RAM promises nothing then
// (ims_tables); it waits a slot. req_ready_o never depends on req_valid_i.
module ims_op_arbiter (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic                        advance_i,   // the pipeline moves this cycle
  input  logic                        init_busy_i,
  input  logic                        hold_i,      // take nothing this cycle
  // host read
  input  logic                        hr_valid_i,
  input  ims_pkg::op_t                hr_op_i,
  output logic                        hr_taken_o,
  // interrupt request port
  input  logic                        req_valid_i,
  output logic                        req_ready_o,
  input  logic [ims_pkg::AdiIdW-1:0]  req_adi_i,
  input  logic [ims_pkg::VecW-1:0]    req_vec_i,
  input  logic                        req_pasid_valid_i,
  input  logic [19:0]                 req_pasid_i,
  input  logic                        req_satisfy_i,
  // maintenance: ADI reset ops (first), then release engine ops
  input  logic                        clr_valid_i,
  input  ims_pkg::op_t                clr_op_i,
  output logic                        clr_taken_o,
  input  logic                        rel_valid_i,
  input  ims_pkg::op_t                rel_op_i,
  output logic                        rel_taken_o,
  // to stage 0
  output logic                        op_valid_o,
  output ims_pkg::op_t                op_o,
  // op_o is the request port's (a request or satisfy op): the select of
  // op_o's last multiplexer, from valid bits and rel_first_q only, so S0's
  // address multiplexer does not decode op_o's kind behind the arbiter
  output logic                        op_is_req_o,
  // op_o when it is not the request port's (a host read or a maintenance
  // op), chosen without req_valid_i: S0's absolute address then waits for
  // no request
  output ims_pkg::op_t                op_abs_o
);

  logic rel_first_d, rel_first_q;  // maintenance has priority on the next tie
  logic hr_blocked, mnt_valid, mnt_turn, mnt_taken;
  // The release engine's grant moves its spill register, whose next state
  // it picks last: it is the AND of two kept halves, the open slot (the
  // stall, init, the holds) and the engine's turn (the valid bits and
  // rel_first_q), each from flip-flops, so it is one LUT behind them.
  // (Without the keeps the synthesis tool chains the grant behind the
  // host read's, two levels deeper.)
  (* keep *) logic open_slot, rel_turn;
  (* keep *) logic op_is_req;  // (op_is_req_o, kept: the select of op_o's last multiplexer)
  ims_pkg::op_t mnt_op, req_op;
  // ADI reset ops in S1, S2, S3 (they move on every advancing edge).
  logic [2:0] clr_at_d, clr_at_q;

  always_comb begin
    open_slot   = advance_i && !init_busy_i && !hold_i;
    hr_blocked  = clr_at_q[2] && hr_op_i.tbl == ims_pkg::TblEntry;
    hr_taken_o  = open_slot && hr_valid_i && !hr_blocked;
    mnt_valid   = clr_valid_i || rel_valid_i;
    // Maintenance goes when the slot is open, no host read waits, and it is
    // its turn or no request waits. Each grant is written out over the
    // valid bits it needs (an ADI reset op's grant does not wait for the
    // release engine's valid bit), so the late inputs (the stall, the host
    // port's state) are one gate from each.
    mnt_turn    = rel_first_q || !req_valid_i;
    clr_taken_o = open_slot && !hr_valid_i && clr_valid_i && mnt_turn;
    rel_turn    = !hr_valid_i && !clr_valid_i && rel_valid_i && mnt_turn;
    rel_taken_o = open_slot && rel_turn;
    mnt_taken   = clr_taken_o || rel_taken_o;
    req_ready_o = open_slot && !hr_valid_i && !(mnt_valid && rel_first_q);

    // The op is chosen without the slot being open (op_valid_o says whether
    // it enters) and without the grants: a host read, else maintenance when
    // it is its turn or requests wait for none, else the request. Each select
    // is a function of valid bits and rel_first_q only, so S0's op is a
    // shallow multiplexer (the pipeline compares it with the owner write).
    // (Something enters whenever the slot is open, unless the only waiting
    // op is a host read kept out: written so, not as the OR of the grants.)
    op_valid_o = open_slot && (hr_valid_i ? !hr_blocked : (mnt_valid || req_valid_i));
    mnt_op     = clr_valid_i ? clr_op_i : rel_op_i;
    req_op     = '0;
    req_op.kind        = req_satisfy_i ? ims_pkg::OpSatisfy : ims_pkg::OpRequest;
    req_op.tbl         = ims_pkg::TblEntry;
    req_op.adi         = req_adi_i;
    req_op.idx         = req_vec_i;
    req_op.pasid_valid = req_pasid_valid_i;
    req_op.pasid       = req_pasid_i;
    // op_o is the last multiplexer between the request and the other op:
    // written as a priority chain, the synthesis tool puts the selects in
    // series with the ops, and the ADI RAM's read address five levels deep.
    op_is_req   = !hr_valid_i && !(mnt_valid && mnt_turn);
    op_is_req_o = op_is_req;
    op_abs_o    = hr_valid_i ? hr_op_i : mnt_op;
    op_o        = op_is_req ? req_op : op_abs_o;

    clr_at_d = advance_i ? {clr_at_q[1:0], clr_taken_o} : clr_at_q;

    // The requests' turn is used up by an open slot they were offered,
    // taken or not: after a slot in which nothing entered (the ADI reset
    // engine pauses every other cycle), a request arriving next does not
    // push the reset op back, or a reset would cost three cycles per entry,
    // not two ("The reset itself").
    rel_first_d = rel_first_q;
    if (mnt_taken) rel_first_d = 1'b0;
    else if (req_ready_o) rel_first_d = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rel_first_q <= 1'b0;
      clr_at_q    <= '0;
    end else begin
      rel_first_q <= rel_first_d;
      clr_at_q    <= clr_at_d;
    end
  end

  // Assertions
`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (rst_ni) assert ($onehot0({hr_taken_o, clr_taken_o, rel_taken_o, req_ready_o && req_valid_i}))
      else $error("ims_op_arbiter: more than one grant");
    // an op enters exactly when one is granted
    if (rst_ni) assert (op_valid_o == (hr_taken_o || clr_taken_o || rel_taken_o || (req_ready_o && req_valid_i)))
      else $error("ims_op_arbiter: op_valid_o is not the OR of the grants");
    if (rst_ni) assert (op_is_req_o == (op_o.kind == ims_pkg::OpRequest || op_o.kind == ims_pkg::OpSatisfy))
      else $error("ims_op_arbiter: op_is_req_o does not match op_o's kind");
    if (rst_ni && !op_is_req_o) assert (op_abs_o == op_o)
      else $error("ims_op_arbiter: op_abs_o is not op_o");
  end
`endif

endmodule
