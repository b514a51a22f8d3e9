// SPDX-License-Identifier: Apache-2.0
// ims_pipeline: the one path that reads the tables. Five stages that move
// together (a global stall, when the TLP output slice is full):
//   S0 (handshake cycle c): the ADI RAM is addressed with the op's ADI id;
//             the entry and pending RAM addresses are registered: a
//             request's (or view read's) entry index e = base + vector and
//             whether it lies in the table, from the BLOCK copy
//             (ims_adi_block_table), else the absolute entry the op names.
//   S1 (c+1): the ADI row arrives (registered as it is, no logic behind
//             it); a request's vector < size compare; base + size of an
//             absolute entry's block from the BLOCK
//             copy; entry RAM and pending RAM are addressed from S0's
//             flip-flops.
//   S2 (c+2): entry row and pending word arrive (the pending word through
//             one 2:1 multiplexer: the forwards of the writes since its
//             read; the entry row, RamOutReg, into the RAM's own output
//             register, which is S3's row); the global registers (enable,
//             mask, Requester ID, untagged window) are sampled as the op
//             enters S2; range check of non-request ops; the decision's
//             atoms are registered: the entry row's compares (!RamOutReg,
//             the small parts, whose RAM answers early), the rest from
//             flip-flops.
//   S3 (c+3): decide, from registered atoms that already hold the op's
//             validity and kind (RamOutReg: and the compares of the entry
//             row): send / make pending / drop; a
//             TLP is pushed into the output slice (ims_spill_register in
//             ims_top, so the TLP port is registered: valid at c+4).
//   S4 (c+4): commit, from flip-flops: pending word, owner, an ADI reset's
//             entry row, written as S4 moves on; the counters' and the fault
//             log's strobes, on the first edge after the op entered S4.
// The stages move whenever the slice has room (out_ready_i, a flip-flop
// output), so tlp_ready_i reaches nothing here. One op per cycle.
// Pending words are read-modify-written (read in S1, decided in S3, written
// as S4 moves on). The word an op decides on is the newest of: the write of
// the op in S4 (not yet done), the write on the edge it entered S3, the
// write on its read edge (the RAM promises nothing then) and the RAM's data.
module ims_pipeline #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  // The target's block RAM registers its read data itself (ims_top
  // RamOutReg). 1: S3's entry row is the entry RAM's output register
  // (ims_ram_sdp_oreg, enabled by entry_oce_o as the stages advance), and S3
  // makes the compares with the op's PASID, the untagged window and the
  // entry mask (S3 holds a copy of the window registers): the block RAM of
  // a larger part (ECP5 DP16KD, ~5.8 ns clock-to-output without its register)
  // leaves no time for logic, or even routing, behind its read data. 0: the
  // row arrives in S2 (ims_ram_sdp), S2 makes the compares (the window four
  // bits at a time, S3 finishes it): fewer logic levels in S3 and about 50
  // fewer flip-flops, for the small parts (iCE40), whose area and S3 depth
  // count.
  parameter bit          RamOutReg  = 1'b1,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis),
  localparam int unsigned PendAddrW = $clog2(NumEntries / ims_pkg::PendWordW),
  // A narrowed BLOCK word (ims_adi_block_table): per field {beyond[1:0],
  // low bits}, the field is at or above NumEntries iff a beyond flag is set.
  localparam int unsigned FieldW    = EntryIdxW + 2,
  localparam int unsigned BlkW      = 2 * FieldW
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // operation entering S0
  input  logic                   op_valid_i,
  input  ims_pkg::op_t           op_i,
  input  logic                   op_is_req_i,  // op_i is a request or satisfy op (the arbiter's select)
  /* verilator lint_off UNUSEDSIGNAL */
  input  ims_pkg::op_t           op_abs_i,     // op_i when it is not (chosen without the request's valid; S0 reads its table and index)
  /* verilator lint_on UNUSEDSIGNAL */
  output logic                   advance_o,
  // the request the op arbiter takes when op_i is a request (same ADI and
  // vector), read before the arbiter's choice
  input  logic [ims_pkg::AdiIdW-1:0] req_adi_i,
  input  logic [ims_pkg::VecW-1:0]   req_vec_i,
  // the host read waiting for a slot (a flip-flop): when it waits, it is the
  // op the arbiter offers, and no request is taken
  input  logic                   hr_valid_i,
  input  ims_pkg::op_t           hr_op_i,
  // a view read's ADI and vector, flip-flops of the host port (equal to
  // hr_op_i's when hr_op_i is a view read)
  input  logic [AdiIdxW-1:0]     hv_adi_i,
  input  logic [ims_pkg::VecW-1:0] hv_vec_i,
  // the ADI rows' BLOCK words ({size, base}, narrowed), read without a clock
  output logic [AdiIdxW-1:0]     blk_a_addr_o,
  input  logic [BlkW-1:0]        blk_a_i,
  output logic [AdiIdxW-1:0]     blk_b_addr_o,
  input  logic [BlkW-1:0]        blk_b_i,
  output logic [AdiIdxW-1:0]     blk_c_addr_o,
  input  logic [BlkW-1:0]        blk_c_i,
  // global configuration
  input  logic                   g_enable_i,
  input  logic                   g_mask_i,
  input  logic [15:0]            requester_id_i,
  input  logic [31:0]            untagged_base_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [31:0]            untagged_mask_i,  // bits 1:0 select no address bit
  /* verilator lint_on UNUSEDSIGNAL */
  // ADI RAM read port
  output logic                   adi_re_o,
  output logic [AdiIdxW-1:0]     adi_raddr_o,
  input  ims_pkg::adi_row_t      adi_rdata_i,
  // entry RAM read port
  output logic                   entry_re_o,
  output logic [EntryIdxW-1:0]   entry_raddr_o,
  // the read data: S2's row (RamOutReg = 0) or S3's, from the RAM's output
  // register, which takes the read on the edges with entry_oce_o
  input  ims_pkg::entry_row_t    entry_rdata_i,
  output logic                   entry_oce_o,
  // an entry read a host table write must wait for (ims_host_tables: any row)
  output logic                   entry_rd_o,
  // pending RAM
  output logic                   pend_re_o,
  output logic [PendAddrW-1:0]   pend_raddr_o,
  input  logic [31:0]            pend_rdata_i,
  output logic                   pend_we_o,
  output logic [PendAddrW-1:0]   pend_waddr_o,
  output logic [31:0]            pend_wdata_o,
  // owner RAM write port (the ADI whose request made the entry pending)
  output logic                   owner_we_o,
  output logic [EntryIdxW-1:0]   owner_waddr_o,
  output logic [AdiIdxW-1:0]     owner_wdata_o,
  // TLP out, into the output slice (a push: it never waits)
  output logic                   tlp_valid_o,
  input  logic                   out_ready_i,
  output ims_pkg::tlp_hdr_t      tlp_hdr_o,
  output logic [31:0]            tlp_data_o,
  output logic                   tlp_prfx_valid_o,  // the TLP carries a prefix (with tlp_valid_o)
  output logic [31:0]            tlp_prfx_o,
  // host read result (one-cycle pulse): the rows S2 holds
  output logic                   hr_ack_o,
  output ims_pkg::entry_row_t    hr_entry_o,
  output ims_pkg::adi_row_t      hr_adi_o,
  output logic [31:0]            hr_pend_word_o,
  output logic                   hr_pend_o,
  output logic                   hr_view_ok_o,
  output logic [EntryIdxW-1:0]   hr_entry_idx_o,
  // S3's entry, a flip-flop, for the release engine's owner snoops
  // (ims_release owner_next_waddr_i): it relies on this being the entry the
  // owner write of S4 names (owner_waddr_o) from the next advancing edge on
  // (s4_entry_q takes it on every advancing edge, and holds while the stages
  // stall), so it can compare a cycle ahead and register the result.
  output logic [EntryIdxW-1:0]   s3_entry_o,
  // an ADI reset op leaves stage 3: rewrite its entry (one-cycle pulse)
  output logic                   clr_fired_o,
  output logic [EntryIdxW-1:0]   clr_entry_o,
  // a sweep's pending word (one-cycle pulse)
  output logic                   scan_ack_o,
  output logic [31:0]            scan_word_o,
  // a release that named a stale owner did nothing: sweep once more
  output logic                   rel_stale_o,
  // what S3 decided, one strobe per op (from flip-flops) in its first cycle
  // in S4, and its fault record
  output ims_pkg::outcome_t      outcome_o,
  output logic                   fault_valid_o,
  output ims_pkg::fault_t        fault_o
);
  import ims_pkg::*;

  // S4's writes (declared here: S1 and S2 forward them)
  logic                 s4_pend_we_q, s4_owner_we_q, s4_fault_valid_q, s4_clr_q;
  logic [PendAddrW-1:0] s4_pend_addr_q;
  logic [31:0]          s4_pend_wdata_q;
  // S3's op and entry (declared here: S1 compares them with its own)
  /* verilator lint_off UNUSEDSIGNAL */
  ims_pkg::op_t         s3_op_q;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [EntryIdxW-1:0] s3_entry_q;

  // ---------------- S0 -> S1 ----------------
  logic s1_valid_q;
  logic s1_entry_rd_q;  // a valid op other than a host read (entry_rd_o)
  op_t  s1_op_q;

  // Only a valid op reads (a bubble's rows are never used): the table
  // writers wait for a row being read (ims_tables), not for a bubble.
  assign adi_re_o    = advance_o && op_valid_i;
  assign adi_raddr_o = op_i.adi[AdiIdxW-1:0];

  // The entry and pending RAM addresses are computed here and registered:
  // each address bit the RAMs see is one flip-flop (the entry RAM spreads
  // over the die, so its address must not wait behind logic). An indexed
  // op (request, satisfy, host read of an ADI view) addresses base + vector
  // and has its range check made here too, from the BLOCK copy:
  //   * a request: read at the request port's ADI (req_adi_i, req_vec_i:
  //     what op_i carries when it is a request), so the op arbiter's choice
  //     reaches only the last multiplexer into the flip-flops, and the ADI
  //     RAM's read data no adder at all;
  //   * a host read: computed a cycle ahead, in every cycle, from the host
  //     read the host port has decided on (hr_op_i), and registered
  //     (hv_*_q). ims_host_tables decides a read in the cycle before it
  //     offers it (hr_valid_i) from registered address bits, and holds it
  //     while it waits; it serves one access at a time, so no BLOCK write
  //     lands meanwhile (asserted below). The host port's decoding then
  //     reaches no adder on this path either.
  // Values at or above NumEntries are only flagged ("beyond"): base + vector
  // is then beyond the table too, and the low bits' sum carries out when
  // base + vector is beyond it, so EntryIdxW + 1 bits decide exactly.
  typedef struct packed {
    logic [EntryIdxW-1:0] entry;   // base + vector (low bits)
    logic                 vec_ok;  // vec < size (or the size is beyond the table)
    logic                 fits;    // base + vec in the table
  } ix_t;
  // The index and range check of (ADI, vector) from its narrowed BLOCK word.
  // vec < size, where it matters: a vector beyond the table fails fits, and
  // the two are only used together.
  function automatic ix_t index_of(logic [BlkW-1:0] blk, logic [VecW-1:0] vec);
    logic [EntryIdxW:0] sum;   // bit EntryIdxW: base + vector beyond the table
    sum           = {1'b0, blk[EntryIdxW-1:0]} + {1'b0, vec[EntryIdxW-1:0]};
    index_of.entry  = sum[EntryIdxW-1:0];
    index_of.vec_ok = (|blk[FieldW + EntryIdxW +: 2]) || (vec[EntryIdxW-1:0] < blk[FieldW +: EntryIdxW]);
    index_of.fits   = !(|blk[EntryIdxW +: 2]) && !(|vec[VecW-1:EntryIdxW]) && !sum[EntryIdxW];
  endfunction

  /* verilator lint_off UNUSEDSIGNAL */
  ix_t                  req_ix;  // (its vec_ok is not used: S1 compares a request's vector)
  /* verilator lint_on UNUSEDSIGNAL */
  ix_t                  hv_ix, hv_ix_q;
  logic                 s0_fits;  // the range check of an indexed op: base + vec in the table
  logic                 s0_indexed;  // the op names (ADI, vector)
  logic                 s0_req;      // the op is the request port's (request or satisfy)
  logic [EntryIdxW-1:0] s0_entry, s0_abs_entry;
  logic [PendAddrW-1:0] s0_pend_addr, s0_abs_pend_addr;
  logic                 s1_indexed_q, s1_ix_fits_q;
  // vec < size is compared in S1, from flip-flops: behind the BLOCK copy's
  // read and S0's adder it was the deepest path into S1. A view read's was
  // made a cycle ahead (hv_ix_q); a request's size is registered here.
  logic                 s1_hv_q, s1_hv_vec_ok_q, s1_req_size_beyond_q, s1_ix_vec_ok;
  logic [EntryIdxW-1:0] s1_req_size_q;
  logic [EntryIdxW-1:0] s1_entry_q;
  logic [PendAddrW-1:0] s1_pend_addr_q;
  assign blk_a_addr_o = req_adi_i[AdiIdxW-1:0];
  assign blk_c_addr_o = hv_adi_i;
  always_comb begin
    req_ix     = index_of(blk_a_i, req_vec_i);
    hv_ix      = index_of(blk_c_i, hv_vec_i);
    s0_fits    = hr_valid_i ? hv_ix_q.fits : req_ix.fits;
    s0_req     = op_is_req_i;
    // (op_i names the view only as the waiting host read: hr_valid_i)
    s0_indexed = s0_req || (hr_valid_i && hr_op_i.tbl == TblView);
    // Every op but a request addresses from flip-flops or its absolute
    // index: a view read only waits (hr_valid_i), with its index computed a
    // cycle ahead. The request's sum meets only the last multiplexer, whose
    // select is the op's kind.
    s0_abs_entry     = (op_abs_i.tbl == TblView) ? hv_ix_q.entry : op_abs_i.idx[EntryIdxW-1:0];
    // The pending word of a PBA read or a sweep's scan (idx), or of the entry.
    s0_abs_pend_addr = (op_abs_i.tbl == TblPba) ? op_abs_i.idx[PendAddrW-1:0]
                                                             : s0_abs_entry[EntryIdxW-1 -: PendAddrW];
    s0_entry     = s0_req ? req_ix.entry : s0_abs_entry;
    s0_pend_addr = s0_req ? req_ix.entry[EntryIdxW-1 -: PendAddrW] : s0_abs_pend_addr;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) hv_ix_q <= '0;
    else         hv_ix_q <= hv_ix;
  end

  // A release names the owner its engine looked up; a request just ahead of
  // it may make the entry pending for another ADI (owner written on the
  // edges the release enters S1, S2 or S3). Then the release does nothing:
  // the message is not that ADI's. The last such write decides. The owner
  // write of the edge the op enters S1 is registered with it and compared
  // in S1, so the op arbiter's output reaches no comparator.
  logic                 ow1_we_q;
  logic [EntryIdxW-1:0] ow1_addr_q;
  logic [AdiIdxW-1:0]   ow1_adi_q;
  logic s1_owner_moved, s2_owner_moved_d, s2_owner_moved_q;
  // The op in S4 against the one in S2 (the owner S4 may write now), compared
  // a stage early, as S3 and S1: they enter S4 and S2 on the same advancing
  // edge, and hold together while the stages stall.
  logic s2_s4_same_entry_q, s2_s4_adi_ne_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_valid_q      <= 1'b0;
      s1_entry_rd_q   <= 1'b0;
      s1_op_q         <= '0;
      s1_indexed_q    <= 1'b0;
      s1_entry_q      <= '0;
      s1_pend_addr_q  <= '0;
      s1_hv_q         <= 1'b0;
      s1_hv_vec_ok_q  <= 1'b0;
      s1_req_size_q   <= '0;
      s1_req_size_beyond_q <= 1'b0;
      s1_ix_fits_q    <= 1'b0;
      ow1_we_q        <= 1'b0;
      ow1_addr_q      <= '0;
      ow1_adi_q       <= '0;
    end else if (advance_o) begin
      s1_valid_q      <= op_valid_i;
      s1_entry_rd_q   <= op_valid_i && (op_i.kind != OpHostRead);
      s1_op_q         <= op_i;
      s1_indexed_q    <= s0_indexed;
      s1_entry_q      <= s0_entry;
      s1_pend_addr_q  <= s0_pend_addr;
      s1_hv_q         <= hr_valid_i;
      s1_hv_vec_ok_q  <= hv_ix_q.vec_ok;
      s1_req_size_q   <= blk_a_i[FieldW +: EntryIdxW];
      s1_req_size_beyond_q <= |blk_a_i[FieldW + EntryIdxW +: 2];
      s1_ix_fits_q    <= s0_fits;
      ow1_we_q        <= s4_owner_we_q;  // owner_we_o on this (advancing) edge
      ow1_addr_q      <= owner_waddr_o;
      ow1_adi_q       <= owner_wdata_o;
    end
  end

  // ---------------- S1 ----------------
  // An absolute entry's range check (base <= e < base + size) reads the
  // BLOCK copy here (its ADI is a flip-flop) and finishes in S2.
  logic [EntryIdxW-1:0] s1_base, s1_size;  // the low bits (narrowed BLOCK word)
  // base + size (the block's end), with its carry: S2's range compares then
  // start from flip-flops.
  logic [EntryIdxW:0]   s1_block_end;
  logic                 s1_unknown;
  assign blk_b_addr_o = s1_op_q.adi[AdiIdxW-1:0];
  assign s1_base      = blk_b_i[EntryIdxW-1:0];
  assign s1_size      = blk_b_i[FieldW +: EntryIdxW];

  always_comb begin
    s1_unknown     = (32'(s1_op_q.adi) >= NumAdis);
    s1_block_end   = {1'b0, s1_base} + {1'b0, s1_size};
    // (a request's vector is its op's index: asserted below)
    s1_ix_vec_ok   = s1_hv_q ? s1_hv_vec_ok_q
                             : (s1_req_size_beyond_q || (s1_op_q.idx[EntryIdxW-1:0] < s1_req_size_q));

    entry_re_o    = advance_o && s1_valid_q;
    entry_raddr_o = s1_entry_q;
    // A read a host entry write must not share an edge with (it waits for
    // any row: comparing rows would put the compare on this path). A host
    // read op is left out: the host port serves one access at a time, so no
    // host write lands while its read op is in S1 (ims_tables asserts it).
    // One gate on flip-flops (s1_entry_rd_q), as the host's RAM write
    // enables wait behind it.
    entry_rd_o     = advance_o && s1_entry_rd_q;
    pend_re_o      = advance_o;
    pend_raddr_o   = s1_pend_addr_q;
  end

  // The range check of an absolute entry is made in S2 from the BLOCK
  // word read here, in S1, while the ADI RAM read the op's row on the S0
  // edge. They agree: no writer writes a row on the edge S0 reads it, and
  // while S1 stalls the BLOCK word of an ADI that was enabled at S0 cannot
  // change (BLOCK is read-only while the ADI holds its block, and the hold
  // ends only when an ADI reset's ops have passed this stalled pipeline).
  // For an ADI not enabled at S0 the range is not used. Asserted below.

  // Owner writes since the op entered S1 (only a release uses the result,
  // and a release names its entry absolutely: idx).
  assign s1_owner_moved   = ow1_we_q && (ow1_addr_q == s1_op_q.idx[EntryIdxW-1:0])
                            && (ow1_adi_q != s1_op_q.adi[AdiIdxW-1:0]);
  // (Registered only on an advancing edge, where owner_we_o is s4_owner_we_q:
  // the stall does not reach these compares. Likewise fwd1_we_q.)
  assign s2_owner_moved_d = (s4_owner_we_q && (owner_waddr_o == s1_op_q.idx[EntryIdxW-1:0]))
                            ? (owner_wdata_o != s1_op_q.adi[AdiIdxW-1:0]) : s1_owner_moved;

  // ---------------- S1 -> S2 ----------------
  logic                 s2_valid_q;
  op_t                  s2_op_q;
  adi_row_t             s2_adi_q;
  logic [EntryIdxW-1:0] s2_entry_q;
  logic [PendAddrW-1:0] s2_pend_addr_q;
  logic                 s2_unknown_q, s2_indexed_q, s2_ix_in_range_q;
  logic [EntryIdxW-1:0] s2_base_q;             // the BLOCK word's base, narrowed
  logic                 s2_base_beyond_q, s2_size_beyond_q;
  logic [EntryIdxW:0]   s2_block_end_q;        // base + size (low bits)
  // The pending write on S2's read edge (the RAM promises nothing then),
  // registered; compared with S2's word address in S2, from flip-flops.
  logic                 fwd1_we_q, fwd1_hit;
  logic [PendAddrW-1:0] fwd1_addr_q;
  logic [31:0]          fwd1_data_q;
  // Global registers as they were when the op entered S2: a TLP waiting for
  // the sink must not change or vanish when the host rewrites them.
  logic                 g_enable_q, g_mask_q;
  logic [15:0]          requester_id_q;
  logic [31:2]          untagged_base_q, untagged_mask_q;  // the window compares address bits 31:2
  logic                 untagged_low_clear_q;  // the window's base has bits 1:0 clear

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s2_valid_q     <= 1'b0;
      s2_op_q        <= '0;
      s2_adi_q       <= '0;
      s2_entry_q     <= '0;
      s2_pend_addr_q <= '0;
      s2_unknown_q   <= 1'b0;
      s2_indexed_q   <= 1'b0;
      s2_ix_in_range_q <= 1'b0;
      s2_base_q      <= '0;
      s2_base_beyond_q <= 1'b0;
      s2_size_beyond_q <= 1'b0;
      s2_block_end_q <= '0;
      s2_owner_moved_q <= 1'b0;
      s2_s4_same_entry_q <= 1'b0;
      s2_s4_adi_ne_q     <= 1'b0;
      fwd1_we_q      <= 1'b0;
      fwd1_addr_q    <= '0;
      fwd1_data_q    <= '0;
      g_enable_q      <= 1'b0;
      g_mask_q        <= 1'b0;
      requester_id_q  <= '0;
      untagged_base_q <= '0;
      untagged_mask_q <= '0;
      untagged_low_clear_q <= 1'b1;
    end else if (advance_o) begin
      s2_valid_q     <= s1_valid_q;
      s2_op_q        <= s1_op_q;
      s2_adi_q       <= adi_rdata_i;  // the ADI RAM's read data, as it is
      s2_entry_q     <= s1_entry_q;
      s2_pend_addr_q <= s1_pend_addr_q;
      s2_unknown_q   <= s1_unknown;
      s2_indexed_q   <= s1_indexed_q;
      s2_ix_in_range_q <= s1_ix_vec_ok && s1_ix_fits_q;
      s2_base_q      <= s1_base;
      s2_base_beyond_q <= |blk_b_i[EntryIdxW +: 2];
      s2_size_beyond_q <= |blk_b_i[FieldW + EntryIdxW +: 2];
      s2_block_end_q <= s1_block_end;
      s2_owner_moved_q <= s2_owner_moved_d;
      s2_s4_same_entry_q <= (s3_entry_q == s1_entry_q);
      s2_s4_adi_ne_q     <= (s3_op_q.adi[AdiIdxW-1:0] != s1_op_q.adi[AdiIdxW-1:0]);
      fwd1_we_q      <= s4_pend_we_q;  // pend_we_o on this (advancing) edge
      fwd1_addr_q    <= pend_waddr_o;
      fwd1_data_q    <= pend_wdata_o;
      g_enable_q      <= g_enable_i;
      g_mask_q        <= g_mask_i;
      requester_id_q  <= requester_id_i;
      untagged_base_q <= untagged_base_i[31:2];
      untagged_mask_q <= untagged_mask_i[31:2];
      untagged_low_clear_q <= (untagged_base_i[1:0] == 2'b00);
    end
  end

  // ---------------- S2 ----------------
  // Range checks (spec: vec < size and base + vec < NumEntries for a
  // request or a view read; base <= e < base + size for an absolute entry),
  // from flip-flops.
  // Fields at or above NumEntries are only flagged (S0): an index beyond the
  // table is out of range, so is one behind a base beyond it, and a size
  // beyond it covers every entry from base on.
  logic [EntryIdxW-1:0] s2_idx;
  logic                 s2_idx_beyond;
  logic                 s2_in_range, s2_abs_in_range;  // s2_abs_in_range: an absolute entry's check
  always_comb begin
    s2_idx        = s2_op_q.idx[EntryIdxW-1:0];
    s2_idx_beyond = |s2_op_q.idx[VecW-1:EntryIdxW];
    s2_abs_in_range = !s2_idx_beyond && !s2_base_beyond_q && (s2_idx >= s2_base_q)
                      && (s2_size_beyond_q || ({1'b0, s2_idx} < s2_block_end_q));
    // A request's, satisfy op's or view read's check (vec < size, base +
    // vec in the table) is the same and was made in S0.
    s2_in_range = s2_indexed_q ? s2_ix_in_range_q : s2_abs_in_range;
  end

  // ---------------- S2 -> S3: the RAMs' read data, registered ----------------
  logic                 s3_valid_q;
  // S3 uses the op's kind, ADI, index and PASID; table and DWORD matter to
  // the host-read consumer, which reads the whole rows.
  adi_row_t             s3_adi_q;
  entry_row_t           s3_row_q;
  logic [PendAddrW-1:0] s3_pend_addr_q;
  logic [31:0]          s3_pend_word_q;
  // Whether the op ahead (in S4 while this one decides) is for the same
  // entry, the same pending word: compared one stage early, so S3's
  // forwards from S4 are one gate each.
  logic                 s3_same_entry_q, s3_same_word_q;
  logic                 s3_owner_moved_d;
  logic [15:0]          s3_requester_id_q;
  logic [31:0]          s2_pend_word, s2_fwd_word;
  logic                 s2_fwd_now, s2_fwd_any;
  // The decision's atoms, prepared in S2 so that S3 combines a handful of
  // registered bits: from flip-flops, or (!RamOutReg) the entry row's
  // compares. Each atom already
  // holds the op's validity and kind, so S3 selects rather than decodes.
  logic                 s3_adi_ok_q;     // known ADI, enabled, entry in its block
  // The drops that need no entry row (rules 1-4), decided here for S3
  logic                 s2_adi_ok, s2_req_adi_ok, s2_checked, s2_req_acc, s2_rel_fresh;
  logic                 s3_req_acc_q;       // a request of an enabled block that rule 2-4 accept
  logic                 s3_drop_disabled_q, s3_drop_unknown_q, s3_drop_adi_dis_q, s3_drop_oor_q;
  logic                 s3_masked_q;     // global, ADI or (!RamOutReg) entry mask
  logic [31:0]          s3_bit_sel_q;    // the op's bit in its pending word, one-hot
  logic                 s3_req_chk_q;    // an accepted request, the work carried a PASID, (!RamOutReg) the entry checks it
  // !RamOutReg: the entry row's compares, made in S2 (the small parts'
  // block RAM answers early in the cycle: on iCE40 its clock-to-output is
  // about 2 ns, so S2 reduces them whole and S3 meets two flip-flops)
  logic                 s3_pasid_all_eq_q;  // the entry's PASID is the op's
  logic                 s3_hi_ok_q;         // not guest-programmed, address bits 63:32 zero
  logic [7:0]           s3_win_q;           // inside the untagged window: address bits 2+4k..5+4k each
  logic                 s3_guest_q;      // an untagged ADI, (!RamOutReg) a guest-programmed entry (Jason's rule)
  logic                 s3_rel_q;        // a release
  logic                 s3_rel_fresh_q;  // a release whose owner no write since its look-up moved
  logic                 s3_rel_go_q;     // ... and it may send if unmasked: enabled, entry in the ADI's block
  logic                 s3_sat_ok_q, s3_clr_q, s3_host_read_q, s3_scan_q;
  // The entry row as S2 sees it: only where the RAM has no output register
  // (else the read data is S3's row; the S2 atoms that use it are then not
  // used either). Its data word is S3's only.
  /* verilator lint_off UNUSEDSIGNAL */
  entry_row_t           s2_row;
  /* verilator lint_on UNUSEDSIGNAL */
  logic                 s2_pasid_all_eq, s2_hi_ok;
  logic [29:0]          s2_win_bit;
  // RamOutReg: the window registers as the op entered S2, for S3's compare
  logic [31:2]          s3_untagged_base_q, s3_untagged_mask_q;
  logic                 s3_untagged_low_clear_q;

  // The compares of an entry row (S2's when !RamOutReg, else S3's).
  // The entry's PASID equals the op's, two bits each.
  function automatic logic [9:0] pasid_eq_parts(logic [19:0] row_pasid, logic [19:0] pasid);
    for (int unsigned k = 0; k < 10; k++)
      pasid_eq_parts[k] = (row_pasid[2*k +: 2] == pasid[2*k +: 2]);
  endfunction
  // The window's bits ANDed four at a time (two LUT levels behind the RAM).
  function automatic logic [7:0] and4_groups(logic [29:0] bits);
    logic [31:0] padded;
    padded = {2'b11, bits};
    for (int unsigned k = 0; k < 8; k++) and4_groups[k] = &padded[4*k +: 4];
  endfunction
  // Address bits 63:32 are zero, four bits each.
  function automatic logic [7:0] hi_zero_parts(logic [31:0] addr_hi);
    for (int unsigned k = 0; k < 8; k++)
      hi_zero_parts[k] = (addr_hi[4*k +: 4] == 4'h0);
  endfunction
  // Address bit 2+i is inside the untagged window (bit 0: and the base's
  // bits 1:0 are clear).
  function automatic logic [29:0] win_bit_parts(logic [31:2] addr, logic [31:2] mask, logic [31:2] base,
                                                logic low_clear);
    for (int unsigned i = 0; i < 30; i++)
      win_bit_parts[i] = ((addr[2+i] & mask[2+i]) == base[2+i]);
    win_bit_parts[0] = win_bit_parts[0] && low_clear;
  endfunction

  // The pending word as of S2: a write on this edge (the op leaving S4) is
  // newer than what the RAM read, and so is one on the read edge. (Both only
  // matter on an advancing edge, where s4_pend_we_q is the write.) The RAM's
  // data goes through one 2:1 multiplexer.
  assign s2_row   = RamOutReg ? '0 : entry_rdata_i;
  assign fwd1_hit = fwd1_we_q && (fwd1_addr_q == s2_pend_addr_q);
  always_comb begin
    s2_fwd_now   = s4_pend_we_q && (s4_pend_addr_q == s2_pend_addr_q);
    s2_fwd_any   = s2_fwd_now || fwd1_hit;
    s2_fwd_word  = s2_fwd_now ? s4_pend_wdata_q : fwd1_data_q;
    s2_pend_word = s2_fwd_any ? s2_fwd_word : pend_rdata_i;
  end
  assign s3_owner_moved_d = (s4_owner_we_q && s2_s4_same_entry_q) ? s2_s4_adi_ne_q : s2_owner_moved_q;

  always_comb begin
    s2_adi_ok  = !s2_unknown_q && s2_adi_q.enable && s2_in_range;
    // Requests and satisfy ops have their range check from S0
    // (s2_ix_in_range_q), so the S2 compares reach only other ops' atoms.
    s2_req_adi_ok = !s2_unknown_q && s2_adi_q.enable && s2_ix_in_range_q;
    // Rules 2-4 apply to requests (once enabled) and to satisfy ops.
    s2_checked = s2_valid_q && ((s2_op_q.kind == OpRequest && g_enable_q) || s2_op_q.kind == OpSatisfy);
    s2_req_acc = s2_valid_q && (s2_op_q.kind == OpRequest) && g_enable_q && s2_req_adi_ok;
    s2_rel_fresh = s2_valid_q && (s2_op_q.kind == OpRelease) && !s3_owner_moved_d;
    s2_pasid_all_eq = &pasid_eq_parts(s2_row.ctrl[12 +: 20], s2_op_q.pasid);
    s2_hi_ok        = !s2_row.ctrl[EntryCtrlGpBit] && (&hi_zero_parts(s2_row.addr_hi));
    s2_win_bit      = win_bit_parts(s2_row.addr_lo[31:2], untagged_mask_q, untagged_base_q, untagged_low_clear_q);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s3_valid_q         <= 1'b0;
      s3_op_q            <= '0;
      s3_adi_q           <= '0;
      s3_entry_q         <= '0;
      s3_pend_addr_q     <= '0;
      s3_pend_word_q     <= '0;
      s3_same_entry_q    <= 1'b0;
      s3_same_word_q     <= 1'b0;
      s3_requester_id_q  <= '0;
      s3_adi_ok_q        <= 1'b0;
      s3_req_acc_q       <= 1'b0;
      s3_drop_disabled_q <= 1'b0;
      s3_drop_unknown_q  <= 1'b0;
      s3_drop_adi_dis_q  <= 1'b0;
      s3_drop_oor_q      <= 1'b0;
      s3_masked_q        <= 1'b0;
      s3_bit_sel_q       <= '0;
      s3_req_chk_q       <= 1'b0;
      s3_guest_q         <= 1'b0;
      s3_rel_q           <= 1'b0;
      s3_rel_fresh_q     <= 1'b0;
      s3_rel_go_q        <= 1'b0;
      s3_sat_ok_q        <= 1'b0;
      s3_clr_q           <= 1'b0;
      s3_host_read_q     <= 1'b0;
      s3_scan_q          <= 1'b0;
    end else if (advance_o) begin
      s3_valid_q         <= s2_valid_q;
      s3_op_q            <= s2_op_q;
      s3_adi_q           <= s2_adi_q;
      s3_entry_q         <= s2_entry_q;
      s3_pend_addr_q     <= s2_pend_addr_q;
      s3_pend_word_q     <= s2_pend_word;
      s3_same_entry_q    <= (s3_entry_q == s2_entry_q);
      s3_same_word_q     <= (s3_pend_addr_q == s2_pend_addr_q);
      s3_requester_id_q  <= requester_id_q;
      s3_adi_ok_q        <= s2_adi_ok;
      s3_req_acc_q       <= s2_req_acc;
      s3_drop_disabled_q <= s2_valid_q && (s2_op_q.kind == OpRequest) && !g_enable_q;
      s3_drop_unknown_q  <= s2_checked && s2_unknown_q;
      s3_drop_adi_dis_q  <= s2_checked && !s2_unknown_q && !s2_adi_q.enable;
      s3_drop_oor_q      <= s2_checked && !s2_unknown_q && s2_adi_q.enable && !s2_ix_in_range_q;
      // (RamOutReg: the entry's bits join these in S3.)
      s3_masked_q        <= g_mask_q || s2_adi_q.mask || (!RamOutReg && s2_row.ctrl[EntryCtrlMaskBit]);
      s3_bit_sel_q       <= 32'(1) << s2_entry_q[4:0];
      s3_req_chk_q       <= s2_req_acc && s2_op_q.pasid_valid
                            && (RamOutReg || s2_row.ctrl[EntryCtrlPasidChkBit]);
      s3_guest_q         <= !s2_adi_q.pasid_en && (RamOutReg || s2_row.ctrl[EntryCtrlGpBit]);
      s3_rel_q           <= s2_valid_q && (s2_op_q.kind == OpRelease);
      s3_rel_fresh_q     <= s2_rel_fresh;
      // (A release names its entry absolutely, TblEntry: asserted below.)
      // The masks are left to S3 (s3_masked_q): the entry RAM's read data
      // reaches this flip-flop through no logic at all.
      s3_rel_go_q        <= s2_rel_fresh && g_enable_q && !s2_unknown_q && s2_adi_q.enable
                            && s2_abs_in_range;
      s3_sat_ok_q        <= s2_valid_q && (s2_op_q.kind == OpSatisfy) && s2_req_adi_ok;
      s3_clr_q           <= s2_valid_q && (s2_op_q.kind == OpReset);
      s3_host_read_q     <= s2_valid_q && (s2_op_q.kind == OpHostRead);
      s3_scan_q          <= s2_valid_q && (s2_op_q.kind == OpScan);
    end
  end

  // S3's entry row is payload, registered straight from the RAM as the
  // stages advance (not reset): in the RAM's own output register
  // (RamOutReg), else here.
  assign entry_oce_o = advance_o;
  if (RamOutReg) begin : g_row_in_ram
    assign s3_row_q = entry_rdata_i;
  end else begin : g_row_reg
    always_ff @(posedge clk_i) if (advance_o) s3_row_q <= entry_rdata_i;
  end

  // The row's compares (S2's), or the window registers S3 compares with.
  // Only one of the two sets is used (RamOutReg); synthesis drops the other.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s3_pasid_all_eq_q       <= 1'b0;
      s3_hi_ok_q              <= 1'b0;
      s3_win_q                <= '0;
      s3_untagged_base_q      <= '0;
      s3_untagged_mask_q      <= '0;
      s3_untagged_low_clear_q <= 1'b1;
    end else if (advance_o) begin
      s3_pasid_all_eq_q       <= s2_pasid_all_eq;
      s3_hi_ok_q              <= s2_hi_ok;
      s3_win_q                <= and4_groups(s2_win_bit);
      s3_untagged_base_q      <= untagged_base_q;
      s3_untagged_mask_q      <= untagged_mask_q;
      s3_untagged_low_clear_q <= untagged_low_clear_q;
    end
  end

  // ---------------- S3: decide ----------------
  // Validity and kind are in the atoms (S2), so the decision is a few gates
  // on registers: the PASID compare and the pending bit select finish here
  // (two and three LUT levels), the untagged window (three) meets the
  // outcome last. The writes S4 commits (enabled by advance_o) are decided
  // without the stall; the one-cycle reports (outcome, fault valid) and the
  // hand-shakes out of S3 take it (fire).
  entry_row_t  s3_row;
  logic [31:0] s3_pend_word, s3_addr_dw, s3_pasid_val;
  logic        s3_pend_bit, pasid_all_eq, pasid_drop, early_drop;
  logic        s3_masked, s3_req_chk, s3_guest;
  logic        in_window;
  logic        is_rel, rel_go, rel_send, go_req, make_pending, sendable, untagged_ok, send;
  logic        value_is_addr, pend_fwd, pend_raw;
  logic        fire;
  // S3's decision, committed by S4
  logic        p3_pend_we, p3_fault_valid;
  logic        rel_stale, rel_stale_q;  // a release named a stale owner
  logic [31:0] p3_pend_wdata;
  outcome_t    p3_outcome;
  fault_t      p3_fault;
  logic                 s4_pend_bit_q;  // what the op in S4 writes to its own bit
  logic [AdiIdxW-1:0]   s4_owner_adi_q;
  logic [EntryIdxW-1:0] s4_entry_q;
  outcome_t             s4_outcome_q;
  fault_t               s4_fault_q;

  always_comb begin
    s3_row         = s3_row_q;
    // The op in S4 has not written its word yet.
    s3_pend_word   = (s4_pend_we_q && s3_same_word_q) ? s4_pend_wdata_q : s3_pend_word_q;
    // The op in S4 came just before this one and read the same word state,
    // so of its write only its own bit can differ from s3_pend_word_q.
    pend_fwd       = s4_pend_we_q && s3_same_entry_q;
    pend_raw       = |(s3_pend_word_q & s3_bit_sel_q);
    s3_pend_bit    = pend_fwd ? s4_pend_bit_q : pend_raw;
    // DSA-style check: only when the entry asks for it and the work carried
    // a PASID (s3_req_chk_q: an accepted request's only).
    // The atoms that read the entry row: from S2 or, RamOutReg, compared
    // here from the registered row.
    s3_masked      = s3_masked_q || (RamOutReg && s3_row.ctrl[EntryCtrlMaskBit]);
    s3_req_chk     = s3_req_chk_q && (!RamOutReg || s3_row.ctrl[EntryCtrlPasidChkBit]);
    s3_guest       = s3_guest_q && (!RamOutReg || s3_row.ctrl[EntryCtrlGpBit]);
    pasid_all_eq   = RamOutReg ? &pasid_eq_parts(s3_row.ctrl[12 +: 20], s3_op_q.pasid) : s3_pasid_all_eq_q;
    pasid_drop     = s3_req_chk && !pasid_all_eq;
    // Untagged interrupts only to the window (tagged ones the IOMMU checks):
    // address bits 63:32 zero and ({addr_lo[31:2], 2'b00} & mask) == base;
    // Jason's rule: an entry a guest programmed never leaves untagged.
    in_window      = RamOutReg ? (!s3_row.ctrl[EntryCtrlGpBit] && (&hi_zero_parts(s3_row.addr_hi))
                                  && (&win_bit_parts(s3_row.addr_lo[31:2], s3_untagged_mask_q,
                                                     s3_untagged_base_q, s3_untagged_low_clear_q)))
                               : (s3_hi_ok_q && (&s3_win_q));
    untagged_ok    = s3_adi_q.pasid_en || in_window;
    s3_addr_dw     = {s3_row.addr_lo[31:2], 2'b00};

    // A release does nothing when the owner moved on since its engine
    // looked it up: written on the edges it entered S1, S2, S3 (in
    // s3_rel_fresh_q). An owner the op in S4 is about to write needs no
    // check: that op is a request which found the entry masked a cycle ago,
    // for an ADI whose block holds the entry, so the release names an ADI
    // that cannot send it (a reset ends a hold, held blocks never overlap)
    // and the unmask that makes the message deliverable starts its own
    // release (docs/theory-of-operation.md, "A release carries the owner").
    is_rel        = s3_rel_fresh_q;
    // A deliverable release (unmasked: global, ADI and entry mask) sends if
    // its pending bit is set.
    rel_go        = s3_rel_go_q && !s3_masked;
    rel_send      = rel_go && s3_pend_bit;
    go_req        = s3_req_acc_q && !s3_masked && !pasid_drop;
    make_pending  = s3_req_acc_q && s3_masked && !pasid_drop;
    sendable      = go_req || rel_send;
    send          = sendable && untagged_ok;

    advance_o = out_ready_i;
    fire      = s3_valid_q && advance_o;

    // Every op that sends, makes pending, would have sent but for the
    // window (its bit clears: the message is dropped), is satisfied or
    // resets its entry writes its pending word.
    p3_pend_we    = sendable || make_pending || s3_sat_ok_q || s3_clr_q;
    // The op's own bit becomes make_pending (the one-hot select is a register).
    p3_pend_wdata = (s3_pend_word & ~s3_bit_sel_q) | (make_pending ? s3_bit_sel_q : 32'h0);

    early_drop                   = s3_drop_unknown_q || s3_drop_adi_dis_q || s3_drop_oor_q;
    p3_outcome                   = '0;
    p3_outcome.sent              = fire && send;
    p3_outcome.pending           = fire && make_pending;
    p3_outcome.drop_disabled     = fire && s3_drop_disabled_q;
    p3_outcome.drop_unknown_adi  = fire && s3_drop_unknown_q;
    p3_outcome.drop_adi_disabled = fire && s3_drop_adi_dis_q;
    p3_outcome.drop_out_of_range = fire && s3_drop_oor_q;
    p3_outcome.satisfied         = fire && s3_sat_ok_q;
    p3_outcome.drop_pasid_check  = fire && pasid_drop;
    p3_outcome.drop_window       = fire && sendable && !untagged_ok;
    p3_fault_valid  = fire && (early_drop || pasid_drop || (sendable && !untagged_ok));

    // The fault record is read only with its valid strobe, so it is built
    // as if the op dropped: the drops are exclusive, an early drop (rules
    // 2-4) carries its reason in its atom, else a PASID check drop, else
    // the untagged drop, a guest's entry or the window. No send decision
    // reaches it.
    p3_fault        = '0;
    p3_fault.adi    = s3_op_q.adi;
    p3_fault.index  = s3_op_q.idx;  // the vector (request) or the entry (release)
    p3_fault.reason = fault_reason_e'(
                        (s3_drop_unknown_q ? FaultUnknownAdi  : FaultNone)
                      | (s3_drop_adi_dis_q ? FaultAdiDisabled : FaultNone)
                      | (s3_drop_oor_q     ? FaultOutOfRange  : FaultNone)
                      | ((!early_drop && pasid_drop) ? FaultPasidCheck : FaultNone)
                      | ((!early_drop && !pasid_drop && s3_guest)  ? FaultGuestUntagged : FaultNone)
                      | ((!early_drop && !pasid_drop && !s3_guest) ? FaultWindow        : FaultNone));
    // An untagged drop (of a request past rules 1-5, or a release) records
    // the address, the others the PASID the work carried (0 if none).
    value_is_addr   = !early_drop && !pasid_drop;
    s3_pasid_val    = s3_op_q.pasid_valid ? 32'(s3_op_q.pasid) : 32'h0;
    p3_fault.value  = value_is_addr ? s3_addr_dw : s3_pasid_val;

    hr_ack_o       = fire && s3_host_read_q;  // once, as it leaves S3
    hr_entry_o     = s3_row;
    hr_adi_o       = s3_adi_q;
    hr_pend_word_o = s3_pend_word;
    hr_pend_o      = s3_pend_bit;
    hr_view_ok_o   = s3_adi_ok_q;
    hr_entry_idx_o = s3_entry_q;
    s3_entry_o     = s3_entry_q;
    scan_ack_o     = fire && s3_scan_q;
    scan_word_o    = s3_pend_word;
    // The engine looked the owner up before a request ahead of the release
    // wrote it (an owner left by a block's previous holder, since a reset
    // does not clear the owner RAM): the release did nothing, and the
    // message it was for may already be unmasked. A sweep finds it again,
    // with the owner written by then.
    rel_stale      = fire && s3_rel_q && !is_rel;
  end

  // A rare event: registered, so the decision does not reach the release
  // engine's sweep logic in the same clock period.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rel_stale_q <= 1'b0;
    else         rel_stale_q <= rel_stale;
  end
  assign rel_stale_o = rel_stale_q;

  // ---------------- S4: commit ----------------
  // What S3 decided is written one stage later, from flip-flops: the pending
  // and owner RAMs, an ADI reset's entry row, the counters and the fault log.
  // S4 moves with the other stages: the table writes land on the edge it is
  // reloaded; until then S3 reads its pending word through the forward
  // above, and a release in S3 sees an owner the op in S4 is about to write.
  // The report (outcome for the counters, fault record for the log) is a
  // one-cycle strobe straight from flip-flops: it lands on the first edge
  // after the op entered S4, stall or not (with the stages moving, the
  // edge it leaves S4), so the global stall reaches neither the counters
  // nor the fault log.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s4_pend_we_q     <= 1'b0;
      s4_pend_addr_q   <= '0;
      s4_pend_wdata_q  <= '0;
      s4_pend_bit_q    <= 1'b0;
      s4_owner_we_q    <= 1'b0;
      s4_owner_adi_q   <= '0;
      s4_entry_q       <= '0;
      s4_fault_q       <= '0;
      s4_clr_q         <= 1'b0;
    end else if (advance_o) begin
      s4_pend_we_q     <= p3_pend_we;
      s4_pend_addr_q   <= s3_pend_addr_q;
      s4_pend_wdata_q  <= p3_pend_wdata;
      s4_pend_bit_q    <= make_pending;
      s4_owner_we_q    <= make_pending;
      s4_owner_adi_q   <= s3_op_q.adi[AdiIdxW-1:0];
      s4_entry_q       <= s3_entry_q;
      s4_fault_q       <= p3_fault;
      s4_clr_q         <= s3_clr_q;
    end
  end

  // Every cycle: p3_outcome and p3_fault_valid are 0 unless the op leaves S3
  // on this edge (fire), so each op's report is up for exactly one cycle.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s4_outcome_q     <= '0;
      s4_fault_valid_q <= 1'b0;
    end else begin
      s4_outcome_q     <= p3_outcome;
      s4_fault_valid_q <= p3_fault_valid;
    end
  end

  always_comb begin
    pend_we_o     = advance_o && s4_pend_we_q;
    pend_waddr_o  = s4_pend_addr_q;
    pend_wdata_o  = s4_pend_wdata_q;
    owner_we_o    = advance_o && s4_owner_we_q;
    owner_waddr_o = s4_entry_q;
    owner_wdata_o = s4_owner_adi_q;
    clr_fired_o   = advance_o && s4_clr_q;
    clr_entry_o   = s4_entry_q;
    outcome_o     = s4_outcome_q;
    fault_valid_o = s4_fault_valid_q;
    fault_o       = s4_fault_q;
  end

  logic s3_prfx;  // the op in stage 3 is of a tagged ADI

  ims_tlp_format u_tlp_format (
    .tagged_i       (s3_adi_q.pasid_en),
    .pmr_i          (s3_adi_q.pmr),
    .er_i           (s3_adi_q.er),
    .pasid_i        (s3_adi_q.pasid),
    .tc_i           (s3_adi_q.tc),
    .requester_id_i (s3_adi_q.rid_en ? s3_adi_q.rid : s3_requester_id_q),
    .addr_lo_i      (s3_row.addr_lo),
    .addr_hi_i      (s3_row.addr_hi),
    .hdr_o          (tlp_hdr_o),
    .prfx_valid_o   (s3_prfx),
    .prfx_o         (tlp_prfx_o)
  );

  // The slice takes the TLP on an advancing edge (it is ready then), so the
  // stall need not reach this valid.
  assign tlp_valid_o = send;
  // "This TLP carries a prefix": meaningful only with tlp_valid_o (ims_top
  // ANDs the two at the port), so the decision does not reach it.
  assign tlp_prfx_valid_o = s3_prfx;
  assign tlp_data_o  = s3_row.data;

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (NumEntries >= 64 && (NumEntries & (NumEntries - 1)) == 0 && NumEntries <= 16384)
      else $error("ims_pipeline: NumEntries must be a power of two in 64..16384 (the pending RAM needs two words)");
    assert (NumAdis >= 2 && (NumAdis & (NumAdis - 1)) == 0 && NumAdis <= 1024)
      else $error("ims_pipeline: NumAdis must be a power of two in 2..1024");
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert ($onehot0(p3_outcome)) else $error("ims_pipeline: more than one outcome for one op");
      // S1's BLOCK word is the one the ADI RAM read (see S1).
      if (s1_valid_q && !$past(advance_o) && adi_rdata_i.enable)
        assert (blk_b_i == $past(blk_b_i))
          else $error("ims_pipeline: an enabled ADI's BLOCK word changed under a stalled S1 op");
      // A report strobe while the stages stand still is that of the op whose
      // TLP filled the output slice: only "sent" (CNT_SENT counts at the
      // sink), so no counter or fault record lands earlier than it would
      // have on the edge the op leaves S4.
      if (!advance_o)
        assert (!s4_fault_valid_q && (s4_outcome_q == '0 || s4_outcome_q == outcome_t'{sent: 1'b1, default: 1'b0}))
          else $error("ims_pipeline: a counted report while the pipeline stalls");
      if (s4_owner_we_q)
        assert (s2_s4_same_entry_q == (owner_waddr_o == s2_entry_q)
                && s2_s4_adi_ne_q == (owner_wdata_o != s2_op_q.adi[AdiIdxW-1:0]))
          else $error("ims_pipeline: the S4/S2 owner compare made in S1 is stale");
      if (op_valid_i && op_i.kind == OpRelease)
        assert (op_i.tbl == TblEntry) else $error("ims_pipeline: a release that does not name its entry absolutely");
      // S0's index is computed from the request port or the waiting host
      // read, not from op_i.
      if (op_valid_i && advance_o && (op_i.kind == OpRequest || op_i.kind == OpSatisfy))
        assert (!hr_valid_i && op_i.adi == req_adi_i && op_i.idx == req_vec_i)
          else $error("ims_pipeline: a request op that is not the request port's request");
      if (hr_valid_i)
        assert (op_i == hr_op_i) else $error("ims_pipeline: a host read waits but is not the op offered");
      // S0 takes a view read's index from hv_ix_q whenever an op names the view.
      if (op_valid_i && op_i.tbl == TblView)
        assert (hr_valid_i) else $error("ims_pipeline: a view op that is not the waiting host read");
      // A waiting view read's index, computed a cycle ahead, is still its own.
      if (hr_valid_i && hr_op_i.tbl == TblView)
        assert (hv_adi_i == hr_op_i.adi[AdiIdxW-1:0] && hv_vec_i == hr_op_i.idx)
          else $error("ims_pipeline: the view read's raw ADI/vector are not its op's");
      if (hr_valid_i && hr_op_i.tbl == TblView)
        assert (hv_ix_q == hv_ix) else $error("ims_pipeline: a view read's op or BLOCK word changed as it was offered");
      if (tlp_valid_o) assert (tlp_hdr_o.length == 10'd1 && tlp_hdr_o.first_be == 4'hF
                               && tlp_hdr_o.last_be == 4'h0 && !tlp_hdr_o.attr_ro && !tlp_hdr_o.attr_ns)
        else $error("ims_pipeline: malformed interrupt TLP");
    end
  end
`endif

endmodule
