# SPDX-License-Identifier: Apache-2.0
# Timing constraints of the IMS block itself (top ims_top), for an SDC tool
# (Synopsys DC/PrimeTime, Quartus TimeQuest, Libero, Radiant/Diamond's
# SDC-style flows) when the block is synthesised out of context or its ports
# are the boundary of a timing budget. Vivado: ims_top.xdc (same numbers).
# Not read by `make synth`: there the wrapper registers every port and nextpnr
# takes the clock from --freq.
#
# Where the block sits: in the PCIe core's user clock domain, between the
# device logic (interrupt requests), the host register interconnect
# (AXI4-Lite) and the core's transmit path (TLP port -> TX arbiter/mux ->
# core's request/TX stream). All ports are synchronous to clk_i; the input
# and output delays below are *budgets*: the share of the period the logic
# on the other side of each port may use. They add up to less than one
# period per side so the two sides can be closed separately.

# ---- clock ---------------------------------------------------------------
# 8.0 ns = 125 MHz (Gen2-class cores' user clock); 4.0 ns = 250 MHz
# (UltraScale+). Override IMS_CLK_PERIOD before sourcing this file.
if {![info exists IMS_CLK_PERIOD]} { set IMS_CLK_PERIOD 8.0 }
create_clock -name ims_clk -period $IMS_CLK_PERIOD [get_ports clk_i]
set_clock_uncertainty 0.1 [get_clocks ims_clk]

# ---- reset ---------------------------------------------------------------
# rst_ni is an asynchronous, active-low reset of every control flop. Its
# assertion is asynchronous; its release must be synchronised to clk_i
# outside the block (the PCIe core's user reset usually already is, else a
# two-flop reset synchroniser). No timing from the pin itself.
set_false_path -from [get_ports rst_ni]

# ---- budgets (fractions of the period) -----------------------------------
# Inputs from registers with little logic in front (AXI interconnect
# register slice, device request logic): 30 % of the period used outside.
set IMS_IN_EXT  [expr {0.30 * $IMS_CLK_PERIOD}]
# tlp_ready_i: the core's TX ready often arrives combinationally through the
# TX arbiter: 60 % used outside. The spec (§7) has no combinational path
# from tlp_ready_i to any output, so this only constrains paths into flops.
set IMS_RDY_EXT [expr {0.60 * $IMS_CLK_PERIOD}]
# Outputs into the TX arbiter/mux in front of the core (one LUT level plus
# routing): 40 % of the period left to the outside; AXI4-Lite and
# req_ready_o go to registered logic: 30 %.
set IMS_TLP_EXT [expr {0.40 * $IMS_CLK_PERIOD}]
set IMS_OUT_EXT [expr {0.30 * $IMS_CLK_PERIOD}]

set ims_in_ports [get_ports {s_axil_awvalid_i s_axil_awaddr_i* s_axil_awprot_i*
                             s_axil_wvalid_i s_axil_wdata_i* s_axil_wstrb_i* s_axil_bready_i
                             s_axil_arvalid_i s_axil_araddr_i* s_axil_arprot_i* s_axil_rready_i
                             req_valid_i* req_adi_i* req_vec_i* req_pasid_valid_i* req_pasid_i*
                             req_satisfy_i*}]
set_input_delay  -clock ims_clk -max $IMS_IN_EXT  $ims_in_ports
set_input_delay  -clock ims_clk -min 0.0          $ims_in_ports
set_input_delay  -clock ims_clk -max $IMS_RDY_EXT [get_ports tlp_ready_i]
set_input_delay  -clock ims_clk -min 0.0          [get_ports tlp_ready_i]

set ims_tlp_ports [get_ports {tlp_valid_o tlp_hdr_o* tlp_data_o* tlp_prfx_valid_o tlp_prfx_o*}]
set ims_out_ports [get_ports {s_axil_awready_o s_axil_wready_o s_axil_bvalid_o s_axil_bresp_o*
                              s_axil_arready_o s_axil_rvalid_o s_axil_rdata_o* s_axil_rresp_o*
                              req_ready_o*}]
set_output_delay -clock ims_clk -max $IMS_TLP_EXT $ims_tlp_ports
set_output_delay -clock ims_clk -min 0.0          $ims_tlp_ports
set_output_delay -clock ims_clk -max $IMS_OUT_EXT $ims_out_ports
set_output_delay -clock ims_clk -min 0.0          $ims_out_ports
