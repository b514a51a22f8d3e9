// SPDX-License-Identifier: Apache-2.0
// ims_synth_wrapper: the measurement harness that `make synth` places and
// routes (not part of the block; never instantiated by rtl/ or tb/).
//
// Contract: every input of ims_top comes from one serial shift register fed
// by the pin in_i; every output of ims_top is registered and XOR-reduced to
// the pin out_o through a registered tree (fan-in 4 per level, one LUT4 per
// node). So every path through the block starts and ends at a flip-flop
// clocked by clk_i, no port of the block is constant (nothing is optimised
// away), and the part needs only four pins: clk_i, rst_ni, in_i, out_o.
// rst_ni stays a real pin: it is the block's asynchronous reset.
//
// Cost (counted in the figures make synth reports): one flip-flop per input
// bit, one per output bit and about a third as many again for the tree, no
// reset on any of them. With one request port: 167 input bits, 236 output
// bits, 79 tree flip-flops, 482 flip-flops in all; about 80 LUTs.
//
// If ims_top gains or loses a port, this file follows: read_slang fails on a
// connection to a port that no longer exists, and warns (and `make synth`
// stops) on an input left unconnected.
module ims_synth_wrapper #(
  parameter int unsigned NumEntries  = 2048,
  parameter int unsigned NumAdis     = 64,
  parameter int unsigned NumReqPorts = 1,
  parameter int unsigned CounterW    = 32,
  parameter bit          CounterDsp  = 1'b0,
  parameter int unsigned FaultDepth  = 16,
  parameter bit          RamOutReg   = 1'b1   // per target (synth.py): ims_top's
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic in_i,
  output logic out_o
);
  localparam int unsigned P    = NumReqPorts;
  localparam int unsigned AdiW = ims_pkg::AdiIdW;
  localparam int unsigned VecW = ims_pkg::VecW;

  // ---------------- inputs: one serial shift register ----------------
  localparam int unsigned InW = 1 + 32 + 3 + 1 + 32 + 4 + 1   // AW, W, B ready
                              + 1 + 32 + 3 + 1                // AR, R ready
                              + P * (1 + AdiW + VecW + 1 + 20 + 1)
                              + 1;                            // tlp_ready_i

  logic [InW-1:0] in_q;
  always_ff @(posedge clk_i) in_q <= {in_q[InW-2:0], in_i};

  logic                      awvalid, wvalid, bready, arvalid, rready, tlp_ready;
  logic [31:0]               awaddr, wdata, araddr;
  logic [2:0]                awprot, arprot;
  logic [3:0]                wstrb;
  logic [P-1:0]              req_valid, req_pasid_valid, req_satisfy;
  logic [P-1:0][AdiW-1:0]    req_adi;
  logic [P-1:0][VecW-1:0]    req_vec;
  logic [P-1:0][19:0]        req_pasid;

  assign {awvalid, awaddr, awprot, wvalid, wdata, wstrb, bready,
          arvalid, araddr, arprot, rready,
          req_valid, req_adi, req_vec, req_pasid_valid, req_pasid, req_satisfy,
          tlp_ready} = in_q;

  // ---------------- the block ----------------
  logic         awready, wready, bvalid, arready, rvalid;
  logic [1:0]   bresp, rresp;
  logic [31:0]  rdata;
  logic [P-1:0] req_ready;
  logic         tlp_valid, tlp_prfx_valid;
  logic [127:0] tlp_hdr;
  logic [31:0]  tlp_data, tlp_prfx;

  ims_top #(
    .NumEntries  (NumEntries),
    .NumAdis     (NumAdis),
    .NumReqPorts (NumReqPorts),
    .CounterW    (CounterW),
    .CounterDsp  (CounterDsp),
    .FaultDepth  (FaultDepth),
    .RamOutReg   (RamOutReg)
  ) u_top (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .s_axil_awvalid_i  (awvalid),
    .s_axil_awready_o  (awready),
    .s_axil_awaddr_i   (awaddr),
    .s_axil_awprot_i   (awprot),
    .s_axil_wvalid_i   (wvalid),
    .s_axil_wready_o   (wready),
    .s_axil_wdata_i    (wdata),
    .s_axil_wstrb_i    (wstrb),
    .s_axil_bvalid_o   (bvalid),
    .s_axil_bready_i   (bready),
    .s_axil_bresp_o    (bresp),
    .s_axil_arvalid_i  (arvalid),
    .s_axil_arready_o  (arready),
    .s_axil_araddr_i   (araddr),
    .s_axil_arprot_i   (arprot),
    .s_axil_rvalid_o   (rvalid),
    .s_axil_rready_i   (rready),
    .s_axil_rdata_o    (rdata),
    .s_axil_rresp_o    (rresp),
    .req_valid_i       (req_valid),
    .req_ready_o       (req_ready),
    .req_adi_i         (req_adi),
    .req_vec_i         (req_vec),
    .req_pasid_valid_i (req_pasid_valid),
    .req_pasid_i       (req_pasid),
    .req_satisfy_i     (req_satisfy),
    .tlp_valid_o       (tlp_valid),
    .tlp_ready_i       (tlp_ready),
    .tlp_hdr_o         (tlp_hdr),
    .tlp_data_o        (tlp_data),
    .tlp_prfx_valid_o  (tlp_prfx_valid),
    .tlp_prfx_o        (tlp_prfx)
  );

  // ---------------- outputs: registered XOR tree ----------------
  localparam int unsigned OutW = 1 + 1 + 1 + 2 + 1 + 1 + 32 + 2 + P + 1 + 128 + 32 + 1 + 32;
  localparam int unsigned Fan  = 4;

  function automatic int unsigned levels(int unsigned w);
    int unsigned n = 0;
    while (w > 1) begin
      w = (w + Fan - 1) / Fan;
      n++;
    end
    return n;
  endfunction
  localparam int unsigned Levels = levels(OutW);

  function automatic logic [OutW-1:0] fold(logic [OutW-1:0] x);
    fold = '0;
    for (int unsigned j = 0; j < OutW; j++) fold[j / Fan] ^= x[j];
  endfunction

  // Level 0 holds the outputs; level l holds ceil(OutW / Fan^l) live bits
  // (the upper bits are constant zero and vanish in synthesis).
  logic [Levels:0][OutW-1:0] tree_q;
  always_ff @(posedge clk_i) begin
    tree_q[0] <= {awready, wready, bvalid, bresp, arready, rvalid, rdata, rresp,
                  req_ready, tlp_valid, tlp_hdr, tlp_data, tlp_prfx_valid, tlp_prfx};
    for (int unsigned l = 1; l <= Levels; l++) tree_q[l] <= fold(tree_q[l-1]);
  end
  assign out_o = tree_q[Levels][0];

endmodule
