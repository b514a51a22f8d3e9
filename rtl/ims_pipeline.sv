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
//             read; the entry row into a register, RamOutReg: the RAM's
//             own output register, which is S3's row); the global
//             registers (enable, mask, Requester ID, untagged window) are
//             sampled as the op enters S2; range check of non-request ops;
//             the decision's atoms that need no entry row are registered.
//   S3 (c+3): the entry row meets at most two LUT levels: its compares
//             with the op's PASID, the untagged window and zero, reduced to
//             a handful of bits for S4; the TLP, if the op may send, is
//             pushed into the output slice as its fields (ims_spill_register
//             and ims_tlp_format in ims_top: valid at c+4).
//   S4 (c+4): decide, from flip-flops: send / make pending / drop. The
//             slice keeps the TLP S3 pushed only if it is sent
//             (tlp_keep_o). Commit: pending word, owner, an ADI reset's
//             entry row, written as S4 moves on; the counters' and the
//             fault log's strobes in the op's first cycle in S4.
// The stages move whenever the slice has room (out_ready_i, a flip-flop
// output), so tlp_ready_i reaches nothing here. One op per cycle.
// Pending words are read-modify-written (read in S1, written as S4 moves
// on). The word an op decides on is the newest of: the write of the op in
// S4 (not yet done), the write on the edge it entered S3, the write on its
// read edge (the RAM promises nothing then) and the RAM's data.
module ims_pipeline #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  // The target's block RAM registers its read data itself (ims_top
  // RamOutReg). 1: S3's entry row is the entry RAM's output register
  // (ims_ram_sdp_oreg, enabled by ram_oce_o as the stages advance), and so
  // are S2's ADI row and S3's raw pending word: the
  // block RAM of a larger part (ECP5 DP16KD, ~5.8 ns clock-to-output
  // without its register) leaves no time for logic, or even routing,
  // behind its read data. 0: the row is registered in the fabric (the small
  // parts, iCE40, whose block RAM answers early and has no output
  // register). The stages are the same either way.
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
  // register, which takes the read on the edges with ram_oce_o
  input  ims_pkg::entry_row_t    entry_rdata_i,
  // RamOutReg: the output registers of the entry, ADI and pending RAMs
  // take their reads (the stages advance)
  output logic                   ram_oce_o,
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
  // The owner write S4 has due, for the release engine's snoops: up while
  // the op that makes its entry pending is in S4, and it lands on the next
  // edge the stages move (owner_we_o is it, gated by the stall).
  output logic                   owner_due_o,
  // The entry S4 holds from the next edge on (S3's if the stages move, else
  // S4's own): the release engine compares it a cycle ahead with its
  // registers, so a due write's compare is a flip-flop there.
  output logic [EntryIdxW-1:0]   owner_next_waddr_o,
  // TLP out, into the output slice (a push: it never waits). S3 pushes
  // every TLP that may be sent; S4 says, from the next cycle on, whether it
  // stands (tlp_keep_o, steady while S4 holds it).
  output logic                   tlp_valid_o,
  input  logic                   out_ready_i,
  output ims_pkg::tlp_desc_t     tlp_o,
  output logic                   tlp_keep_o,
  // host read result (one-cycle pulse): the rows S2 holds
  output logic                   hr_ack_o,
  output ims_pkg::entry_row_t    hr_entry_o,
  output ims_pkg::adi_row_t      hr_adi_o,
  output logic [31:0]            hr_pend_word_o,
  output logic                   hr_pend_o,
  output logic                   hr_view_ok_o,
  output logic [EntryIdxW-1:0]   hr_entry_idx_o,
  // an ADI reset op leaves stage 4 on this edge: rewrite its entry (a
  // flip-flop: such an op is never stalled, asserted below)
  output logic                   clr_fired_o,
  output logic [EntryIdxW-1:0]   clr_entry_o,
  // a sweep's pending word (one-cycle pulse)
  output logic                   scan_ack_o,
  output logic [31:0]            scan_word_o,
  // a release that named a stale owner did nothing: sweep once more
  output logic                   rel_stale_o,
  // what the op came to, one strobe per op in its first cycle in S4, and
  // its fault record
  output ims_pkg::outcome_t      outcome_o,
  output logic                   fault_valid_o,
  output ims_pkg::fault_t        fault_o
);
  import ims_pkg::*;

  // S4's writes (declared here: S1 and S2 forward them)
  logic                 s4_pend_we_q, s4_owner_we, s4_clr_q;
  logic [PendAddrW-1:0] s4_pend_addr_q;
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

  // The entry and pending RAM addresses are computed here and registered
  // in two sets, a request's and every other op's, picked in S1 by a
  // flip-flop: each address bit the RAMs see is one multiplexer on
  // flip-flops (the entry RAM spreads over the die, so its address must
  // not wait behind logic), and a request's sum, behind the BLOCK copy's
  // read, ends in a flip-flop with no multiplexer after it. An indexed
  // op (request, satisfy, host read of an ADI view) addresses base + vector
  // and has its range check made here too, from the BLOCK copy:
  //   * a request: read at the request port's ADI (req_adi_i, req_vec_i:
  //     what op_i carries when it is a request), so the op arbiter's choice
  //     reaches only the last multiplexer into the flip-flops, and the ADI
  //     RAM's read data no adder at all;
  //   * a host read: computed ahead, in every cycle, from the view
  //     address the host port holds (hv_adi_i, hv_vec_i: address
  //     flip-flops), in two registered steps: the BLOCK copy's read
  //     (hv_blk_q), then the sum and checks (hv_ix_q). The address is
  //     registered three cycles before the read is offered (hr_valid_i:
  //     the AXI slave's decode and issue cycles, the host port's decide
  //     cycle), and held while it waits; the port serves one access at a
  //     time, so no BLOCK write lands meanwhile (asserted below). Neither
  //     the address's fan-out into the BLOCK copy nor the copy's read
  //     shares a period with the adder.
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
  logic [BlkW-1:0]      hv_blk_q;  // the view's BLOCK word, a cycle ahead of hv_ix_q
  logic                 s0_indexed;  // the op names (ADI, vector)
  logic                 s0_req;      // the op is the request port's (request or satisfy)
  logic [EntryIdxW-1:0] s0_abs_entry;
  logic [PendAddrW-1:0] s0_abs_pend_addr;
  logic                 s1_indexed_q;
  // S1's addresses and range check: a request's (s1_req_*) or another op's
  // (s1_abs_*, s1_hv_fits_q), picked by s1_req_q.
  logic                 s1_req_q, s1_req_fits_q, s1_hv_fits_q, s1_ix_fits;
  logic [EntryIdxW-1:0] s1_req_entry_q, s1_abs_entry_q, s1_entry;
  logic [PendAddrW-1:0] s1_abs_pend_addr_q, s1_pend_addr;
  // vec < size is compared in S1, from flip-flops: behind the BLOCK copy's
  // read and S0's adder it was the deepest path into S1. A view read's was
  // made a cycle ahead (hv_ix_q); a request's size is registered here.
  logic                 s1_hv_q, s1_hv_vec_ok_q, s1_req_size_beyond_q, s1_ix_vec_ok;
  logic [EntryIdxW-1:0] s1_req_size_q;
  assign blk_a_addr_o = req_adi_i[AdiIdxW-1:0];
  assign blk_c_addr_o = hv_adi_i;
  always_comb begin
    req_ix     = index_of(blk_a_i, req_vec_i);
    hv_ix      = index_of(hv_blk_q, hv_vec_i);
    s0_req     = op_is_req_i;
    // (op_i names the view only as the waiting host read: hr_valid_i)
    s0_indexed = s0_req || (hr_valid_i && hr_op_i.tbl == TblView);
    // Every op but a request addresses from flip-flops or its absolute
    // index: a view read only waits (hr_valid_i), with its index computed
    // ahead.
    s0_abs_entry     = (op_abs_i.tbl == TblView) ? hv_ix_q.entry : op_abs_i.idx[EntryIdxW-1:0];
    // The pending word of a PBA read or a sweep's scan (idx), or of the entry.
    s0_abs_pend_addr = (op_abs_i.tbl == TblPba) ? op_abs_i.idx[PendAddrW-1:0]
                                                             : s0_abs_entry[EntryIdxW-1 -: PendAddrW];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hv_blk_q <= '0;
      hv_ix_q  <= '0;
    end else begin
      hv_blk_q <= blk_c_i;
      hv_ix_q  <= hv_ix;
    end
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
      s1_req_q        <= 1'b0;
      s1_req_entry_q  <= '0;
      s1_abs_entry_q  <= '0;
      s1_abs_pend_addr_q <= '0;
      s1_hv_q         <= 1'b0;
      s1_hv_vec_ok_q  <= 1'b0;
      s1_req_size_q   <= '0;
      s1_req_size_beyond_q <= 1'b0;
      s1_req_fits_q   <= 1'b0;
      s1_hv_fits_q    <= 1'b0;
      ow1_we_q        <= 1'b0;
      ow1_addr_q      <= '0;
      ow1_adi_q       <= '0;
    end else if (advance_o) begin
      s1_valid_q      <= op_valid_i;
      s1_entry_rd_q   <= op_valid_i && (op_i.kind != OpHostRead);
      s1_op_q         <= op_i;
      s1_indexed_q    <= s0_indexed;
      s1_req_q        <= s0_req;
      s1_req_entry_q  <= req_ix.entry;
      s1_abs_entry_q  <= s0_abs_entry;
      s1_abs_pend_addr_q <= s0_abs_pend_addr;
      s1_hv_q         <= hr_valid_i;
      s1_hv_vec_ok_q  <= hv_ix_q.vec_ok;
      s1_req_size_q   <= blk_a_i[FieldW +: EntryIdxW];
      s1_req_size_beyond_q <= |blk_a_i[FieldW + EntryIdxW +: 2];
      s1_req_fits_q   <= req_ix.fits;
      s1_hv_fits_q    <= hv_ix_q.fits;
      ow1_we_q        <= s4_owner_we;  // owner_we_o on this (advancing) edge
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
    s1_ix_fits     = s1_hv_q ? s1_hv_fits_q : s1_req_fits_q;
    s1_entry       = s1_req_q ? s1_req_entry_q : s1_abs_entry_q;
    s1_pend_addr   = s1_req_q ? s1_req_entry_q[EntryIdxW-1 -: PendAddrW] : s1_abs_pend_addr_q;

    entry_re_o    = advance_o && s1_valid_q;
    entry_raddr_o = s1_entry;
    // A read a host entry write must not share an edge with (it waits for
    // any row: comparing rows would put the compare on this path). A host
    // read op is left out: the host port serves one access at a time, so no
    // host write lands while its read op is in S1 (ims_tables asserts it).
    // One gate on flip-flops (s1_entry_rd_q), as the host's RAM write
    // enables wait behind it.
    entry_rd_o     = advance_o && s1_entry_rd_q;
    pend_re_o      = advance_o;
    pend_raddr_o   = s1_pend_addr;
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
  // (Registered only on an advancing edge, where owner_we_o is s4_owner_we:
  // the stall does not reach these compares. Likewise fwd1_we_q.)
  assign s2_owner_moved_d = (s4_owner_we && (owner_waddr_o == s1_op_q.idx[EntryIdxW-1:0]))
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
      s2_entry_q     <= s1_entry;
      s2_pend_addr_q <= s1_pend_addr;
      s2_unknown_q   <= s1_unknown;
      s2_indexed_q   <= s1_indexed_q;
      s2_ix_in_range_q <= s1_ix_vec_ok && s1_ix_fits;
      s2_base_q      <= s1_base;
      s2_base_beyond_q <= |blk_b_i[EntryIdxW +: 2];
      s2_size_beyond_q <= |blk_b_i[FieldW + EntryIdxW +: 2];
      s2_block_end_q <= s1_block_end;
      s2_owner_moved_q <= s2_owner_moved_d;
      s2_s4_same_entry_q <= (s3_entry_q == s1_entry);
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
  logic                 s3_raw_bit;  // the op's bit in s3_pend_word_q
  // Whether the op ahead (in S4 while this one is in S3) is for the same
  // entry, the same pending word: compared one stage early, so S3's
  // forwards from S4 are one gate each.
  logic                 s3_same_entry_q, s3_same_word_q;
  logic                 s3_owner_moved_d;
  logic [15:0]          s3_requester_id_q;
  logic [31:0]          s2_fwd_word;
  logic                 s2_fwd_now, s2_fwd_any;
  // The decision's atoms that need no entry row, prepared in S2: each
  // already holds the op's validity and kind, so later stages select
  // rather than decode.
  logic                 s3_adi_ok_q;     // known ADI, enabled, entry in its block
  // The drops that need no entry row (rules 1-4), decided here
  logic                 s2_adi_ok, s2_req_adi_ok, s2_checked, s2_req_acc, s2_rel_fresh;
  logic                 s3_req_acc_q;       // a request of an enabled block that rules 2-4 accept
  logic                 s3_drop_disabled_q, s3_drop_unknown_q, s3_drop_adi_dis_q, s3_drop_oor_q;
  logic                 s3_masked_q;     // global or ADI mask (the entry's is the row's)
  logic [31:0]          s3_bit_sel_q;    // the op's bit in its pending word, one-hot
  logic                 s3_req_chk_q;    // an accepted request, the work carried a PASID
  logic                 s3_rel_q;        // a release
  logic                 s3_rel_fresh_q;  // a release whose owner no write since its look-up moved
  logic                 s3_rel_go_q;     // ... and it may send if unmasked: enabled, entry in the ADI's block
  logic                 s3_sat_ok_q, s3_clr_q, s3_host_read_q, s3_scan_q;

  // The pending word as of S2: a write on this edge (the op leaving S4) is
  // newer than what the RAM read, and so is one on the read edge. (Both only
  // matter on an advancing edge, where s4_pend_we_q is the write.) The RAM's
  // data goes through one 2:1 multiplexer.
  assign fwd1_hit = fwd1_we_q && (fwd1_addr_q == s2_pend_addr_q);
  always_comb begin
    s2_fwd_now   = s4_pend_we_q && (s4_pend_addr_q == s2_pend_addr_q);
    s2_fwd_any   = s2_fwd_now || fwd1_hit;
    s2_fwd_word  = s2_fwd_now ? pend_wdata_o : fwd1_data_q;
  end

  // S2's ADI row and S3's pending word: RamOutReg, the RAMs' output
  // registers (the ADI row as it is; the pending word raw, and S2's
  // forward registered beside it, applied in S3: one multiplexer from
  // flip-flops); else registered here, the forward applied in S2.
  // (The op's own bit is picked from the RAM's word and the forward's
  // apart, so the RAM's clock-to-output meets the bit's AND-OR and one
  // multiplexer, not the word's multiplexer too.)
  if (RamOutReg) begin : g_adi_pend_in_ram
    logic        s3_fwd_any_q;
    logic [31:0] s3_fwd_word_q;
    assign s2_adi_q = adi_rdata_i;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        s3_fwd_any_q  <= 1'b0;
        s3_fwd_word_q <= '0;
      end else if (advance_o) begin
        s3_fwd_any_q  <= s2_fwd_any;
        s3_fwd_word_q <= s2_fwd_word;
      end
    end
    assign s3_pend_word_q = s3_fwd_any_q ? s3_fwd_word_q : pend_rdata_i;
    assign s3_raw_bit     = s3_fwd_any_q ? |(s3_fwd_word_q & s3_bit_sel_q) : |(pend_rdata_i & s3_bit_sel_q);
  end else begin : g_adi_pend_reg
    assign s3_raw_bit = |(s3_pend_word_q & s3_bit_sel_q);
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        s2_adi_q       <= '0;
        s3_pend_word_q <= '0;
      end else if (advance_o) begin
        s2_adi_q       <= adi_rdata_i;  // the ADI RAM's read data, as it is
        s3_pend_word_q <= s2_fwd_any ? s2_fwd_word : pend_rdata_i;
      end
    end
  end
  assign s3_owner_moved_d = (s4_owner_we && s2_s4_same_entry_q) ? s2_s4_adi_ne_q : s2_owner_moved_q;

  always_comb begin
    s2_adi_ok  = !s2_unknown_q && s2_adi_q.enable && s2_in_range;
    // Requests and satisfy ops have their range check from S0
    // (s2_ix_in_range_q), so the S2 compares reach only other ops' atoms.
    s2_req_adi_ok = !s2_unknown_q && s2_adi_q.enable && s2_ix_in_range_q;
    // Rules 2-4 apply to requests (once enabled) and to satisfy ops.
    s2_checked = s2_valid_q && ((s2_op_q.kind == OpRequest && g_enable_q) || s2_op_q.kind == OpSatisfy);
    s2_req_acc = s2_valid_q && (s2_op_q.kind == OpRequest) && g_enable_q && s2_req_adi_ok;
    s2_rel_fresh = s2_valid_q && (s2_op_q.kind == OpRelease) && !s3_owner_moved_d;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s3_valid_q         <= 1'b0;
      s3_op_q            <= '0;
      s3_adi_q           <= '0;
      s3_entry_q         <= '0;
      s3_pend_addr_q     <= '0;
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
      s3_same_entry_q    <= (s3_entry_q == s2_entry_q);
      s3_same_word_q     <= (s3_pend_addr_q == s2_pend_addr_q);
      s3_requester_id_q  <= requester_id_q;
      s3_adi_ok_q        <= s2_adi_ok;
      s3_req_acc_q       <= s2_req_acc;
      s3_drop_disabled_q <= s2_valid_q && (s2_op_q.kind == OpRequest) && !g_enable_q;
      s3_drop_unknown_q  <= s2_checked && s2_unknown_q;
      s3_drop_adi_dis_q  <= s2_checked && !s2_unknown_q && !s2_adi_q.enable;
      s3_drop_oor_q      <= s2_checked && !s2_unknown_q && s2_adi_q.enable && !s2_ix_in_range_q;
      s3_masked_q        <= g_mask_q || s2_adi_q.mask;
      s3_bit_sel_q       <= 32'(1) << s2_entry_q[4:0];
      s3_req_chk_q       <= s2_req_acc && s2_op_q.pasid_valid;
      s3_rel_q           <= s2_valid_q && (s2_op_q.kind == OpRelease);
      s3_rel_fresh_q     <= s2_rel_fresh;
      // (A release names its entry absolutely, TblEntry: asserted below.)
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
  assign ram_oce_o = advance_o;
  if (RamOutReg) begin : g_row_in_ram
    assign s3_row_q = entry_rdata_i;
  end else begin : g_row_reg
    always_ff @(posedge clk_i) if (advance_o) s3_row_q <= entry_rdata_i;
  end

  row_atoms_t  s3_atoms;
  logic [1:0]  s3_hi_zero;  // the TLP's address bits 63:48, 47:32 zero

  // The row's compares (ims_row_compare). RamOutReg: in S3, from the RAM's
  // output register, with S3's copy of the window registers. Else in S2,
  // from the RAM's read data (the small parts' block RAM answers early),
  // registered for S3: S3 then needs no copy of the window registers.
  if (RamOutReg) begin : g_cmp_s3
    // The window registers as the op entered S2, for S3's compare
    logic [31:2] s3_untagged_base_q, s3_untagged_mask_q;
    logic        s3_untagged_low_clear_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        s3_untagged_base_q      <= '0;
        s3_untagged_mask_q      <= '0;
        s3_untagged_low_clear_q <= 1'b1;
      end else if (advance_o) begin
        s3_untagged_base_q      <= untagged_base_q;
        s3_untagged_mask_q      <= untagged_mask_q;
        s3_untagged_low_clear_q <= untagged_low_clear_q;
      end
    end
    ims_row_compare u_cmp (
      .row_i           (s3_row_q),
      .masked_i        (s3_masked_q),
      .pasid_chk_i     (s3_req_chk_q),
      .pasid_i         (s3_op_q.pasid),
      .win_base_i      (s3_untagged_base_q),
      .win_mask_i      (s3_untagged_mask_q),
      .win_low_clear_i (s3_untagged_low_clear_q),
      .atoms_o         (s3_atoms),
      .hi_zero_o       (s3_hi_zero)
    );
  end else begin : g_cmp_s2
    row_atoms_t s2_atoms;
    logic [1:0] s2_hi_zero;
    ims_row_compare u_cmp (
      .row_i           (entry_rdata_i),
      .masked_i        (g_mask_q || s2_adi_q.mask),
      .pasid_chk_i     (s2_req_acc && s2_op_q.pasid_valid),
      .pasid_i         (s2_op_q.pasid),
      .win_base_i      (untagged_base_q),
      .win_mask_i      (untagged_mask_q),
      .win_low_clear_i (untagged_low_clear_q),
      .atoms_o         (s2_atoms),
      .hi_zero_o       (s2_hi_zero)
    );
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        s3_atoms   <= '0;
        s3_hi_zero <= '0;
      end else if (advance_o) begin
        s3_atoms   <= s2_atoms;
        s3_hi_zero <= s2_hi_zero;
      end
    end
  end

  // ---------------- S3: the row's compares, the TLP pushed ----------------
  // S3 only prepares: the entry row meets at most two LUT levels (the
  // compares with the op's PASID, the untagged window and zero, reduced
  // to a handful of bits, row_atoms_t) before S4's flip-flops, and the TLP
  // goes into the output slice as its fields (tlp_desc_t), unlaid and
  // undecided. S4 decides from flip-flops and tells the slice whether the
  // TLP stands (tlp_keep_o). A large part's block RAM (RamOutReg: ECP5
  // DP16KD) hands its row over ~1 ns after the edge and ~2 ns of routing
  // away, which leaves no time for the whole decision in S3
  // (constraints/README.md, "ECP5 at 125 MHz in four cycles").

  entry_row_t  s3_row;
  logic [31:0] s3_pend_word, s3_addr_dw, s3_pasid_val;
  logic        s3_pend_bit, pend_fwd, pend_raw, early_drop, may_send, p3_pend_we;
  logic        fire;
  logic        rel_stale, rel_stale_q;  // a release named a stale owner
  // S4's flip-flops, and its decision from them
  logic                 s4_first_q;      // the op entered S4 on the last edge
  logic                 s4_early_fault_q;  // ... and it dropped by rules 2-4 (a strobe)
  row_atoms_t           s4_atoms_q;
  logic [31:0]          s4_pend_word_q, s4_bit_sel_q;
  logic                 s4_pend_bit_q;   // the op's pending bit as S3 saw it (forwards applied)
  logic                 s4_req_acc_q, s4_tagged_q;
  // "A request, or a release that finds its bit set": made in S3 so that
  // S4's decisions are one LUT each
  logic                 s4_req_or_rel_q;
  logic                 s4_early_drop;   // (from the record's reason: rules 2-4 are reasons 1-3)
  // The op's PASID, for a PASID check drop's record (RamOutReg: in S3 the
  // check's atom is three LUT levels behind the row, so S4 picks the value;
  // else S3 does, from its registered atoms, and this is unused)
  logic [19:0]          s4_pasid_q;
  logic [AdiIdxW-1:0]   s4_owner_adi_q;
  logic [EntryIdxW-1:0] s4_entry_q;
  outcome_t             s4_outcome_q;    // the drops and outcomes S3 knows (rules 1-4, satisfy)
  fault_t               s4_fault_q;      // the record as if the drop were early or untagged
  logic        masked, pasid_drop, in_window, untagged_ok, make_pending;
  logic        sendable, send, new_bit;

  always_comb begin
    s3_row = s3_row_q;
    s3_addr_dw        = {s3_row.addr_lo[31:2], 2'b00};
    s3_pasid_val      = s3_op_q.pasid_valid ? 32'(s3_op_q.pasid) : 32'h0;

    // The op in S4 has not written its word yet; it read the same word
    // state as this one, so of its write only its own bit can differ from
    // s3_pend_word_q (asserted below).
    pend_fwd     = s4_pend_we_q && s3_same_word_q;
    s3_pend_word = pend_fwd ? ((s3_pend_word_q & ~s4_bit_sel_q) | (new_bit ? s4_bit_sel_q : 32'h0))
                            : s3_pend_word_q;
    pend_raw     = s3_raw_bit;
    s3_pend_bit  = (s4_pend_we_q && s3_same_entry_q) ? new_bit : pend_raw;

    advance_o = out_ready_i;
    fire      = s3_valid_q && advance_o;

    // May send if the row allows it: pushed into the slice tentatively.
    // (A release whose bit is clear is left to S4: the pending bit's
    // forward from S4 would reach the slice in this cycle.)
    may_send   = !s3_masked_q && (s3_req_acc_q || s3_rel_go_q);
    // Every op that may write its pending word does (an unchanged bit
    // rewritten as it is): requests accepted so far, fresh releases of an
    // enabled block, satisfy ops, resets. The enable is then a flip-flop.
    p3_pend_we = s3_req_acc_q || s3_rel_go_q || s3_sat_ok_q || s3_clr_q;
    early_drop = s3_drop_unknown_q || s3_drop_adi_dis_q || s3_drop_oor_q;

    hr_ack_o       = fire && s3_host_read_q;  // once, as it leaves S3
    hr_entry_o     = s3_row;
    hr_adi_o       = s3_adi_q;
    hr_pend_word_o = s3_pend_word;
    hr_pend_o      = s3_pend_bit;
    hr_view_ok_o   = s3_adi_ok_q;
    hr_entry_idx_o = s3_entry_q;
    scan_ack_o     = fire && s3_scan_q;
    scan_word_o    = s3_pend_word;
    // The engine looked the owner up before a request ahead of the release
    // wrote it (an owner left by a block's previous holder, since a reset
    // does not clear the owner RAM): the release did nothing, and the
    // message it was for may already be unmasked. A sweep finds it again,
    // with the owner written by then.
    rel_stale      = fire && s3_rel_q && !s3_rel_fresh_q;
  end

  // A rare event: registered, so S3 does not reach the release engine's
  // sweep logic in the same clock period.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rel_stale_q <= 1'b0;
    else         rel_stale_q <= rel_stale;
  end
  assign rel_stale_o = rel_stale_q;

  // The TLP as its fields; the port lays it out (ims_top, ims_tlp_format).
  always_comb begin
    tlp_o              = '0;
    tlp_o.prefixed     = s3_adi_q.pasid_en;
    tlp_o.pmr          = s3_adi_q.pmr;
    tlp_o.er           = s3_adi_q.er;
    tlp_o.pasid        = s3_adi_q.pasid;
    tlp_o.tc           = s3_adi_q.tc;
    tlp_o.requester_id = s3_adi_q.rid_en ? s3_adi_q.rid : s3_requester_id_q;
    tlp_o.addr_hi_zero = s3_hi_zero;
    tlp_o.addr_hi      = s3_row.addr_hi;
    tlp_o.addr_lo      = s3_row.addr_lo[31:2];
    tlp_o.data         = s3_row.data;
  end
  // The slice takes it on an advancing edge (it is ready then), so the
  // stall need not reach this valid.
  assign tlp_valid_o = may_send;

  // ---------------- S3 -> S4 ----------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s4_atoms_q       <= '0;
      s4_pend_we_q     <= 1'b0;
      s4_pend_addr_q   <= '0;
      s4_pend_word_q   <= '0;
      s4_bit_sel_q     <= '0;
      s4_pend_bit_q    <= 1'b0;
      s4_req_acc_q     <= 1'b0;
      s4_req_or_rel_q  <= 1'b0;
      s4_tagged_q      <= 1'b0;
      s4_pasid_q       <= '0;
      s4_owner_adi_q   <= '0;
      s4_entry_q       <= '0;
      s4_fault_q       <= '0;
      s4_clr_q         <= 1'b0;
    end else if (advance_o) begin
      s4_atoms_q       <= s3_atoms;
      s4_pend_we_q     <= p3_pend_we;
      s4_pend_addr_q   <= s3_pend_addr_q;
      s4_pend_word_q   <= s3_pend_word;
      s4_bit_sel_q     <= s3_bit_sel_q;
      s4_pend_bit_q    <= s3_pend_bit;
      s4_req_acc_q     <= s3_req_acc_q;
      s4_req_or_rel_q  <= s3_req_acc_q || (s3_rel_go_q && s3_pend_bit);
      s4_tagged_q      <= s3_adi_q.pasid_en;
      s4_pasid_q       <= s3_op_q.pasid;
      s4_owner_adi_q   <= s3_op_q.adi[AdiIdxW-1:0];
      s4_entry_q       <= s3_entry_q;
      // The fault record as if the op dropped early (rules 2-4: the PASID
      // the work carried, 0 if none) or untagged (the address): S4 only
      // picks the reason and, for a PASID check drop, the value.
      s4_fault_q.adi    <= s3_op_q.adi;
      s4_fault_q.index  <= s3_op_q.idx;  // the vector (request) or the entry (release)
      s4_fault_q.reason <= fault_reason_e'(
                             (s3_drop_unknown_q ? FaultUnknownAdi  : FaultNone)
                           | (s3_drop_adi_dis_q ? FaultAdiDisabled : FaultNone)
                           | (s3_drop_oor_q     ? FaultOutOfRange  : FaultNone));
      s4_fault_q.value  <= (early_drop || (!RamOutReg && !s3_atoms.pasid_ok)) ? s3_pasid_val : s3_addr_dw;
      s4_clr_q         <= s3_clr_q;
    end
  end

  // Reports S3 knows: a one-cycle strobe in the op's first cycle in S4.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s4_first_q       <= 1'b0;
      s4_early_fault_q <= 1'b0;
      s4_outcome_q     <= '0;
    end else begin
      s4_first_q                     <= fire;
      s4_early_fault_q               <= fire && early_drop;
      s4_outcome_q                   <= '0;
      s4_outcome_q.drop_disabled     <= fire && s3_drop_disabled_q;
      s4_outcome_q.drop_unknown_adi  <= fire && s3_drop_unknown_q;
      s4_outcome_q.drop_adi_disabled <= fire && s3_drop_adi_dis_q;
      s4_outcome_q.drop_out_of_range <= fire && s3_drop_oor_q;
      s4_outcome_q.satisfied         <= fire && s3_sat_ok_q;
    end
  end

  // ---------------- S4: decide and commit ----------------
  // The decision, from S4's flip-flops (two or three LUT levels): send /
  // make pending / drop. It drives what S4 commits, as before from this
  // stage: the pending and owner writes (on the edge S4 moves on), an ADI
  // reset's entry row, and the one-cycle reports (outcome for the
  // counters, fault record for the log) in the op's first cycle here,
  // stall or not; and it tells the output slice whether the TLP S3 pushed
  // stands (tlp_keep_o). Nothing here depends on the stall, so the stall
  // reaches none of it.
  always_comb begin
    // DSA-style check: only when the entry asks for it and the work carried
    // a PASID (an accepted request's only).
    masked       = s4_atoms_q.masked;
    pasid_drop   = !s4_atoms_q.pasid_ok;
    // Untagged interrupts only to the window (tagged ones the IOMMU checks):
    // address bits 63:32 zero and ({addr_lo[31:2], 2'b00} & mask) == base;
    // Jason's rule: an entry a guest programmed never leaves untagged.
    in_window    = &s4_atoms_q.in_window;
    untagged_ok  = s4_tagged_q || in_window;
    // A deliverable release (unmasked: global, ADI and entry mask) sends if
    // its pending bit is set. A release does nothing when the owner moved
    // on since its engine looked it up (s4_rel_pend_q holds it fresh). An
    // owner the op ahead of it was about to write needs no check: that op is
    // a request which found the entry masked, for an ADI whose block holds
    // the entry, so the release names an ADI that cannot send it (a reset
    // ends a hold, held blocks never overlap) and the unmask that makes the
    // message deliverable starts its own release
    // (docs/theory-of-operation.md, "A release carries the owner").
    make_pending = s4_req_acc_q && masked && !pasid_drop;
    // An accepted request, unmasked, not dropped by the PASID check, or a
    // release, unmasked, whose bit is set (a PASID check drops only
    // requests).
    sendable     = s4_req_or_rel_q && !masked && !pasid_drop;
    send         = sendable && untagged_ok;
    // The op's pending bit as S4 writes it (with s4_pend_we_q): a request's
    // becomes make_pending (unchanged if the PASID check dropped it); a
    // release clears a bit it sends or drops at the window; satisfy and
    // reset clear it.
    // (Written so it is one LUT: a PASID check drop is a request's; a
    // request's bit, or a set bit a release finds, becomes "masked".)
    new_bit      = pasid_drop ? s4_pend_bit_q : (s4_req_or_rel_q && masked);
    s4_owner_we  = make_pending;
  end

  assign s4_early_drop = (s4_fault_q.reason[1:0] != 2'b00);
  always_comb begin
    pend_we_o          = advance_o && s4_pend_we_q;
    pend_waddr_o       = s4_pend_addr_q;
    pend_wdata_o       = (s4_pend_word_q & ~s4_bit_sel_q) | (new_bit ? s4_bit_sel_q : 32'h0);
    owner_due_o        = s4_owner_we;
    owner_we_o         = advance_o && s4_owner_we;
    owner_waddr_o      = s4_entry_q;
    owner_wdata_o      = s4_owner_adi_q;
    // The entry S4 holds after the next edge (the stall is a flip-flop).
    owner_next_waddr_o = advance_o ? s3_entry_q : s4_entry_q;
    // The output slice stalls the pipeline only from the edge it takes a
    // TLP with its last room on: S4 then holds the op that pushed it (a
    // request or a release) until the stall ends, so an ADI reset op in S4
    // always leaves on the next edge. Its entry rewrite is then the flip-flop
    // alone: the stall does not choose the entry RAM's write data or lanes,
    // nor whether the host's entry write waits.
    clr_fired_o        = s4_clr_q;
    clr_entry_o        = s4_entry_q;
    tlp_keep_o         = send;

    outcome_o                  = s4_outcome_q;
    outcome_o.sent             = s4_first_q && send;
    outcome_o.pending          = s4_first_q && make_pending;
    outcome_o.drop_pasid_check = s4_first_q && pasid_drop;
    outcome_o.drop_window      = s4_first_q && sendable && !untagged_ok;
    fault_valid_o = s4_early_fault_q || (s4_first_q && (pasid_drop || (sendable && !untagged_ok)));
    // The drops are exclusive: an early drop (rules 2-4) carries its reason
    // from S3, else a PASID check drop, else the untagged drop, a guest's
    // entry or the window. An untagged drop records the address, the others
    // the PASID the work carried.
    fault_o = s4_fault_q;
    if (!s4_early_drop) begin
      fault_o.reason = pasid_drop ? FaultPasidCheck
                     : ((!s4_tagged_q && s4_atoms_q.gp) ? FaultGuestUntagged : FaultWindow);
      if (RamOutReg && pasid_drop) fault_o.value = 32'(s4_pasid_q);
    end
  end

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (NumEntries >= 64 && (NumEntries & (NumEntries - 1)) == 0 && NumEntries <= 16384)
      else $error("ims_pipeline: NumEntries must be a power of two in 64..16384 (the pending RAM needs two words)");
    assert (NumAdis >= 2 && (NumAdis & (NumAdis - 1)) == 0 && NumAdis <= 1024)
      else $error("ims_pipeline: NumAdis must be a power of two in 2..1024");
  end
  // The window registers as S3's op saw them (for the row atoms' check)
  logic [31:2] s3_win_mask_q, s3_win_base_q;
  logic        s3_win_low_clear_q;
  always_ff @(posedge clk_i) if (advance_o) begin
    s3_win_mask_q      <= untagged_mask_q;
    s3_win_base_q      <= untagged_base_q;
    s3_win_low_clear_q <= untagged_low_clear_q;
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert ($onehot0(outcome_o)) else $error("ims_pipeline: more than one outcome for one op");
      // An ADI reset op in S4 is never stalled (clr_fired_o is its flip-flop).
      if (s4_clr_q) assert (advance_o) else $error("ims_pipeline: an ADI reset op stalled in S4");
      // The op's bit, picked apart from its word.
      if (s3_valid_q) assert (s3_raw_bit == |(s3_pend_word_q & s3_bit_sel_q))
        else $error("ims_pipeline: S3's pending bit is not its word's");
      // A report comes with an op in its first cycle in S4.
      if (outcome_o != '0 || fault_valid_o)
        assert (s4_first_q) else $error("ims_pipeline: a report outside an op's first cycle in S4");
      // S3's forward from S4 takes only S4's own bit: the two read the
      // same word state, so no other bit of S4's write differs.
      if (s4_pend_we_q && s3_same_word_q)
        assert (((s3_pend_word_q ^ s4_pend_word_q) & ~s4_bit_sel_q) == '0)
          else $error("ims_pipeline: S3's and S4's pending words differ beyond S4's bit");
      // The row's atoms are its compares (reduced: the whole compares here).
      if (s3_valid_q)
        assert ((&tlp_o.addr_hi_zero) == (s3_row.addr_hi == 32'h0)
                && s3_atoms.pasid_ok == !(s3_req_chk_q && s3_row.ctrl[EntryCtrlPasidChkBit]
                                          && s3_row.ctrl[31:12] != s3_op_q.pasid)
                && s3_atoms.masked == (s3_masked_q || s3_row.ctrl[EntryCtrlMaskBit])
                && (&s3_atoms.in_window) == (!s3_atoms.gp && s3_row.addr_hi == 32'h0
                                             && (s3_row.addr_lo[31:2] & s3_win_mask_q) == s3_win_base_q
                                             && s3_win_low_clear_q))
          else $error("ims_pipeline: a row atom is not its compare");
      // S1's BLOCK word is the one the ADI RAM read (see S1).
      // (RamOutReg: S1's row is inside the RAM, in its read latch.)
      if (!RamOutReg && s1_valid_q && !$past(advance_o) && adi_rdata_i.enable)
        assert (blk_b_i == $past(blk_b_i))
          else $error("ims_pipeline: an enabled ADI's BLOCK word changed under a stalled S1 op");
      // Only what S3 pushed can stand.
      if (s4_first_q && tlp_keep_o)
        assert ($past(tlp_valid_o)) else $error("ims_pipeline: S4 keeps a TLP S3 did not push");
      if (s4_owner_we)
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
      // A waiting view read's index, computed ahead, is still its own.
      if (hr_valid_i && hr_op_i.tbl == TblView)
        assert (hv_adi_i == hr_op_i.adi[AdiIdxW-1:0] && hv_vec_i == hr_op_i.idx)
          else $error("ims_pipeline: the view read's raw ADI/vector are not its op's");
      if (hr_valid_i && hr_op_i.tbl == TblView)
        assert (hv_blk_q == blk_c_i && hv_ix_q == hv_ix)
          else $error("ims_pipeline: a view read's op or BLOCK word changed as it was offered");
    end
  end
`endif

endmodule
