// SPDX-License-Identifier: Apache-2.0
// ims_req_arbiter: merges NumPorts interrupt-request ports into one stream,
// round robin: the grant goes to the first waiting port at or after the one
// after the last port served, so a waiting port is served within NumPorts
// handshakes whatever the others do (no starvation). With one port it is a
// wire, and ready does not depend on valid.
module ims_req_arbiter #(
  parameter int unsigned NumPorts = 1,
  localparam int unsigned PortW   = (NumPorts > 1) ? $clog2(NumPorts) : 1
) (
  input  logic                                        clk_i,
  input  logic                                        rst_ni,
  input  logic [NumPorts-1:0]                         valid_i,
  output logic [NumPorts-1:0]                         ready_o,
  input  logic [NumPorts-1:0][ims_pkg::AdiIdW-1:0]    adi_i,
  input  logic [NumPorts-1:0][ims_pkg::VecW-1:0]      vec_i,
  input  logic [NumPorts-1:0]                         pasid_valid_i,
  input  logic [NumPorts-1:0][19:0]                   pasid_i,
  input  logic [NumPorts-1:0]                         satisfy_i,
  // the merged stream
  output logic                                        valid_o,
  input  logic                                        ready_i,
  output logic [ims_pkg::AdiIdW-1:0]                  adi_o,
  output logic [ims_pkg::VecW-1:0]                    vec_o,
  output logic                                        pasid_valid_o,
  output logic [19:0]                                 pasid_o,
  output logic                                        satisfy_o
);

  logic [PortW-1:0] next_d, next_q;  // the port with priority now
  logic [PortW-1:0] grant;
  logic             any;

  // Three processes on purpose: ready must not share one with valid, or the
  // round trip through ims_op_arbiter looks like a combinational loop.
  always_comb begin
    grant = next_q;
    any   = 1'b0;
    for (int unsigned k = 0; k < NumPorts; k++) begin
      automatic logic [PortW:0] p = (PortW+1)'(next_q) + (PortW+1)'(k);
      if (32'(p) >= NumPorts) p = p - (PortW+1)'(NumPorts);
      if (!any && valid_i[p[PortW-1:0]]) begin
        grant = p[PortW-1:0];
        any   = 1'b1;
      end
    end
  end

  always_comb begin
    valid_o       = any;
    adi_o         = adi_i[grant];
    vec_o         = vec_i[grant];
    pasid_valid_o = pasid_valid_i[grant];
    pasid_o       = pasid_i[grant];
    satisfy_o     = satisfy_i[grant];
    next_d = next_q;
    if (any && ready_i) next_d = (32'(grant) == NumPorts - 1) ? '0 : grant + PortW'(1);
  end

  always_comb begin
    ready_o = '0;
    if (NumPorts == 1) ready_o[0] = ready_i;  // a wire: ready independent of valid
    else if (any) ready_o[grant] = ready_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) next_q <= '0;
    else         next_q <= next_d;
  end

  // Assertions
`ifndef SYNTHESIS
  initial assert (NumPorts >= 1 && NumPorts <= 16) else $error("ims_req_arbiter: 1 to 16 ports");
  always_ff @(posedge clk_i) begin
    if (rst_ni && NumPorts > 1) assert ($onehot0(ready_o & valid_i)) else $error("ims_req_arbiter: two grants");
  end
`endif

endmodule
