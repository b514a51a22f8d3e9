// SPDX-License-Identifier: Apache-2.0
// ims_adi_block_table: a copy of every ADI row's BLOCK word ({size, base}),
// the two fields the interrupt pipeline needs before anything else (the
// entry index base + vector and the range check), kept where they read
// without a clock: flip-flops at a few ADIs (iCE40 has no LUT RAM),
// distributed RAM where the part has it (ECP5 TRELLIS_DPR16X4). The ADI
// RAM's block-RAM read data then reaches no adder: the pipeline computes
// the entry index from this table and flip-flops (ims_pipeline, S0 and S1).
// Written by the same writes as the ADI RAM's BLOCK lanes (ims_tables), so
// it always agrees with the ADI RAM's BLOCK word. Three asynchronous read
// ports (the pipeline's request index, its absolute range check and a
// waiting host read's view index); a read of a row written on this edge returns the old row (the
// writers never write a row on the edge the pipeline reads it, ims_tables).
// Payload is not reset: the table initialiser writes every row.
//
// Narrowed: the pipeline only asks whether a field's value lies in the
// table (below NumEntries) and, if so, what it is. So each 16-bit field is
// kept as its bits below EntryIdxW plus, per byte lane, one flag "this
// byte has a bit at or above EntryIdxW" (a lane can be written alone, so
// the flag of the field is the OR of the lanes' flags, made by the reader):
//   field word = {beyond[1:0], low[EntryIdxW-1:0]}   (FieldW bits)
//   row word   = {size field, base field}             (2 * FieldW bits)
// A flag of a lane with no such bit (lane 0 when EntryIdxW >= 8) reads 0 and
// costs nothing. At 64 entries: 16 bits an ADI instead of 32.
module ims_adi_block_table #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  localparam int unsigned EntryIdxW = $clog2(NumEntries),
  localparam int unsigned AdiIdxW   = $clog2(NumAdis),
  localparam int unsigned FieldW    = EntryIdxW + 2,
  localparam int unsigned RowW      = 2 * FieldW
) (
  input  logic               clk_i,
  input  logic               we_i,
  input  logic [AdiIdxW-1:0] waddr_i,
  input  logic [3:0]         wlane_i,   // bytes of {size, base}
  input  logic [31:0]        wdata_i,   // {size, base}
  input  logic [AdiIdxW-1:0] a_addr_i,
  output logic [RowW-1:0]    a_data_o,
  input  logic [AdiIdxW-1:0] b_addr_i,
  output logic [RowW-1:0]    b_data_o,
  input  logic [AdiIdxW-1:0] c_addr_i,
  output logic [RowW-1:0]    c_data_o
);

  // The bits of byte lane l (of a field) at or above EntryIdxW.
  function automatic logic [7:0] beyond_bits(int unsigned l);
    for (int unsigned j = 0; j < 8; j++) beyond_bits[j] = (8 * l + j >= EntryIdxW);
  endfunction

  logic [RowW-1:0] mem_q [NumAdis];
  logic [RowW-1:0] wrow, wmask;  // the narrowed row written, and which bits the lanes write

  always_comb begin
    for (int unsigned f = 0; f < 2; f++) begin
      for (int unsigned i = 0; i < EntryIdxW; i++) begin
        wrow[f*FieldW + i]  = wdata_i[16*f + i];
        wmask[f*FieldW + i] = wlane_i[2*f + i/8];
      end
      for (int unsigned l = 0; l < 2; l++) begin
        wrow[f*FieldW + EntryIdxW + l]  = |(wdata_i[16*f + 8*l +: 8] & beyond_bits(l));
        wmask[f*FieldW + EntryIdxW + l] = wlane_i[2*f + l];
      end
    end
  end

  // RAM inference template (bit enables: the lanes' bits).
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      for (int unsigned i = 0; i < RowW; i++) begin
        if (wmask[i]) mem_q[waddr_i][i] <= wrow[i];
      end
    end
  end

  // A lane flag that can never be set reads as the constant it is, so its
  // flip-flops go.
  logic [RowW-1:0] live;
  always_comb begin
    live = '1;
    for (int unsigned f = 0; f < 2; f++)
      for (int unsigned l = 0; l < 2; l++)
        live[f*FieldW + EntryIdxW + l] = (beyond_bits(l) != 8'h0);
  end
  assign a_data_o = mem_q[a_addr_i] & live;
  assign b_data_o = mem_q[b_addr_i] & live;
  assign c_data_o = mem_q[c_addr_i] & live;

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (NumAdis >= 2 && (NumAdis & (NumAdis - 1)) == 0)
      else $error("ims_adi_block_table: NumAdis must be a power of two >= 2");
    assert (NumEntries >= 64 && NumEntries <= 16384)
      else $error("ims_adi_block_table: NumEntries must be in 64..16384");
  end
`endif

endmodule
