// SPDX-License-Identifier: Apache-2.0
// ims_tlp_format: lays one interrupt TLP (1-DW Memory Write) out on the wire
// from its fields (ims_pkg::tlp_desc_t). Pure combinational, and shallow: it
// sits between the output slice and the TLP port, so every choice it makes
// is one LUT level (the 3DW/4DW choice arrives as two reduced halves).
// Contract (spec §5.6, wire formats §1-§3): Length 1, First BE 1111, Last
// BE 0000, RO = NS = 0, Tag 0, TH/TD/EP/IDO/AT 0; 3DW header iff address_hi
// == 0; address bits [1:0] sent as 00; PASID End-End prefix (0x91, PMR bit
// 23, ER bit 22) iff tagged.
module ims_tlp_format (
  /* verilator lint_off UNUSEDSIGNAL */
  input  ims_pkg::tlp_desc_t    desc_i,          // (its data word goes to the port beside this)
  /* verilator lint_on UNUSEDSIGNAL */
  output ims_pkg::tlp_hdr_t     hdr_o,
  output logic                  prfx_valid_o,
  output logic [31:0]           prfx_o
);

  logic [31:0] addr_dw;  // Address[31:2] with the reserved bits cleared
  logic        four_dw;
  logic [19:0] pasid_i;

  always_comb begin
    addr_dw = {desc_i.addr_lo, 2'b00};
    four_dw = !(&desc_i.addr_hi_zero);
    pasid_i = desc_i.pasid;

    hdr_o              = '0;
    hdr_o.fmt          = four_dw ? ims_pkg::FmtMwr4dw : ims_pkg::FmtMwr3dw;
    hdr_o.pkt_type     = 5'b00000;
    hdr_o.tc           = desc_i.tc;
    hdr_o.length       = 10'd1;
    hdr_o.requester_id = desc_i.requester_id;
    hdr_o.tag          = 8'h00;
    hdr_o.last_be      = 4'b0000;
    hdr_o.first_be     = 4'b1111;
    hdr_o.dw2          = four_dw ? desc_i.addr_hi : addr_dw;
    hdr_o.dw3          = four_dw ? addr_dw : 32'h0;

    prfx_valid_o = desc_i.prefixed;
    prfx_o       = {ims_pkg::PrefixPasid, desc_i.pmr, desc_i.er, 2'b00, pasid_i};
  end

endmodule
