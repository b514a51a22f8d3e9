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
module ims_release #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis),
  localparam int unsigned PendWords = NumEntries / ims_pkg::PendWordW,
  localparam int unsigned WordIdxW  = $clog2(PendWords),
  localparam int unsigned QueueDepth = 5,  // covers the 4-cycle scan round trip
  localparam int unsigned QIdxW     = $clog2(QueueDepth)
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

  // Sweep: scans go out in word order (scan_ptr) and come back in order
  // (ack_ptr names the word of each result); words with pending bits wait in
  // a shift queue whose head (slot 0) is released bit by bit, lowest first.
  logic                 sweep_on_d, sweep_on_q, again_d, again_q;
  logic                 issued_all_d, issued_all_q;  // every word of this pass scanned
  logic [WordIdxW-1:0]  scan_ptr_d, scan_ptr_q, ack_ptr_d, ack_ptr_q;
  logic [QIdxW:0]       flight_d, flight_q;          // scan ops in the pipeline
  logic [QueueDepth-1:0][WordIdxW-1:0] q_word_d, q_word_q;
  logic [QueueDepth-1:0][31:0]         q_bits_d, q_bits_q;
  logic [QIdxW:0]       q_cnt_d, q_cnt_q;
  logic                 cur_valid;
  logic [WordIdxW-1:0]  cur_word;
  logic [31:0]          cur_bits;
  // single-entry unmask slot and the candidate being offered
  logic                 slot_valid_d, slot_valid_q;
  logic [EntryIdxW-1:0] slot_entry_d, slot_entry_q;
  logic                 cand_valid_d, cand_valid_q;
  logic                 cand_unmask_d, cand_unmask_q;  // the candidate is an entry unmask's
  logic                 scan_turn_d, scan_turn_q;      // a due scan goes before a sweep's release
  logic [EntryIdxW-1:0] cand_entry_d, cand_entry_q;
  logic                 ov_valid_d, ov_valid_q;
  logic [AdiIdxW-1:0]   ov_adi_d, ov_adi_q;

  logic                 want_scan, offer_scan, taken_cand, taken_scan, load, next_valid;
  // A scan's result is registered on its way in: the pending word comes
  // straight from the pending RAM in stage 2, and the queue logic behind it
  // would otherwise share a clock period with the RAM read.
  logic                 scan_ack_q;
  logic [31:0]          scan_word_q;
  logic [EntryIdxW-1:0] next_entry;
  logic [4:0]           low_bit;

  // The head of the queue, and its lowest set bit.
  assign cur_valid = (q_cnt_q != '0);
  assign cur_word  = q_word_q[0];
  assign cur_bits  = q_bits_q[0];
  always_comb begin
    low_bit = '0;
    for (int i = 31; i >= 0; i--) if (cur_bits[i]) low_bit = 5'(i);
  end

  // A scan op is due when the queue has room for its word even if every
  // scan in flight finds something. A due scan and a sweep's waiting release
  // take turns, so the next words arrive while the current one is released
  // and neither waits for the other's run; with no release waiting, scans go
  // every cycle (empty words at one per slot). An entry unmask's release
  // goes first (the latency case).
  assign want_scan  = sweep_on_q && !issued_all_q
                      && (32'(flight_q) + 32'(q_cnt_q) < QueueDepth);
  assign offer_scan = want_scan && (!cand_valid_q || (!cand_unmask_q && scan_turn_q));

  always_comb begin
    sweep_on_d      = sweep_on_q;
    again_d         = again_q;
    issued_all_d    = issued_all_q;
    scan_ptr_d      = scan_ptr_q;
    ack_ptr_d       = ack_ptr_q;
    flight_d        = flight_q;
    q_word_d        = q_word_q;
    q_bits_d        = q_bits_q;
    q_cnt_d         = q_cnt_q;
    slot_valid_d    = slot_valid_q;
    slot_entry_d    = slot_entry_q;
    cand_valid_d    = cand_valid_q;
    cand_unmask_d   = cand_unmask_q;
    scan_turn_d     = scan_turn_q;
    if (rel_taken_i && want_scan && cand_valid_q && !cand_unmask_q) scan_turn_d = !scan_turn_q;
    cand_entry_d    = cand_entry_q;
    ov_valid_d      = ov_valid_q;
    ov_adi_d        = ov_adi_q;

    taken_scan = rel_taken_i && offer_scan;
    taken_cand = rel_taken_i && !offer_scan;

    if (taken_scan) begin
      scan_ptr_d = scan_ptr_q + WordIdxW'(1);
      if (32'(scan_ptr_q) == PendWords - 1) issued_all_d = 1'b1;
    end
    flight_d = flight_q + (QIdxW+1)'(taken_scan) - (QIdxW+1)'(scan_ack_q);

    // Pick the next entry when nothing is offered or the offer was taken.
    load       = !cand_valid_q || taken_cand;
    next_valid = 1'b0;
    next_entry = {cur_word, low_bit};
    if (load) begin
      if (slot_valid_q) begin
        next_valid   = 1'b1;
        next_entry   = slot_entry_q;
        slot_valid_d = 1'b0;
      end else if (cur_valid) begin
        next_valid = 1'b1;
        q_bits_d[0] = cur_bits & ~(32'h1 << low_bit);
      end
      cand_valid_d  = next_valid;
      cand_unmask_d = slot_valid_q;
      cand_entry_d = next_entry;
      ov_valid_d   = owner_we_i && (owner_waddr_i == next_entry);
      ov_adi_d     = owner_wdata_i;
    end else if (owner_we_i && owner_waddr_i == cand_entry_q) begin
      ov_valid_d = 1'b1;
      ov_adi_d   = owner_wdata_i;
    end

    // The current word is done when its last bit is taken: pop it.
    if (cur_valid && q_bits_d[0] == 32'h0) begin
      for (int i = 0; i < QueueDepth - 1; i++) begin
        q_word_d[i] = q_word_q[i+1];
        q_bits_d[i] = q_bits_q[i+1];
      end
      q_cnt_d = q_cnt_q - (QIdxW+1)'(1);
    end

    // A scanned word joins the queue (words with nothing pending do not).
    if (scan_ack_q) begin
      ack_ptr_d = ack_ptr_q + WordIdxW'(1);
      if (scan_word_q != 32'h0) begin
        q_word_d[q_cnt_d[QIdxW-1:0]] = ack_ptr_q;
        q_bits_d[q_cnt_d[QIdxW-1:0]] = scan_word_q;
        q_cnt_d = q_cnt_d + (QIdxW+1)'(1);
      end
    end

    // The pass ends when every word is scanned and released.
    if (sweep_on_q && issued_all_d && flight_d == '0 && q_cnt_d == '0) begin
      sweep_on_d   = again_q;
      again_d      = 1'b0;
      issued_all_d = 1'b0;
      scan_ptr_d   = '0;
      ack_ptr_d    = '0;
    end

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

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sweep_on_q      <= 1'b0;
      again_q         <= 1'b0;
      issued_all_q    <= 1'b0;
      scan_ptr_q      <= '0;
      ack_ptr_q       <= '0;
      flight_q        <= '0;
      q_word_q        <= '0;
      q_bits_q        <= '0;
      q_cnt_q         <= '0;
      slot_valid_q    <= 1'b0;
      slot_entry_q    <= '0;
      cand_valid_q    <= 1'b0;
      cand_unmask_q   <= 1'b0;
      scan_turn_q     <= 1'b1;
      cand_entry_q    <= '0;
      ov_valid_q      <= 1'b0;
      ov_adi_q        <= '0;
      scan_ack_q      <= 1'b0;
    end else begin
      sweep_on_q      <= sweep_on_d;
      again_q         <= again_d;
      issued_all_q    <= issued_all_d;
      scan_ptr_q      <= scan_ptr_d;
      ack_ptr_q       <= ack_ptr_d;
      flight_q        <= flight_d;
      q_word_q        <= q_word_d;
      q_bits_q        <= q_bits_d;
      q_cnt_q         <= q_cnt_d;
      slot_valid_q    <= slot_valid_d;
      slot_entry_q    <= slot_entry_d;
      cand_valid_q    <= cand_valid_d;
      cand_unmask_q   <= cand_unmask_d;
      scan_turn_q     <= scan_turn_d;
      cand_entry_q    <= cand_entry_d;
      ov_valid_q      <= ov_valid_d;
      ov_adi_q        <= ov_adi_d;
      scan_ack_q      <= scan_ack_i;
    end
  end

  // The word is meaningful only with its ack (not reset: payload).
  always_ff @(posedge clk_i) scan_word_q <= scan_word_i;

  assign unmask_ready_o = !slot_valid_q;
  assign owner_re_o     = load;
  assign owner_raddr_o  = next_entry;

  logic [AdiIdxW-1:0] owner;
  assign owner = ov_valid_q ? ov_adi_q : owner_rdata_i;

  always_comb begin
    rel_op_o = '0;
    if (offer_scan) begin
      rel_op_o.kind = ims_pkg::OpScan;
      rel_op_o.tbl  = ims_pkg::TblPba;
      rel_op_o.idx  = ims_pkg::VecW'(scan_ptr_q);
    end else begin
      rel_op_o.kind = ims_pkg::OpRelease;
      rel_op_o.tbl  = ims_pkg::TblEntry;
      rel_op_o.adi  = ims_pkg::AdiIdW'(owner);
      rel_op_o.idx  = ims_pkg::VecW'(cand_entry_q);
    end
  end
  assign rel_valid_o = cand_valid_q || offer_scan;
  assign busy_o      = cand_valid_q || slot_valid_q || sweep_on_q;

  // Assertions
`ifndef SYNTHESIS
  initial assert (PendWords >= 2) else $error("ims_release: at least two pending words");
  // A candidate waits, unchanged, until taken (a scan may go first).
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    cand_valid_q && !taken_cand |=> cand_valid_q && $stable(cand_entry_q));
  always_ff @(posedge clk_i) begin
    if (rst_ni && scan_ack_q) assert (flight_q != '0) else $error("ims_release: scan result nobody asked for");
    if (rst_ni) assert (32'(flight_q) + 32'(q_cnt_q) <= QueueDepth)
      else $error("ims_release: more words scanned than the queue holds");
  end
`endif

endmodule
