// SPDX-License-Identifier: Apache-2.0
// ims_tlp_format: builds one interrupt TLP (1-DW Memory Write) from an entry
// and its ADI's settings. Pure combinational. Contract (spec §5.6, wire
// formats §1-§3): Length 1, First BE 1111, Last BE 0000, RO = NS = 0, Tag 0,
// TH/TD/EP/IDO/AT 0; 3DW header iff address_hi == 0; address bits [1:0] sent
// as 00; PASID End-End prefix (0x91, PMR bit 23, ER bit 22) iff tagged.
module ims_tlp_format (
  input  logic                  tagged_i,
  input  logic                  pmr_i,
  input  logic                  er_i,
  input  logic [19:0]           pasid_i,
  input  logic [2:0]            tc_i,
  input  logic [15:0]           requester_id_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [31:0]           addr_lo_i,       // bits [1:0] are reserved: never sent
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [31:0]           addr_hi_i,
  output ims_pkg::tlp_hdr_t     hdr_o,
  output logic                  prfx_valid_o,
  output logic [31:0]           prfx_o
);

  logic [31:0] addr_dw;  // Address[31:2] with the reserved bits cleared
  logic        four_dw;

  always_comb begin
    addr_dw = {addr_lo_i[31:2], 2'b00};
    four_dw = (addr_hi_i != 32'h0);

    hdr_o              = '0;
    hdr_o.fmt          = four_dw ? ims_pkg::FmtMwr4dw : ims_pkg::FmtMwr3dw;
    hdr_o.pkt_type     = 5'b00000;
    hdr_o.tc           = tc_i;
    hdr_o.length       = 10'd1;
    hdr_o.requester_id = requester_id_i;
    hdr_o.tag          = 8'h00;
    hdr_o.last_be      = 4'b0000;
    hdr_o.first_be     = 4'b1111;
    hdr_o.dw2          = four_dw ? addr_hi_i : addr_dw;
    hdr_o.dw3          = four_dw ? addr_dw : 32'h0;

    prfx_valid_o = tagged_i;
    prfx_o       = {ims_pkg::PrefixPasid, pmr_i, er_i, 2'b00, pasid_i};
  end

endmodule
