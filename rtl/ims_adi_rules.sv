// SPDX-License-Identifier: Apache-2.0
// ims_adi_rules: the configuration rules for a host write to an ADI row
// (docs/containment.md, "Configuration rules"), as pure combinational checks
// of the row as read and the data written. ims_host_tables acts on them.
//   * CTRL needs a full-word write; guest_direct needs pasid_en (Jason's
//     rule); enabling needs a non-empty block inside the table, and a scan
//     of every ADI row for an overlapping held block (overlap_o judges one
//     scanned row).
//   * Block ownership (spec §5 item 9): an ADI holds its block from the
//     CTRL write that enables it until its reset completes; disabling alone
//     does not free it. Held blocks never overlap, a held ADI re-enables
//     without a scan, and a reset walks the block only if it is held.
//   * BLOCK cannot change while the ADI holds its block or resets; nothing in
//     the row changes while it resets; one ADI reset at a time.
//   * Only a CTRL write that opens the ADI (enabled and unmasked, from
//     disabled or masked) can make its pending entries deliverable.
module ims_adi_rules #(
  parameter int unsigned NumEntries = 2048
) (
  // Whole rows in; only their CTRL and BLOCK fields are judged.
  /* verilator lint_off UNUSEDSIGNAL */
  input  ims_pkg::adi_row_t own_i,          // the row written, as it is
  input  ims_pkg::adi_row_t other_i,        // a row the overlap scan read
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [31:0]       wdata_i,
  input  logic [3:0]        wstrb_i,
  input  logic              reset_busy_i,   // an ADI reset is running
  output logic              ctrl_refused_o,
  output logic              ctrl_needs_scan_o,
  output logic              ctrl_opens_o,
  output logic              ctrl_resets_o,  // the write starts an ADI reset
  output logic              reset_refused_o,
  output logic              block_refused_o,
  output logic              overlap_o,
  output logic              view_may_write_o
);
  import ims_pkg::*;

  logic        new_enable, new_tagged, new_guest_direct;

  // Does the block run past the table (base + size > NumEntries)? One carry
  // chain and no compare behind it (the row arrives from the pipeline's
  // flip-flops in the cycle this is judged, and the verdict is registered):
  // base + size + PastC carries out of 17 bits iff base + size >
  // NumEntries (PastC = 2^17 - NumEntries - 1; the sum stays below 2^18).
  // The three operands are first added bit by bit (a carry-save layer, a
  // LUT per bit, PastC being a constant), so a single chain follows.
  localparam logic [16:0] PastC = 17'((32'd1 << 17) - NumEntries - 1);
  logic past_table;
  always_comb past_table = sum3_carries(17'(own_i.base), 17'(own_i.size), PastC) != 2'd0;

  // a + b + c >> 17 (a, b, c below 2^17): a carry-save layer, then one
  // chain. Each compare below is such a sum's carry out.
  function automatic logic [1:0] sum3_carries(logic [16:0] a, logic [16:0] b, logic [16:0] c);
    logic [16:0] sum, carry;
    sum   = a ^ b ^ c;
    carry = (a & b) | ((a | b) & c);
    return 2'(({2'b00, sum} + {1'b0, carry, 1'b0}) >> 17);
  endfunction

  // a < b + c (16-bit fields): b + c + ~a (17 bits) = b + c - a - 1 + 2^17,
  // which reaches 2^17 iff b + c > a.
  function automatic logic below_sum(logic [15:0] a, logic [15:0] b, logic [15:0] c);
    return sum3_carries(~17'(a), 17'(b), 17'(c)) != 2'd0;
  endfunction

  always_comb begin
    // own.base < other_end and other.base < own_end, each one chain.
    overlap_o = other_i.held && (other_i.size != 16'h0)
                && below_sum(own_i.base, other_i.base, other_i.size)
                && below_sum(other_i.base, own_i.base, own_i.size);

    // A reset write disables the ADI (and so needs no enable checks).
    ctrl_resets_o    = wdata_i[AdiCtrlResetBit];
    new_enable       = wdata_i[AdiCtrlEnableBit] && !ctrl_resets_o;
    new_tagged       = wdata_i[AdiCtrlPasidEnBit];
    new_guest_direct = wdata_i[AdiCtrlGuestDirectBit];
    ctrl_refused_o    = (wstrb_i != 4'hF) || (new_guest_direct && !new_tagged)
                        || (!own_i.held && new_enable && ((own_i.size == 16'h0) || past_table));
    ctrl_needs_scan_o = !own_i.held && new_enable;
    ctrl_opens_o      = new_enable && !wdata_i[AdiCtrlMaskBit] && (!own_i.enable || own_i.mask);
    block_refused_o   = own_i.held || own_i.reset;
    reset_refused_o   = own_i.reset || (ctrl_resets_o && reset_busy_i);
    // Jason's rule: guests program entries only of tagged ADIs.
    view_may_write_o  = own_i.guest_direct && own_i.pasid_en;
  end

  // Assertions
`ifndef SYNTHESIS
  initial assert (NumEntries >= 64 && NumEntries <= 16384)
    else $error("ims_adi_rules: NumEntries must be in 64..16384");
  // An opening write never also starts a reset.
  always_comb if (ctrl_opens_o) assert (!ctrl_resets_o) else $error("ims_adi_rules: opens and resets");
  // The carry-save compares are the plain ones.
  logic [16:0] own_end, other_end;
  assign own_end   = 17'(own_i.base) + 17'(own_i.size);
  assign other_end = 17'(other_i.base) + 17'(other_i.size);
  always_comb assert (past_table == (32'(own_end) > NumEntries))
    else $error("ims_adi_rules: past_table differs from base + size > NumEntries");
  always_comb assert (overlap_o == (other_i.held && (other_i.size != 16'h0)
                                    && (17'(own_i.base) < other_end) && (17'(other_i.base) < own_end)))
    else $error("ims_adi_rules: overlap differs from the plain compares");
`endif

endmodule
