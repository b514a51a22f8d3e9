// SPDX-License-Identifier: Apache-2.0
// ims_release: turns unmask events into release operations.
//   * An entry unmask (a write of mask 0 to an entry) releases that entry.
//   * An ADI or global unmask starts a sweep: a scan of the pending RAM, one
//     32-bit word per scan op through the pipeline (the RAM's only read port),
//     and one release per pending bit found. Scans are pipelined (up to
//     QueueDepth words scanned but not yet released, in flight or queued), so
//     empty words go by at one per free pipeline slot, and the next words are
//     scanned while the current one's bits are released: a word costs one
//     slot for its scan and one per pending bit. A full table of pending
//     entries releases at 32 TLPs per 33 slots; a sweep with nothing pending
//     costs NumEntries/32 slots, one per cycle on an idle pipeline.
// For each entry to release it reads the owner RAM (the ADI whose request made
// it pending) and offers a release op (owner, entry); the pipeline sends only
// if the entry is still pending and nothing masks it, so a stale scan or a
// still-masked entry is harmless and never blocks another. An unmask during a
// sweep makes the sweep run once more. Owner writes due while an owner is
// being read or offered are snooped; one that lands after the op is taken
// (a request just ahead made the entry pending) is caught by the pipeline,
// which then drops the release: it names an ADI the message is not from.
// Single entry unmasks go before the sweep: they are the latency case.
//
// Timing structure (why it looks like this): the engine's ops pass three
// registers on their way to the arbiter: a lookup stage (lk_*: the op whose
// owner the owner RAM is reading), then a spill register of two entries (the
// offered op of_* and a skid entry sk_*). With OwnerOutReg (block RAM with
// an output register: ECP5, Xilinx) a read stage (rd_*) sits between the
// lookup stage and the spill register: the RAM's output register holds its
// op's owner, so the RAM's slow clock-to-output (DP16KD: 5.8 ns) ends in
// the RAM, at the cost of one cycle more from the engine's pick to the
// pipeline. So
//   * the owner RAM's read data goes into flip-flops with one multiplexer
//     (the owner-write snoop) in front: it never reaches the arbiter or the
//     pipeline in the cycle it comes out of the RAM;
//   * the offered op (rel_valid_o, rel_op_o) is flip-flops;
//   * the arbiter's grant (rel_taken_i) only moves the spill register: the
//     lookup stage moves on, and the engine refills it, from flip-flops
//     ("the skid entry is empty"), so the grant never reaches the choice of
//     the next op, the sweep queue or the owner read. One op per cycle: an
//     op taken every cycle never waits in the skid entry.
// Behind the lookup stage, every decision is a function of flip-flops a LUT
// level or two deep, and every register is at most four LUT levels from
// flip-flops (the late decisions pick last, or only enable):
//   * whether a scan is due: a flip-flop, decided a cycle ahead from a
//     registered credit count (queue words plus scans in flight, counted
//     down from QueueDepth): its next value, and the credits', are made for
//     each pick (scan, pop, neither) from flip-flops, and the pick selects;
//   * the owner snoops: against the owner write stage 4 has due (its entry
//     and ADI flip-flops, "due" one LUT level behind stage 4's), not the
//     write itself, which waits for the pipeline's stall;
//   * the next entry of the head word: its lowest pending bit is found when
//     the word enters the queue or when the previous bit goes out, and kept
//     in a register with "this is the word's last bit"; the search
//     (ims_pend_search) starts from the head's registered group summaries
//     and also gives the next ones, three LUT levels;
//   * a scanned word is pre-decoded for a cycle (sc_*: first bit, the rest,
//     "only one bit") before it joins the queue;
//   * the queue: a shift queue whose valid bits are a thermometer, so where a
//     scanned word is inserted is decoded from flip-flops (the pop only picks
//     between two precomputed positions); what an entry loads is chosen from
//     flip-flops, and the pick reaches it only through the enables;
//   * an unmask event (sweep_i) is registered before it starts a sweep;
//   * the arbiter's grant (rel_taken_i) picks last between the spill
//     register's next states, made beside it.
// The cost: an op reaches the pipeline two cycles after the engine picks it
// (lookup stage, offer register; three with the read stage) and a scan's result comes back one cycle
// later still (the pre-decode), so a sweep finds an entry three cycles later
// than when ops were offered straight from the engine; the queue holds two
// words more to keep empty words at one per cycle. An entry unmask's release
// may wait behind the (at most three) ops already on their way.
module ims_release #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  parameter int unsigned NumSweepSrcs = 1,  // who may ask for a sweep
  // The owner RAM's read data comes from its output register (ims_top
  // RamOutReg: ims_ram_sdp_oreg, owner_oce_o its enable): a read stage
  // (rd_*) then sits between the lookup stage and the spill register.
  parameter bit          OwnerOutReg = 1'b0,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis),
  localparam int unsigned PendWords = NumEntries / ims_pkg::PendWordW,
  localparam int unsigned WordIdxW  = $clog2(PendWords),
  // Words scanned but not yet released (queued, or scans in flight). Eight
  // cover the scan round trip: an empty word's credit is out from the cycle
  // after the engine picks its scan (lookup stage, offer register, pipeline
  // S0..S3, registered result, sc_* stage) for 7 cycles, so empty words go
  // at one per cycle; the read stage (OwnerOutReg) adds a cycle and a word
  // (with eight, a sweep over 2048 entries took 87 cycles instead of 79).
  // A pass never has more words out than the table has, so a small table
  // needs no more than PendWords.
  localparam int unsigned RoundTrip  = OwnerOutReg ? 9 : 8,
  localparam int unsigned QueueDepth = (PendWords < RoundTrip) ? PendWords : RoundTrip,
  localparam int unsigned CredW     = $clog2(QueueDepth + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // one entry unmask at a time (host write path waits on ready)
  input  logic                 unmask_valid_i,
  output logic                 unmask_ready_o,
  input  logic [EntryIdxW-1:0] unmask_entry_i,
  // ADI or global unmask, or a stale release: each asks for a sweep
  input  logic [NumSweepSrcs-1:0] sweep_i,
  // the pending word a scan op read (pipeline stage 2)
  input  logic                 scan_ack_i,
  input  logic [31:0]          scan_word_i,
  // owner RAM read port, and the owner write stage 4 has due (it lands on
  // the next edge the pipeline moves; entry and ADI are flip-flops, "due"
  // is stage 4's decision, up while its op is in stage 4). The RAM
  // promises nothing for a row read on the edge it is written (ims_tables):
  // such a read is never used (the write is snooped instead, asserted).
  output logic                 owner_re_o,
  output logic [EntryIdxW-1:0] owner_raddr_o,
  input  logic [AdiIdxW-1:0]   owner_rdata_i,
  output logic                 owner_oce_o,   // OwnerOutReg: the output register takes the read
  input  logic                 owner_due_i,
  input  logic [EntryIdxW-1:0] owner_waddr_i,
  input  logic [AdiIdxW-1:0]   owner_wdata_i,
  // the entry stage 4 holds from the next edge on (stage 3's if the
  // pipeline moves, else stage 4's own): the entry of the next cycle's due
  // write, if there is one, so the snoops' compares are made a cycle ahead
  // (asserted)
  input  logic [EntryIdxW-1:0] owner_next_waddr_i,
  // release and scan ops to the arbiter
  output logic                 rel_valid_o,
  output ims_pkg::op_t         rel_op_o,
  input  logic                 rel_taken_i,
  output logic                 busy_o
);

  // Which bit pairs of two entry indices differ (the leaves of a compare).
  localparam int unsigned EntryPairs = (EntryIdxW + 1) / 2;
  function automatic logic [EntryPairs-1:0] pair_ne(input logic [EntryIdxW-1:0] a, input logic [EntryIdxW-1:0] b);
    logic [EntryIdxW-1:0]    d;
    logic [2*EntryPairs-1:0] x;
    d = a ^ b;
    x = (2*EntryPairs)'(d);
    for (int p = 0; p < EntryPairs; p++) pair_ne[p] = x[2*p +: 2] != 2'b00;
  endfunction

  // The group summaries of a pending word (groups of four bits: some bit
  // set, two or more set, where the lowest is; one LUT each). The bit
  // searches (ims_pend_search) start from them as flip-flops.
  function automatic logic [7:0] group_nz(input logic [31:0] w);
    for (int g = 0; g < 8; g++) group_nz[g] = (w[4*g +: 4] != 4'h0);
  endfunction
  // two or more of four bits set (six pairs: one LUT4, no adder)
  function automatic logic [7:0] group_multi(input logic [31:0] w);
    for (int g = 0; g < 8; g++) begin
      logic [3:0] v;
      v = w[4*g +: 4];
      group_multi[g] = (v[0] && v[1]) || (v[0] && v[2]) || (v[0] && v[3])
                       || (v[1] && v[2]) || (v[1] && v[3]) || (v[2] && v[3]);
    end
  endfunction
  // the place of each group's lowest set bit (any value for an empty group)
  function automatic logic [7:0][1:0] group_loc(input logic [31:0] w);
    for (int g = 0; g < 8; g++) begin
      group_loc[g][0] = !w[4*g] && (w[4*g+1] || !w[4*g+2]);
      group_loc[g][1] = !w[4*g] && !w[4*g+1];
    end
  endfunction

  // ---------------- sweep state ----------------
  // Scans are picked in word order (scan_ptr) and come back in order
  // (ack_ptr names the word of each result).
  logic                 sweep_on_d, sweep_on_q, again_d, again_q;
  logic                 issued_all_d, issued_all_q;  // every word of this pass picked
  logic [WordIdxW-1:0]  scan_ptr_d, scan_ptr_q, ack_ptr_d, ack_ptr_q;
  // Credits: QueueDepth minus (queued words + scans picked and not yet back).
  logic [CredW-1:0]     cred_d, cred_q;
  // "A scan is due" (a sweep on, words left to pick, a credit left), decided
  // a cycle ahead from the next state, so the choice of the next op starts
  // from one flip-flop instead of a compare on the credit count.
  logic                 want_scan_d, want_scan_q;
  logic                 scan_turn_d, scan_turn_q;  // a due scan goes before a sweep's release
  // A sweep asked for (any source), registered: the sources are flip-flops
  // or one gate from them, so the OR goes in front of the flip-flop, and
  // the sweep state behind it sees one flip-flop.
  logic                 sweep_req_q;

  // The queue of words with pending bits. Entry 0 is the word being
  // released; its next bit (q_low) and the bits after it (q_rest) are kept
  // apart, and q_last says q_rest is empty. q_valid is a thermometer.
  // head_*_q hold the group summaries of q_rest_q[0], so the head's bit
  // search starts from flip-flops; the other entries' summaries are one
  // LUT on their q_rest as they move to the head.
  logic [QueueDepth-1:0]               q_valid_d, q_valid_q;
  logic [QueueDepth-1:0][WordIdxW-1:0] q_word_d, q_word_q;
  logic [QueueDepth-1:0][31:0]         q_rest_d, q_rest_q;
  logic [QueueDepth-1:0][4:0]          q_low_d, q_low_q;
  logic [QueueDepth-1:0]               q_last_d, q_last_q;
  logic [7:0]                          head_nz_d, head_nz_q, head_multi_d, head_multi_q;
  logic [7:0][1:0]                     head_loc_d, head_loc_q;

  // A scan's result is registered on its way in (the pending word stage 3
  // holds, through its forward multiplexer), with its group summaries
  // (one LUT on the word each), so the bit search behind it starts from
  // flip-flops. The word is meaningful only with its ack (not reset:
  // payload). A word with pending bits then spends one more cycle in sc_*:
  // its first bit, the rest and "only one bit" are found there (three LUT
  // levels), so that joining the queue is only a multiplexer.
  logic                 scan_ack_q;
  logic [31:0]          scan_word_q;
  logic [7:0]           scan_nz_q, scan_multi_q;
  logic [7:0][1:0]      scan_loc_q;
  logic                 sc_valid_q;
  logic                 sc_empty_q;  // the scanned word had nothing pending
  logic [WordIdxW-1:0]  sc_word_q;
  logic [31:0]          sc_rest_q;
  logic [4:0]           sc_low_q;
  logic                 sc_last_q;

  // single-entry unmask slot
  logic                 slot_valid_d, slot_valid_q;
  logic [EntryIdxW-1:0] slot_entry_d, slot_entry_q;

  // ---------------- lookup stage and spill register ----------------
  // lk_*: the op the engine picked last; for a release, the owner RAM reads
  // its owner on the edge it enters (the RAM holds its output while the op
  // waits here). An owner write to its entry on that edge (the RAM's output
  // is then of no use) or later is snooped into lk_adi (lk_hit). A scan
  // reads nothing: it enters with lk_hit set and ADI 0.
  logic                 lk_valid_q, lk_scan_q, lk_hit_q;
  logic [EntryIdxW-1:0] lk_idx_q;        // entry, or word for a scan
  logic [AdiIdxW-1:0]   lk_adi_q;        // the snooped owner (lk_hit_q)
  // of_*: the op offered to the arbiter; sk_*: the op behind it, when the
  // arbiter did not take the offered one. Owner writes to their entries are
  // snooped until the arbiter takes them (the pipeline checks them from the
  // op's stage 0 on).
  logic                 of_valid_q, of_scan_q, sk_valid_q, sk_scan_q;
  logic [EntryIdxW-1:0] of_idx_q, sk_idx_q;
  logic [AdiIdxW-1:0]   of_adi_q, sk_adi_q;
  // The due write of this cycle, if there is one, names the register's
  // entry (never for a scan): compared a cycle ahead with stage 3's entry.
  logic                 lk_eq_d, lk_eq_q, of_eq_q, sk_eq_q;

  logic                 room, scan_first, push_scan, push_unmask, take;
  logic                 lk_move, lk_room, of_free, ins, scan_empty;
  // ft_*: the op the spill register loads from, its owner snooped like
  // the lookup stage's: the lookup stage itself, or (OwnerOutReg) the read
  // stage behind it, whose owner is in the RAM's output register.
  logic                 ft_valid, ft_scan, ft_hit, ft_eq_q, ft_eq_now;
  logic [EntryIdxW-1:0] ft_idx;
  logic [AdiIdxW-1:0]   ft_adi;
  logic                 nx_scan;
  logic [EntryIdxW-1:0] nx_idx;
  logic [EntryIdxW-1:0] push_entry;
  logic [EntryIdxW-1:0] head_entry;      // the head word's next bit
  logic [QueueDepth-1:0] ins_at;   // where a scanned word goes (after a pop, if any)
  logic [4:0]           head_low;
  logic [31:0]          head_rest;
  logic                 head_last;
  logic [7:0]           head_nz_next, head_multi_next;
  logic [7:0][1:0]      head_loc_next;

  // ---------------- what to push ----------------
  // All from flip-flops: the lookup stage's room, the slot, the credits, the
  // head. A due scan and a sweep's waiting release take turns, so the next
  // words arrive while the current one is released; with no release waiting,
  // scans go every cycle. An entry unmask's release goes first (the latency
  // case). The decisions are two or three LUT levels on seven flip-flops;
  // behind them, the queue and the lookup stage take them only as
  // flip-flop enables, and the credits and "a scan is due" as the last
  // multiplexer between values made from flip-flops beside them.
  // pop (the head word's last bit goes) is one LUT on the lookup stage's
  // room, the slot and head_pops (kept: otherwise pop is made from take,
  // a level deeper).
  logic pop;
  (* keep *) logic head_pops;  // the head's bit would go (not a scan's turn) and is its last
  (* keep *) logic push;       // made on its own, not as the OR of the three
  assign lk_move     = lk_valid_q && lk_room;
  assign room        = !lk_valid_q || lk_room;
  assign scan_first  = want_scan_q && (!q_valid_q[0] || scan_turn_q);
  assign push_unmask = room && slot_valid_q;
  assign push_scan   = room && !slot_valid_q && scan_first;
  assign take        = room && !slot_valid_q && !scan_first && q_valid_q[0];
  assign push        = room && (slot_valid_q || want_scan_q || q_valid_q[0]);  // any of the three
  assign head_pops   = q_valid_q[0] && q_last_q[0] && !(want_scan_q && scan_turn_q);
  assign pop         = room && !slot_valid_q && head_pops;

  assign head_entry = EntryIdxW'({q_word_q[0], q_low_q[0]});
  assign push_entry = slot_valid_q ? slot_entry_q : head_entry;

  // A scanned word with pending bits joins the queue from sc_*.
  assign scan_empty = (scan_nz_q == 8'h0);
  assign ins        = sc_valid_q;

  // The head word's next bit, from its registered summaries.
  ims_pend_search u_head_search (
    .word_i       (q_rest_q[0]),
    .nz_i         (head_nz_q),
    .multi_i      (head_multi_q),
    .loc_i        (head_loc_q),
    .low_o        (head_low),
    .rest_o       (head_rest),
    .last_o       (head_last),
    .rest_nz_o    (head_nz_next),
    .rest_multi_o (head_multi_next),
    .rest_loc_o   (head_loc_next)
  );

  // Insert position: the first free entry, or the one below it if the head
  // pops this cycle. Both are decoded from the thermometer, and the next
  // valid bits made both ways (kept), so the pop picks last.
  (* keep *) logic [QueueDepth-1:0] q_valid_if_pop, q_valid_if_stay;
  always_comb begin
    for (int i = 0; i < QueueDepth; i++) begin
      logic below, here, above;
      below = (i == 0) ? 1'b1 : q_valid_q[i-1];
      here  = q_valid_q[i];
      above = (i == QueueDepth - 1) ? 1'b0 : q_valid_q[i+1];
      ins_at[i] = pop ? (here && !above) : (below && !here);
      q_valid_if_pop[i]  = above || (ins && here);
      q_valid_if_stay[i] = here || (ins && below);
    end
  end

  // The queue: shift down on a pop, advance the head to its next bit on
  // a take that is not a pop, insert. The valid bits are the thermometer,
  // shifted on a pop, with the insert. The payload is loaded on its
  // flip-flops' enables (a pop, a free entry; entry 0's rest also on a
  // take), and what is loaded is chosen from flip-flops alone, so the
  // decisions reach the payload only through the enables:
  //   * entry i takes the entry above it if that one is valid (then entry
  //     i is valid too, and loads only on a pop), else the scanned word
  //     sc_* (inserted or not: its valid bit says which);
  //   * entry 0's rest, next bit and summaries: the bit search's result if
  //     the word has more bits (a take then steps to its next bit), else
  //     as the word (entry 1 or sc_*); the search is three LUT levels.
  logic [QueueDepth-1:0] q_move, q_load;  // entry loads: the word / the rest
  logic                  head_reload;     // entry 0's rest comes from entry 1 or sc_*
  always_comb begin
    for (int i = 0; i < QueueDepth; i++) begin
      logic above_valid;
      int unsigned up;
      above_valid  = (i < QueueDepth - 1) && q_valid_q[(i < QueueDepth - 1) ? i + 1 : i];
      up           = (i < QueueDepth - 1) ? i + 1 : i;
      q_valid_d[i] = pop ? q_valid_if_pop[i] : q_valid_if_stay[i];
      q_move[i]    = pop || !q_valid_q[i];
      q_word_d[i]  = above_valid ? q_word_q[up] : sc_word_q;
      q_rest_d[i]  = above_valid ? q_rest_q[up] : sc_rest_q;
      q_low_d[i]   = above_valid ? q_low_q[up]  : sc_low_q;
      q_last_d[i]  = above_valid ? q_last_q[up] : sc_last_q;
    end
    q_load    = q_move;
    q_load[0] = take || !q_valid_q[0];
    head_reload  = q_last_q[0] || !q_valid_q[0];
    head_nz_d    = q_valid_q[1] ? group_nz(q_rest_q[1])    : group_nz(sc_rest_q);
    head_multi_d = q_valid_q[1] ? group_multi(q_rest_q[1]) : group_multi(sc_rest_q);
    head_loc_d   = q_valid_q[1] ? group_loc(q_rest_q[1])   : group_loc(sc_rest_q);
    if (!head_reload) begin
      q_rest_d[0]  = head_rest;
      q_low_d[0]   = head_low;
      q_last_d[0]  = head_last;
      head_nz_d    = head_nz_next;
      head_multi_d = head_multi_next;
      head_loc_d   = head_loc_next;
    end
  end

  // Credits: a credit goes with each scan picked and comes back with an
  // empty result (from sc_*) or when a queued word's last bit goes. The
  // three sums are made from flip-flops beside the decisions, which pick.
  (* keep *) logic [CredW-1:0] cred_same, cred_up, cred_down;
  assign cred_same = cred_q + CredW'(sc_empty_q);
  assign cred_up   = cred_q + CredW'(sc_empty_q) + CredW'(1);
  assign cred_down = cred_q + CredW'(sc_empty_q) - CredW'(1);
  assign cred_d    = push_scan ? cred_down : (pop ? cred_up : cred_same);

  // The next "a scan is due", for each decision, from flip-flops. A scan
  // pick needs a credit (so there was one) and a pop returns the credit of
  // a queued word (so not all were home); otherwise the pass may end (all
  // credits home), which restarts it if a sweep was asked for meanwhile.
  // (Each case's value is kept, and the no-pick case made of two kept
  // halves: the synthesis tool otherwise chains them four levels deep.)
  logic pass_end, cred_one, ptr_last;
  (* keep *) logic cred_none, want_if_scan, want_if_pop, want_if_none;
  (* keep *) logic want_go_on, want_restart;
  assign cred_none = cred_q == '0;
  assign cred_one  = cred_q == CredW'(1);
  assign ptr_last  = 32'(scan_ptr_q) == PendWords - 1;
  assign pass_end  = sweep_on_q && issued_all_q && cred_q == CredW'(QueueDepth);
  assign want_if_scan = !ptr_last && (sc_empty_q || !cred_one);
  assign want_if_pop  = sweep_on_q ? !issued_all_q : sweep_req_q;
  // With no pick: the pass goes on (a credit left or one coming back), or
  // it ends and starts again, or an idle engine starts one (its credits
  // are all home then: asserted).
  assign want_go_on   = sweep_on_q && !issued_all_q && (sc_empty_q || !cred_none);
  assign want_restart = pass_end ? (again_q || sweep_req_q) : (!sweep_on_q && sweep_req_q);
  assign want_if_none = want_go_on || want_restart;
  assign want_scan_d  = push_scan ? want_if_scan : (pop ? want_if_pop : want_if_none);

  always_comb begin
    sweep_on_d   = sweep_on_q;
    again_d      = again_q;
    issued_all_d = issued_all_q;
    scan_ptr_d   = scan_ptr_q;
    ack_ptr_d    = ack_ptr_q;
    scan_turn_d  = scan_turn_q;
    slot_valid_d = slot_valid_q;
    slot_entry_d = slot_entry_q;

    if (room && !slot_valid_q && want_scan_q && q_valid_q[0]) scan_turn_d = !scan_turn_q;

    if (push_scan) begin
      scan_ptr_d = scan_ptr_q + WordIdxW'(1);
      if (ptr_last) issued_all_d = 1'b1;
    end
    if (scan_ack_q) ack_ptr_d = ack_ptr_q + WordIdxW'(1);

    // The pass ends when every word is picked, scanned and released (all
    // credits home). Seen from flip-flops, so a cycle after the last pop;
    // a sweep asked for meanwhile sets again_q, which runs one more pass.
    if (pass_end) begin
      sweep_on_d   = again_q;
      again_d      = 1'b0;
      issued_all_d = 1'b0;
      scan_ptr_d   = '0;
      ack_ptr_d    = '0;
    end

    if (push_unmask) slot_valid_d = 1'b0;
    // An empty slot takes the entry whether or not one comes: the host
    // port's unmask decision then reaches only the valid bit.
    if (!slot_valid_q) begin
      slot_valid_d = unmask_valid_i;
      slot_entry_d = unmask_entry_i;
    end

    if (sweep_req_q) begin
      if (sweep_on_d) again_d = 1'b1;
      else begin
        sweep_on_d   = 1'b1;
        issued_all_d = 1'b0;
        scan_ptr_d   = '0;
        ack_ptr_d    = '0;
      end
    end
  end

  // ---------------- lookup stage and spill register ----------------
  // Owner snoops. The engine's ops carry the owner as it will be once the
  // write stage 4 has due lands (owner_due_i: it lands on the next edge the
  // pipeline moves, and an op enters the pipeline only on such an edge, so
  // the pipeline's own check, from the edge the op enters S1 on, never sees
  // a write older than the op's owner). The due write is computed without
  // the pipeline's stall, and so are the snoops; the stall reaches the
  // spill register only through the arbiter's grant, and there as the last
  // multiplexer. Each register's "the due write names my entry" is itself
  // a flip-flop (*_eq_q), compared a cycle ahead with the entry stage 4
  // holds next (owner_next_waddr_i), so a snoop is one gate deep.
  logic lk_due, of_due;  // the due write names this register's entry
  assign lk_due = owner_due_i && lk_eq_q;
  assign of_due = owner_due_i && of_eq_q;
  // The register as it is vs stage 3's entry; for the offered op, both the
  // one there and the one behind it (the grant picks: kept as nets, so the
  // grant is the last gate). The op being pushed is the slot's or the
  // head's: each is compared both with stage 3's entry and with the due
  // write's (kept, so the compares run beside the push decision, which
  // picks). Each compare is a tree over bit pairs (kept: the synthesis
  // tool otherwise chains an 11-bit compare four or five levels deep).
  (* keep *) logic lk_eq_now, sk_eq_now, of_eq_now, nx_eq_now;
  (* keep *) logic slot_eq_due, head_eq_due;
  (* keep *) logic [EntryPairs-1:0] lk_ne, sk_ne, of_ne, slot_ne_next, head_ne_next, slot_ne_due, head_ne_due;
  assign lk_ne        = pair_ne(lk_idx_q, owner_next_waddr_i);
  assign sk_ne        = pair_ne(sk_idx_q, owner_next_waddr_i);
  assign of_ne        = pair_ne(of_idx_q, owner_next_waddr_i);
  assign slot_ne_next = pair_ne(slot_entry_q, owner_next_waddr_i);
  assign head_ne_next = pair_ne(head_entry, owner_next_waddr_i);
  assign slot_ne_due  = pair_ne(slot_entry_q, owner_waddr_i);
  assign head_ne_due  = pair_ne(head_entry, owner_waddr_i);
  assign lk_eq_now    = !lk_scan_q && (lk_ne == '0);
  assign sk_eq_now    = !sk_scan_q && (sk_ne == '0);
  assign of_eq_now    = !of_scan_q && (of_ne == '0);
  assign nx_eq_now    = sk_valid_q ? sk_eq_now : ft_eq_now;
  assign slot_eq_due  = owner_due_i && (slot_ne_due == '0);
  assign head_eq_due  = owner_due_i && (head_ne_due == '0);
  // The pushed op's compares, picked from flip-flops beside the push (a
  // push that is not a scan is the slot's if it is full, else a take);
  // kept, so the push is the last gate.
  // (The selects go into the compares' AND trees, a multiplexer behind
  // them would be a level more.)
  (* keep *) logic push_eq_slot, push_eq_head, push_hit;
  assign push_eq_slot = slot_valid_q && (slot_ne_next == '0);
  assign push_eq_head = !slot_valid_q && !scan_first && (head_ne_next == '0);
  assign push_hit     = slot_valid_q ? slot_eq_due : (scan_first || head_eq_due);
  assign lk_eq_d      = push ? (push_eq_slot || push_eq_head) : lk_eq_now;
  // The read stage (OwnerOutReg): the lookup stage's op moves in as the
  // RAM's output register takes its read, and is snooped the same way.
  if (OwnerOutReg) begin : g_rd
    logic                 rd_valid_q, rd_scan_q, rd_hit_q, rd_eq_q, rd_due;
    logic [EntryIdxW-1:0] rd_idx_q;
    logic [AdiIdxW-1:0]   rd_adi_q;
    (* keep *) logic [EntryPairs-1:0] rd_ne;
    assign rd_ne       = pair_ne(rd_idx_q, owner_next_waddr_i);
    assign rd_due      = owner_due_i && rd_eq_q;
    assign lk_room     = !rd_valid_q || !sk_valid_q;
    assign owner_oce_o = lk_move;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni)                        rd_valid_q <= 1'b0;
      else if (lk_move)                   rd_valid_q <= 1'b1;
      else if (rd_valid_q && !sk_valid_q) rd_valid_q <= 1'b0;
    end
    // Payload (meaningful only with its valid bit: not reset).
    always_ff @(posedge clk_i) begin
      if (lk_move) begin
        rd_scan_q <= lk_scan_q;
        rd_idx_q  <= lk_idx_q;
        rd_hit_q  <= lk_hit_q || lk_due;
        rd_adi_q  <= lk_due ? owner_wdata_i : lk_adi_q;
      end else if (rd_due) begin
        rd_hit_q  <= 1'b1;
        rd_adi_q  <= owner_wdata_i;
      end
      rd_eq_q <= lk_move ? lk_eq_now : ft_eq_now;
    end
    assign ft_valid  = rd_valid_q;
    assign ft_scan   = rd_scan_q;
    assign ft_idx    = rd_idx_q;
    assign ft_hit    = rd_hit_q;
    assign ft_adi    = rd_adi_q;
    assign ft_eq_q   = rd_eq_q;
    assign ft_eq_now = !rd_scan_q && (rd_ne == '0);
  end else begin : g_no_rd
    assign lk_room     = !sk_valid_q;  // the spill register has room
    assign owner_oce_o = 1'b0;         // (no output register)
    assign ft_valid    = lk_valid_q;
    assign ft_scan     = lk_scan_q;
    assign ft_idx      = lk_idx_q;
    assign ft_hit      = lk_hit_q;
    assign ft_adi      = lk_adi_q;
    assign ft_eq_q     = lk_eq_q;
    assign ft_eq_now   = lk_eq_now;
  end
  // The owner of the op leaving for the spill register: the RAM's output
  // unless a write to its entry is due now or was since the read (then the
  // snooped owner; ADI 0 for a scan). Made below, in the offer's
  // multiplexers.
  logic ft_use_ram;
  assign ft_use_ram = !ft_hit && !(owner_due_i && ft_eq_q);
  assign of_free = !of_valid_q || rel_taken_i;
  // The op behind the offered one: the skid entry, else the lookup stage.
  always_comb begin
    nx_scan = sk_valid_q ? sk_scan_q : ft_scan;
    nx_idx  = sk_valid_q ? sk_idx_q : ft_idx;
  end
  // The RAM's read data reaches of_adi_q and sk_adi_q through one LUT: a
  // multiplexer between it and the owner from anywhere else, its select and
  // other input made beside it from flip-flops (kept as nets: the synthesis
  // tool would otherwise put the RAM in front of the snoops). The offered
  // op's owner is then picked by the grant, last: the one behind it
  // (of_adi_next) or its own, snooped (of_adi_held).
  // The due write is late too (stage 4's decision, owner_due_i), so the
  // select and the owner from anywhere else are each made twice, with and
  // without it, and it picks between the two (kept: else the synthesis
  // tool chains it through the snoops, six levels deep).
  (* keep *) logic               sk_load_ram, load_ram_due, load_ram_idle;
  (* keep *) logic [AdiIdxW-1:0] behind_adi, behind_due, behind_idle, of_adi_next, of_adi_held;
  assign behind_due    = sk_valid_q ? (sk_eq_q ? owner_wdata_i : sk_adi_q)
                                    : (ft_eq_q ? owner_wdata_i : ft_adi);
  assign behind_idle   = sk_valid_q ? sk_adi_q : ft_adi;
  assign behind_adi    = owner_due_i ? behind_due : behind_idle;
  assign load_ram_due  = !sk_valid_q && !ft_hit && !ft_eq_q;
  assign load_ram_idle = !sk_valid_q && !ft_hit;
  assign sk_load_ram   = owner_due_i ? load_ram_due : load_ram_idle;
  assign of_adi_next   = sk_load_ram ? owner_rdata_i : behind_adi;
  assign of_adi_held   = of_due ? owner_wdata_i : of_adi_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lk_valid_q <= 1'b0;
      of_valid_q <= 1'b0;
      sk_valid_q <= 1'b0;
    end else begin
      if (push)         lk_valid_q <= 1'b1;
      else if (lk_move) lk_valid_q <= 1'b0;
      // In order: the offered op, the skid entry, the lookup stage (which
      // waits while the skid entry is full).
      of_valid_q <= of_free ? (sk_valid_q || ft_valid) : 1'b1;
      sk_valid_q <= !of_free && (sk_valid_q || ft_valid);
    end
  end

  // Payload (meaningful only with its valid bit: not reset).
  always_ff @(posedge clk_i) begin
    if (push) begin
      lk_scan_q <= push_scan;
      lk_idx_q  <= push_scan ? EntryIdxW'(scan_ptr_q) : push_entry;
      // A write due on the read's edge may land on it: the RAM's output is
      // then of no use.
      lk_hit_q  <= push_hit;
      lk_adi_q  <= push_scan ? '0 : owner_wdata_i;
    end else if (lk_due) begin
      lk_hit_q  <= 1'b1;
      lk_adi_q  <= owner_wdata_i;
    end
    lk_eq_q  <= lk_eq_d;
    sk_adi_q <= of_adi_next;
    of_adi_q <= of_free ? of_adi_next : of_adi_held;
    // (The grant selects between the op behind, chosen from flip-flops,
    // and the offered one: one LUT level behind it.)
    if (of_free) begin
      of_scan_q <= nx_scan;
      of_idx_q  <= nx_idx;
    end
    of_eq_q   <= of_free ? nx_eq_now : of_eq_now;
    if (!sk_valid_q) begin
      sk_scan_q <= ft_scan;
      sk_idx_q  <= ft_idx;
      sk_eq_q   <= ft_eq_now;
    end else begin
      sk_eq_q   <= sk_eq_now;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sweep_on_q      <= 1'b0;
      again_q         <= 1'b0;
      issued_all_q    <= 1'b0;
      scan_ptr_q      <= '0;
      ack_ptr_q       <= '0;
      cred_q          <= CredW'(QueueDepth);
      want_scan_q     <= 1'b0;
      scan_turn_q     <= 1'b1;
      q_valid_q       <= '0;
      scan_ack_q      <= 1'b0;
      sweep_req_q     <= 1'b0;
      sc_valid_q      <= 1'b0;
      sc_empty_q      <= 1'b0;
      slot_valid_q    <= 1'b0;
      slot_entry_q    <= '0;
    end else begin
      sweep_on_q      <= sweep_on_d;
      again_q         <= again_d;
      issued_all_q    <= issued_all_d;
      scan_ptr_q      <= scan_ptr_d;
      ack_ptr_q       <= ack_ptr_d;
      cred_q          <= cred_d;
      want_scan_q     <= want_scan_d;
      scan_turn_q     <= scan_turn_d;
      q_valid_q       <= q_valid_d;
      scan_ack_q      <= scan_ack_i;
      sweep_req_q     <= sweep_i != '0;
      sc_valid_q      <= scan_ack_q && !scan_empty;
      sc_empty_q      <= scan_ack_q && scan_empty;
      slot_valid_q    <= slot_valid_d;
      slot_entry_q    <= slot_entry_d;
    end
  end

  // The queue's payload (meaningful only with its valid bit: not reset).
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < QueueDepth; i++) begin
      if (q_move[i]) q_word_q[i] <= q_word_d[i];
      if (q_load[i]) begin
        q_rest_q[i] <= q_rest_d[i];
        q_low_q[i]  <= q_low_d[i];
        q_last_q[i] <= q_last_d[i];
      end
    end
    if (q_load[0]) begin
      head_nz_q    <= head_nz_d;
      head_multi_q <= head_multi_d;
      head_loc_q   <= head_loc_d;
    end
  end

  // The pre-decode of a scanned word (payload, meaningful only with
  // sc_valid_q: not reset).
  logic [31:0] sc_rest_d;
  logic [4:0]  sc_low_d;
  logic        sc_last_d;
  /* verilator lint_off PINCONNECTEMPTY */
  ims_pend_search u_scan_search (
    .word_i       (scan_word_q),
    .nz_i         (scan_nz_q),
    .multi_i      (scan_multi_q),
    .loc_i        (scan_loc_q),
    .low_o        (sc_low_d),
    .rest_o       (sc_rest_d),
    .last_o       (sc_last_d),
    .rest_nz_o    (),  // the queue takes the summaries of sc_rest_q as it moves to the head
    .rest_multi_o (),
    .rest_loc_o   ()
  );
  /* verilator lint_on PINCONNECTEMPTY */

  always_ff @(posedge clk_i) begin
    scan_word_q  <= scan_word_i;
    scan_nz_q    <= group_nz(scan_word_i);
    scan_multi_q <= group_multi(scan_word_i);
    scan_loc_q   <= group_loc(scan_word_i);
    sc_word_q   <= ack_ptr_q;
    sc_low_q    <= sc_low_d;
    sc_rest_q   <= sc_rest_d;
    sc_last_q   <= sc_last_d;
  end

  assign unmask_ready_o = !slot_valid_q;
  assign owner_re_o     = push && !push_scan;
  assign owner_raddr_o  = push_entry;

  always_comb begin
    rel_op_o      = '0;
    rel_op_o.kind = of_scan_q ? ims_pkg::OpScan : ims_pkg::OpRelease;
    rel_op_o.tbl  = of_scan_q ? ims_pkg::TblPba : ims_pkg::TblEntry;
    rel_op_o.adi  = ims_pkg::AdiIdW'(of_adi_q);
    rel_op_o.idx  = ims_pkg::VecW'(of_idx_q);
  end
  assign rel_valid_o = of_valid_q;
  assign busy_o      = lk_valid_q || ft_valid || of_valid_q || sk_valid_q || slot_valid_q || sweep_req_q || sweep_on_q;

  // Assertions
`ifndef SYNTHESIS
  initial assert (PendWords >= 2) else $error("ims_release: at least two pending words");
  // An offered op waits, unchanged, until taken.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    rel_valid_o && !rel_taken_i |=> rel_valid_o && $stable(rel_op_o.idx) && $stable(rel_op_o.kind));
  // The arbiter takes only what is offered.
  assert property (@(posedge clk_i) disable iff (!rst_ni) rel_taken_i |-> rel_valid_o);
  // The registered "a scan is due" is what it stands for.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    want_scan_q == (sweep_on_q && !issued_all_q && (cred_q != '0)));
  // An idle engine has all its credits home.
  assert property (@(posedge clk_i) disable iff (!rst_ni) !sweep_on_q |-> cred_q == CredW'(QueueDepth));
  // The skid entry holds an op only behind an offered one.
  assert property (@(posedge clk_i) disable iff (!rst_ni) sk_valid_q |-> of_valid_q);
  // The compares made a cycle ahead: a due write names stage 3's entry of
  // the cycle before, so each *_eq_q is its register's compare with it.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    owner_due_i |-> owner_waddr_i == $past(owner_next_waddr_i));
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    owner_due_i && lk_valid_q |-> lk_eq_q == (!lk_scan_q && lk_idx_q == owner_waddr_i));
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    owner_due_i && sk_valid_q |-> sk_eq_q == (!sk_scan_q && sk_idx_q == owner_waddr_i));
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    owner_due_i && of_valid_q |-> of_eq_q == (!of_scan_q && of_idx_q == owner_waddr_i));
  // The owner RAM's output is used only if no owner write was due on its
  // read edge (the RAM promises nothing for that read: ims_tables), nor
  // since (the snoops).
  logic clash_q, ft_clash;  // the op's read shared its edge with a due write to the row
  always_ff @(posedge clk_i) begin
    if (owner_re_o) clash_q <= owner_due_i && (owner_waddr_i == owner_raddr_o);
  end
  if (OwnerOutReg) begin : g_clash_rd
    logic rd_clash_q;
    always_ff @(posedge clk_i) if (lk_move) rd_clash_q <= clash_q;
    assign ft_clash = rd_clash_q;
  end else begin : g_clash_lk
    assign ft_clash = clash_q;
  end
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    ft_valid && !ft_scan && ft_use_ram |-> !ft_clash);
  // The lookup stage's and the read stage's snoop compares, made a cycle
  // ahead, are their compares with the due write.
  if (OwnerOutReg) begin : g_rd_eq_chk
    assert property (@(posedge clk_i) disable iff (!rst_ni)
      owner_due_i && ft_valid |-> ft_eq_q == (!ft_scan && ft_idx == owner_waddr_i));
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // Scans out = QueueDepth - credits - words queued or in sc_*
      // (empty or not); a result needs one.
      if (scan_ack_q) assert (32'(cred_q) + 32'($countones(q_valid_q)) + 32'(sc_valid_q) + 32'(sc_empty_q)
                              < QueueDepth)
        else $error("ims_release: scan result nobody asked for");
      assert (32'(cred_q) + 32'($countones(q_valid_q)) + 32'(sc_valid_q) + 32'(sc_empty_q) <= QueueDepth)
        else $error("ims_release: more words scanned than the queue holds");
      // the queue's valid bits are a thermometer
      assert ((q_valid_q & (q_valid_q + QueueDepth'(1))) == '0)
        else $error("ims_release: queue valid bits not contiguous");
      // the head's group summaries are those of its rest
      if (q_valid_q[0]) assert (head_nz_q == group_nz(q_rest_q[0]) && head_multi_q == group_multi(q_rest_q[0])
                                && head_loc_q == group_loc(q_rest_q[0]))
        else $error("ims_release: head word's group summaries stale");
      // the scanned word's registered group summaries are its own
      if (scan_ack_q) assert (scan_nz_q == group_nz(scan_word_q) && scan_multi_q == group_multi(scan_word_q)
                              && scan_loc_q == group_loc(scan_word_q))
        else $error("ims_release: scanned word's group summaries stale");
      if (scan_ack_q) assert (sc_last_d == ($countones(scan_word_q) <= 1))
        else $error("ims_release: pre-decode's only-one-bit wrong");
      // an inserted word always has a place
      if (ins) assert (ins_at != '0) else $error("ims_release: queue overflow");
    end
  end
`endif

endmodule
