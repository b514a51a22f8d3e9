// SPDX-License-Identifier: Apache-2.0
// ims_adi_block_table: a copy of every ADI row's BLOCK word ({size, base}),
// the two fields the interrupt pipeline needs before anything else (the
// entry index base + vector and the range check), kept where they read
// without a clock: flip-flops at a few ADIs (iCE40 has no LUT RAM),
// distributed RAM where the part has it (ECP5 TRELLIS_DPR16X4). The ADI
// RAM's block-RAM read data then reaches no adder: the pipeline computes
// the entry index from this table and flip-flops (ims_pipeline, S0 and S1).
// Written by the same writes as the ADI RAM's BLOCK lanes (ims_tables), so
// it always equals the ADI RAM's BLOCK word. Two asynchronous read ports;
// a read of a row written on this edge returns the old row (the writers
// never write a row on the edge the pipeline reads it, ims_tables).
// Payload is not reset: the table initialiser writes every row.
module ims_adi_block_table #(
  parameter int unsigned NumAdis = 64,
  localparam int unsigned AdiIdxW = $clog2(NumAdis)
) (
  input  logic               clk_i,
  input  logic               we_i,
  input  logic [AdiIdxW-1:0] waddr_i,
  input  logic [3:0]         wlane_i,   // bytes of {size, base}
  input  logic [31:0]        wdata_i,   // {size, base}
  input  logic [AdiIdxW-1:0] a_addr_i,
  output logic [31:0]        a_data_o,
  input  logic [AdiIdxW-1:0] b_addr_i,
  output logic [31:0]        b_data_o
);

  logic [31:0] mem_q [NumAdis];

  // RAM inference template (byte lanes), as in ims_ram_sdp.
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      for (int unsigned l = 0; l < 4; l++) begin
        if (wlane_i[l]) mem_q[waddr_i][l*8 +: 8] <= wdata_i[l*8 +: 8];
      end
    end
  end

  assign a_data_o = mem_q[a_addr_i];
  assign b_data_o = mem_q[b_addr_i];

  // Assertions
`ifndef SYNTHESIS
  initial begin
    assert (NumAdis >= 2 && (NumAdis & (NumAdis - 1)) == 0)
      else $error("ims_adi_block_table: NumAdis must be a power of two >= 2");
  end
`endif

endmodule
