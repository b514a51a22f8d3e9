// SPDX-License-Identifier: Apache-2.0
// ims_tb_top: the Verilator top. The DUT with plain flat ports and its
// parameters exposed, so each parameter set is its own verilate() build.
// Debug probes, when a test needs one, become ports here (never hierarchical
// paths into Verilator internals from C++).
//
// The op probe: the operation entering pipeline stage 0 in a cycle the
// pipeline advances. The bench feeds the golden model every op in pipeline
// order from it (requests, releases, ADI reset ops, host reads), so the
// model evaluates each op against the tables as they are when the op reads
// them (docs/theory-of-operation.md, "Commit points"). The model still
// decides what every op does; only the DUT's choice of maintenance schedule
// is taken from here, and the model checks that schedule's obligations.
// The advance probe: the pipeline moves when the TLP output slice has room
// (when is the DUT's choice); the slice count: TLPs decided but not yet
// out, which the containment checker needs to know how long a TLP may still
// reflect the configuration before a host write.
// The reset-done probe: the edge on which a running ADI reset completes
// (CTRL.reset and CTRL.held clear): when is the DUT's choice, the model
// checks every entry of the block was reset by then.
module ims_tb_top #(
  parameter int unsigned NumEntries = 2048,
  parameter int unsigned NumAdis    = 64,
  parameter int unsigned NumReqPorts = 1,
  parameter int unsigned CounterW   = 32,
  parameter int unsigned FaultDepth = 16,
  parameter bit          RamOutReg  = 1'b1
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         s_axil_awvalid_i,
  output logic         s_axil_awready_o,
  input  logic [31:0]  s_axil_awaddr_i,
  input  logic [2:0]   s_axil_awprot_i,
  input  logic         s_axil_wvalid_i,
  output logic         s_axil_wready_o,
  input  logic [31:0]  s_axil_wdata_i,
  input  logic [3:0]   s_axil_wstrb_i,
  output logic         s_axil_bvalid_o,
  input  logic         s_axil_bready_i,
  output logic [1:0]   s_axil_bresp_o,
  input  logic         s_axil_arvalid_i,
  output logic         s_axil_arready_o,
  input  logic [31:0]  s_axil_araddr_i,
  input  logic [2:0]   s_axil_arprot_i,
  output logic         s_axil_rvalid_o,
  input  logic         s_axil_rready_i,
  output logic [31:0]  s_axil_rdata_o,
  output logic [1:0]   s_axil_rresp_o,
  // request port p occupies bit p / bits [16p +: 16] / [20p +: 20]
  input  logic [NumReqPorts-1:0]    req_valid_i,
  output logic [NumReqPorts-1:0]    req_ready_o,
  input  logic [16*NumReqPorts-1:0] req_adi_i,
  input  logic [16*NumReqPorts-1:0] req_vec_i,
  input  logic [NumReqPorts-1:0]    req_pasid_valid_i,
  input  logic [20*NumReqPorts-1:0] req_pasid_i,
  input  logic [NumReqPorts-1:0]    req_satisfy_i,
  output logic         tlp_valid_o,
  input  logic         tlp_ready_i,
  output logic [127:0] tlp_hdr_o,
  output logic [31:0]  tlp_data_o,
  output logic         tlp_prfx_valid_o,
  output logic [31:0]  tlp_prfx_o,
  // op probe (see above)
  output logic         dbg_op_valid_o,
  output logic [2:0]   dbg_op_kind_o,
  output logic [15:0]  dbg_op_adi_o,
  output logic [15:0]  dbg_op_idx_o,
  output logic         dbg_reset_done_o,  // an ADI reset completes on this edge
  output logic         dbg_advance_o,     // the pipeline stages move on this edge
  output logic [1:0]   dbg_out_count_o,   // TLPs decided, waiting in the output slice
  output logic         dbg_owner_read_stage_o  // the release engine reads owners from the RAM's output register (RamOutReg)
);

  assign dbg_op_valid_o = u_dut.u_pipeline.op_valid_i && u_dut.u_pipeline.advance_o;
  assign dbg_op_kind_o  = u_dut.u_pipeline.op_i.kind;
  assign dbg_op_adi_o   = u_dut.u_pipeline.op_i.adi;
  assign dbg_op_idx_o   = u_dut.u_pipeline.op_i.idx;
  assign dbg_reset_done_o = u_dut.u_adi_reset.adi_we_o;
  assign dbg_advance_o    = u_dut.u_pipeline.advance_o;
  assign dbg_out_count_o  = u_dut.u_tlp_slice.count_o;
  assign dbg_owner_read_stage_o = RamOutReg;

  ims_top #(.NumEntries(NumEntries), .NumAdis(NumAdis), .NumReqPorts(NumReqPorts),
            .CounterW(CounterW), .FaultDepth(FaultDepth), .RamOutReg(RamOutReg)) u_dut (
    .clk_i, .rst_ni,
    .s_axil_awvalid_i, .s_axil_awready_o, .s_axil_awaddr_i, .s_axil_awprot_i,
    .s_axil_wvalid_i, .s_axil_wready_o, .s_axil_wdata_i, .s_axil_wstrb_i,
    .s_axil_bvalid_o, .s_axil_bready_i, .s_axil_bresp_o,
    .s_axil_arvalid_i, .s_axil_arready_o, .s_axil_araddr_i, .s_axil_arprot_i,
    .s_axil_rvalid_o, .s_axil_rready_i, .s_axil_rdata_o, .s_axil_rresp_o,
    .req_valid_i, .req_ready_o, .req_adi_i, .req_vec_i, .req_pasid_valid_i, .req_pasid_i,
    .req_satisfy_i,
    .tlp_valid_o, .tlp_ready_i, .tlp_hdr_o, .tlp_data_o, .tlp_prfx_valid_o, .tlp_prfx_o
  );

endmodule
