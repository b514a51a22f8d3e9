// SPDX-License-Identifier: Apache-2.0
// ims_release: turns unmask events into release operations. An entry unmask
// (host wrote its mask bit 0) releases that entry; an ADI or global unmask
// starts a sweep over every entry index. For each entry it reads the owner
// RAM (the ADI whose request made it pending) and offers a release op
// (owner, entry); the pipeline sends only if the entry is pending and nothing
// masks it, so releasing a non-pending or still-masked entry is harmless and
// one masked entry never blocks another. An unmask during a sweep makes the
// sweep run once more. Owner writes that land while an owner value is being
// read or offered are snooped, so the offered owner is never stale.
module ims_release #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // one entry unmask at a time (host write path waits on ready)
  input  logic                 unmask_valid_i,
  output logic                 unmask_ready_o,
  input  logic [EntryIdxW-1:0] unmask_entry_i,
  // ADI or global unmask
  input  logic                 sweep_i,
  // owner RAM read port, and its write port snooped
  output logic                 owner_re_o,
  output logic [EntryIdxW-1:0] owner_raddr_o,
  input  logic [AdiIdxW-1:0]   owner_rdata_i,
  input  logic                 owner_we_i,
  input  logic [EntryIdxW-1:0] owner_waddr_i,
  input  logic [AdiIdxW-1:0]   owner_wdata_i,
  // release ops to the arbiter
  output logic                 rel_valid_o,
  output ims_pkg::op_t         rel_op_o,
  input  logic                 rel_taken_i,
  output logic                 busy_o
);

  logic                 slot_valid_d, slot_valid_q;
  logic [EntryIdxW-1:0] slot_entry_d, slot_entry_q;
  logic                 sweep_on_d, sweep_on_q, sweep_again_d, sweep_again_q;
  logic [EntryIdxW-1:0] sweep_ptr_d, sweep_ptr_q;
  logic                 cand_valid_d, cand_valid_q;
  logic [EntryIdxW-1:0] cand_entry_d, cand_entry_q;
  logic                 ov_valid_d, ov_valid_q;
  logic [AdiIdxW-1:0]   ov_adi_d, ov_adi_q;
  logic                 load;
  logic [EntryIdxW-1:0] next_entry;
  logic                 next_valid;

  always_comb begin
    slot_valid_d  = slot_valid_q;
    slot_entry_d  = slot_entry_q;
    sweep_on_d    = sweep_on_q;
    sweep_again_d = sweep_again_q;
    sweep_ptr_d   = sweep_ptr_q;
    cand_valid_d  = cand_valid_q;
    cand_entry_d  = cand_entry_q;
    ov_valid_d    = ov_valid_q;
    ov_adi_d      = ov_adi_q;

    // Pick the next entry when nothing is offered or the offer was taken.
    // A single entry unmask goes before the sweep: it is the latency case.
    load       = !cand_valid_q || rel_taken_i;
    next_valid = 1'b0;
    next_entry = sweep_ptr_q;
    if (load) begin
      if (slot_valid_q) begin
        next_valid   = 1'b1;
        next_entry   = slot_entry_q;
        slot_valid_d = 1'b0;
      end else if (sweep_on_q) begin
        next_valid  = 1'b1;
        next_entry  = sweep_ptr_q;
        sweep_ptr_d = sweep_ptr_q + EntryIdxW'(1);
        if (32'(sweep_ptr_q) == NumEntries - 1) begin
          sweep_on_d    = sweep_again_q;
          sweep_again_d = 1'b0;
        end
      end
      cand_valid_d = next_valid;
      cand_entry_d = next_entry;
      ov_valid_d   = owner_we_i && (owner_waddr_i == next_entry);
      ov_adi_d     = owner_wdata_i;
    end else if (owner_we_i && owner_waddr_i == cand_entry_q) begin
      ov_valid_d = 1'b1;
      ov_adi_d   = owner_wdata_i;
    end

    if (unmask_valid_i && !slot_valid_q) begin
      slot_valid_d = 1'b1;
      slot_entry_d = unmask_entry_i;
    end

    if (sweep_i) begin
      if (sweep_on_d) sweep_again_d = 1'b1;
      else begin
        sweep_on_d  = 1'b1;
        sweep_ptr_d = '0;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      slot_valid_q  <= 1'b0;
      slot_entry_q  <= '0;
      sweep_on_q    <= 1'b0;
      sweep_again_q <= 1'b0;
      sweep_ptr_q   <= '0;
      cand_valid_q  <= 1'b0;
      cand_entry_q  <= '0;
      ov_valid_q    <= 1'b0;
      ov_adi_q      <= '0;
    end else begin
      slot_valid_q  <= slot_valid_d;
      slot_entry_q  <= slot_entry_d;
      sweep_on_q    <= sweep_on_d;
      sweep_again_q <= sweep_again_d;
      sweep_ptr_q   <= sweep_ptr_d;
      cand_valid_q  <= cand_valid_d;
      cand_entry_q  <= cand_entry_d;
      ov_valid_q    <= ov_valid_d;
      ov_adi_q      <= ov_adi_d;
    end
  end

  assign unmask_ready_o = !slot_valid_q;
  assign owner_re_o    = load;
  assign owner_raddr_o = next_entry;

  logic [AdiIdxW-1:0] owner;
  assign owner = ov_valid_q ? ov_adi_q : owner_rdata_i;

  always_comb begin
    rel_op_o      = '0;
    rel_op_o.kind = ims_pkg::OpRelease;
    rel_op_o.tbl  = ims_pkg::TblEntry;
    rel_op_o.adi  = ims_pkg::AdiIdW'(owner);
    rel_op_o.idx  = ims_pkg::VecW'(cand_entry_q);
  end
  assign rel_valid_o = cand_valid_q;
  assign busy_o      = cand_valid_q || slot_valid_q || sweep_on_q;

  // Assertions
`ifndef SYNTHESIS
  assert property (@(posedge clk_i) disable iff (!rst_ni)
    rel_valid_o && !rel_taken_i |=> rel_valid_o && $stable(cand_entry_q));
`endif

endmodule
