// SPDX-License-Identifier: Apache-2.0
// ims_fault_log: a FIFO of fault records for the host to read and pop. Two
// producers may push in the same cycle (the interrupt pipeline and the host
// port); the pipeline's record goes first. When full, a record is lost:
// the lost counter counts it and the overflow flag sets (sticky until the
// host clears it). The head record reads as zero when the log is empty.
//
// Contract (cycle by cycle, Depth a power of two, 2..128): a pop of a
// non-empty log frees its place before the same cycle's pushes are placed;
// count_o, overflow_o, lost_o and head_o change on the clock edge after the
// push/pop that causes them.
//
// Structure (RAM-friendly, one write port per memory, no combinational read):
//  * Storage: one bank per producer (ims_ram_sdp with ReadFirst = 0, Depth
//    rows of 72 bits, a row per slot): the pipeline's bank takes its records
//    only, the host's bank its own, so neither bank's write data is selected.
//    Two pushes in one cycle go to consecutive slots: the pipeline's to
//    wr_q, the host's to the next slot (its bank's write row is wr_q or
//    wr_q + 1, both registered, picked by pipe_valid_i). A flag per slot
//    (host_slot_q) says which bank holds the slot's record. (Banks by slot
//    parity, as before, needed a 2:1 select of the write data per bit and
//    bank: 144 LUTs at 72 bits, against Depth flags and a Depth:1 read.)
//  * Output stage (first word fall through): head_q holds record 0 (zero when
//    empty), so head_o is a flip-flop. Every cycle both banks read the row of
//    the slot that will hold record 1 after this cycle's pop, and that slot's
//    flag is registered with it (from_host_q); a pop then loads head_q from
//    the read data of the bank the flag names. If record 1 is pushed in the
//    same cycle it is read, the RAM's collision result is not used: byp_q
//    catches the record and byp_hit_q selects it (the RAM promises nothing
//    on a collision).
//  * Decide both ways: pipe_valid_i is the one late input (the pipeline's
//    advance, a LUT behind the TLP slice); the other inputs are flip-flops
//    (host_valid_i is registered in ims_top). The next count's
//    "is 0/1/2/Depth-1/Depth" flags (registers, so the space check of a
//    push is one gate) and the records placed are computed from flip-flops
//    for both values of pipe_valid_i, which picks one last: the next count
//    is the count after the pop plus the arrivals, capped at Depth, so each
//    flag is a select among "the count after the pop is k, k-1, k-2"; the
//    count adds the records placed less the pop. Pointers and the lost
//    counter add increments of flip-flops that the late decision selects.
//  * Head: which source loads head_q (hold, either bank, bypass, the host's
//    record, zero) is known from flip-flops, so bank read data meets an
//    AND-OR only, and pipe_valid_i (the pipeline's record into an empty
//    log) is the last select.
// Flip-flops: 2 x 72 (head, bypass), a flag per slot, control; records in RAM.
// Ice40Dsp (a small part's trim, iCE40 UltraPlus only): the lost counter is
// an SB_MAC16 block's 32-bit accumulator (lower half plus 0, 1 or 2, its
// carry into the upper half) instead of 32 logic cells; the same count.
// Simulation (SYNTHESIS undefined) keeps the flip-flop counter.
module ims_fault_log #(
  parameter int unsigned Depth = 16,
  parameter bit          Ice40Dsp = 1'b0,
  localparam int unsigned PtrW = $clog2(Depth),
  localparam int unsigned RecW = $bits(ims_pkg::fault_t)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            pipe_valid_i,
  input  ims_pkg::fault_t pipe_i,
  input  logic            host_valid_i,
  input  ims_pkg::fault_t host_i,
  input  logic            pop_i,
  input  logic            clear_overflow_i,
  output logic [7:0]      count_o,
  output logic            overflow_o,
  output logic [31:0]     lost_o,
  output ims_pkg::fault_t head_o
);

  // Control state.
  // The read side keeps the slots of records 1 and 2 (not of record 0):
  // those are the rows record 1's read needs, so its RAM address and flag
  // select are a pick between flip-flops, not an add behind the pop.
  logic [PtrW-1:0] rd1_q, rd1_d, rd2_q, rd2_d, wr_q, wr_d;
  logic [PtrW:0]   cnt_q, cnt_d;
  logic            empty_q, empty_d, one_q, one_d, two_q, two_d;
  logic            afull_q, afull_d, full_q, full_d;
  logic            ovf_q, ovf_d;
  logic [31:0]     lost_q, lost_d;
  logic            byp_hit_q, byp_hit_d;
  logic [Depth-1:0] host_slot_q, host_slot_d;  // [s]: slot s is in the host's bank
  logic            from_host_q, from_host_d;   // record 1's bank (read this cycle)
  ims_pkg::fault_t head_q, head_d;
  // Payload (not reset): the record pushed to place 1 of the next cycle.
  ims_pkg::fault_t byp_q, byp_d;

  // Is the count k now? The registered flag where there is one, else a
  // compare of cnt_q (both from flip-flops).
  function automatic logic count_is(int k);
    if (k < 0 || k > int'(Depth)) return 1'b0;
    if (k == 0)                   return empty_q;
    if (k == 1)                   return one_q;
    if (k == 2)                   return two_q;
    if (k == int'(Depth) - 1)     return afull_q;
    if (k == int'(Depth))         return full_q;
    return int'(cnt_q) == k;
  endfunction

  // Is the count after this cycle's pop k? (A pop of an empty log does
  // nothing.)
  function automatic logic popped_is(int k);
    if (k < 0) return 1'b0;
    return pop_i ? (count_is(k + 1) || (k == 0 && empty_q)) : count_is(k);
  endfunction

  // Is the count next cycle k, with this many records arriving? The count
  // next cycle is min(popped + arrivals, Depth): what does not fit is lost.
  function automatic logic next_is(int k, logic [1:0] arrivals);
    if (k < int'(Depth)) begin
      unique case (arrivals)
        2'd0:    return popped_is(k);
        2'd1:    return popped_is(k - 1);
        default: return popped_is(k - 2);
      endcase
    end
    return popped_is(k) || (arrivals != 2'd0 && popped_is(k - 1))
        || (arrivals == 2'd2 && popped_is(k - 2));
  endfunction

  // The count and its flags next cycle.
  typedef struct packed {
    logic [1:0]    plc;  // records placed
    logic          empty, one, two, afull, full;
  } fill_t;

  // Decisions.
  logic            do_pop, n_zero, n_one, n_afull, n_full;
  logic            push_a, push_b, lost_a, lost_b;
  fill_t           fill [2];  // [p]: if pipe_valid_i == p
  logic [1:0]      placed_now;
  logic            lost_one, lost_two;
  logic [30:0]     lost_hi_inc;
  logic [PtrW-1:0] rd_slot_1, host_wr;
  ims_pkg::fault_t head_other, head_new;
  logic            head_en;
  logic [1:0]      head_from_bank;

  // Banks: [0] the pipeline's, [1] the host's.
  logic [1:0]           bank_we;
  logic [PtrW-1:0]      bank_waddr [2];
  logic [RecW-1:0]      bank_wdata [2];
  logic [PtrW-1:0]      bank_raddr;
  logic [RecW-1:0]      bank_rdata [2];

  always_comb begin
    do_pop  = pop_i && !empty_q;
    // Count after the pop (n): the pop frees a place before the pushes.
    n_zero  = empty_q || (one_q && do_pop);
    n_one   = (one_q && !do_pop) || (two_q && do_pop);
    n_afull = (afull_q && !do_pop) || (full_q && do_pop);   // one place left
    n_full  = full_q && !do_pop;                            // no place left

    // The fill both ways, from flip-flops (host_valid_i is registered in
    // ims_top); the late pipe_valid_i picks one below. What does not fit is
    // lost: placed = min(arrivals, places left after the pop).
    for (int unsigned p = 0; p < 2; p++) begin
      logic [1:0] arrivals, placed;
      arrivals      = 2'(p) + 2'(host_valid_i);
      placed        = n_full ? 2'd0 : ((n_afull && arrivals == 2'd2) ? 2'd1 : arrivals);
      fill[p].plc   = placed;
      fill[p].empty = next_is(0, arrivals);
      fill[p].one   = next_is(1, arrivals);
      fill[p].two   = next_is(2, arrivals);
      fill[p].afull = next_is(int'(Depth) - 1, arrivals);
      fill[p].full  = next_is(int'(Depth), arrivals);
    end
    {placed_now, empty_d, one_d, two_d, afull_d, full_d} = pipe_valid_i ? fill[1] : fill[0];
    // The count moves by the records placed less the pop (-1 .. +2): one
    // adder (a short carry chain) behind the decisions, not a choice among
    // four sums behind two levels of selects.
    cnt_d = cnt_q + (PtrW+1)'(placed_now) - (PtrW+1)'(do_pop);

    push_a  = pipe_valid_i && !n_full;
    lost_a  = pipe_valid_i && n_full;
    push_b  = host_valid_i && !n_full && !(push_a && n_afull);
    lost_b  = host_valid_i && !push_b;

    rd1_d = do_pop ? rd2_q : rd1_q;
    rd2_d = do_pop ? rd2_q + PtrW'(1) : rd2_q;
    // The write pointer: + pushes placed, both ways (as the fill above).
    if (!pipe_valid_i)                 wr_d = (host_valid_i && !n_full) ? wr_q + PtrW'(1) : wr_q;
    else if (n_full)                   wr_d = wr_q;
    else if (host_valid_i && !n_afull) wr_d = wr_q + PtrW'(2);
    else                               wr_d = wr_q + PtrW'(1);

    // Lost counter: +0/+1/+2 as bit 0 plus an increment of bits 31:1.
    lost_one    = lost_a ^ lost_b;
    lost_two    = lost_a && lost_b;
    lost_hi_inc = lost_q[31:1] + 31'd1;
    lost_d[0]   = lost_q[0] ^ lost_one;
    lost_d[31:1] = (lost_two || (lost_one && lost_q[0])) ? lost_hi_inc : lost_q[31:1];
    ovf_d = (ovf_q && !clear_overflow_i) || lost_a || lost_b;

    // Writes: each producer into its own bank, the pipeline's record at
    // wr_q, the host's after it when both push (a select of two registered
    // slots by the late pipe_valid_i, on the host bank's write row only).
    host_wr       = pipe_valid_i ? wr_q + PtrW'(1) : wr_q;
    bank_we       = {push_b, push_a};
    bank_waddr[0] = wr_q;
    bank_waddr[1] = host_wr;
    bank_wdata[0] = pipe_i;
    bank_wdata[1] = host_i;
    host_slot_d   = host_slot_q;
    if (push_a) host_slot_d[wr_q]    = 1'b0;
    if (push_b) host_slot_d[host_wr] = 1'b1;

    // Reads: the slot of record 1 after this cycle's pop, and its bank (a
    // slot written this cycle is taken from the bypass next cycle instead).
    // The bank flag is looked up for both slots, from flip-flops, and the
    // pop picks one last (not the flag array behind the pop's select).
    rd_slot_1   = do_pop ? rd2_q : rd1_q;
    bank_raddr  = rd_slot_1;
    from_host_d = do_pop ? host_slot_q[rd2_q] : host_slot_q[rd1_q];

    // Head next cycle: hold, record 1 on a pop (the bank from_host_q names,
    // or the bypass), or the first record pushed into an empty log (zero if none).
    // Which one is known from flip-flops but for the pipeline's push, so the
    // bank read data only meets an AND-OR (head_other is zero when a bank is
    // taken) and pipe_valid_i the last select.
    head_en           = n_zero || do_pop;
    head_from_bank[0] = !n_zero && !byp_hit_q && !from_host_q;
    head_from_bank[1] = !n_zero && !byp_hit_q && from_host_q;
    if (n_zero)         head_other = host_valid_i ? host_i : '0;
    else if (byp_hit_q) head_other = byp_q;
    else                head_other = '0;
    head_new = ims_pkg::fault_t'(({RecW{head_from_bank[0]}} & bank_rdata[0])
                               | ({RecW{head_from_bank[1]}} & bank_rdata[1])
                               | head_other);
    if (pipe_valid_i && n_zero) head_d = pipe_i;  // the pipeline's record goes first
    else if (head_en)           head_d = head_new;
    else                        head_d = head_q;

    // Record 1 next cycle, when it is pushed this cycle.
    byp_hit_d = (n_one && (pipe_valid_i || host_valid_i))
             || (n_zero && pipe_valid_i && host_valid_i);
    byp_d     = (n_one && pipe_valid_i) ? pipe_i : host_i;
  end

  for (genvar b = 0; b < 2; b++) begin : g_bank
    ims_ram_sdp #(
      .Depth     (Depth),
      .Width     (RecW),
      .ReadFirst (1'b0)
    ) u_ram (
      .clk_i   (clk_i),
      .we_i    (bank_we[b]),
      .wlane_i (1'b1),
      .waddr_i (bank_waddr[b]),
      .wdata_i (bank_wdata[b]),
      .re_i    (1'b1),
      .raddr_i (bank_raddr),
      .rdata_o (bank_rdata[b])
    );
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd1_q     <= PtrW'(1);
      rd2_q     <= PtrW'(2);
      wr_q      <= '0;
      cnt_q     <= '0;
      empty_q   <= 1'b1;
      one_q     <= 1'b0;
      two_q     <= 1'b0;
      afull_q   <= 1'b0;
      full_q    <= 1'b0;
      ovf_q     <= 1'b0;
      byp_hit_q <= 1'b0;
      head_q    <= '0;
      host_slot_q <= '0;
      from_host_q <= 1'b0;
    end else begin
      rd1_q     <= rd1_d;
      rd2_q     <= rd2_d;
      wr_q      <= wr_d;
      cnt_q     <= cnt_d;
      empty_q   <= empty_d;
      one_q     <= one_d;
      two_q     <= two_d;
      afull_q   <= afull_d;
      full_q    <= full_d;
      ovf_q     <= ovf_d;
      byp_hit_q <= byp_hit_d;
      head_q    <= head_d;
      host_slot_q <= host_slot_d;
      from_host_q <= from_host_d;
    end
  end

`ifdef SYNTHESIS
  localparam bit UseDsp = Ice40Dsp;
`else
  localparam bit UseDsp = Ice40Dsp && 1'b0;  // simulation keeps the flip-flops
`endif
  if (UseDsp) begin : g_lost_dsp
`ifdef SYNTHESIS
    // lost_q = lower + {lost_two, lost_one}, the lower half's carry into
    // the upper one, both halves registered; reset with rst_ni
    // (asynchronously, as the flip-flops they replace).
    logic rst;
    assign rst = !rst_ni;
    SB_MAC16 #(
      .TOPOUTPUT_SELECT      (2'd1),  // the upper accumulator's register
      .TOPADDSUB_LOWERINPUT  (2'd0),  // plus A (0)
      .TOPADDSUB_UPPERINPUT  (1'b0),  // plus the register itself
      .TOPADDSUB_CARRYSELECT (2'd2),  // plus the lower half's carry
      .BOTOUTPUT_SELECT      (2'd1),
      .BOTADDSUB_LOWERINPUT  (2'd0),  // plus B (the records lost)
      .BOTADDSUB_UPPERINPUT  (1'b0),
      .BOTADDSUB_CARRYSELECT (2'd0),
      .MODE_8x8              (1'b1)   // the multipliers are unused
    ) u_lost (
      .CLK (clk_i), .CE (1'b1),
      .C (16'd0), .A (16'd0), .B ({14'd0, lost_two, lost_one}), .D (16'd0),
      .AHOLD (1'b0), .BHOLD (1'b0), .CHOLD (1'b0), .DHOLD (1'b0),
      .IRSTTOP (1'b0), .IRSTBOT (1'b0), .ORSTTOP (rst), .ORSTBOT (rst),
      .OLOADTOP (1'b0), .OLOADBOT (1'b0), .ADDSUBTOP (1'b0), .ADDSUBBOT (1'b0),
      .OHOLDTOP (1'b0), .OHOLDBOT (1'b0),
      .CI (1'b0), .ACCUMCI (1'b0), .SIGNEXTIN (1'b0),
      .O (lost_q), .CO (), .ACCUMCO (), .SIGNEXTOUT ()
    );
`endif
  end else begin : g_lost_ff
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) lost_q <= '0;
      else         lost_q <= lost_d;
    end
  end

  // Payload register: not reset (valid only while byp_hit_q).
  always_ff @(posedge clk_i) begin
    byp_q <= byp_d;
  end

  assign count_o    = 8'(cnt_q);
  assign overflow_o = ovf_q;
  assign lost_o     = lost_q;
  assign head_o     = head_q;

  // Assertions
`ifndef SYNTHESIS
  initial assert (Depth >= 2 && Depth <= 128 && (Depth & (Depth - 1)) == 0)
    else $error("ims_fault_log: Depth must be a power of two in 2..128");
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert (32'(cnt_q) <= Depth) else $error("ims_fault_log: count beyond depth");
      // The flags computed one cycle ahead agree with the count.
      assert (empty_q == (cnt_q == '0) && one_q == (32'(cnt_q) == 1)
              && two_q == (32'(cnt_q) == 2) && afull_q == (32'(cnt_q) == Depth - 1)
              && full_q == (32'(cnt_q) == Depth))
        else $error("ims_fault_log: count flags disagree with the count");
      assert (PtrW'(wr_q - rd1_q + PtrW'(1)) == PtrW'(cnt_q) && rd2_q == rd1_q + PtrW'(1))
        else $error("ims_fault_log: pointers disagree with the count");
      if (empty_q) assert (head_q == '0) else $error("ims_fault_log: head not zero when empty");
      if (byp_hit_q) assert (32'(cnt_q) >= 2) else $error("ims_fault_log: bypass without record 1");
      assert (!$isunknown({count_o, overflow_o, lost_o, head_o}))
        else $error("ims_fault_log: unknown output");
    end
  end
`endif

endmodule
