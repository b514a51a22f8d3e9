// SPDX-License-Identifier: Apache-2.0
// ims_top: the IMS block. Wires the host port, the generated register block,
// the tables (RAM), the operation arbiter, the interrupt pipeline, the release
// engine, the ADI reset engine, the counters and the fault log. Its only
// logic of its own: the edge that starts a sweep when the block as a whole
// opens (enabled and unmasked), and the owner write stage 4 has due (for the
// release engine's snoops).
module ims_top #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  parameter int unsigned FaultDepth = 16,
  // Bits kept per CNT_* counter (2..32; read zero-extended). 32 wraps; a
  // narrower counter saturates at 2^CounterW - 1 (a small part's trim; the
  // width reads in FEATURES.counter_width, 0 meaning 32).
  parameter int unsigned CounterW   = 32,
  // The CNT_* counters and FAULT_LOST in the iCE40 UltraPlus DSP blocks
  // (a small part's trim: CounterW 16 only, synthesis for that part only;
  // ims_counters, ims_fault_log). Simulation is the same either way.
  parameter bit          CounterDsp = 1'b0,
  parameter int unsigned NumReqPorts = 1,  // interrupt request ports (round robin)
  // The target's block RAM registers its read data in the block (an output
  // register: ECP5 DP16KD, Xilinx RAMB): the entry RAM's read data goes
  // straight into it, and the pipeline's S3 compares the entry row (1, the
  // larger parts). 0: the row arrives in a plain RAM's read latch and the
  // pipeline compares it partly in S2 (fewer logic levels and flip-flops,
  // for iCE40, whose RAMs have no output register). With it come the
  // other cuts for block RAMs spread over a larger die: the release
  // engine's owner read stage (one cycle more per engine op), the host's
  // entry control word made into flip-flops ahead of its write and its
  // read's format selects in flip-flops; 0 keeps the
  // area the small iCE40 parts need. Same behaviour at the ports but for the
  // engine's cycle (docs/theory-of-operation.md); constraints/synth.py sets
  // it per target.
  parameter bit          RamOutReg  = 1'b1,
  localparam int unsigned AddrW     = 32
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // host port: AXI4-Lite slave
  input  logic                       s_axil_awvalid_i,
  output logic                       s_axil_awready_o,
  input  logic [AddrW-1:0]           s_axil_awaddr_i,
  input  logic [2:0]                 s_axil_awprot_i,
  input  logic                       s_axil_wvalid_i,
  output logic                       s_axil_wready_o,
  input  logic [31:0]                s_axil_wdata_i,
  input  logic [3:0]                 s_axil_wstrb_i,
  output logic                       s_axil_bvalid_o,
  input  logic                       s_axil_bready_i,
  output logic [1:0]                 s_axil_bresp_o,
  input  logic                       s_axil_arvalid_i,
  output logic                       s_axil_arready_o,
  input  logic [AddrW-1:0]           s_axil_araddr_i,
  input  logic [2:0]                 s_axil_arprot_i,
  output logic                       s_axil_rvalid_o,
  input  logic                       s_axil_rready_i,
  output logic [31:0]                s_axil_rdata_o,
  output logic [1:0]                 s_axil_rresp_o,
  // interrupt requests, one valid/ready group per port
  input  logic [NumReqPorts-1:0]                       req_valid_i,
  output logic [NumReqPorts-1:0]                       req_ready_o,
  input  logic [NumReqPorts-1:0][ims_pkg::AdiIdW-1:0]  req_adi_i,
  input  logic [NumReqPorts-1:0][ims_pkg::VecW-1:0]    req_vec_i,
  input  logic [NumReqPorts-1:0]                       req_pasid_valid_i,
  input  logic [NumReqPorts-1:0][19:0]                 req_pasid_i,
  input  logic [NumReqPorts-1:0]                       req_satisfy_i,  // 1: "event satisfied"
  // interrupt TLPs
  output logic                       tlp_valid_o,
  input  logic                       tlp_ready_i,
  output logic [127:0]               tlp_hdr_o,
  output logic [31:0]                tlp_data_o,
  output logic                       tlp_prfx_valid_o,
  output logic [31:0]                tlp_prfx_o
);
  import ims_pkg::*;

  localparam int unsigned EntryIdxW = $clog2(NumEntries);
  localparam int unsigned AdiIdxW   = $clog2(NumAdis);
  localparam int unsigned PendWords = NumEntries / PendWordW;
  localparam int unsigned PendAddrW = $clog2(PendWords);

  // AXI protection bits carry no meaning for this block.
  logic [5:0] unused_prot;
  assign unused_prot = {s_axil_awprot_i, s_axil_arprot_i};

  // ---------------- host port and register block ----------------
  logic             cpuif_req, cpuif_req_is_wr, cpuif_stall_wr, cpuif_stall_rd;
  localparam int unsigned RegAddrW = ims_regblock_pkg::IMS_REGBLOCK_MIN_ADDR_WIDTH;
  logic [RegAddrW-1:0] cpuif_addr;
  logic             tbl_req, tbl_is_wr, tbl_ack, tbl_err;
  logic [31:0]      tbl_addr, tbl_wdata, tbl_rdata;
  logic [3:0]       tbl_wstrb;
  logic             slave_fault_valid, tables_fault_valid, host_fault_valid;
  fault_t           slave_fault, tables_fault, host_fault;

  // One host access at a time: the port and the tables never refuse together.
  // A refused host access's record (and its counter) is registered on its
  // way to the fault log and the counters: the host-side decode and checks
  // then do not share a clock period with the log's placement logic and its
  // RAM. The slave answers SLVERR one cycle later to match, so the record
  // still lands on the edge before the response rises
  // (docs/theory-of-operation.md, "Commit points"). The record is picked by
  // who serves the access (the tables, while busy), not by the late valids,
  // and the counters get the reason decoded here, one flag each.
  logic tables_busy;
  logic host_refused_guest, host_refused_config, host_illegal;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      host_fault_valid    <= 1'b0;
      host_fault          <= '0;
      host_refused_guest  <= 1'b0;
      host_refused_config <= 1'b0;
      host_illegal        <= 1'b0;
    end else begin
      host_fault_valid    <= slave_fault_valid || tables_fault_valid;
      host_fault          <= tables_busy ? tables_fault : slave_fault;
      host_refused_guest  <= tables_fault_valid && tables_fault.reason == FaultGuestRefused;
      host_refused_config <= tables_fault_valid && tables_fault.reason == FaultConfigRefused;
      host_illegal        <= slave_fault_valid
                             || (tables_fault_valid && tables_fault.reason == FaultIllegalHost);
    end
  end
  logic [31:0]      cpuif_wr_data, cpuif_wr_biten, cpuif_rd_data;
  logic             cpuif_rd_ack, cpuif_rd_err, cpuif_wr_ack, cpuif_wr_err;

  ims_axil_slave #(.NumEntries(NumEntries), .NumAdis(NumAdis), .AddrW(AddrW), .RegAddrW(RegAddrW))
  u_axil_slave (
    .clk_i, .rst_ni,
    .s_axil_awvalid_i, .s_axil_awready_o, .s_axil_awaddr_i,
    .s_axil_wvalid_i, .s_axil_wready_o, .s_axil_wdata_i, .s_axil_wstrb_i,
    .s_axil_bvalid_o, .s_axil_bready_i, .s_axil_bresp_o,
    .s_axil_arvalid_i, .s_axil_arready_o, .s_axil_araddr_i,
    .s_axil_rvalid_o, .s_axil_rready_i, .s_axil_rdata_o, .s_axil_rresp_o,
    .cpuif_req_o          (cpuif_req),
    .cpuif_req_is_wr_o    (cpuif_req_is_wr),
    .cpuif_addr_o         (cpuif_addr),
    .cpuif_wr_data_o      (cpuif_wr_data),
    .cpuif_wr_biten_o     (cpuif_wr_biten),
    .cpuif_req_stall_wr_i (cpuif_stall_wr),
    .cpuif_req_stall_rd_i (cpuif_stall_rd),
    .cpuif_rd_ack_i       (cpuif_rd_ack),
    .cpuif_rd_err_i       (cpuif_rd_err),
    .cpuif_rd_data_i      (cpuif_rd_data),
    .cpuif_wr_ack_i       (cpuif_wr_ack),
    .cpuif_wr_err_i       (cpuif_wr_err),
    .tbl_req_o            (tbl_req),
    .tbl_is_wr_o          (tbl_is_wr),
    .tbl_addr_o           (tbl_addr),
    .tbl_wdata_o          (tbl_wdata),
    .tbl_wstrb_o          (tbl_wstrb),
    .tbl_ack_i            (tbl_ack),
    .tbl_err_i            (tbl_err),
    .tbl_rdata_i          (tbl_rdata),
    .fault_valid_o        (slave_fault_valid),
    .fault_o              (slave_fault)
  );

  // (No toggle coverage: Verilator 5.006 emits C++ that does not compile for
  // these packed structs' toggle points; make coverage, tb/coverage/coverage.vlt.)
  /* verilator coverage_off */
  ims_regblock_pkg::ims_regs__in_t  hwif_in;
  ims_regblock_pkg::ims_regs__out_t hwif_out;
  /* verilator coverage_on */

  ims_regblock u_regblock (
    .clk                  (clk_i),
    .arst_n               (rst_ni),
    .s_cpuif_req          (cpuif_req),
    .s_cpuif_req_is_wr    (cpuif_req_is_wr),
    .s_cpuif_addr         (cpuif_addr),
    .s_cpuif_wr_data      (cpuif_wr_data),
    .s_cpuif_wr_biten     (cpuif_wr_biten),
    .s_cpuif_req_stall_wr (cpuif_stall_wr),
    .s_cpuif_req_stall_rd (cpuif_stall_rd),
    .s_cpuif_rd_ack       (cpuif_rd_ack),
    .s_cpuif_rd_err       (cpuif_rd_err),
    .s_cpuif_rd_data      (cpuif_rd_data),
    .s_cpuif_wr_ack       (cpuif_wr_ack),
    .s_cpuif_wr_err       (cpuif_wr_err),
    .hwif_in              (hwif_in),
    .hwif_out             (hwif_out)
  );

  // ---------------- host access to the tables ----------------
  logic             init_busy;  // the tables initialise after reset
  logic             host_entry_we, host_adi_we, host_adi_due;
  logic [EntryIdxW-1:0] host_entry_waddr;
  logic [15:0]      host_entry_wlane;
  logic [127:0]     host_entry_wdata;
  logic [AdiIdxW-1:0] host_adi_waddr;
  logic [15:0]      host_adi_wlane;
  logic [127:0]     host_adi_wdata;
  logic             hr_valid, hr_taken, hr_ack, hr_pend, hr_view_ok;
  op_t              hr_op;
  logic [AdiIdxW-1:0] hr_view_adi;  // a view read's ADI and vector, from flip-flops
  logic [VecW-1:0]  hr_view_vec;
  entry_row_t       hr_entry;
  adi_row_t         hr_adi;
  logic [31:0]      hr_pend_word;
  logic [EntryIdxW-1:0] hr_entry_idx;
  logic             unmask_valid, unmask_ready, sweep_adi, sweep_global;
  logic [EntryIdxW-1:0] unmask_entry;

  logic                 reset_finish_hold, host_hold, reset_hold;
  logic                 out_busy_q;  // the TLP output slice held a TLP in the cycle before
  logic                 adi_re, entry_re;      // the pipeline's table reads
  logic                 ram_oce;               // ... and the pipeline RAMs' output registers (RamOutReg)
  logic [AdiIdxW-1:0]   adi_raddr;
  logic [EntryIdxW-1:0] entry_raddr;
  logic                 entry_rd;              // the entry read host writes wait for
  logic                 advance;               // the pipeline moves this cycle
  logic                 reset_start, reset_busy, reset_adi_we, clr_valid, clr_taken, clr_fired;
  logic [AdiIdxW-1:0]   reset_adi, reset_adi_waddr;
  logic [EntryIdxW-1:0] reset_first, clr_entry;
  logic [EntryIdxW:0]   reset_count;
  logic [7:0]           reset_byte0, reset_adi_wbyte0;
  op_t                  clr_op;

  ims_host_tables #(.NumEntries(NumEntries), .NumAdis(NumAdis), .LargePart(RamOutReg)) u_host_tables (
    .clk_i, .rst_ni,
    .init_busy_i    (init_busy),
    .acc_req_i      (tbl_req),
    .acc_is_wr_i    (tbl_is_wr),
    .acc_addr_i     (tbl_addr),
    .acc_wdata_i    (tbl_wdata),
    .acc_wstrb_i    (tbl_wstrb),
    .acc_ack_o      (tbl_ack),
    .acc_err_o      (tbl_err),
    .acc_rdata_o    (tbl_rdata),
    .fault_valid_o  (tables_fault_valid),
    .fault_o        (tables_fault),
    .entry_we_o     (host_entry_we),
    .entry_waddr_o  (host_entry_waddr),
    .entry_wlane_o  (host_entry_wlane),
    .entry_wdata_o  (host_entry_wdata),
    .adi_we_o       (host_adi_we),
    .adi_wr_due_o   (host_adi_due),
    .adi_waddr_o    (host_adi_waddr),
    .adi_wlane_o    (host_adi_wlane),
    .adi_wdata_o    (host_adi_wdata),
    .hr_valid_o     (hr_valid),
    .hr_op_o        (hr_op),
    .hr_view_adi_o  (hr_view_adi),
    .hr_view_vec_o  (hr_view_vec),
    .hr_taken_i     (hr_taken),
    .hr_ack_i       (hr_ack),
    .hr_entry_i     (hr_entry),
    .hr_adi_i       (hr_adi),
    .hr_pend_word_i (hr_pend_word),
    .hr_pend_i      (hr_pend),
    .hr_view_ok_i   (hr_view_ok),
    .hr_entry_idx_i (hr_entry_idx),
    .entry_rd_i         (entry_rd),
    .hold_o             (host_hold),
    .clr_fired_i        (clr_fired),
    .clr_entry_i        (clr_entry),
    .reset_busy_i       (reset_busy),
    .reset_start_o      (reset_start),
    .reset_adi_o        (reset_adi),
    .reset_first_o      (reset_first),
    .reset_count_o      (reset_count),
    .reset_ctrl_byte0_o (reset_byte0),
    .unmask_valid_o (unmask_valid),
    .unmask_entry_o (unmask_entry),
    .unmask_ready_i (unmask_ready),
    .sweep_o        (sweep_adi),
    .busy_o         (tables_busy)
  );

  // ---------------- ADI reset ----------------

  ims_adi_reset #(.NumEntries(NumEntries), .NumAdis(NumAdis)) u_adi_reset (
    .clk_i, .rst_ni,
    .start_i      (reset_start),
    .adi_i        (reset_adi),
    .first_i      (reset_first),
    .count_i      (reset_count),
    .ctrl_byte0_i (reset_byte0),
    .finish_hold_i (reset_finish_hold),
    .slice_busy_i  (out_busy_q),
    .busy_o       (reset_busy),
    .hold_o       (reset_hold),
    .clr_valid_o  (clr_valid),
    .clr_op_o     (clr_op),
    .clr_taken_i  (clr_taken),
    .advance_i    (advance),
    .clr_fired_i  (clr_fired),
    .adi_we_o     (reset_adi_we),
    .adi_waddr_o  (reset_adi_waddr),
    .adi_wbyte0_o (reset_adi_wbyte0)
  );

  // ---------------- tables ----------------
  logic                 pend_re, owner_re, owner_oce;
  logic [EntryIdxW-1:0] owner_raddr;
  logic [PendAddrW-1:0] pend_raddr;
  adi_row_t             adi_rdata;
  entry_row_t           entry_rdata;
  logic [31:0]          pend_rdata;
  logic [AdiIdxW-1:0]   owner_rdata;
  logic                 pipe_pend_we, owner_we;
  logic [PendAddrW-1:0] pipe_pend_waddr;
  logic [31:0]          pipe_pend_wdata;
  logic [EntryIdxW-1:0] owner_waddr;
  logic [AdiIdxW-1:0]   owner_wdata;
  logic [AdiIdxW-1:0]   blk_a_addr, blk_b_addr, blk_c_addr;
  logic [2*EntryIdxW+3:0] blk_a, blk_b, blk_c;  // narrowed BLOCK words (ims_adi_block_table)

  ims_tables #(.NumEntries(NumEntries), .NumAdis(NumAdis), .RamOutReg(RamOutReg)) u_tables (
    .clk_i, .rst_ni,
    .init_busy_o        (init_busy),
    .entry_host_we_i    (host_entry_we),
    .entry_host_waddr_i (host_entry_waddr),
    .entry_host_wlane_i (host_entry_wlane),
    .entry_host_wdata_i (host_entry_wdata),
    .entry_clr_we_i     (clr_fired),
    .entry_clr_waddr_i  (clr_entry),
    .entry_re_i         (entry_re),
    .entry_raddr_i      (entry_raddr),
    .ram_oce_i          (ram_oce),
    .entry_rdata_o      (entry_rdata),
    .adi_host_we_i      (host_adi_we),
    .adi_host_due_i     (host_adi_due),
    .adi_host_waddr_i   (host_adi_waddr),
    .adi_host_wlane_i   (host_adi_wlane),
    .adi_host_wdata_i   (host_adi_wdata),
    .adi_reset_we_i     (reset_adi_we),
    .adi_reset_waddr_i  (reset_adi_waddr),
    .adi_reset_wbyte0_i (reset_adi_wbyte0),
    .adi_re_i           (adi_re),
    .adi_raddr_i        (adi_raddr),
    .adi_rdata_o        (adi_rdata),
    .blk_a_addr_i       (blk_a_addr),
    .blk_a_data_o       (blk_a),
    .blk_b_addr_i       (blk_b_addr),
    .blk_b_data_o       (blk_b),
    .blk_c_addr_i       (blk_c_addr),
    .blk_c_data_o       (blk_c),
    .pend_we_i          (pipe_pend_we),
    .pend_waddr_i       (pipe_pend_waddr),
    .pend_wdata_i       (pipe_pend_wdata),
    .pend_re_i          (pend_re),
    .pend_raddr_i       (pend_raddr),
    .pend_rdata_o       (pend_rdata),
    .owner_we_i         (owner_we),
    .owner_waddr_i      (owner_waddr),
    .owner_wdata_i      (owner_wdata),
    .owner_re_i         (owner_re),
    .owner_oce_i        (owner_oce),
    .owner_raddr_i      (owner_raddr),
    .owner_rdata_o      (owner_rdata)
  );

  // ---------------- operations ----------------
  ims_pkg::op_t op_abs;
  logic   op_valid, op_is_req, rel_valid, rel_taken, release_busy, scan_ack;
  logic [31:0] scan_word;
  logic        rel_stale;  // a release named a stale owner: one more sweep
  op_t    op, rel_op;
  outcome_t outcome;

  logic                        rq_valid, rq_ready, rq_pasid_valid, rq_satisfy;
  logic [ims_pkg::AdiIdW-1:0]  rq_adi;
  logic [ims_pkg::VecW-1:0]    rq_vec;
  logic [19:0]                 rq_pasid;

  ims_req_arbiter #(.NumPorts(NumReqPorts)) u_req_arbiter (
    .clk_i, .rst_ni,
    .valid_i       (req_valid_i),
    .ready_o       (req_ready_o),
    .adi_i         (req_adi_i),
    .vec_i         (req_vec_i),
    .pasid_valid_i (req_pasid_valid_i),
    .pasid_i       (req_pasid_i),
    .satisfy_i     (req_satisfy_i),
    .valid_o       (rq_valid),
    .ready_i       (rq_ready),
    .adi_o         (rq_adi),
    .vec_o         (rq_vec),
    .pasid_valid_o (rq_pasid_valid),
    .pasid_o       (rq_pasid),
    .satisfy_o     (rq_satisfy)
  );

  ims_op_arbiter u_op_arbiter (
    .clk_i, .rst_ni,
    .advance_i   (advance),
    .init_busy_i (init_busy),
    .hold_i      (host_hold || reset_hold),
    .hr_valid_i  (hr_valid),
    .hr_op_i     (hr_op),
    .hr_taken_o  (hr_taken),
    .req_valid_i       (rq_valid),
    .req_ready_o       (rq_ready),
    .req_adi_i         (rq_adi),
    .req_vec_i         (rq_vec),
    .req_pasid_valid_i (rq_pasid_valid),
    .req_pasid_i       (rq_pasid),
    .req_satisfy_i     (rq_satisfy),
    .clr_valid_i (clr_valid),
    .clr_op_i    (clr_op),
    .clr_taken_o (clr_taken),
    .rel_valid_i (rel_valid),
    .rel_op_i    (rel_op),
    .rel_taken_o (rel_taken),
    .op_valid_o  (op_valid),
    .op_o        (op),
    .op_is_req_o (op_is_req),
    .op_abs_o    (op_abs)
  );

  // A sweep starts when the block as a whole becomes able to send.
  logic g_open, g_open_q;
  assign g_open = hwif_out.CTRL.enable.value && !hwif_out.CTRL.mask.value;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) g_open_q <= 1'b0;
    else         g_open_q <= g_open;
  end
  assign sweep_global = g_open && !g_open_q;

  // The owner write stage 4 has due (it lands on the next edge the pipeline
  // moves), for the release engine's snoops: the pipeline's owner_we is that
  // due write gated by the stall, and the stall must not reach the engine's
  // decisions. (Asserted below.)
  logic                 owner_due;
  logic [EntryIdxW-1:0] owner_next_waddr;

  ims_release #(.NumEntries(NumEntries), .NumAdis(NumAdis), .NumSweepSrcs(3), .OwnerOutReg(RamOutReg)) u_release (
    .clk_i, .rst_ni,
    .unmask_valid_i (unmask_valid),
    .unmask_ready_o (unmask_ready),
    .unmask_entry_i (unmask_entry),
    .sweep_i        ({sweep_adi, sweep_global, rel_stale}),
    .scan_ack_i     (scan_ack),
    .scan_word_i    (scan_word),
    .owner_re_o     (owner_re),
    .owner_oce_o    (owner_oce),
    .owner_raddr_o  (owner_raddr),
    .owner_rdata_i  (owner_rdata),
    .owner_due_i    (owner_due),
    .owner_waddr_i  (owner_waddr),
    .owner_wdata_i  (owner_wdata),
    .owner_next_waddr_i (owner_next_waddr),
    .rel_valid_o    (rel_valid),
    .rel_op_o       (rel_op),
    .rel_taken_i    (rel_taken),
    .busy_o         (release_busy)
  );

  tlp_desc_t   pipe_tlp, out_tlp;
  logic        pipe_tlp_valid, pipe_tlp_keep, out_ready;
  logic [1:0]  out_count;  // TLPs in the slice
  logic        pipe_fault_valid;
  fault_t   pipe_fault;

  ims_pipeline #(.NumEntries(NumEntries), .NumAdis(NumAdis), .RamOutReg(RamOutReg)) u_pipeline (
    .clk_i, .rst_ni,
    .op_valid_i       (op_valid),
    .op_i             (op),
    .op_is_req_i      (op_is_req),
    .op_abs_i         (op_abs),
    .advance_o        (advance),
    .req_adi_i        (rq_adi),
    .req_vec_i        (rq_vec),
    .hr_valid_i       (hr_valid),
    .hr_op_i          (hr_op),
    .hv_adi_i         (hr_view_adi),
    .hv_vec_i         (hr_view_vec),
    .blk_a_addr_o     (blk_a_addr),
    .blk_a_i          (blk_a),
    .blk_b_addr_o     (blk_b_addr),
    .blk_b_i          (blk_b),
    .blk_c_addr_o     (blk_c_addr),
    .blk_c_i          (blk_c),
    .g_enable_i       (hwif_out.CTRL.enable.value),
    .g_mask_i         (hwif_out.CTRL.mask.value),
    .requester_id_i   (hwif_out.REQUESTER_ID.rid.value),
    .untagged_base_i  (hwif_out.UNTAGGED_BASE.base.value),
    .untagged_mask_i  (hwif_out.UNTAGGED_MASK.mask.value),
    .adi_re_o         (adi_re),
    .adi_raddr_o      (adi_raddr),
    .adi_rdata_i      (adi_rdata),
    .entry_re_o       (entry_re),
    .entry_raddr_o    (entry_raddr),
    .entry_rdata_i    (entry_rdata),
    .ram_oce_o        (ram_oce),
    .entry_rd_o       (entry_rd),
    .pend_re_o        (pend_re),
    .pend_raddr_o     (pend_raddr),
    .pend_rdata_i     (pend_rdata),
    .pend_we_o        (pipe_pend_we),
    .pend_waddr_o     (pipe_pend_waddr),
    .pend_wdata_o     (pipe_pend_wdata),
    .owner_we_o       (owner_we),
    .owner_waddr_o    (owner_waddr),
    .owner_wdata_o    (owner_wdata),
    .owner_due_o      (owner_due),
    .owner_next_waddr_o (owner_next_waddr),
    .tlp_valid_o      (pipe_tlp_valid),
    .out_ready_i      (out_ready),
    .tlp_o            (pipe_tlp),
    .tlp_keep_o       (pipe_tlp_keep),
    .hr_ack_o         (hr_ack),
    .hr_entry_o       (hr_entry),
    .hr_adi_o         (hr_adi),
    .hr_pend_word_o   (hr_pend_word),
    .hr_pend_o        (hr_pend),
    .hr_view_ok_o     (hr_view_ok),
    .hr_entry_idx_o   (hr_entry_idx),
    .clr_fired_o      (clr_fired),
    .clr_entry_o      (clr_entry),
    .scan_ack_o       (scan_ack),
    .scan_word_o      (scan_word),
    .rel_stale_o      (rel_stale),
    .outcome_o        (outcome),
    .fault_valid_o    (pipe_fault_valid),
    .fault_o          (pipe_fault)
  );

  // The TLP port comes from flip-flops (spec §7: nothing combinational
  // from tlp_ready_i or RAM data to the TLP port or req_ready_o): the
  // pipeline pushes each TLP that may be sent into a two-entry slice, and
  // moves while it has room; stage 4 then says whether it stands (keep).
  // The port lays the TLP out from the slice's fields: its valid and header
  // are a few LUT levels behind flip-flops, no more.
  tlp_hdr_t tlp_hdr;
  logic     tlp_prfx_valid;
  ims_spill_register #(.Width($bits(tlp_desc_t))) u_tlp_slice (
    .clk_i, .rst_ni,
    .valid_i (pipe_tlp_valid),
    .ready_o (out_ready),
    .data_i  (pipe_tlp),
    .keep_i  (pipe_tlp_keep),
    .valid_o (tlp_valid_o),
    .ready_i (tlp_ready_i),
    .data_o  (out_tlp),
    .count_o (out_count)
  );
  ims_tlp_format u_tlp_format (
    .desc_i       (out_tlp),
    .hdr_o        (tlp_hdr),
    .prfx_valid_o (tlp_prfx_valid),
    .prfx_o       (tlp_prfx_o)
  );
  assign tlp_hdr_o        = tlp_hdr;
  assign tlp_data_o       = out_tlp.data;
  assign tlp_prfx_valid_o = tlp_valid_o && tlp_prfx_valid;

  // An ADI reset reports completion only once every TLP decided before its
  // last reset op has left the block (spec §6: nothing of the ADI leaves
  // after the reset reads done), and while no host access is in progress.
  // The slice's count is registered: stage 4's decision (keep) would
  // otherwise reach the reset's table writes. A cycle late is as good: once
  // the reset's last op is in stage 4, no TLP of the ADI enters the slice
  // any more (ims_adi_reset).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) out_busy_q <= 1'b0;
    else         out_busy_q <= (out_count != 2'd0);
  end
  assign reset_finish_hold = tables_busy;

  // ---------------- counters and status ----------------
  logic [31:0] cnt_sent, cnt_pending, cnt_drop_disabled, cnt_drop_unknown_adi;
  logic [31:0] cnt_drop_adi_disabled, cnt_drop_out_of_range, cnt_drop_window, cnt_drop_pasid_check;
  logic [31:0] cnt_refused_guest, cnt_refused_config, cnt_illegal_host, cnt_satisfied;

  // CNT_SENT counts TLPs the sink took, not TLPs decided (the slice may
  // hold two).
  outcome_t counted;
  always_comb begin
    counted      = outcome;
    counted.sent = tlp_valid_o && tlp_ready_i;
  end

  ims_counters #(.Width(CounterW), .Ice40Dsp(CounterDsp)) u_counters (
    .clk_i, .rst_ni,
    .outcome_i           (counted),
    .refused_guest_i     (host_refused_guest),
    .refused_config_i    (host_refused_config),
    .illegal_host_i      (host_illegal),
    .sent_o              (cnt_sent),
    .pending_o           (cnt_pending),
    .drop_disabled_o     (cnt_drop_disabled),
    .drop_unknown_adi_o  (cnt_drop_unknown_adi),
    .drop_adi_disabled_o (cnt_drop_adi_disabled),
    .drop_out_of_range_o (cnt_drop_out_of_range),
    .drop_window_o       (cnt_drop_window),
    .drop_pasid_check_o  (cnt_drop_pasid_check),
    .refused_guest_o     (cnt_refused_guest),
    .refused_config_o    (cnt_refused_config),
    .illegal_host_o      (cnt_illegal_host),
    .satisfied_o         (cnt_satisfied)
  );

  logic [7:0]  fault_count;
  logic        fault_overflow;
  logic [31:0] fault_lost;
  fault_t      fault_head;

  // The pipeline's record is registered on its way to the log: stage 4
  // decides it from its flip-flops, and the log's slot choice behind that
  // was the block's longest path on iCE40. It lands one edge later than
  // the op's counters (docs/theory-of-operation.md, "Commit points").
  logic   pipe_fault_valid_q;
  fault_t pipe_fault_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) pipe_fault_valid_q <= 1'b0;
    else         pipe_fault_valid_q <= pipe_fault_valid;
  end
  // (Loaded in every cycle, used only with its valid: stage 4's late
  // decision then reaches the record's bits alone, not their enables.)
  always_ff @(posedge clk_i) pipe_fault_q <= pipe_fault;

  ims_fault_log #(.Depth(FaultDepth), .Ice40Dsp(CounterDsp)) u_fault_log (
    .clk_i, .rst_ni,
    .pipe_valid_i     (pipe_fault_valid_q),
    .pipe_i           (pipe_fault_q),
    .host_valid_i     (host_fault_valid),
    .host_i           (host_fault),
    .pop_i            (hwif_out.FAULT_POP.pop.value),
    .clear_overflow_i (hwif_out.FAULT_POP.clear_overflow.value),
    .count_o          (fault_count),
    .overflow_o       (fault_overflow),
    .lost_o           (fault_lost),
    .head_o           (fault_head)
  );

  always_comb begin
    hwif_in.CAP_ENTRIES.count.next           = NumEntries;
    hwif_in.CAP_ADIS.count.next              = NumAdis;
    hwif_in.STATUS.init_busy.next            = init_busy;
    hwif_in.STATUS.release_busy.next         = release_busy;
    hwif_in.CNT_SENT.count.next              = cnt_sent;
    hwif_in.CNT_PENDING.count.next           = cnt_pending;
    hwif_in.CNT_DROP_DISABLED.count.next     = cnt_drop_disabled;
    hwif_in.CNT_DROP_UNKNOWN_ADI.count.next  = cnt_drop_unknown_adi;
    hwif_in.CNT_DROP_ADI_DISABLED.count.next = cnt_drop_adi_disabled;
    hwif_in.CNT_DROP_OUT_OF_RANGE.count.next = cnt_drop_out_of_range;
    hwif_in.CNT_DROP_WINDOW.count.next       = cnt_drop_window;
    hwif_in.CNT_DROP_PASID_CHECK.count.next  = cnt_drop_pasid_check;
    hwif_in.CNT_REFUSED_GUEST.count.next     = cnt_refused_guest;
    hwif_in.CNT_REFUSED_CONFIG.count.next    = cnt_refused_config;
    hwif_in.CNT_ILLEGAL_HOST.count.next      = cnt_illegal_host;
    hwif_in.CNT_SATISFIED.count.next         = cnt_satisfied;
    hwif_in.FEATURES.counter_width.next      = 5'(CounterW);  // 32 reads 0
    hwif_in.FAULT_STATUS.count.next          = fault_count;
    hwif_in.FAULT_STATUS.overflow.next       = fault_overflow;
    hwif_in.FAULT_LOST.count.next            = fault_lost;
    hwif_in.FAULT_REC_CODE.reason.next       = fault_head.reason;
    hwif_in.FAULT_REC_CODE.adi.next          = fault_head.adi;
    hwif_in.FAULT_REC_INDEX.index.next       = fault_head.index;
    hwif_in.FAULT_REC_VALUE.value.next       = fault_head.value;
  end

  // Assertions
