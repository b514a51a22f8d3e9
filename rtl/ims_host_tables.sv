// SPDX-License-Identifier: Apache-2.0
// ims_host_tables: every host access to the tables: the host view's PBA, ADI
// and ENTRY regions and the ADI views (docs/containment.md). One access at a
// time (the host port is serial). The RAMs have one read port, owned by the
// interrupt pipeline, so every read, and every write that must be checked
// against the current row, first reads through a host-read op; the checked
// write then commits before the ack, so the AXI response follows the commit.
//   * entry address/data (host view), ADI PASID / RID override: written at once;
//   * entry control (host view): read-modify-write (GP is write-1-to-clear);
//   * ADI CTRL / BLOCK: checked by ims_adi_rules (strobes, Jason's rule,
//     size/overlap on enable, no BLOCK change while enabled, nothing while
//     the ADI resets);
//     an enable scans every ADI row for a held block it would overlap, and
//     makes the ADI hold its block (CTRL.held); a CTRL write with the reset
//     bit disables the ADI and starts ims_adi_reset (one reset at a time),
//     which frees the block when done;
//   * ADI views: the ADI row decides (enabled, in block, guest-direct).
// Refusals answer SLVERR, change nothing and leave a fault record (the
// answer one cycle after the record, which ims_top registers on its way to
// the log, so the record lands on the edge before the response rises). A write
// that clears an entry's mask hands the entry to the release engine (waiting
// for its one slot); an ADI CTRL write that opens the ADI (enabled and
// unmasked, from disabled or masked) asks for a sweep.
module ims_host_tables #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  // Cuts for parts whose block RAMs spread over a larger die (ECP5,
  // Xilinx: ims_top's RamOutReg): an entry control write's word made into
  // flip-flops ahead, a read's format selects in flip-flops (below). 0
  // keeps the area the small iCE40 parts need; same behaviour either way.
  parameter bit          LargePart  = 1'b1,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   init_busy_i,
  // one access from the host port (req is a one-cycle pulse). The port
  // holds the access's address and data from the req until the answer
  // (ims_axil_slave keeps them in its own flip-flops until the response
  // is taken; asserted below), so they are read here as they come, not
  // copied into flip-flops of this block.
  input  logic                   acc_req_i,
  input  logic                   acc_is_wr_i,
  input  logic [31:0]            acc_addr_i,
  input  logic [31:0]            acc_wdata_i,
  input  logic [3:0]             acc_wstrb_i,
  // the answer: an OKAY in the cycle it happens (a write's landing cycle, a
  // read's data), a refusal (err) one cycle after its fault record
  output logic                   acc_ack_o,
  output logic                   acc_err_o,
  output logic [31:0]            acc_rdata_o,
  // refusals
  output logic                   fault_valid_o,
  output ims_pkg::fault_t        fault_o,
  // table write ports
  output logic                   entry_we_o,
  output logic [EntryIdxW-1:0]   entry_waddr_o,
  output logic [15:0]            entry_wlane_o,
  output logic [127:0]           entry_wdata_o,
  output logic                   adi_we_o,
  output logic                   adi_wr_due_o,  // adi_we_o before its stalls (BLOCK copy)
  output logic [AdiIdxW-1:0]     adi_waddr_o,
  output logic [15:0]            adi_wlane_o,
  output logic [127:0]           adi_wdata_o,
  // host-read op and its result (from pipeline stage 2)
  output logic                   hr_valid_o,
  output ims_pkg::op_t           hr_op_o,
  // a view read's ADI and vector straight from the address flip-flops
  // (what hr_op_o carries for a view read, without its region/scan select):
  // the pipeline computes the view's entry index from them a cycle ahead
  output logic [AdiIdxW-1:0]     hr_view_adi_o,
  output logic [ims_pkg::VecW-1:0] hr_view_vec_o,
  input  logic                   hr_taken_i,
  input  logic                   hr_ack_i,
  input  ims_pkg::entry_row_t    hr_entry_i,
  input  ims_pkg::adi_row_t      hr_adi_i,
  input  logic [31:0]            hr_pend_word_i,
  input  logic                   hr_pend_i,
  input  logic                   hr_view_ok_i,   // view: ADI known, enabled, vector in block
  input  logic [EntryIdxW-1:0]   hr_entry_idx_i, // view: base + vector
  // the pipeline reads the entry RAM (S1) on this edge: an entry write
  // waits (the RAMs promise nothing for a row read and written on one edge)
  input  logic                   entry_rd_i,
  // no op enters the pipeline this cycle: an ADI write may land, or an
  // entry write waited for a read last cycle
  output logic                   hold_o,
  // an ADI reset op rewrites this entry (to its reset value) on this edge
  // (a flip-flop: it is never stalled):
  // an entry write (any row) retries next cycle (the entry RAM has one
  // write port; the host's ADI writes never meet the reset's own ADI
  // write, which waits for busy_o)
  input  logic                   clr_fired_i,
  input  logic [EntryIdxW-1:0]   clr_entry_i,
  // ADI reset engine
  input  logic                   reset_busy_i,
  output logic                   reset_start_o,
  output logic [AdiIdxW-1:0]     reset_adi_o,
  output logic [EntryIdxW-1:0]   reset_first_o,
  output logic [EntryIdxW:0]     reset_count_o,
  output logic [7:0]             reset_ctrl_byte0_o,
  // release engine
  output logic                   unmask_valid_o,
  output logic [EntryIdxW-1:0]   unmask_entry_o,
  input  logic                   unmask_ready_i,
  output logic                   sweep_o,
  output logic                   busy_o          // an access is in progress
);
  import ims_pkg::*;

  // One-hot: "in state X" is a flip-flop (st_*), not a compare of three
  // bits, in front of the pipeline's late signals.
  typedef enum logic [5:0] {
    StIdle = 6'b000001, StDecide = 6'b000010, StOp       = 6'b000100,
    StEval = 6'b001000, StScan   = 6'b010000, StScanDone = 6'b100000
  } state_e;
  typedef enum logic [1:0] {RegPba, RegAdi, RegEntry, RegView} region_e;

  state_e               state_d, state_q;
  logic                 st_idle, st_decide, st_op, st_eval, st_scan, st_scan_done;
  assign {st_scan_done, st_scan, st_eval, st_op, st_decide, st_idle} = state_q;
  logic                 is_wr_q;
  logic [31:0]          addr, wdata;  // the access's, held by the port
  logic [3:0]           wstrb_q;
  logic                 issued_d, issued_q;
  // Captured host-read result: only what is used after the capture (the
  // formatted read word, the entry's stored control bits, the ADI's CTRL and
  // BLOCK words), not whole rows.
  logic [31:0]          rdata_d, rdata_q;
  logic [31:0]          ectrl_d, ectrl_q;    // entry control word as stored
  logic [63:0]          own_lo_d, own_lo_q;  // ADI row: {BLOCK, CTRL}
  adi_row_t             own_q;               // own_lo_q as a row (upper words 0)
  logic                 view_ok_d, view_ok_q;
  // The raw pending word and bit of a read's host-read op: the PBA and the
  // entry control word take them as they are (the pipeline forwards pending
  // writes into them); the read answer is formatted from flip-flops at StEval.
  logic [31:0]          pend_word_d, pend_word_q;
  logic                 pend_d, pend_q;
  // What the access is, decoded once from the access as it arrives (acc_req)
  // and kept in flip-flops, so the decisions at StDecide/StEval and the fault
  // record are a few gates on flip-flops, not address compares.
  typedef struct packed {
    logic view;        // an ADI view (read or write)
    logic adi;         // the ADI table region
    logic pba_wr;      // a PBA write: refused
    logic plain_entry; // entry address/data write: no check
    logic plain_adi;   // ADI PASID / RID_OVERRIDE write: no check
    logic entry_ctrl;  // entry control write (read-modify-write)
    logic adi_ctrl;    // ADI CTRL write (checked)
    logic adi_block;   // ADI BLOCK write (checked)
  } kind_t;
  kind_t                kind_q;
  kind_t                acc_kind;  // of the access arriving
  // A refusal answers one cycle after its record leaves (ims_top registers
  // the record on its way to the fault log): the answer comes from here.
  logic                 err_ack_d, err_ack_q;
  // The entry a write lands in: the address's (host view), or the view's
  // base + vector once its host-read op has returned (ADI view). Kept in one
  // register so the write address (and its compare with the row the
  // pipeline reads, see the FSM) comes straight from flip-flops.
  logic [EntryIdxW-1:0] wr_entry_d, wr_entry_q;
  // The entry a host control write read-modify-writes was reset after (or
  // on the edge) it was read: merge into the reset value, not the stale row.
  logic                 row_reset_d, row_reset_q;
  // overlap scan
  logic [AdiIdxW-1:0]   scan_d, scan_q;
  logic                 conflict_d, conflict_q;
  // The overlap verdict on the row scanned, registered as it arrives (a
  // one-cycle pulse after its read returns): the range compares (adders,
  // carry chains) end in a flip-flop, not in conflict_q's OR and the
  // state's decode. conflict_q takes it one cycle later; the last row's
  // verdict is looked at directly in StScanDone (conflict_q || scan_hit_q).
  logic                 scan_hit_d, scan_hit_q;
  logic                 conflicts;  // any scanned row overlaps (at StScanDone)

  assign own_q = adi_row_t'({64'h0, own_lo_q});
  assign addr  = acc_addr_i;
  assign wdata = acc_wdata_i;

  logic                 rd_collide, hold_q;
  assign hold_o = hold_q;

  // The table writes, prepared in flip-flops a cycle ahead, so each RAM
  // write enable is one gate behind the late signals that can make it wait
  // (the pipeline's entry read, the ADI reset's writes, the release
  // engine's slot): everything else about the write (that it is due, its
  // lanes, its row) is a flip-flop.
  //   entry_wr_q: an entry write is due (a plain entry write from StDecide,
  //               a checked one from StEval), until it lands;
  //   entry_go_q: ... and may land but for the pipeline (init done, the
  //               release engine's slot free for an unmask): the entry
  //               write enable is entry_go_q and the pipeline's two late
  //               signals, one gate;
  //   adi_wr_q:   the ADI write lands in this cycle (a one-cycle pulse: a
  //               plain write at StDecide, or the first cycle after init;
  //               a checked one at StEval; an enabling CTRL write's, after
  //               its scan, in the cycle after StScanDone without a
  //               conflict). Nothing else writes the ADI RAM while a host
  //               access is in progress (the ADI reset's last write waits
  //               for busy_o), and the ADI RAM is read only by an op
  //               entering S0 (held: hold_adi), so it never waits: the ADI
  //               RAM's and the BLOCK copy's write enable is this flop;
  //   unmask_q:   the entry write clears the entry's mask: it lands only
  //               with the release engine's slot (the handoff);
  //   resets_q:   the ADI write is a CTRL write with the reset bit: it
  //               starts the ADI reset;
  //   ctrl_opens_q (below): the ADI write opens the ADI: it asks for a sweep.
  // The lanes depend on the access alone and are taken with it (one
  // register for both tables: an access writes at most one of them).
  logic                 entry_wr_d, entry_wr_q, entry_go_d, entry_go_q, adi_wr_d, adi_wr_q;
  logic                 unmask_q, resets_q;
  logic [15:0]          lane_d, lane_q;
  logic                 hr_valid_d, hr_valid_q;

  region_e              region;
  logic [1:0]           dword;
  logic [AdiIdxW-1:0]   adi_row;
  logic [9:0]           view_adi;
  logic [13:0]          vector;
  logic [31:0]          bytes_mask;  // wstrb as a bit mask

  always_comb begin
    dword      = addr[3:2];
    adi_row    = addr[AdiIdxW+3:4];
    view_adi   = addr[27:18];
    vector     = addr[17:4];
    bytes_mask = {{8{wstrb_q[3]}}, {8{wstrb_q[2]}}, {8{wstrb_q[1]}}, {8{wstrb_q[0]}}};
    if (addr[28])      region = RegView;
    else if (addr[18]) region = RegEntry;
    else if (addr[14]) region = RegAdi;
    else               region = RegPba;
  end

  // From the address bits that pick the region (as above) and the dword.
  function automatic kind_t kind_of(logic view, logic entry_bit, logic adi_bit,
                                    logic [1:0] dw, logic wr);
    kind_t k;
    logic  entry, pba;
    k.view        = view;
    entry         = !view && entry_bit;
    k.adi         = !view && !entry_bit && adi_bit;
    pba           = !view && !entry_bit && !adi_bit;
    k.pba_wr      = pba && wr;
    k.plain_entry = entry && wr && dw != 2'd3;
    k.plain_adi   = k.adi && wr && dw[1];
    k.entry_ctrl  = entry && wr && dw == 2'd3;
    k.adi_ctrl    = k.adi && wr && dw == 2'd0;
    k.adi_block   = k.adi && wr && dw == 2'd1;
    return k;
  endfunction

  // The host-read op this access needs in a state (scan ops read ADI
  // scan_adi). Offered from a flip-flop (hr_op_q, below): registered from
  // the next state and scan row, so it is the current state's op (asserted
  // below; the address holds from the AXI slave's decode cycle to the
  // access's end). The op arbiter and the ADI RAM's read address then start
  // from flip-flops, not from the address decode.
  function automatic op_t host_op(logic scan, logic [AdiIdxW-1:0] scan_adi);
    op_t op;
    op       = '0;
    op.kind  = OpHostRead;
    op.dword = dword;
    op.idx   = VecW'(vector);
    unique case (region)
      RegPba:   begin op.tbl = TblPba;   op.idx = VecW'(addr[17:2]); end
      RegAdi:   begin op.tbl = TblAdi;   op.adi = AdiIdW'(adi_row); end
      RegEntry: begin op.tbl = TblEntry; end
      default:  begin op.tbl = TblView;  op.adi = AdiIdW'(view_adi); end
    endcase
    if (scan) begin
      op.tbl = TblAdi;
      op.adi = AdiIdW'(scan_adi);
    end
    return op;
  endfunction
  op_t                  hr_op_q;
  assign hr_op_o = hr_op_q;
  // A flip-flop (hr_valid_d, with the FSM below): the op arbiter's choice,
  // and what hangs on it, starts from a flip-flop.
  assign hr_valid_o    = hr_valid_q;
  assign hr_view_adi_o = view_adi[AdiIdxW-1:0];
  assign hr_view_vec_o = VecW'(vector);
  // The FSM does not wait for a write to land (entry_wr_q, adi_wr_q do):
  // the access lasts until it has. A flip-flop, as the ADI reset's last
  // write waits for it: busy_q is up in every cycle the access is (from the
  // cycle after its request) and one cycle more, decided from flip-flops
  // (the late write enables stay out of it). The extra cycle is one in
  // which the AXI slave answers, so no access arrives in it; it only holds
  // an ADI reset's end one cycle longer.
  logic                 busy_q;
  assign busy_o     = busy_q;

  // Checks on the captured rows. The rules judge the row as it arrives
  // (StOp, from the pipeline's flip-flops) and their verdicts are registered
  // with it, as StEval's action (act_q), so StEval acts on flip-flops: the
  // rules' adders and compares do
  // not share a clock period with the refusal's fault record and the fault
  // log behind it. During StScan the row arriving is the scanned one, judged
  // for overlap with the captured row. Nothing the verdicts depend
  // on moves in between: the write's data are held, and no ADI reset starts
  // or completes while a host access is in progress.
  logic        overlap, ctrl_needs_scan, ctrl_refused, block_refused, view_may_write, ctrl_opens;
  logic        reset_refused;
  logic        ctrl_refused_q;
  // The part of the CTRL refusal that the written word decides alone (not a
  // full-word write; guest_direct without pasid_en), from the access as it
  // arrives: the rest (an enable's block size) refuses only an enable,
  // which scans first (ctrl_refused_q at StEval), so an ADI CTRL write that
  // lands straight from StOp (adi_wr_d) is refused by this alone, and
  // ims_adi_rules' adders stay out of adi_wr_q's D (asserted below).
  logic        ctrl_word_refused_q;
  logic        ctrl_opens_q;  // an ADI CTRL write that opens the ADI (0 from each access's start)
  // What StEval does, decided as the row arrives (StOp) from the access kind
  // and the rules' verdicts, one flag per action (at most one set), so StEval
  // is a gate or two on flip-flops. The CTRL size check (an adder and a
  // compare on the row) is not folded in: ctrl_refused_q turns an ADI CTRL
  // write's scan or write into a refusal at StEval.
  typedef struct packed {
    logic refuse;       // SLVERR with a record (all but the CTRL size check)
    logic read;         // answer the read
    logic entry_write;  // view write or entry control write
    logic scan;         // ADI CTRL enable: overlap scan first
    logic adi_write;    // ADI CTRL or BLOCK write
  } action_t;
  action_t     act_d, act_q;
  logic        new_reset;

  // The ADI reset engine's busy flag as the rules see it: a flip-flop, so
  // the reset engine's state decode is not in front of the verdicts. No
  // reset starts or completes from the cycle after an access's request
  // until its end (the access starts one only as it ends; the engine's
  // last write waits for busy_o), and the rules' verdicts are taken as the
  // host-read op returns (StOp), cycles after the request: it is the
  // engine's flag then (asserted below).
  logic                 reset_busy_q;

  // Two instances, so no multiplexer sits in front of the rules' adders:
  // the verdicts on the row as it arrives, and the overlap of the captured
  // row with each scanned one. Each uses only its half of the outputs.
  /* verilator lint_off PINCONNECTEMPTY */
  ims_adi_rules #(.NumEntries(NumEntries)) u_adi_scan (
    .own_i             (own_q),
    .other_i           (hr_adi_i),
    .wdata_i           (wdata),
    .wstrb_i           (wstrb_q),
    .reset_busy_i      (reset_busy_q),
    .ctrl_refused_o    (),
    .ctrl_needs_scan_o (),
    .ctrl_opens_o      (),
    .ctrl_resets_o     (),
    .reset_refused_o   (),
    .block_refused_o   (),
    .overlap_o         (overlap),
    .view_may_write_o  ()
  );
  ims_adi_rules #(.NumEntries(NumEntries)) u_adi_rules (
    .own_i             (hr_adi_i),
    .other_i           (hr_adi_i),
    .wdata_i           (wdata),
    .wstrb_i           (wstrb_q),
    .reset_busy_i      (reset_busy_q),
    .ctrl_refused_o    (ctrl_refused),
    .ctrl_needs_scan_o (ctrl_needs_scan),
    .ctrl_opens_o      (ctrl_opens),
    .ctrl_resets_o     (new_reset),
    .reset_refused_o   (reset_refused),
    .block_refused_o   (block_refused),
    .overlap_o         (),
    .view_may_write_o  (view_may_write)
  );
  /* verilator lint_on PINCONNECTEMPTY */

  always_comb begin
    act_d             = '0;
    act_d.refuse      = (kind_q.view && !hr_view_ok_i)
                        || (kind_q.view && is_wr_q && !view_may_write)
                        || (kind_q.adi_block && block_refused)
                        || (kind_q.adi_ctrl && reset_refused);
    act_d.read        = !is_wr_q && !(kind_q.view && !hr_view_ok_i);
    act_d.entry_write = (kind_q.view && is_wr_q && hr_view_ok_i && view_may_write)
                        || kind_q.entry_ctrl;
    act_d.scan        = kind_q.adi_ctrl && !reset_refused && ctrl_needs_scan;
    act_d.adi_write   = (kind_q.adi_block && !block_refused)
                        || (kind_q.adi_ctrl && !reset_refused && !ctrl_needs_scan);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctrl_refused_q <= 1'b0;
      ctrl_opens_q   <= 1'b0;
      act_q          <= '0;
    end else if (acc_req_i) begin
      ctrl_opens_q   <= 1'b0;
    end else if (st_op && hr_ack_i) begin
      ctrl_refused_q <= ctrl_refused && kind_q.adi_ctrl;
      ctrl_opens_q   <= ctrl_opens && kind_q.adi_ctrl;
      act_q          <= act_d;
    end
  end

  // The control word an entry write stores, from the row's (a checked
  // write's read-modify-write). Guest write (view): data bytes and GP, or
  // the mask bit alone. Host control write: mask, PASID check and PASID per
  // byte; GP is write-1-to-clear; pending and reserved bits are not stored.
  function automatic logic [31:0] ctrl_to_store(logic [31:0] row_ctrl);
    logic [31:0] merged, host;
    merged = (row_ctrl & ~bytes_mask) | (wdata & bytes_mask);
    host   = merged & 32'hFFFF_F009;
    host[EntryCtrlGpBit] = row_ctrl[EntryCtrlGpBit] && !(wstrb_q[0] && wdata[EntryCtrlGpBit]);
    if (kind_q.view)
      return (dword == 2'd3) ? {row_ctrl[31:1], wdata[EntryCtrlMaskBit]}
                             : (row_ctrl | (32'(1) << EntryCtrlGpBit));
    return host;
  endfunction
  // The word is made from the reset value instead when an ADI reset op
  // rewrote the row after the check read (row_reset_q; a view write never
  // races one). With LargePart both outcomes are kept in flip-flops: the
  // word from the row, made as the row arrives (with ectrl_q), and the word
  // from the reset value, in every cycle (the access's data and kind hold);
  // the entry RAM's write data is then a multiplexer or two on flip-flops,
  // not the merge as well.
  logic [31:0] wctrl;  // the control word an entry control write stores

  // Host-view formatting of a read. The row's word is selected as the
  // host-read op's rows arrive (rdata_q); the pending word and bit are
  // captured as they are (pend_word_q, pend_q) and merged in at StEval.
  // With LargePart the selects are flip-flops, registered from the address
  // in every cycle (it holds from the AXI slave's decode cycle to the
  // access's end, and rows arrive cycles later; asserted below): the
  // address decode is not in front of the row's word or the answer.
  logic [31:0] row_word, read_answer;
  logic        fmt_adi, fmt_pba, fmt_ctrl;  // the read is of an ADI row; of the PBA; of an entry's control word
  logic [1:0]  fmt_dword;
  if (LargePart) begin : g_fmt_reg
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        fmt_adi   <= 1'b0;
        fmt_pba   <= 1'b0;
        fmt_ctrl  <= 1'b0;
        fmt_dword <= '0;
      end else begin
        fmt_adi   <= region == RegAdi;
        fmt_pba   <= region == RegPba;
        fmt_ctrl  <= region != RegAdi && dword == 2'd3;
        fmt_dword <= dword;
      end
    end
  end else begin : g_fmt_comb
    assign fmt_adi   = region == RegAdi;
    assign fmt_pba   = region == RegPba;
    assign fmt_ctrl  = region != RegAdi && dword == 2'd3;
    assign fmt_dword = dword;
  end
  always_comb begin
    if (fmt_adi)
      unique case (fmt_dword)
        2'd0:    row_word = hr_adi_i[31:0] & AdiCtrlBits;
        2'd1:    row_word = hr_adi_i[63:32];
        2'd2:    row_word = hr_adi_i[95:64] & AdiPasidBits;
        default: row_word = hr_adi_i[127:96] & AdiRidBits;
      endcase
    else
      row_word = fmt_ctrl ? (hr_entry_i.ctrl & EntryCtrlReadBits) : hr_entry_i[32*fmt_dword +: 32];
    if (fmt_pba)
      read_answer = pend_word_q;
    else if (fmt_ctrl)
      read_answer = rdata_q | (32'(pend_q) << EntryCtrlPendBit);
    else
      read_answer = rdata_q;
  end

  // The refusals StEval can answer, from the kind and the registered
  // verdicts (each a gate or two on flip-flops).
  logic refuse_view, refuse_guest, refuse_eval;
  assign refuse_view  = kind_q.view && !view_ok_q;
  assign refuse_guest = kind_q.view && view_ok_q && act_q.refuse;
  assign refuse_eval  = act_q.refuse || ctrl_refused_q;

  // The fault record of any refusal of this access: which refusal it is
  // changes only the reason (and, for an ADI view, the value); the other
  // fields follow from the access alone.
  always_comb begin
    fault_o        = '0;
    fault_o.reason = FaultIllegalHost;
    if (refuse_guest) fault_o.reason = FaultGuestRefused;
    if (kind_q.adi)   fault_o.reason = FaultConfigRefused;
    fault_o.adi    = 16'hFFFF;
    fault_o.index  = addr[15:0];
    fault_o.value  = (kind_q.pba_wr || refuse_view) ? addr : wdata;
    if (kind_q.view) begin
      fault_o.adi   = 16'(view_adi);
      fault_o.index = 16'(vector);
    end
    if (kind_q.adi) begin
      fault_o.adi   = 16'(adi_row);
      fault_o.index = {12'h0, dword, 2'b00};
    end
  end

  // The table writes. Each write enable is its flip-flop gated by what can
  // make it wait, and the ack of a write is its enable (the landing cycle):
  //   * every table write waits (nothing happens, retry next cycle) while
  //     the tables initialise (decided a cycle ahead: entry_go_q, adi_wr_q,
  //     so a write due when init ends lands a cycle later);
  //   * an entry write also while an ADI reset op rewrites an entry
  //     (clr_fired_i) or the pipeline reads the entry RAM on this
  //     edge (entry_rd_i: any row; the RAMs promise nothing for a row read
  //     and written on one edge, and the row read, base + vector from the
  //     ADI RAM, comes too late to compare). After a wait for a read no op
  //     enters the pipeline in the next cycle (hold_q), so the op already in
  //     S0 is the last that can delay it: an entry write waits at most two
  //     cycles;
  //   * an entry write that unmasks lands only with the release engine's
  //     slot, seen free a cycle ahead (entry_go_q; only this block fills
  //     the slot, so one seen free stays free until the handoff; one freed
  //     in this cycle is taken a cycle later); unmask_valid_o is up only
  //     with the write, and the slot is then ready (asserted);
  //   * an ADI write never waits: it never meets a read (every cycle one
  //     may land in is held, hold_adi below, and the ADI RAM is read only
  //     by an op entering S0), nor the ADI reset's last write (which waits
  //     for busy_o).
  // (A write never comes with a refusal: acc_err_o and fault_valid_o are 0
  // whenever a table is written. The entry and ADI writes are never due
  // together.)
  // The pipeline's signals (stalled or not) are the last gate.
  assign entry_we_o     = entry_go_q && !clr_fired_i && !entry_rd_i;
  assign unmask_valid_o = entry_we_o && unmask_q;
  assign scan_hit_d     = st_scan && hr_ack_i && scan_q != adi_row && overlap;
  assign conflicts      = conflict_q || scan_hit_q;
  assign adi_wr_due_o   = adi_wr_q;
  assign adi_we_o       = adi_wr_q;
  assign sweep_o        = adi_we_o && ctrl_opens_q;
  assign reset_start_o  = adi_we_o && resets_q;
  assign unmask_entry_o = wr_entry_q;
  assign entry_waddr_o  = wr_entry_q;
  assign entry_wlane_o  = lane_q;
  assign adi_waddr_o    = adi_row;
  assign adi_wlane_o    = lane_q;

  // The write data. Word 3 is written only by the checked writes (plain
  // entry writes never reach dword 3): the control word made above.
  always_comb begin
    entry_wdata_o = {4{wdata}};
    entry_wdata_o[127:96] = wctrl;
    adi_wdata_o   = {4{wdata}};
    // CTRL.held is read-only: set by an enable, kept until the ADI's reset
    // completes (ims_adi_reset clears it). A reset write disables the ADI.
    // (Bits 7 and 0 of the row are written only by CTRL writes.)
    adi_wdata_o[AdiCtrlHeldBit]   = own_q.held || (wdata[AdiCtrlEnableBit] && !new_reset);
    adi_wdata_o[AdiCtrlEnableBit] = wdata[AdiCtrlEnableBit] && !new_reset;
  end

  // The lanes of the access arriving: its strobes at its dword (plain entry
  // and ADI writes); a view write of data also sets GP (lane 12), a view
  // write of the control word writes the mask bit alone (lane 12), a host
  // control write the whole word (read-modify-write).
  always_comb begin
    logic [1:0] dw;
    dw     = acc_addr_i[3:2];
    lane_d = '0;
    lane_d[4*dw +: 4] = acc_wstrb_i;
    if (acc_kind.view) begin
      if (dw == 2'd3)                lane_d = {15'h0, acc_wstrb_i[0]} << 12;
      else if (acc_wstrb_i != 4'h0)  lane_d[12] = 1'b1;
    end else if (acc_kind.entry_ctrl) begin
      lane_d = 16'hF000;
    end
  end

  // What the pipeline's late signals decide (hr_ack_i, hr_taken_i,
  // entry_rd_i: each a gate behind its advance, so behind the
  // TLP slice's flip-flop), written as a choice between values computed
  // from flip-flops and the rules' verdicts on S3's row, the late signal
  // last: the advance is a gate or two from each of these flip-flops.
  //   issued_d:   the host-read op entered the pipeline (hr_taken_i, only
  //               while hr_valid_q) and has not returned (hr_ack_i, only for
  //               an issued op; both asserted below);
  //   hr_valid_d: an op to issue next cycle: StDecide's check read, StEval's
  //               first scan read, StOp/StScan's op until it is taken
  //               (hr_valid_q is "in StOp or StScan, not issued"), the next
  //               scan read as a row returns;
  //   entry_wr_d: an entry write due (until it lands), or decided as the row
  //               arrives;
  //   adi_wr_d:   a plain ADI write at StDecide (or the first cycle after
  //               init), a checked one as the row arrives, an enable's after
  //               its scan found no conflict.
  logic scan_last;  // the scan reads its last row
  assign scan_last = 32'(scan_q) == NumAdis - 1;
  always_comb begin
    issued_d   = (issued_q && !hr_ack_i) || hr_taken_i;
    hr_valid_d = (st_decide && !init_busy_i && !kind_q.pba_wr && !kind_q.plain_entry
                  && !kind_q.plain_adi)
                 || (st_eval && act_q.scan && !ctrl_refused_q)
                 || (hr_valid_q && !hr_taken_i)
                 || (st_scan && !scan_last && hr_ack_i);
    entry_wr_d = (entry_wr_q && !entry_we_o) || (st_op && act_d.entry_write && hr_ack_i);
    adi_wr_d   = (st_decide && !init_busy_i && kind_q.plain_adi && !adi_wr_q)
                 || (st_scan_done && !conflicts)
                 || (st_op && act_d.adi_write && !(ctrl_word_refused_q && kind_q.adi_ctrl)
                     && hr_ack_i);
  end

  // The FSM, one flip-flop per state: each state's next value is an AND-OR
  // of flip-flops and the late signals (no case over the state vector, so
  // one that is not one-hot before reset trips no unique-case check;
  // $onehot is asserted after reset). The late-decided flags above are not
  // set here.
  logic decide_go;   // StDecide decides (init done)
  logic read_first;  // the access reads first (StOp): all but a PBA or plain write
  logic scan_go;     // StEval starts the overlap scan
  logic nx_idle, nx_decide, nx_op, nx_eval, nx_scan, nx_scan_done;
  always_comb begin
    decide_go    = st_decide && !init_busy_i;
    read_first   = !kind_q.pba_wr && !kind_q.plain_entry && !kind_q.plain_adi;
    scan_go      = act_q.scan && !ctrl_refused_q;
    nx_decide    = st_decide && init_busy_i;
    nx_op        = (decide_go && read_first) || (st_op && !hr_ack_i);
    nx_eval      = st_op && hr_ack_i;
    nx_scan      = (st_eval && scan_go) || (st_scan && !(hr_ack_i && scan_last));
    nx_scan_done = st_scan && hr_ack_i && scan_last;
    nx_idle      = st_idle || (decide_go && !read_first) || (st_eval && !scan_go) || st_scan_done;
    state_d      = state_e'({nx_scan_done, nx_scan, nx_eval, nx_op, nx_decide, nx_idle});
  end

  // What each state does besides moving on.
  always_comb begin
    rdata_d      = rdata_q;
    pend_word_d  = pend_word_q;
    pend_d       = pend_q;
    ectrl_d      = ectrl_q;
    own_lo_d     = own_lo_q;
    view_ok_d    = view_ok_q;
    wr_entry_d   = wr_entry_q;
    scan_d       = scan_q;
    conflict_d   = conflict_q || scan_hit_q;
    row_reset_d  = row_reset_q;
    if (clr_fired_i && clr_entry_i == addr[EntryIdxW+3:4]) row_reset_d = 1'b1;

    // A refusal's answer (StIdle by then), a read's, a write's landing.
    acc_ack_o   = err_ack_q || entry_we_o || adi_we_o;
    acc_rdata_o = 32'h0;
    err_ack_d   = 1'b0;

    fault_valid_o = 1'b0;

    // StDecide: a PBA write is refused (the PBA is read-only); address/data,
    // PASID and RID override writes need no check and are written
    // (entry_wr_q until it lands; adi_wr_q now, or in the next cycle when
    // it arrived during init); the others read first.
    if (decide_go) begin
      row_reset_d = 1'b0;
      if (kind_q.pba_wr) begin
        fault_valid_o = 1'b1;
        err_ack_d     = 1'b1;
      end
    end
    // StOp: the host-read op's rows arrive.
    if (st_op && hr_ack_i) begin
      rdata_d      = row_word;
      pend_word_d  = hr_pend_word_i;
      pend_d       = hr_pend_i;
      // The stored control bits are the readable ones (pending is not
      // stored); no write ever sets another bit.
      ectrl_d      = hr_entry_i.ctrl & EntryCtrlReadBits;
      own_lo_d     = {hr_adi_i[63:32], hr_adi_i[31:0] & AdiCtrlBits};
      view_ok_d    = hr_view_ok_i;
      if (region == RegView) wr_entry_d = hr_entry_idx_i;
    end
    // StEval: the actions are exclusive (act_q; ctrl_refused_q only with an
    // ADI CTRL write's scan or write), so each is taken on its own; a write
    // lands from here on (entry_wr_q) or now (adi_wr_q).
    if (st_eval) begin
      if (refuse_eval) begin
        fault_valid_o = 1'b1;
        err_ack_d     = 1'b1;
      end
      if (act_q.read) begin
        acc_ack_o   = 1'b1;
        acc_rdata_o = read_answer;
      end
      if (scan_go) begin
        scan_d     = '0;
        conflict_d = 1'b0;
      end
    end
    if (st_scan && hr_ack_i) scan_d = scan_q + AdiIdxW'(1);
    // StScanDone: the write lands in the next cycle, from a flip-flop
    // (adi_wr_q): the last row's verdict (scan_hit_q) arrives only now.
    if (st_scan_done && conflicts) begin
      fault_valid_o = 1'b1;
      err_ack_d     = 1'b1;
    end
  end
  assign acc_err_o = err_ack_q;

  // The held cycles (hold_q: no op enters the pipeline). Decided from the
  // state and the access kind, not from whether the write happens: holding
  // a cycle too many costs one op slot, rarely (a refusal, a scan, an
  // unmask waiting for the release engine).
  //   * after a cycle in which an entry write could have waited for an entry
  //     read (rd_collide);
  //   * every cycle an ADI write may land in (adi_wr_q), so no op reads the
  //     ADI RAM then: the cycle after a plain ADI write arrives or waits at
  //     StDecide, after an ADI CTRL/BLOCK check read returns (StEval), and
  //     after StScanDone.
  logic  hold_adi;
  assign acc_kind = kind_of(acc_addr_i[28], acc_addr_i[18], acc_addr_i[14], acc_addr_i[3:2],
                            acc_is_wr_i);
  assign rd_collide = entry_go_q && entry_rd_i;
  always_comb begin
    hold_adi = 1'b0;
    if (acc_req_i)
      hold_adi = acc_kind.plain_adi;
    else begin
      if (st_decide && kind_q.plain_adi && !adi_wr_q) hold_adi = 1'b1;
      if (st_op && hr_ack_i && (kind_q.adi_ctrl || kind_q.adi_block)) hold_adi = 1'b1;
      if (st_scan_done) hold_adi = 1'b1;
    end
  end
  // The entry write's go for the next cycle (entry_go_q): due, init done,
  // and for an unmask the release engine's slot free now (it stays free:
  // only this block fills it).
  assign entry_go_d = entry_wr_d && !init_busy_i && (!unmask_q || unmask_ready_i);

  // The block a reset walks: only a block the ADI holds (an ADI that holds
  // nothing may name a block another ADI now holds, and must not touch it).
  always_comb begin
    reset_adi_o        = adi_row;
    reset_first_o      = own_q.base[EntryIdxW-1:0];
    reset_ctrl_byte0_o = (wdata[7:0] & ~8'((1 << AdiCtrlEnableBit) | (1 << AdiCtrlHeldBit)))
                         | 8'(1 << AdiCtrlResetBit) | 8'(32'(own_q.held) << AdiCtrlHeldBit);
    // A held block lies inside the table (an enable is refused otherwise,
    // ims_adi_rules, and BLOCK cannot change while held), so it needs no
    // clipping here: no adders.
    reset_count_o = own_q.held ? (EntryIdxW+1)'(own_q.size) : '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= StIdle;
      is_wr_q      <= 1'b0;
      wstrb_q      <= '0;
      issued_q     <= 1'b0;
      rdata_q      <= '0;
      ectrl_q      <= '0;
      own_lo_q     <= '0;
      view_ok_q    <= 1'b0;
      wr_entry_q   <= '0;
      row_reset_q  <= 1'b0;
      hold_q       <= 1'b0;
      scan_q       <= '0;
      hr_op_q      <= '0;
      conflict_q   <= 1'b0;
      scan_hit_q   <= 1'b0;
      pend_word_q  <= '0;
      pend_q       <= 1'b0;
      kind_q       <= '0;
      err_ack_q    <= 1'b0;
      entry_wr_q   <= 1'b0;
      entry_go_q   <= 1'b0;
      adi_wr_q     <= 1'b0;
      unmask_q     <= 1'b0;
      resets_q     <= 1'b0;
      ctrl_word_refused_q <= 1'b0;
      lane_q       <= '0;
      hr_valid_q   <= 1'b0;
      busy_q       <= 1'b0;
      reset_busy_q <= 1'b0;
    end else begin
      state_q      <= acc_req_i ? StDecide : state_d;
      issued_q     <= issued_d;
      rdata_q      <= rdata_d;
      ectrl_q      <= ectrl_d;
      own_lo_q     <= own_lo_d;
      view_ok_q    <= view_ok_d;
      wr_entry_q   <= acc_req_i ? acc_addr_i[EntryIdxW+3:4] : wr_entry_d;
      row_reset_q  <= row_reset_d;
      hold_q       <= rd_collide || hold_adi;
      scan_q       <= scan_d;
      conflict_q   <= conflict_d;
      scan_hit_q   <= scan_hit_d;
      pend_word_q  <= pend_word_d;
      pend_q       <= pend_d;
      err_ack_q    <= err_ack_d;
      hr_valid_q   <= hr_valid_d;
      hr_op_q      <= host_op(nx_scan, scan_d);
      busy_q       <= acc_req_i || !st_idle || entry_wr_q || adi_wr_q;
      reset_busy_q <= reset_busy_i;
      entry_wr_q   <= acc_req_i ? acc_kind.plain_entry : entry_wr_d;
      // (A plain entry write never unmasks: not the control word.)
      entry_go_q   <= acc_req_i ? (acc_kind.plain_entry && !init_busy_i) : entry_go_d;
      adi_wr_q     <= acc_req_i ? (acc_kind.plain_adi && !init_busy_i) : adi_wr_d;
      if (acc_req_i) begin
        // The mask bit (byte 0 of the control word) written 0.
        unmask_q     <= acc_is_wr_i && acc_addr_i[3:2] == 2'd3 && acc_wstrb_i[0]
                        && !acc_wdata_i[EntryCtrlMaskBit] && (acc_kind.view || acc_kind.entry_ctrl);
        resets_q     <= acc_kind.adi_ctrl && acc_wdata_i[AdiCtrlResetBit];
        ctrl_word_refused_q <= acc_wstrb_i != 4'hF
                               || (acc_wdata_i[AdiCtrlGuestDirectBit] && !acc_wdata_i[AdiCtrlPasidEnBit]);
        lane_q       <= lane_d;
        kind_q  <= acc_kind;
        is_wr_q <= acc_is_wr_i;
        wstrb_q <= acc_is_wr_i ? acc_wstrb_i : 4'h0;
      end
    end
  end

  if (LargePart) begin : g_ctrl_word_reg
    logic [31:0] wctrl_row_q, wctrl_reset_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        wctrl_row_q   <= '0;
        wctrl_reset_q <= '0;
      end else begin
        if (st_op && hr_ack_i) wctrl_row_q <= ctrl_to_store(hr_entry_i.ctrl & EntryCtrlReadBits);
        wctrl_reset_q <= ctrl_to_store(EntryCtrlReset);
      end
    end
    assign wctrl = (row_reset_q && !kind_q.view) ? wctrl_reset_q : wctrl_row_q;
  end else begin : g_ctrl_word_comb
    assign wctrl = ctrl_to_store((row_reset_q && !kind_q.view) ? EntryCtrlReset : ectrl_q);
  end

  // Assertions
`ifndef SYNTHESIS
  // The port holds the access from its req through its answer: addr and
  // wdata are read in every one of those cycles (the last in the answer's).
  logic in_access_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)        in_access_q <= 1'b0;
    else if (acc_req_i) in_access_q <= 1'b1;
    else if (acc_ack_o) in_access_q <= 1'b0;
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni && in_access_q && !acc_req_i)
      assert ($stable(acc_addr_i) && $stable(acc_wdata_i))
      else $error("ims_host_tables: the access's address or data changed before its answer");
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert ($onehot(state_q)) else $error("ims_host_tables: state not one-hot");
      if (st_op && hr_ack_i) assert (reset_busy_q == reset_busy_i)
        else $error("ims_host_tables: the ADI reset started or ended during an access");
      if (acc_req_i) assert (state_q == StIdle && !entry_wr_q && !adi_wr_q)
        else $error("ims_host_tables: access while busy");
      if (state_q != StIdle || entry_wr_q || adi_wr_q) assert (busy_o)
        else $error("ims_host_tables: busy_q down during an access");
      if (hr_ack_i) assert (issued_q && (state_q == StOp || state_q == StScan))
        else $error("ims_host_tables: host-read result nobody asked for");
      if (hr_taken_i) assert (hr_valid_q) else $error("ims_host_tables: host-read op taken unasked");
      // The control word written is the read-modify-write of the row as
      // it stands (reset, if a reset op rewrote it since the check read).
      if (entry_we_o && |lane_q[15:12])
        assert (entry_wdata_o[127:96]
                == ctrl_to_store((row_reset_q && !kind_q.view) ? EntryCtrlReset : ectrl_q))
          else $error("ims_host_tables: an entry control word not made from the row as it stands");
      if (st_op || st_eval || st_scan)
        assert (fmt_adi == (region == RegAdi) && fmt_pba == (region == RegPba)
                && fmt_ctrl == (region != RegAdi && dword == 2'd3) && fmt_dword == dword)
          else $error("ims_host_tables: a read's format selects are not its address's");
      if (hr_valid_q) assert (hr_op_q == host_op(st_scan, scan_q))
        else $error("ims_host_tables: the offered host-read op is not this state's");
      if (reset_start_o) assert (!own_q.held || (own_q.size != 16'h0
                                 && 32'(own_q.base) + 32'(own_q.size) <= NumEntries))
        else $error("ims_host_tables: a held block beyond the table");
      // What the write waits rely on (see the table writes).
      assert (!(entry_wr_q && adi_wr_q)) else $error("ims_host_tables: entry and ADI writes due at once");
      assert (!((entry_wr_q || adi_wr_q) && (fault_valid_o || acc_err_o)))
        else $error("ims_host_tables: a refusal with a table write");
      // The flip-flops say what the FSM is doing: a write is due only for
      // an access that writes, and its FSM has moved on (or is at StDecide
      // or StEval, where it was decided), never to another read.
      if (entry_wr_q) assert ((kind_q.plain_entry || act_q.entry_write)
                              && (state_q == StDecide || state_q == StEval || state_q == StIdle))
        else $error("ims_host_tables: entry_wr_q out of step");
      if (adi_wr_q) assert (((state_q == StDecide || state_q == StIdle) && kind_q.plain_adi)
                            || (state_q == StEval && act_q.adi_write && !ctrl_refused_q)
                            || (state_q == StIdle && kind_q.adi_ctrl))  // after a scan
        else $error("ims_host_tables: adi_wr_q out of step");
      if (adi_wr_q) assert (!init_busy_i)
        else $error("ims_host_tables: adi_wr_q out of step");
      if (state_q == StOp && hr_ack_i && kind_q.adi_ctrl && act_d.adi_write)
        assert (ctrl_word_refused_q == ctrl_refused)
        else $error("ims_host_tables: a CTRL write landing from StOp refused by more than its word");
      if (entry_go_q) assert (entry_wr_q && !init_busy_i) else $error("ims_host_tables: entry_go_q without its write");
      // The slot seen free a cycle ahead is free.
      if (unmask_valid_o) assert (unmask_ready_i) else $error("ims_host_tables: unmask without the release slot");
      assert (hr_valid_o == ((state_q == StOp || state_q == StScan) && !issued_q))
        else $error("ims_host_tables: hr_valid_q out of step");
      // Every cycle an ADI write is due is held: the BLOCK copy takes the
      // write in all of them (ims_tables), the ADI RAM only in the last.
      if (adi_wr_due_o) assert (hold_q)
        else $error("ims_host_tables: an ADI write due in a cycle an op may enter the pipeline");
    end
  end
`endif

endmodule
