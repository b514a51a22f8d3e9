// SPDX-License-Identifier: Apache-2.0
// DP16KD: a behavioural model of the ECP5 16 Kbit true dual-port block RAM,
// written from Lattice's description of the primitive (TN1264, "ECP5 and
// ECP5-5G Memory Usage Guide") for what ims_ram_ecp5_ebr uses: both ports of
// one width (DATA_WIDTH_A = DATA_WIDTH_B: 1, 2, 4, 9 or 18), write mode
// NORMAL, chip selects unused (CSDECODE "0b000", CS pins low), resets tied
// low. Per port, on its clock edge with CE high: a write (WE) stores the word
// (x18: AD[1:0] are the byte enables of its two 9-bit bytes) and leaves the
// read latch as it is (NORMAL); a read loads the latch. With REGMODE
// "OUTREG" the output register takes the latch on each edge with OCE, and
// DO is the register; with "NOREG" DO is the latch. A word the other port
// writes on the edge it is read reads as X (the part does not define it).
//
// Two uses, never both in one tool run:
//   * simulation: tb/hdl/ram_equiv checks ims_ram_ecp5_ebr on this model
//     against the behavioural ims_ram_sdp_oreg;
//   * synthesis for ECP5 (constraints/synth.py): the port and parameter list
//     only (read_slang --blackboxed-module DP16KD); Yosys and nextpnr place
//     the real primitive.
/* verilator lint_off DECLFILENAME */
/* verilator lint_off MULTIDRIVEN */
/* verilator lint_off UNUSEDPARAM */
/* verilator lint_off UNUSEDSIGNAL */
module DP16KD #(
  parameter int DATA_WIDTH_A = 18,
  parameter int DATA_WIDTH_B = 18,
  parameter string REGMODE_A = "NOREG",
  parameter string REGMODE_B = "NOREG",
  parameter string RESETMODE = "SYNC",
  parameter string ASYNC_RESET_RELEASE = "SYNC",
  parameter string CSDECODE_A = "0b000",
  parameter string CSDECODE_B = "0b000",
  parameter string WRITEMODE_A = "NORMAL",
  parameter string WRITEMODE_B = "NORMAL",
  parameter string GSR = "ENABLED"
) (
  input  wire DIA17, DIA16, DIA15, DIA14, DIA13, DIA12, DIA11, DIA10, DIA9,
  input  wire DIA8, DIA7, DIA6, DIA5, DIA4, DIA3, DIA2, DIA1, DIA0,
  input  wire ADA13, ADA12, ADA11, ADA10, ADA9, ADA8, ADA7, ADA6, ADA5, ADA4,
  input  wire ADA3, ADA2, ADA1, ADA0,
  input  wire CEA, OCEA, CLKA, WEA, RSTA, CSA2, CSA1, CSA0,
  output wire DOA17, DOA16, DOA15, DOA14, DOA13, DOA12, DOA11, DOA10, DOA9,
  output wire DOA8, DOA7, DOA6, DOA5, DOA4, DOA3, DOA2, DOA1, DOA0,
  input  wire DIB17, DIB16, DIB15, DIB14, DIB13, DIB12, DIB11, DIB10, DIB9,
  input  wire DIB8, DIB7, DIB6, DIB5, DIB4, DIB3, DIB2, DIB1, DIB0,
  input  wire ADB13, ADB12, ADB11, ADB10, ADB9, ADB8, ADB7, ADB6, ADB5, ADB4,
  input  wire ADB3, ADB2, ADB1, ADB0,
  input  wire CEB, OCEB, CLKB, WEB, RSTB, CSB2, CSB1, CSB0,
  output wire DOB17, DOB16, DOB15, DOB14, DOB13, DOB12, DOB11, DOB10, DOB9,
  output wire DOB8, DOB7, DOB6, DOB5, DOB4, DOB3, DOB2, DOB1, DOB0
);
  // (No localparams: synthesis reads this module as a black box, whose
  // parameters must all be the primitive's.)
  logic [17:0] mem [16384];  // word w at mem[w]: up to 16384 words of up to 18 bits

  logic [17:0] dia, dib, doa, dob;
  logic [13:0] ada, adb;
  assign dia = {DIA17, DIA16, DIA15, DIA14, DIA13, DIA12, DIA11, DIA10, DIA9,
                DIA8, DIA7, DIA6, DIA5, DIA4, DIA3, DIA2, DIA1, DIA0};
  assign dib = {DIB17, DIB16, DIB15, DIB14, DIB13, DIB12, DIB11, DIB10, DIB9,
                DIB8, DIB7, DIB6, DIB5, DIB4, DIB3, DIB2, DIB1, DIB0};
  assign ada = {ADA13, ADA12, ADA11, ADA10, ADA9, ADA8, ADA7, ADA6, ADA5, ADA4,
                ADA3, ADA2, ADA1, ADA0};
  assign adb = {ADB13, ADB12, ADB11, ADB10, ADB9, ADB8, ADB7, ADB6, ADB5, ADB4,
                ADB3, ADB2, ADB1, ADB0};

  // The word a port addresses (its address in AD[13:lsb]), and a write's
  // new word: its width's bits of DI, in x18 only the bytes AD[1:0] enable.
  function automatic int unsigned word_of(logic [13:0] ad);
    int unsigned lsb;
    lsb = (DATA_WIDTH_A == 18) ? 4 : (DATA_WIDTH_A == 9) ? 3 : $clog2(DATA_WIDTH_A);
    return 32'(ad) >> lsb;
  endfunction
  function automatic logic [17:0] merged(logic [17:0] old, logic [17:0] di, logic [13:0] ad);
    logic [17:0] m;
    m = di & 18'((1 << DATA_WIDTH_A) - 1);
    if (DATA_WIDTH_A == 18) begin
      if (!ad[0]) m[8:0]  = old[8:0];
      if (!ad[1]) m[17:9] = old[17:9];
    end
    return m;
  endfunction

  logic [17:0] latch_a, latch_b, oreg_a, oreg_b;

  always @(posedge CLKA) begin
    if (CEA) begin
      if (WEA) begin
        mem[word_of(ada)] <= merged(mem[word_of(ada)], dia, ada);
      end else begin
        latch_a <= mem[word_of(ada)];
      end
    end
    if (OCEA) oreg_a <= latch_a;
  end

  always @(posedge CLKB) begin
    if (CEB) begin
      if (WEB) begin
        mem[word_of(adb)] <= merged(mem[word_of(adb)], dib, adb);
      end else begin
        // The other port writing this word on this edge (one clock): undefined.
        latch_b <= (WEA && CEA && word_of(ada) == word_of(adb)) ? 'x : mem[word_of(adb)];
      end
    end
    if (OCEB) oreg_b <= latch_b;
  end

  assign doa = (REGMODE_A == "OUTREG") ? oreg_a : latch_a;
  assign dob = (REGMODE_B == "OUTREG") ? oreg_b : latch_b;
  assign {DOA17, DOA16, DOA15, DOA14, DOA13, DOA12, DOA11, DOA10, DOA9,
          DOA8, DOA7, DOA6, DOA5, DOA4, DOA3, DOA2, DOA1, DOA0} = doa;
  assign {DOB17, DOB16, DOB15, DOB14, DOB13, DOB12, DOB11, DOB10, DOB9,
          DOB8, DOB7, DOB6, DOB5, DOB4, DOB3, DOB2, DOB1, DOB0} = dob;

  // What this model does not cover.
  initial begin
    assert (DATA_WIDTH_A == DATA_WIDTH_B && (DATA_WIDTH_A inside {1, 2, 4, 9, 18}))
      else $error("DP16KD model: one width on both ports, 1/2/4/9/18");
    assert (WRITEMODE_A == "NORMAL" && WRITEMODE_B == "NORMAL") else $error("DP16KD model: NORMAL writes only");
    assert (CSDECODE_A == "0b000" && CSDECODE_B == "0b000") else $error("DP16KD model: no chip-select decode");
  end
  always @(posedge CLKA) assert (!RSTA && !CSA0 && !CSA1 && !CSA2) else $error("DP16KD model: RSTA/CSA unused");
  always @(posedge CLKB) assert (!RSTB && !CSB0 && !CSB1 && !CSB2) else $error("DP16KD model: RSTB/CSB unused");
endmodule