`ifndef SYNTHESIS
  // Input protocol: a request waiting for ready must not change or vanish.
  for (genvar p = 0; p < NumReqPorts; p++) begin : g_req_protocol
    assert property (@(posedge clk_i) disable iff (!rst_ni)
      req_valid_i[p] && !req_ready_o[p] |=> req_valid_i[p] && $stable(req_adi_i[p])
                                            && $stable(req_vec_i[p]))
      else $error("ims_top: request changed or withdrawn while waiting for req_ready_o");
  end
  // The host fault record is picked by tables_busy: the port never refuses
  // while the tables serve an access, and the tables refuse only then.
  // The rebuilt due owner write is the one the pipeline lands.
  always_ff @(posedge clk_i) begin
    if (rst_ni) assert (owner_we == (advance && owner_due)) else $error("ims_top: owner write not the one due");
    // The port's header is well formed; its 3DW/4DW choice is the address's.
    if (rst_ni && tlp_valid_o)
      assert (tlp_hdr.length == 10'd1 && tlp_hdr.first_be == 4'hF && tlp_hdr.last_be == 4'h0
              && !tlp_hdr.attr_ro && !tlp_hdr.attr_ns
              && (&out_tlp.addr_hi_zero) == (out_tlp.addr_hi == 32'h0))
        else $error("ims_top: malformed interrupt TLP");
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni && slave_fault_valid) assert (!tables_busy) else $error("ims_top: port refusal while the tables are busy");
    if (rst_ni && tables_fault_valid) assert (tables_busy) else $error("ims_top: table refusal while the tables are idle");
  end
  // Input protocol: AXI4-Lite masters hold AW/W/AR until accepted.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axil_arvalid_i && !s_axil_arready_o |=> s_axil_arvalid_i && $stable(s_axil_araddr_i))
    else $error("ims_top: AR changed or withdrawn while waiting for arready");
`endif

endmodule
