// SPDX-License-Identifier: Apache-2.0
// ims_release: turns unmask events into release operations.
//   * An entry unmask (a write of mask 0 to an entry) releases that entry.
//   * An ADI or global unmask starts a sweep: a scan of the pending RAM, one
//     32-bit word per scan op through the pipeline (the RAM's only read port),
//     and one release per pending bit found. The next word is scanned while
//     the current one's bits are released, so a word costs one slot for its
//     scan and one per pending bit: a full table of pending entries releases
//     at 32 TLPs per 33 slots; a sweep with nothing pending costs
//     NumEntries/32 slots.
// For each entry to release it reads the owner RAM (the ADI whose request made
// it pending) and offers a release op (owner, entry); the pipeline sends only
// if the entry is still pending and nothing masks it, so a stale scan or a
// still-masked entry is harmless and never blocks another. An unmask during a
// sweep makes the sweep run once more. Owner writes that land while an owner
// is being read or offered are snooped, so the offered owner is never stale.
// Single entry unmasks go before the sweep: they are the latency case.
module ims_release #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis),
  localparam int unsigned PendWords = NumEntries / ims_pkg::PendWordW,
  localparam int unsigned WordIdxW  = $clog2(PendWords)
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

  // Sweep: scans go out in word order (scan_ptr); results land in a two-word
  // queue (cur, nxt) whose bits are released in order.
  logic                 sweep_on_d, sweep_on_q, again_d, again_q;
  logic                 issued_all_d, issued_all_q;  // every word of this pass scanned
  logic [WordIdxW-1:0]  scan_ptr_d, scan_ptr_q;
  logic                 scan_wait_d, scan_wait_q;    // a scan op is in the pipeline
  logic [WordIdxW-1:0]  scan_word_idx_d, scan_word_idx_q;
  logic                 cur_valid_d, cur_valid_q, nxt_valid_d, nxt_valid_q;
  logic [WordIdxW-1:0]  cur_word_d, cur_word_q, nxt_word_d, nxt_word_q;
  logic [31:0]          cur_bits_d, cur_bits_q, nxt_bits_d, nxt_bits_q;
  // single-entry unmask slot and the candidate being offered
  logic                 slot_valid_d, slot_valid_q;
  logic [EntryIdxW-1:0] slot_entry_d, slot_entry_q;
  logic                 cand_valid_d, cand_valid_q;
  logic [EntryIdxW-1:0] cand_entry_d, cand_entry_q;
  logic                 ov_valid_d, ov_valid_q;
  logic [AdiIdxW-1:0]   ov_adi_d, ov_adi_q;

  logic                 want_scan, offer_scan, taken_cand, taken_scan, load, next_valid;
  logic [EntryIdxW-1:0] next_entry;
  logic [4:0]           low_bit;

  // Lowest set bit of the current word.
  always_comb begin
    low_bit = '0;
    for (int i = 31; i >= 0; i--) if (cur_bits_q[i]) low_bit = 5'(i);
  end

  // A scan op takes the port when it is due (one outstanding, room for its
  // word in the queue), ahead of the waiting release: that is what lets the
  // next word arrive while the current one is being released.
  assign want_scan  = sweep_on_q && !issued_all_q && !scan_wait_q && !nxt_valid_q;
  assign offer_scan = want_scan;

  always_comb begin
    sweep_on_d      = sweep_on_q;
    again_d         = again_q;
    issued_all_d    = issued_all_q;
    scan_ptr_d      = scan_ptr_q;
    scan_wait_d     = scan_wait_q;
    scan_word_idx_d = scan_word_idx_q;
    cur_valid_d     = cur_valid_q;
    cur_word_d      = cur_word_q;
    cur_bits_d      = cur_bits_q;
    nxt_valid_d     = nxt_valid_q;
    nxt_word_d      = nxt_word_q;
    nxt_bits_d      = nxt_bits_q;
    slot_valid_d    = slot_valid_q;
    slot_entry_d    = slot_entry_q;
    cand_valid_d    = cand_valid_q;
    cand_entry_d    = cand_entry_q;
    ov_valid_d      = ov_valid_q;
    ov_adi_d        = ov_adi_q;

    taken_scan = rel_taken_i && offer_scan;
    taken_cand = rel_taken_i && !offer_scan;

    if (taken_scan) begin
      scan_wait_d     = 1'b1;
      scan_word_idx_d = scan_ptr_q;
      scan_ptr_d      = scan_ptr_q + WordIdxW'(1);
      if (32'(scan_ptr_q) == PendWords - 1) issued_all_d = 1'b1;
    end

    // Pick the next entry when nothing is offered or the offer was taken.
    load       = !cand_valid_q || taken_cand;
    next_valid = 1'b0;
    next_entry = {cur_word_q, low_bit};
    if (load) begin
      if (slot_valid_q) begin
        next_valid   = 1'b1;
        next_entry   = slot_entry_q;
        slot_valid_d = 1'b0;
      end else if (cur_valid_q) begin
        next_valid = 1'b1;
        cur_bits_d = cur_bits_q & ~(32'h1 << low_bit);
      end
      cand_valid_d = next_valid;
      cand_entry_d = next_entry;
      ov_valid_d   = owner_we_i && (owner_waddr_i == next_entry);
      ov_adi_d     = owner_wdata_i;
    end else if (owner_we_i && owner_waddr_i == cand_entry_q) begin
      ov_valid_d = 1'b1;
      ov_adi_d   = owner_wdata_i;
    end

    // The current word is done when its last bit is taken: shift the queue.
    if (cur_valid_q && cur_bits_d == 32'h0) begin
      cur_valid_d = nxt_valid_q;
      cur_word_d  = nxt_word_q;
      cur_bits_d  = nxt_bits_q;
      nxt_valid_d = 1'b0;
    end

    // A scanned word joins the queue (words with nothing pending do not).
    if (scan_ack_i) begin
      scan_wait_d = 1'b0;
      if (scan_word_i != 32'h0) begin
        if (!cur_valid_d) begin
          cur_valid_d = 1'b1;
          cur_word_d  = scan_word_idx_q;
          cur_bits_d  = scan_word_i;
        end else begin
          nxt_valid_d = 1'b1;
          nxt_word_d  = scan_word_idx_q;
          nxt_bits_d  = scan_word_i;
        end
      end
    end

    // The pass ends when every word is scanned and released.
    if (sweep_on_q && issued_all_d && !scan_wait_d && !cur_valid_d && !nxt_valid_d) begin
      sweep_on_d   = again_q;
      again_d      = 1'b0;
      issued_all_d = 1'b0;
      scan_ptr_d   = '0;
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
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sweep_on_q      <= 1'b0;
      again_q         <= 1'b0;
      issued_all_q    <= 1'b0;
      scan_ptr_q      <= '0;
      scan_wait_q     <= 1'b0;
      scan_word_idx_q <= '0;
      cur_valid_q     <= 1'b0;
      cur_word_q      <= '0;
      cur_bits_q      <= '0;
      nxt_valid_q     <= 1'b0;
      nxt_word_q      <= '0;
      nxt_bits_q      <= '0;
      slot_valid_q    <= 1'b0;
      slot_entry_q    <= '0;
      cand_valid_q    <= 1'b0;
      cand_entry_q    <= '0;
      ov_valid_q      <= 1'b0;
      ov_adi_q        <= '0;
    end else begin
      sweep_on_q      <= sweep_on_d;
      again_q         <= again_d;
      issued_all_q    <= issued_all_d;
      scan_ptr_q      <= scan_ptr_d;
      scan_wait_q     <= scan_wait_d;
      scan_word_idx_q <= scan_word_idx_d;
      cur_valid_q     <= cur_valid_d;
      cur_word_q      <= cur_word_d;
      cur_bits_q      <= cur_bits_d;
      nxt_valid_q     <= nxt_valid_d;
      nxt_word_q      <= nxt_word_d;
      nxt_bits_q      <= nxt_bits_d;
      slot_valid_q    <= slot_valid_d;
      slot_entry_q    <= slot_entry_d;
      cand_valid_q    <= cand_valid_d;
      cand_entry_q    <= cand_entry_d;
      ov_valid_q      <= ov_valid_d;
      ov_adi_q        <= ov_adi_d;
    end
  end

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
    if (rst_ni && scan_ack_i) assert (scan_wait_q) else $error("ims_release: scan result nobody asked for");
    if (rst_ni && scan_ack_i && scan_word_i != 32'h0)
      assert (!(cur_valid_q && nxt_valid_q)) else $error("ims_release: no room for a scanned word");
  end
`endif

endmodule
