// SPDX-License-Identifier: Apache-2.0
// ims_table_init: after reset, walks every table row once and asks for it to
// be written with its reset value (entry: masked, address/data 0; ADI row: 0;
// pending word: 0). RAM payload has no reset of its own, so this is what
// makes the spec's "mask resets to 1" and "ADIs start disabled" true.
// busy_o is high from reset until the last row is written. The tables are
// of different sizes: which of them the row lies in is said by a flip-flop
// each (row_in_o[t]: busy_o and row_o < TableRows[t], t = 0, 1, 2), so a
// RAM's write enable during init is a flip-flop here, not a compare.
module ims_table_init #(
  parameter int unsigned Rows = 2048,
  parameter int unsigned Rows0 = Rows,
  parameter int unsigned Rows1 = Rows,
  parameter int unsigned Rows2 = Rows,
  localparam int unsigned NumTables = 3,
  localparam int unsigned IdxW = $clog2(Rows)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  output logic                 busy_o,
  output logic [IdxW-1:0]      row_o,
  output logic [NumTables-1:0] row_in_o   // busy_o and row_o < TableRows[t]
);

  logic [IdxW-1:0]      row_d, row_q;
  logic                 busy_d, busy_q;
  logic [NumTables-1:0] in_d, in_q;
  function automatic logic [NumTables-1:0] rows_in(logic busy, logic [IdxW-1:0] row);
    rows_in[0] = busy && 32'(row) < Rows0;
    rows_in[1] = busy && 32'(row) < Rows1;
    rows_in[2] = busy && 32'(row) < Rows2;
  endfunction

  always_comb begin
    row_d  = row_q;
    busy_d = busy_q;
    if (busy_q) begin
      row_d  = row_q + IdxW'(1);
      busy_d = (32'(row_q) != Rows - 1);
    end
    in_d = rows_in(busy_d, row_d);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_q  <= '0;
      busy_q <= 1'b1;
      in_q   <= rows_in(1'b1, '0);
    end else begin
      row_q  <= row_d;
      busy_q <= busy_d;
      in_q   <= in_d;
    end
  end

  assign busy_o   = busy_q;
  assign row_o    = row_q;
  assign row_in_o = in_q;

  // Assertions
`ifndef SYNTHESIS
  initial assert (Rows >= 2 && (Rows & (Rows - 1)) == 0) else $error("ims_table_init: Rows must be a power of two");
  always_ff @(posedge clk_i) begin
    if (rst_ni) assert (row_in_o == rows_in(busy_o, row_o)) else $error("ims_table_init: row_in_o out of step");
  end
`endif

endmodule
