// SPDX-License-Identifier: Apache-2.0
// ims_release: turns unmask events into release operations.
//   * An entry unmask (a write of mask 0 to an entry) releases that entry.
//   * An ADI or global unmask starts a sweep: a scan of the pending RAM, one
//     32-bit word per scan op through the pipeline (the RAM's only read port),
//     and one release per pending bit found. Words with no pending bit cost
//     one slot; the worst case for a full sweep is NumEntries/32 scan ops plus
//     one release per pending entry.
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

  typedef enum logic [1:0] {SwIdle, SwIssue, SwWait, SwBits} sweep_e;

  logic                 slot_valid_d, slot_valid_q;
  logic [EntryIdxW-1:0] slot_entry_d, slot_entry_q;
  sweep_e               sw_d, sw_q;
  logic                 again_d, again_q;
  logic [WordIdxW-1:0]  word_d, word_q;
  logic [31:0]          bits_d, bits_q;
  logic                 cand_valid_d, cand_valid_q;
  logic [EntryIdxW-1:0] cand_entry_d, cand_entry_q;
  logic                 ov_valid_d, ov_valid_q;
  logic [AdiIdxW-1:0]   ov_adi_d, ov_adi_q;
  logic                 load, taken_cand, taken_scan, next_valid, last_word;
  logic [EntryIdxW-1:0] next_entry;
  logic [4:0]           low_bit;

  // Lowest set bit of the word being released.
  always_comb begin
    low_bit = '0;
    for (int i = 31; i >= 0; i--) if (bits_q[i]) low_bit = 5'(i);
  end

  always_comb begin
    slot_valid_d = slot_valid_q;
    slot_entry_d = slot_entry_q;
    sw_d         = sw_q;
    again_d      = again_q;
    word_d       = word_q;
    bits_d       = bits_q;
    cand_valid_d = cand_valid_q;
    cand_entry_d = cand_entry_q;
    ov_valid_d   = ov_valid_q;
    ov_adi_d     = ov_adi_q;

    // The candidate release goes first on the shared port, then a scan op.
    taken_cand = rel_taken_i && cand_valid_q;
    taken_scan = rel_taken_i && !cand_valid_q;
    last_word  = (32'(word_q) == PendWords - 1);

    // Sweep: issue a scan op, wait for its word, release its bits, next word.
    unique case (sw_q)
      SwIdle:  ;
      SwIssue: if (taken_scan) sw_d = SwWait;
      SwWait:  if (scan_ack_i) begin
        bits_d = scan_word_i;
        sw_d   = SwBits;
      end
      SwBits:  ;
      default: sw_d = SwIdle;
    endcase

    // Pick the next entry when nothing is offered or the offer was taken.
    load       = !cand_valid_q || taken_cand;
    next_valid = 1'b0;
    next_entry = {word_q, low_bit};
    if (load) begin
      if (slot_valid_q) begin
        next_valid   = 1'b1;
        next_entry   = slot_entry_q;
        slot_valid_d = 1'b0;
      end else if (sw_q == SwBits && bits_q != 32'h0) begin
        next_valid = 1'b1;
        bits_d     = bits_q & ~(32'h1 << low_bit);
      end
      cand_valid_d = next_valid;
      cand_entry_d = next_entry;
      ov_valid_d   = owner_we_i && (owner_waddr_i == next_entry);
      ov_adi_d     = owner_wdata_i;
    end else if (owner_we_i && owner_waddr_i == cand_entry_q) begin
      ov_valid_d = 1'b1;
      ov_adi_d   = owner_wdata_i;
    end

    // A word done: the next one, or the end of the pass.
    if (sw_d == SwBits && bits_d == 32'h0) begin
      word_d = word_q + WordIdxW'(1);
      sw_d   = SwIssue;
      if (last_word) begin
        sw_d    = again_q ? SwIssue : SwIdle;
        again_d = 1'b0;
      end
    end

    if (unmask_valid_i && !slot_valid_q) begin
      slot_valid_d = 1'b1;
      slot_entry_d = unmask_entry_i;
    end

    if (sweep_i) begin
      if (sw_d != SwIdle) again_d = 1'b1;
      else begin
        sw_d   = SwIssue;
        word_d = '0;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      slot_valid_q <= 1'b0;
      slot_entry_q <= '0;
      sw_q         <= SwIdle;
      again_q      <= 1'b0;
      word_q       <= '0;
      bits_q       <= '0;
      cand_valid_q <= 1'b0;
      cand_entry_q <= '0;
      ov_valid_q   <= 1'b0;
      ov_adi_q     <= '0;
    end else begin
      slot_valid_q <= slot_valid_d;
      slot_entry_q <= slot_entry_d;
      sw_q         <= sw_d;
      again_q      <= again_d;
      word_q       <= word_d;
      bits_q       <= bits_d;
      cand_valid_q <= cand_valid_d;
      cand_entry_q <= cand_entry_d;
      ov_valid_q   <= ov_valid_d;
      ov_adi_q     <= ov_adi_d;
    end
  end

  assign unmask_ready_o = !slot_valid_q;
  assign owner_re_o     = load;
  assign owner_raddr_o  = next_entry;

  logic [AdiIdxW-1:0] owner;
  assign owner = ov_valid_q ? ov_adi_q : owner_rdata_i;

  always_comb begin
    rel_op_o = '0;
    if (cand_valid_q) begin
      rel_op_o.kind = ims_pkg::OpRelease;
      rel_op_o.tbl  = ims_pkg::TblEntry;
      rel_op_o.adi  = ims_pkg::AdiIdW'(owner);
      rel_op_o.idx  = ims_pkg::VecW'(cand_entry_q);
    end else begin
      rel_op_o.kind = ims_pkg::OpScan;
      rel_op_o.tbl  = ims_pkg::TblPba;
      rel_op_o.idx  = ims_pkg::VecW'(word_q);
    end
  end
  assign rel_valid_o = cand_valid_q || (sw_q == SwIssue);
  assign busy_o      = cand_valid_q || slot_valid_q || (sw_q != SwIdle);

  // Assertions
`ifndef SYNTHESIS
  initial assert (PendWords >= 2) else $error("ims_release: at least two pending words");
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    cand_valid_q && !rel_taken_i |=> cand_valid_q && $stable(cand_entry_q));
  always_ff @(posedge clk_i) begin
    if (rst_ni && scan_ack_i) assert (sw_q == SwWait) else $error("ims_release: scan result nobody asked for");
  end
`endif

endmodule
