// SPDX-License-Identifier: Apache-2.0
// ims_table_init: after reset, walks every table row once and asks for it to
// be written with its reset value (entry: masked, address/data 0; ADI row: 0;
// pending word: 0). RAM payload has no reset of its own, so this is what
// makes the spec's "mask resets to 1" and "ADIs start disabled" true.
// busy_o is high from reset until the last row is written.
module ims_table_init #(
  parameter int unsigned Rows = 2048,
  localparam int unsigned IdxW = $clog2(Rows)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  output logic            busy_o,
  output logic [IdxW-1:0] row_o
);

  logic [IdxW-1:0] row_d, row_q;
  logic            busy_d, busy_q;

  always_comb begin
    row_d  = row_q;
    busy_d = busy_q;
    if (busy_q) begin
      row_d  = row_q + IdxW'(1);
      busy_d = (32'(row_q) != Rows - 1);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_q  <= '0;
      busy_q <= 1'b1;
    end else begin
      row_q  <= row_d;
      busy_q <= busy_d;
    end
  end

  assign busy_o = busy_q;
  assign row_o  = row_q;

  // Assertions
`ifndef SYNTHESIS
  initial assert (Rows >= 2 && (Rows & (Rows - 1)) == 0) else $error("ims_table_init: Rows must be a power of two");
`endif

endmodule
