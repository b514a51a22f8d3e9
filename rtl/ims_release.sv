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
// sweep makes the sweep run once more. Owner writes that land while an owner
// is being read or offered are snooped; one that lands after the op is taken
// (a request just ahead made the entry pending) is caught by the pipeline,
// which then drops the release: it names an ADI the message is not from.
// Single entry unmasks go before the sweep: they are the latency case.
//
// Timing structure (why it looks like this): the ops are offered to the
// arbiter from a two-entry offer buffer (flip-flops), and the engine refills
// the buffer from its own state only (the buffer has room: a flip-flop
// function). So the arbiter's grant (rel_taken_i) only pops the buffer and
// never reaches the choice of the next op, the sweep queue or the owner
// read. Two entries keep one op per cycle (the engine refills the entry the
// arbiter empties a cycle earlier, like a spill register). Behind the buffer,
// every decision is a function of flip-flops a LUT level or two deep:
//   * whether a scan is due: a registered credit count (queue words plus
//     scans in flight, counted down from QueueDepth) instead of an add and a
//     compare;
//   * the next entry of the head word: its lowest pending bit is found when
//     the word enters the queue or when the previous bit goes out, and kept
//     in a register with "this is the word's last bit";
//   * a scanned word is pre-decoded for a cycle (sc_*: first bit, the rest,
//     "only one bit") before it joins the queue;
//   * the queue: a shift queue whose valid bits are a thermometer, so where a
//     scanned word is inserted is decoded from flip-flops (the pop only picks
//     between two precomputed positions).
// The cost: a scan reaches the pipeline one cycle after the engine picks it
// (it passes the buffer) and its result one cycle later (the pre-decode), so
// a sweep finds an entry two cycles later than when ops were offered
// combinationally; the queue holds one word more to keep empty words at one
// per cycle. An entry unmask's release may wait behind the (at most two) ops
// already in the buffer.
module ims_release #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis),
  localparam int unsigned PendWords = NumEntries / ims_pkg::PendWordW,
  localparam int unsigned WordIdxW  = $clog2(PendWords),
  // Words scanned but not yet released (queued, or scans in flight). Seven
  // cover the scan round trip: an empty word's credit is out from the cycle
  // after the engine picks its scan (offer buffer, pipeline S0..S3,
  // registered result, sc_* stage) for 6 cycles, so empty words go at one
  // per cycle. A pass never has more words out than the table has, so a
  // small table needs no more than PendWords.
  localparam int unsigned QueueDepth = (PendWords < 7) ? PendWords : 7,
  localparam int unsigned CredW     = $clog2(QueueDepth + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // one entry unmask at a time (host write path waits on ready)
  input  logic                 unmask_valid_i,
  output logic                 unmask_ready_o,
  input  logic [EntryIdxW-1:0] unmask_entry_i,
  // ADI or global unmask
  input  logic                 sweep_i,
  // the pending word a scan op read (pipeline stage 2)
  input  logic                 scan_ack_i,
  input  logic [31:0]          scan_word_i,
  // owner RAM read port, and its write port snooped
  output logic                 owner_re_o,
  output logic [EntryIdxW-1:0] owner_raddr_o,
  input  logic [AdiIdxW-1:0]   owner_rdata_i,
  input  logic                 owner_we_i,
  input  logic [EntryIdxW-1:0] owner_waddr_i,
  input  logic [AdiIdxW-1:0]   owner_wdata_i,
  // release and scan ops to the arbiter
  output logic                 rel_valid_o,
  output ims_pkg::op_t         rel_op_o,
  input  logic                 rel_taken_i,
  output logic                 busy_o
);

  // The lowest set bit of a pending word, the word without it, and whether
  // that was its only bit. Each is built as a two-level tree over groups of
  // four bits (which group is the lowest non-zero one, then where in it), so
  // it is about four LUT levels deep: a loop over the 32 bits would give a
  // priority chain that the synthesis tool does not flatten (16 levels).
  function automatic logic [7:0] group_nz(input logic [31:0] w);
    for (int g = 0; g < 8; g++) group_nz[g] = (w[4*g +: 4] != 4'h0);
  endfunction
  // one-hot: group g is the lowest group with a set bit
  function automatic logic [7:0] group_low(input logic [31:0] w);
    logic [7:0] nz;
    nz = group_nz(w);
    for (int g = 0; g < 8; g++) group_low[g] = nz[g] && ((nz & ((8'h1 << g) - 8'h1)) == 8'h0);
  endfunction
  // one-hot: the lowest set bit of each group on its own
  function automatic logic [31:0] local_low(input logic [31:0] w);
    for (int g = 0; g < 8; g++) begin
      local_low[4*g]   = w[4*g];
      local_low[4*g+1] = w[4*g+1] && !w[4*g];
      local_low[4*g+2] = w[4*g+2] && (w[4*g +: 2] == 2'b00);
      local_low[4*g+3] = w[4*g+3] && (w[4*g +: 3] == 3'b000);
    end
  endfunction
  // (Written as AND-OR over vectors, not as "if (...) x = x | ...": the
  // latter becomes a chain of multiplexers.)
  function automatic logic [4:0] low_bit(input logic [31:0] w);
    logic [7:0]  gl, odd, hi;
    logic [31:0] ll;
    gl = group_low(w);
    ll = local_low(w);
    for (int g = 0; g < 8; g++) begin
      odd[g] = ll[4*g+1] || ll[4*g+3];  // bit 0 of the place in the group
      hi[g]  = ll[4*g+2] || ll[4*g+3];  // bit 1
    end
    low_bit[0] = |(gl & odd);
    low_bit[1] = |(gl & hi);
    low_bit[2] = |(gl & 8'b1010_1010);
    low_bit[3] = |(gl & 8'b1100_1100);
    low_bit[4] = |(gl & 8'b1111_0000);
  endfunction
  function automatic logic [31:0] drop_low(input logic [31:0] w);
    logic [7:0]  gl;
    logic [31:0] ll;
    gl = group_low(w);
    ll = local_low(w);
    for (int i = 0; i < 32; i++) drop_low[i] = w[i] && !(gl[i/4] && ll[i]);
  endfunction
  // two or more of four bits set (six pairs: one LUT4, no adder)
  function automatic logic two_of_four(input logic [3:0] v);
    two_of_four = (v[0] && v[1]) || (v[0] && v[2]) || (v[0] && v[3])
                  || (v[1] && v[2]) || (v[1] && v[3]) || (v[2] && v[3]);
  endfunction
  function automatic logic at_most_one(input logic [31:0] w);
    logic [7:0] nz, multi;
    nz = group_nz(w);
    for (int g = 0; g < 8; g++) multi[g] = two_of_four(w[4*g +: 4]);
    at_most_one = (multi == 8'h0) && !two_of_four(nz[3:0]) && !two_of_four(nz[7:4])
                  && !((nz[3:0] != 4'h0) && (nz[7:4] != 4'h0));
  endfunction

  // ---------------- sweep state ----------------
  // Scans are picked in word order (scan_ptr) and come back in order
  // (ack_ptr names the word of each result).
  logic                 sweep_on_d, sweep_on_q, again_d, again_q;
  logic                 issued_all_d, issued_all_q;  // every word of this pass picked
  logic [WordIdxW-1:0]  scan_ptr_d, scan_ptr_q, ack_ptr_d, ack_ptr_q;
  // Credits: QueueDepth minus (queued words + scans picked and not yet back).
  logic [CredW-1:0]     cred_d, cred_q;
  logic                 scan_turn_d, scan_turn_q;  // a due scan goes before a sweep's release

  // The queue of words with pending bits. Entry 0 is the word being
  // released; its next bit (q_low) and the bits after it (q_rest) are kept
  // apart, and q_last says q_rest is empty. q_valid is a thermometer.
  logic [QueueDepth-1:0]               q_valid_d, q_valid_q;
  logic [QueueDepth-1:0][WordIdxW-1:0] q_word_d, q_word_q;
  logic [QueueDepth-1:0][31:0]         q_rest_d, q_rest_q;
  logic [QueueDepth-1:0][4:0]          q_low_d, q_low_q;
  logic [QueueDepth-1:0]               q_last_d, q_last_q;

  // A scan's result is registered on its way in: the pending word comes
  // straight from the pending RAM in stage 2, and the queue logic behind it
  // would otherwise share a clock period with the RAM read. The word is
  // meaningful only with its ack (not reset: payload). A word with pending
  // bits then spends one more cycle in sc_*: its first bit, the rest and
  // "only one bit" are found there (about four LUT levels), so that joining
  // the queue is only a multiplexer.
  logic                 scan_ack_q;
  logic [31:0]          scan_word_q;
  logic                 sc_valid_q;
  logic                 sc_empty_q;  // the scanned word had nothing pending
  logic [WordIdxW-1:0]  sc_word_q;
  logic [31:0]          sc_rest_q;
  logic [4:0]           sc_low_q;
  logic                 sc_last_q;

  // single-entry unmask slot
  logic                 slot_valid_d, slot_valid_q;
  logic [EntryIdxW-1:0] slot_entry_d, slot_entry_q;

  // ---------------- offer buffer ----------------
  // Two entries, written at ob_wr, offered from ob_rd. A release's owner is
  // read from the owner RAM on the edge it is written, so for one cycle
  // (ob_live) it is the RAM's output, then held in ob_adi; owner writes to
  // its entry are snooped into ob_adi until the arbiter takes it.
  logic [1:0]                ob_valid_d, ob_valid_q;
  logic [1:0]                ob_scan_d, ob_scan_q;     // a scan op (else a release)
  logic [1:0][EntryIdxW-1:0] ob_idx_d, ob_idx_q;       // entry, or word for a scan
  logic [1:0][AdiIdxW-1:0]   ob_adi_d, ob_adi_q;
  logic [1:0]                ob_live_d, ob_live_q;     // owner is the RAM's output
  logic                      ob_wr_d, ob_wr_q, ob_rd_d, ob_rd_q;

  logic                 room, want_scan, scan_first, push, push_scan, push_unmask, take, pop;
  logic                 ins, scan_empty;
  logic [EntryIdxW-1:0] push_entry;
  logic                 push_hit;  // an owner write to the pushed entry on the edge of its read
  logic [QueueDepth-1:0] ins_at;   // where a scanned word goes (after a pop, if any)
  logic [31:0]          head_rest;
  logic [4:0]           head_low;
  logic                 head_last;

  // ---------------- what to push ----------------
  // All from flip-flops: the buffer's room, the slot, the credits, the head.
  // A due scan and a sweep's waiting release take turns, so the next words
  // arrive while the current one is released; with no release waiting, scans
  // go every cycle. An entry unmask's release goes first (the latency case).
  assign room        = !ob_valid_q[ob_wr_q];
  assign want_scan   = sweep_on_q && !issued_all_q && (cred_q != '0);
  assign scan_first  = want_scan && (!q_valid_q[0] || scan_turn_q);
  assign push_unmask = room && slot_valid_q;
  assign push_scan   = room && !slot_valid_q && scan_first;
  assign take        = room && !slot_valid_q && !scan_first && q_valid_q[0];
  assign push        = push_unmask || push_scan || take;
  assign pop         = take && q_last_q[0];  // the head word's last bit goes

  assign push_entry = slot_valid_q ? slot_entry_q : EntryIdxW'({q_word_q[0], q_low_q[0]});
  assign push_hit   = owner_we_i && (owner_waddr_i == push_entry);

  // A scanned word with pending bits joins the queue from sc_*.
  assign scan_empty = (scan_word_q == 32'h0);
  assign ins        = sc_valid_q;
  // The head word after its current bit goes (when it is not the last).
  assign head_low   = low_bit(q_rest_q[0]);
  assign head_rest  = drop_low(q_rest_q[0]);
  assign head_last  = at_most_one(q_rest_q[0]);

  // Insert position: the first free entry, or the one below it if the head
  // pops this cycle. Both are decoded from the thermometer.
  always_comb begin
    for (int i = 0; i < QueueDepth; i++) begin
      logic below, here, above;
      below = (i == 0) ? 1'b1 : q_valid_q[i-1];
      here  = q_valid_q[i];
      above = (i == QueueDepth - 1) ? 1'b0 : q_valid_q[i+1];
      ins_at[i] = pop ? (here && !above) : (below && !here);
    end
  end

  always_comb begin
    sweep_on_d   = sweep_on_q;
    again_d      = again_q;
    issued_all_d = issued_all_q;
    scan_ptr_d   = scan_ptr_q;
    ack_ptr_d    = ack_ptr_q;
    scan_turn_d  = scan_turn_q;
    slot_valid_d = slot_valid_q;
    slot_entry_d = slot_entry_q;

    if (room && !slot_valid_q && want_scan && q_valid_q[0]) scan_turn_d = !scan_turn_q;

    if (push_scan) begin
      scan_ptr_d = scan_ptr_q + WordIdxW'(1);
      if (32'(scan_ptr_q) == PendWords - 1) issued_all_d = 1'b1;
    end
    if (scan_ack_q) ack_ptr_d = ack_ptr_q + WordIdxW'(1);

    // A credit goes with each scan picked and comes back with an empty
    // result (from sc_*: a 32-bit compare on scan_word_q would sit in front
    // of this adder) or when a queued word's last bit goes.
    cred_d = cred_q - CredW'(push_scan) + CredW'(sc_empty_q) + CredW'(pop);

    // The queue: shift down on a pop, advance the head on a take, insert.
    for (int i = 0; i < QueueDepth; i++) begin
      if (pop && i < QueueDepth - 1) begin
        q_valid_d[i] = q_valid_q[i+1];
        q_word_d[i]  = q_word_q[i+1];
        q_rest_d[i]  = q_rest_q[i+1];
        q_low_d[i]   = q_low_q[i+1];
        q_last_d[i]  = q_last_q[i+1];
      end else if (pop) begin
        q_valid_d[i] = 1'b0;
        q_word_d[i]  = q_word_q[i];
        q_rest_d[i]  = q_rest_q[i];
        q_low_d[i]   = q_low_q[i];
        q_last_d[i]  = q_last_q[i];
      end else if (take && i == 0) begin
        q_valid_d[i] = 1'b1;
        q_word_d[i]  = q_word_q[i];
        q_rest_d[i]  = head_rest;
        q_low_d[i]   = head_low;
        q_last_d[i]  = head_last;
      end else begin
        q_valid_d[i] = q_valid_q[i];
        q_word_d[i]  = q_word_q[i];
        q_rest_d[i]  = q_rest_q[i];
        q_low_d[i]   = q_low_q[i];
        q_last_d[i]  = q_last_q[i];
      end
      if (ins && ins_at[i]) begin
        q_valid_d[i] = 1'b1;
        q_word_d[i]  = sc_word_q;
        q_rest_d[i]  = sc_rest_q;
        q_low_d[i]   = sc_low_q;
        q_last_d[i]  = sc_last_q;
      end
    end

    // The pass ends when every word is picked, scanned and released (all
    // credits home). Seen from flip-flops, so a cycle after the last pop;
    // a sweep asked for meanwhile sets again_q, which runs one more pass.
    if (sweep_on_q && issued_all_q && cred_q == CredW'(QueueDepth)) begin
      sweep_on_d   = again_q;
      again_d      = 1'b0;
      issued_all_d = 1'b0;
      scan_ptr_d   = '0;
      ack_ptr_d    = '0;
    end

    if (push_unmask) slot_valid_d = 1'b0;
    if (unmask_valid_i && !slot_valid_q) begin
      slot_valid_d = 1'b1;
      slot_entry_d = unmask_entry_i;
    end

    if (sweep_i) begin
      if (sweep_on_d) again_d = 1'b1;
      else begin
        sweep_on_d   = 1'b1;
        issued_all_d = 1'b0;
        scan_ptr_d   = '0;
        ack_ptr_d    = '0;
      end
    end
  end

  // ---------------- offer buffer ----------------
  always_comb begin
    ob_valid_d = ob_valid_q;
    ob_scan_d  = ob_scan_q;
    ob_idx_d   = ob_idx_q;
    ob_adi_d   = ob_adi_q;
    ob_live_d  = ob_live_q;
    ob_wr_d    = ob_wr_q;
    ob_rd_d    = ob_rd_q;

    // Owner snoop: the owner read on the push edge is the RAM's output for
    // one cycle and is kept after it; a write to the entry overrides it.
    // The pipeline checks owner writes from the cycle the op is taken on.
    for (int i = 0; i < 2; i++) begin
      if (ob_live_q[i]) ob_adi_d[i] = owner_rdata_i;
      ob_live_d[i] = 1'b0;
      if (owner_we_i && owner_waddr_i == ob_idx_q[i]) ob_adi_d[i] = owner_wdata_i;
    end

    if (rel_taken_i) begin
      ob_valid_d[ob_rd_q] = 1'b0;
      ob_rd_d             = !ob_rd_q;
    end
    if (push) begin
      ob_valid_d[ob_wr_q] = 1'b1;
      ob_scan_d[ob_wr_q]  = push_scan;
      ob_idx_d[ob_wr_q]   = push_scan ? EntryIdxW'(scan_ptr_q) : push_entry;
      // An owner write on the read's edge is not in the (read-first) RAM's output.
      ob_live_d[ob_wr_q]  = !push_scan && !push_hit;
      ob_adi_d[ob_wr_q]   = owner_wdata_i;
      ob_wr_d             = !ob_wr_q;
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
      scan_turn_q     <= 1'b1;
      q_valid_q       <= '0;
      q_word_q        <= '0;
      q_rest_q        <= '0;
      q_low_q         <= '0;
      q_last_q        <= '0;
      scan_ack_q      <= 1'b0;
      sc_valid_q      <= 1'b0;
      sc_empty_q      <= 1'b0;
      slot_valid_q    <= 1'b0;
      slot_entry_q    <= '0;
      ob_valid_q      <= '0;
      ob_scan_q       <= '0;
      ob_idx_q        <= '0;
      ob_adi_q        <= '0;
      ob_live_q       <= '0;
      ob_wr_q         <= 1'b0;
      ob_rd_q         <= 1'b0;
    end else begin
      sweep_on_q      <= sweep_on_d;
      again_q         <= again_d;
      issued_all_q    <= issued_all_d;
      scan_ptr_q      <= scan_ptr_d;
      ack_ptr_q       <= ack_ptr_d;
      cred_q          <= cred_d;
      scan_turn_q     <= scan_turn_d;
      q_valid_q       <= q_valid_d;
      q_word_q        <= q_word_d;
      q_rest_q        <= q_rest_d;
      q_low_q         <= q_low_d;
      q_last_q        <= q_last_d;
      scan_ack_q      <= scan_ack_i;
      sc_valid_q      <= scan_ack_q && !scan_empty;
      sc_empty_q      <= scan_ack_q && scan_empty;
      slot_valid_q    <= slot_valid_d;
      slot_entry_q    <= slot_entry_d;
      ob_valid_q      <= ob_valid_d;
      ob_scan_q       <= ob_scan_d;
      ob_idx_q        <= ob_idx_d;
      ob_adi_q        <= ob_adi_d;
      ob_live_q       <= ob_live_d;
      ob_wr_q         <= ob_wr_d;
      ob_rd_q         <= ob_rd_d;
    end
  end

  // The pre-decode of a scanned word (payload, meaningful only with
  // sc_valid_q: not reset).
  logic [31:0] sc_rest_d;
  logic [4:0]  sc_low_d;
  logic        sc_last_d;
  assign sc_low_d  = low_bit(scan_word_q);
  assign sc_rest_d = drop_low(scan_word_q);
  assign sc_last_d = at_most_one(scan_word_q);

  always_ff @(posedge clk_i) begin
    scan_word_q <= scan_word_i;
    sc_word_q   <= ack_ptr_q;
    sc_low_q    <= sc_low_d;
    sc_rest_q   <= sc_rest_d;
    sc_last_q   <= sc_last_d;
  end

  assign unmask_ready_o = !slot_valid_q;
  assign owner_re_o     = push && !push_scan;
  assign owner_raddr_o  = push_entry;

  logic [AdiIdxW-1:0] offer_adi;
  assign offer_adi = ob_live_q[ob_rd_q] ? owner_rdata_i : ob_adi_q[ob_rd_q];

  always_comb begin
    rel_op_o = '0;
    if (ob_scan_q[ob_rd_q]) begin
      rel_op_o.kind = ims_pkg::OpScan;
      rel_op_o.tbl  = ims_pkg::TblPba;
      rel_op_o.idx  = ims_pkg::VecW'(ob_idx_q[ob_rd_q]);
    end else begin
      rel_op_o.kind = ims_pkg::OpRelease;
      rel_op_o.tbl  = ims_pkg::TblEntry;
      rel_op_o.adi  = ims_pkg::AdiIdW'(offer_adi);
      rel_op_o.idx  = ims_pkg::VecW'(ob_idx_q[ob_rd_q]);
    end
  end
  assign rel_valid_o = ob_valid_q[ob_rd_q];
  assign busy_o      = (ob_valid_q != '0) || slot_valid_q || sweep_on_q;

  // Assertions
`ifndef SYNTHESIS
  initial assert (PendWords >= 2) else $error("ims_release: at least two pending words");
  // An offered op waits, unchanged, until taken.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    rel_valid_o && !rel_taken_i |=> rel_valid_o && $stable(rel_op_o.idx) && $stable(rel_op_o.kind));
  // The arbiter takes only what is offered.
  assert property (@(posedge clk_i) disable iff (!rst_ni) rel_taken_i |-> rel_valid_o);
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
      // an inserted word always has a place
      if (ins) assert (ins_at != '0) else $error("ims_release: queue overflow");
    end
  end
`endif

endmodule
