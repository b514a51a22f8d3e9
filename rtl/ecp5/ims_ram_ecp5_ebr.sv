// SPDX-License-Identifier: Apache-2.0
// ims_ram_ecp5_ebr: ims_ram_sdp_oreg on ECP5 block RAM, DP16KD instances
// with their output register on (REGMODE_B "OUTREG"), for synthesis only
// (constraints/synth.py adds this file, the DP16KD model as a black box and
// IMS_ECP5_EBR for the ECP5 target unless ECP5_EBR_OUTREG=0; Yosys 0.70 maps
// inferred memories with REGMODE "NOREG" only).
//
// Port A writes, port B reads: CEB is the read enable (the read latch takes
// the row), OCEB the output register's enable, so both hold while the
// caller stalls, as in ims_ram_sdp_oreg's behavioural model. A read of the
// row written on the same edge is undefined, as ims_ram_sdp ReadFirst = 0
// promises nothing for it.
//
// Geometry (TN1264, DP16KD; the same as Yosys' own DP16KD mapping,
// techlibs/lattice/brams_map_16kd.v): a block is 16 Kbit, its address
// AD[13:0] in bits, so a word of w bits is addressed by AD[13:log2(w)].
//   Depth <= 1024: x18, two 9-bit bytes per word holding two 8-bit lanes,
//                  AD[1:0] the write port's byte enables (8 blocks for 128 bits)
//   Depth  = 2048: x9, one lane per block (16 blocks)
//   Depth >= 4096: x4 / x2 / x1, a lane split over 2 / 4 / 8 blocks
// The ninth bit of a byte is not used.
module ims_ram_ecp5_ebr #(
  parameter int unsigned Depth = 2048,
  parameter int unsigned Width = 128,
  parameter int unsigned LaneW = 8,
  localparam int unsigned Lanes = Width / LaneW,
  localparam int unsigned AddrW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Lanes-1:0] wlane_i,
  input  logic [Width-1:0] wdata_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  input  logic             oce_i,
  output logic [Width-1:0] rdata_o
);
  localparam int unsigned BitsW  = (Depth <= 1024) ? 16 : 16384 / Depth;  // data bits a block holds per word
  localparam int unsigned PortW  = (BitsW == 16) ? 18 : (BitsW == 8) ? 9 : BitsW;  // DATA_WIDTH_A/B
  localparam int unsigned Lsb    = $clog2(BitsW);   // the word address's lowest AD bit
  // A width that does not fill whole blocks' words (the owner RAM: one
  // lane of a few bits) is padded; each byte is written with its lane.
  localparam int unsigned PadW   = ((Width + BitsW - 1) / BitsW) * BitsW;
  localparam int unsigned Blocks = PadW / BitsW;
  localparam int unsigned Bytes  = (PadW + 7) / 8;
  logic [PadW-1:0]  wd;
  logic [Bytes-1:0] wl;   // byte write enables
  /* verilator lint_off UNUSEDSIGNAL */
  logic [PadW-1:0]  rd;   // (the padding)
  /* verilator lint_on UNUSEDSIGNAL */
  assign wd      = PadW'(wdata_i);
  assign rdata_o = rd[Width-1:0];
  always_comb
    for (int unsigned j = 0; j < Bytes; j++)
      wl[j] = wlane_i[((j * 8) / LaneW < Lanes) ? (j * 8) / LaneW : Lanes - 1];

  // The word address in AD[13:Lsb] (upper bits zero below 1024 words).
  /* verilator lint_off UNUSEDSIGNAL */
  logic [13:0] ada, adb;  // (x18 replaces ada's two low bits by byte enables)
  /* verilator lint_on UNUSEDSIGNAL */
  assign ada = 14'(waddr_i) << Lsb;
  assign adb = 14'(raddr_i) << Lsb;

  for (genvar b = 0; b < Blocks; b++) begin : g_blk
    logic [17:0] di;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [17:0] dout;  // the ninth bits and, below x9, the bits beyond the word are not used
    logic [17:0] doa;   // port A only writes
    /* verilator lint_on UNUSEDSIGNAL */
    logic [13:0] ad_w;
    logic        we;
    if (BitsW == 16) begin : g_x18
      assign di   = {1'b0, wd[b*16 + 8 +: 8], 1'b0, wd[b*16 +: 8]};
      assign ad_w = {ada[13:2], wl[2*b + 1], wl[2*b]};  // AD[1:0]: byte enables
      assign we   = we_i && (wl[2*b] || wl[2*b + 1]);
      assign rd[b*16 +: 16] = {dout[16:9], dout[7:0]};
    end else begin : g_narrow
      assign di   = 18'(wd[b*BitsW +: BitsW]);
      assign ad_w = ada;
      assign we   = we_i && wl[(b*BitsW) / 8];
      assign rd[b*BitsW +: BitsW] = dout[BitsW-1:0];
    end

    DP16KD #(
      .DATA_WIDTH_A(PortW), .DATA_WIDTH_B(PortW),
      .REGMODE_A("NOREG"), .REGMODE_B("OUTREG"),
      .RESETMODE("SYNC"), .ASYNC_RESET_RELEASE("SYNC"),
      .CSDECODE_A("0b000"), .CSDECODE_B("0b000"),
      .WRITEMODE_A("NORMAL"), .WRITEMODE_B("NORMAL"),
      .GSR("AUTO")
    ) u_dp16kd (
      .CLKA(clk_i), .CEA(1'b1), .OCEA(1'b1), .WEA(we), .RSTA(1'b0),
      .CSA0(1'b0), .CSA1(1'b0), .CSA2(1'b0),
      .ADA0(ad_w[0]), .ADA1(ad_w[1]), .ADA2(ad_w[2]), .ADA3(ad_w[3]), .ADA4(ad_w[4]),
      .ADA5(ad_w[5]), .ADA6(ad_w[6]), .ADA7(ad_w[7]), .ADA8(ad_w[8]), .ADA9(ad_w[9]),
      .ADA10(ad_w[10]), .ADA11(ad_w[11]), .ADA12(ad_w[12]), .ADA13(ad_w[13]),
      .DIA0(di[0]), .DIA1(di[1]), .DIA2(di[2]), .DIA3(di[3]), .DIA4(di[4]), .DIA5(di[5]),
      .DIA6(di[6]), .DIA7(di[7]), .DIA8(di[8]), .DIA9(di[9]), .DIA10(di[10]), .DIA11(di[11]),
      .DIA12(di[12]), .DIA13(di[13]), .DIA14(di[14]), .DIA15(di[15]), .DIA16(di[16]), .DIA17(di[17]),
      .DOA0(doa[0]), .DOA1(doa[1]), .DOA2(doa[2]), .DOA3(doa[3]), .DOA4(doa[4]), .DOA5(doa[5]),
      .DOA6(doa[6]), .DOA7(doa[7]), .DOA8(doa[8]), .DOA9(doa[9]), .DOA10(doa[10]), .DOA11(doa[11]),
      .DOA12(doa[12]), .DOA13(doa[13]), .DOA14(doa[14]), .DOA15(doa[15]), .DOA16(doa[16]), .DOA17(doa[17]),
      .CLKB(clk_i), .CEB(re_i), .OCEB(oce_i), .WEB(1'b0), .RSTB(1'b0),
      .CSB0(1'b0), .CSB1(1'b0), .CSB2(1'b0),
      .ADB0(adb[0]), .ADB1(adb[1]), .ADB2(adb[2]), .ADB3(adb[3]), .ADB4(adb[4]),
      .ADB5(adb[5]), .ADB6(adb[6]), .ADB7(adb[7]), .ADB8(adb[8]), .ADB9(adb[9]),
      .ADB10(adb[10]), .ADB11(adb[11]), .ADB12(adb[12]), .ADB13(adb[13]),
      .DIB0(1'b0), .DIB1(1'b0), .DIB2(1'b0), .DIB3(1'b0), .DIB4(1'b0), .DIB5(1'b0),
      .DIB6(1'b0), .DIB7(1'b0), .DIB8(1'b0), .DIB9(1'b0), .DIB10(1'b0), .DIB11(1'b0),
      .DIB12(1'b0), .DIB13(1'b0), .DIB14(1'b0), .DIB15(1'b0), .DIB16(1'b0), .DIB17(1'b0),
      .DOB0(dout[0]), .DOB1(dout[1]), .DOB2(dout[2]), .DOB3(dout[3]), .DOB4(dout[4]),
      .DOB5(dout[5]), .DOB6(dout[6]), .DOB7(dout[7]), .DOB8(dout[8]), .DOB9(dout[9]),
      .DOB10(dout[10]), .DOB11(dout[11]), .DOB12(dout[12]), .DOB13(dout[13]),
      .DOB14(dout[14]), .DOB15(dout[15]), .DOB16(dout[16]), .DOB17(dout[17])
    );
  end

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (LaneW == 8 || Lanes == 1) else $error("ims_ram_ecp5_ebr: lanes must be bytes, or one lane");
    assert (Depth >= 2 && Depth <= 16384 && (Depth & (Depth - 1)) == 0)
      else $error("ims_ram_ecp5_ebr: Depth must be a power of two in 2..16384");
  end
`endif

endmodule
