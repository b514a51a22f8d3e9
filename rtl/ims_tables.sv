// SPDX-License-Identifier: Apache-2.0
// ims_tables: the block's storage and who may write it. Four simple
// dual-port RAMs (entries, ADI rows, pending words, owners) whose one read
// port each belongs to the interrupt pipeline (the owner RAM's to the release
// engine), a copy of the ADI rows' BLOCK words that reads without a clock
// (ims_adi_block_table), and the write-port priorities:
//   entry RAM:   initialiser > ADI reset (an entry back to its reset value)
//                > host;
//   ADI RAM:     initialiser > ADI reset (its final CTRL byte-0 write) > host
//                (the BLOCK copy takes the same writes);
//   pending RAM: initialiser > pipeline (stage 2 read-modify-write);
//   owner RAM:   pipeline only (no reset value needed: an owner is read only
//                for a pending entry, and making an entry pending writes it).
// The host's entry write yields a cycle in which an ADI reset op rewrites an
// entry (ims_host_tables retries), and the ADI reset's own ADI write waits
// until no host access is in progress, so a lower-priority write is never
// dropped.
// The entry and ADI RAMs promise nothing for a row read on the edge it is
// written (ims_ram_sdp ReadFirst = 0: no read-first emulation, whose delayed
// write and bypass cost ~226 LUT + 257 FF on iCE40). The writers see to it
// instead (docs/theory-of-operation.md, "Storage"): a host write, and the
// end of an ADI reset, never land on the edge the pipeline reads their row
// (they wait); an ADI reset op's entry rewrite may, but then the row read is
// of no use to the reading op (its ADI is disabled or does not hold the
// entry), except for a host read, which the op arbiter keeps out of that
// slot. After reset the
// initialiser writes every row once (busy_o, STATUS.init_busy): RAM payload
// has no reset of its own.
module ims_tables #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  // The entry RAM registers its read data itself (ims_top RamOutReg):
  // entry_rdata_o is then a cycle later, from the output register that
  // entry_oce_i enables (ims_ram_sdp_oreg).
  parameter bit          RamOutReg  = 1'b1,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis),
  localparam int unsigned PendWords = NumEntries / ims_pkg::PendWordW,
  localparam int unsigned PendAddrW = $clog2(PendWords),
  localparam int unsigned BlkW      = 2 * (EntryIdxW + 2)  // a narrowed BLOCK word (ims_adi_block_table)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  output logic                   init_busy_o,
  // entry RAM
  input  logic                   entry_host_we_i,
  input  logic [EntryIdxW-1:0]   entry_host_waddr_i,
  input  logic [15:0]            entry_host_wlane_i,
  input  logic [127:0]           entry_host_wdata_i,
  input  logic                   entry_clr_we_i,      // ADI reset: row back to reset value
  input  logic [EntryIdxW-1:0]   entry_clr_waddr_i,
  input  logic                   entry_re_i,
  input  logic [EntryIdxW-1:0]   entry_raddr_i,
  input  logic                   ram_oce_i,           // RamOutReg: the entry, ADI and pending RAMs' output registers' enable
  output ims_pkg::entry_row_t    entry_rdata_o,
  // ADI RAM
  input  logic                   adi_host_we_i,
  // the host's ADI write is due (adi_host_we_i before its stalls: init,
  // the ADI reset's write, the pipeline's clear); flip-flops only
  input  logic                   adi_host_due_i,
  input  logic [AdiIdxW-1:0]     adi_host_waddr_i,
  input  logic [15:0]            adi_host_wlane_i,
  input  logic [127:0]           adi_host_wdata_i,
  input  logic                   adi_reset_we_i,      // ADI reset done: CTRL byte 0
  input  logic [AdiIdxW-1:0]     adi_reset_waddr_i,
  input  logic [7:0]             adi_reset_wbyte0_i,
  input  logic                   adi_re_i,
  input  logic [AdiIdxW-1:0]     adi_raddr_i,
  output ims_pkg::adi_row_t      adi_rdata_o,
  // the ADI rows' BLOCK words ({size, base}, narrowed: ims_adi_block_table),
  // three reads without a clock
  input  logic [AdiIdxW-1:0]     blk_a_addr_i,
  output logic [BlkW-1:0]        blk_a_data_o,
  input  logic [AdiIdxW-1:0]     blk_b_addr_i,
  output logic [BlkW-1:0]        blk_b_data_o,
  input  logic [AdiIdxW-1:0]     blk_c_addr_i,
  output logic [BlkW-1:0]        blk_c_data_o,
  // pending RAM
  input  logic                   pend_we_i,
  input  logic [PendAddrW-1:0]   pend_waddr_i,
  input  logic [31:0]            pend_wdata_i,
  input  logic                   pend_re_i,
  input  logic [PendAddrW-1:0]   pend_raddr_i,
  output logic [31:0]            pend_rdata_o,
  // owner RAM
  input  logic                   owner_we_i,
  input  logic [EntryIdxW-1:0]   owner_waddr_i,
  input  logic [AdiIdxW-1:0]     owner_wdata_i,
  input  logic                   owner_re_i,
  input  logic                   owner_oce_i,         // RamOutReg: the owner RAM's output register's enable
  input  logic [EntryIdxW-1:0]   owner_raddr_i,
  output logic [AdiIdxW-1:0]     owner_rdata_o
);
  import ims_pkg::*;

  localparam int unsigned InitRows = (NumEntries > NumAdis) ? NumEntries : NumAdis;
  localparam int unsigned InitW    = $clog2(InitRows);
  // Reset values: entry masked, everything else 0.
  localparam entry_row_t EntryInit = '{ctrl: EntryCtrlReset, data: 32'h0, addr_hi: 32'h0, addr_lo: 32'h0};

  logic             init_busy;
  logic [InitW-1:0] init_row;
  // The initialiser's row lies in the entry / ADI / pending table (flip-flops).
  logic             init_entry_we, init_adi_we, init_pend_we;

  ims_table_init #(.Rows(InitRows), .Rows0(NumEntries), .Rows1(NumAdis), .Rows2(PendWords)) u_table_init (
    .clk_i, .rst_ni,
    .busy_o   (init_busy),
    .row_o    (init_row),
    .row_in_o ({init_pend_we, init_adi_we, init_entry_we})
  );
  assign init_busy_o = init_busy;

  // Write enables: an OR of the writers' enables, each a flip-flop or one
  // gate on flip-flops and the pipeline's stall (nobody else writes while
  // the initialiser does, asserted below), so no priority multiplexer sits
  // in front of a RAM's write enable; the priorities above pick only the
  // address, lanes and data.
  logic                 entry_we;
  logic [EntryIdxW-1:0] entry_waddr;
  logic [15:0]          entry_wlane;
  entry_row_t           entry_wdata;
  always_comb begin
    entry_we    = init_entry_we || entry_clr_we_i || entry_host_we_i;
    entry_waddr = init_busy ? EntryIdxW'(init_row)
                            : (entry_clr_we_i ? entry_clr_waddr_i : entry_host_waddr_i);
    entry_wlane = (init_busy || entry_clr_we_i) ? 16'hFFFF : entry_host_wlane_i;
    entry_wdata = (init_busy || entry_clr_we_i) ? EntryInit : entry_host_wdata_i;
  end

  ims_ram_sdp_oreg #(.OutReg(RamOutReg), .Depth(NumEntries), .Width(128), .LaneW(8)) u_entry_ram (
    .clk_i,
    .we_i    (entry_we),
    .waddr_i (entry_waddr),
    .wlane_i (entry_wlane),
    .wdata_i (entry_wdata),
    .re_i    (entry_re_i),
    .raddr_i (entry_raddr_i),
    .oce_i   (ram_oce_i),
    .rdata_o (entry_rdata_o)
  );

  // One ADI-row write port, shared by the ADI RAM and its BLOCK copy.
  logic               adi_we;
  logic [AdiIdxW-1:0] adi_waddr;
  logic [15:0]        adi_wlane;
  logic [127:0]       adi_wdata;
  always_comb begin
    adi_we    = init_adi_we || adi_reset_we_i || adi_host_we_i;
    // (The address is picked by the host's enable, a flip-flop, not by the
    // reset's, which waits for the host's access to end: the two never
    // write together. The lanes and data are an AND-OR of the writers'
    // (exclusive, asserted), so the reset's late enable reaches only the
    // byte it writes: a RAM block's WCLKE without byte 0 is the
    // initialiser's and the host's flip-flops alone.)
    adi_waddr = init_busy ? AdiIdxW'(init_row) : (adi_host_we_i ? adi_host_waddr_i : adi_reset_waddr_i);
    adi_wlane = ({16{init_adi_we}} & 16'hFFFF) | ({16{adi_host_we_i}} & adi_host_wlane_i)
              | ({16{adi_reset_we_i}} & 16'h0001);
    adi_wdata = ({128{adi_host_we_i}} & adi_host_wdata_i)
              | ({128{adi_reset_we_i}} & {120'h0, adi_reset_wbyte0_i});
  end

  // The ADI and pending RAMs: with RamOutReg their read data leaves from
  // the RAMs' output registers (S2's ADI row, S3's raw pending word).
  ims_ram_sdp_oreg #(.OutReg(RamOutReg), .Depth(NumAdis), .Width(128), .LaneW(8)) u_adi_ram (
    .clk_i,
    .we_i    (adi_we),
    .waddr_i (adi_waddr),
    .wlane_i (adi_wlane),
    .wdata_i (adi_wdata),
    .re_i    (adi_re_i),
    .raddr_i (adi_raddr_i),
    .oce_i   (ram_oce_i),
    .rdata_o (adi_rdata_o)
  );

  // The BLOCK word ({size, base}, row bits 63:32) again, for reads without
  // a clock (ims_adi_block_table), lane for lane. Its write enable fans out
  // to every flip-flop enable of the copy, so it is made from flip-flops
  // only (one OR):
  //   * the ADI reset's writes are left out: they write CTRL byte 0 only,
  //     never a BLOCK lane;
  //   * the host's write is taken as it is due (adi_host_due_i, a
  //     flip-flop; today the host's ADI write never waits, so it is also
  //     the cycle the ADI RAM takes it). Were it taken earlier than the
  //     ADI RAM, no reader would see the difference: the pipeline reads
  //     the copy in S0 (requests) and in the S1 cycle after S0, and every
  //     cycle a host ADI write is due is one in which no op enters S0
  //     (ims_host_tables, hold_adi: "every cycle one may land in is
  //     held"); an op already in S1 reads the copy before the due edge,
  //     and one that stalls there is covered as before (an enabled ADI's
  //     BLOCK is read-only, docs/theory-of-operation.md).
  logic blk_we;
  assign blk_we = init_adi_we || adi_host_due_i;
  ims_adi_block_table #(.NumEntries(NumEntries), .NumAdis(NumAdis)) u_adi_block (
    .clk_i,
    .we_i     (blk_we),
    .waddr_i  (init_busy ? AdiIdxW'(init_row) : adi_host_waddr_i),
    .wlane_i  (init_busy ? 4'hF : adi_host_wlane_i[7:4]),
    .wdata_i  (init_busy ? 32'h0 : adi_host_wdata_i[63:32]),
    .a_addr_i (blk_a_addr_i),
    .a_data_o (blk_a_data_o),
    .b_addr_i (blk_b_addr_i),
    .b_data_o (blk_b_data_o),
    .c_addr_i (blk_c_addr_i),
    .c_data_o (blk_c_data_o)
  );

  // Pending RAM: no read-first needed (and none paid for): the pipeline
  // forwards a word it writes on the edge it reads it (ims_pipeline, fwd_hit).
  // Block RAM even at 2 words (64 entries): flip-flops cost logic cells.
  ims_ram_sdp_oreg #(.OutReg(RamOutReg), .Depth(PendWords), .Width(PendWordW), .LaneW(PendWordW), .BlockRam(1'b1)) u_pend_ram (
    .clk_i,
    .wlane_i (1'b1),
    .we_i    (init_pend_we || pend_we_i),
    .waddr_i (init_busy ? PendAddrW'(init_row) : pend_waddr_i),
    .wdata_i (init_busy ? 32'h0 : pend_wdata_i),
    .re_i    (pend_re_i),
    .raddr_i (pend_raddr_i),
    .oce_i   (ram_oce_i),
    .rdata_o (pend_rdata_o)
  );

  // Owner RAM: no read-first either (its emulation put a bypass multiplexer
  // behind the block RAM's slow read data): the release engine never uses a
  // row read on the edge it is written, it snoops the write (ims_release).
  // With RamOutReg its read data leaves from the output register
  // (ims_release's read stage).
  ims_ram_sdp_oreg #(.OutReg(RamOutReg), .Depth(NumEntries), .Width(AdiIdxW), .LaneW(AdiIdxW), .BlockRam(1'b1)) u_owner_ram (
    .clk_i,
    .we_i    (owner_we_i),
    .waddr_i (owner_waddr_i),
    .wlane_i (1'b1),
    .wdata_i (owner_wdata_i),
    .re_i    (owner_re_i),
    .raddr_i (owner_raddr_i),
    .oce_i   (owner_oce_i),
    .rdata_o (owner_rdata_o)
  );

  // Assertions
`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // Nobody else writes while the initialiser does.
      if (init_busy) assert (!(entry_host_we_i || entry_clr_we_i || adi_host_we_i || adi_reset_we_i
                               || pend_we_i || owner_we_i))
        else $error("ims_tables: a table written during initialisation");
      // The host yields to the ADI reset: a write would be lost.
      assert (!(entry_clr_we_i && entry_host_we_i))
        else $error("ims_tables: host entry write in a cycle the ADI reset writes");
      assert (!(adi_reset_we_i && adi_host_we_i))
        else $error("ims_tables: host ADI write in a cycle the ADI reset writes");
      // No read of a row on the edge the host or the ADI reset's end writes it.
      assert (!(entry_host_we_i && entry_re_i && entry_host_waddr_i == entry_raddr_i))
        else $error("ims_tables: host entry write to the row read on this edge");
      assert (!(adi_host_we_i && adi_re_i && adi_host_waddr_i == adi_raddr_i))
        else $error("ims_tables: host ADI write to the row read on this edge");
      assert (!(adi_reset_we_i && adi_re_i && adi_reset_waddr_i == adi_raddr_i))
        else $error("ims_tables: ADI reset write to the row read on this edge");
    end
  end
`endif

endmodule
