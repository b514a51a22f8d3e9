// SPDX-License-Identifier: Apache-2.0
// ims_row_compare: an entry row's compares with the op it serves (the
// entry's mask, the PASID check, the untagged window and a zero upper
// address), reduced to a handful of bits (ims_pkg::row_atoms_t) for the
// pipeline's decision. Pure combinational; the pipeline places it in S2 on
// the RAM's read data or in S3 on the RAM's output register (RamOutReg).
//
// The row comes from block RAM, late in the cycle, and everything else is
// a flip-flop. Every reduction is therefore a tree at most three LUT levels
// behind the row: the first and second levels are kept as nets, because a
// synthesis tool left alone chains the compares (to it a chain is as short
// as a tree: it does not know that the row arrives late).
module ims_row_compare
  import ims_pkg::*;
(
  /* verilator lint_off UNUSEDSIGNAL */
  input  entry_row_t  row_i,            // (its data word and most control bits are not compared)
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic        masked_i,         // globally or the ADI masked
  input  logic        pasid_chk_i,      // an accepted request with a PASID: the entry may check it
  input  logic [19:0] pasid_i,          // the request's PASID
  input  logic [31:2] win_base_i,       // the untagged window (ims_pipeline)
  input  logic [31:2] win_mask_i,
  input  logic        win_low_clear_i,  // the window base's bits 1:0 are clear
  output row_atoms_t  atoms_o,
  output logic [1:0]  hi_zero_o         // address bits 63:48, 47:32 zero
);

  (* keep *) logic [29:0] win_bit;    // address bit 2+i inside the window
  (* keep *) logic [9:0]  pasid_eq2;  // PASID bits 2k+1:2k equal
  (* keep *) logic [7:0]  hi_zero4;   // address bits 35+4k:32+4k zero
  (* keep *) logic        pasid_chk;  // the entry checks the request's PASID
  (* keep *) logic [3:0]  pasid_ok4;  // no check, or PASID bits 5:0, 11:6, 15:12, 19:16 equal
  (* keep *) logic [9:0]  win_ok4;    // in_window's terms four at a time

  always_comb begin
    for (int unsigned i = 0; i < 30; i++)
      win_bit[i] = ((row_i.addr_lo[2+i] & win_mask_i[2+i]) == win_base_i[2+i]);
    win_bit[0] = win_bit[0] && win_low_clear_i;
    for (int unsigned k = 0; k < 10; k++)
      pasid_eq2[k] = (row_i.ctrl[12 + 2*k +: 2] == pasid_i[2*k +: 2]);
    for (int unsigned k = 0; k < 8; k++)
      hi_zero4[k] = (row_i.addr_hi[4*k +: 4] == 4'h0);
    pasid_chk = pasid_chk_i && row_i.ctrl[EntryCtrlPasidChkBit];
    pasid_ok4 = {!pasid_chk || (&pasid_eq2[9:8]), !pasid_chk || (&pasid_eq2[7:6]),
                 !pasid_chk || (&pasid_eq2[5:3]), !pasid_chk || (&pasid_eq2[2:0])};
    for (int unsigned k = 0; k < 10; k++)
      win_ok4[k] = &({1'b1, !row_i.ctrl[EntryCtrlGpBit], hi_zero4, win_bit}[4*k +: 4]);

    atoms_o.masked    = masked_i || row_i.ctrl[EntryCtrlMaskBit];
    atoms_o.gp        = row_i.ctrl[EntryCtrlGpBit];
    atoms_o.pasid_ok  = &pasid_ok4;
    atoms_o.in_window = {&win_ok4[9:8], &win_ok4[7:4], &win_ok4[3:0]};
    hi_zero_o         = {&hi_zero4[7:4], &hi_zero4[3:0]};
  end

endmodule
