# SPDX-License-Identifier: Apache-2.0
# Vivado variant of ims_top.sdc (same clock, reset and budgets; see there for
# the reasoning). Two uses:
#  * out-of-context synthesis/implementation of ims_top
#    (synth_design -mode out_of_context -top ims_top): read as is;
#  * inside a design with the PCIe core: keep only the false path on the
#    reset, scoped to the instance; the clock comes from the core
#    (user_clk / axi_aclk) and the ports are internal nets, timed as real
#    paths, so the budgets do not apply.
# 8.0 ns = 125 MHz (Gen2-class cores), 4.0 ns = 250 MHz (UltraScale+).
set IMS_CLK_PERIOD 8.000
create_clock -name ims_clk -period $IMS_CLK_PERIOD [get_ports clk_i]
set_clock_uncertainty 0.100 [get_clocks ims_clk]

# Asynchronous active-low reset; release synchronised outside the block.
set_false_path -from [get_ports rst_ni]

set IMS_IN_EXT  [expr {0.30 * $IMS_CLK_PERIOD}]
set IMS_RDY_EXT [expr {0.60 * $IMS_CLK_PERIOD}]
set IMS_TLP_EXT [expr {0.40 * $IMS_CLK_PERIOD}]
set IMS_OUT_EXT [expr {0.30 * $IMS_CLK_PERIOD}]

set_input_delay  -clock ims_clk -max $IMS_IN_EXT [get_ports {s_axil_*_i[*] s_axil_*valid_i s_axil_*ready_i req_*_i req_*_i[*]}]
set_input_delay  -clock ims_clk -min 0.000       [get_ports {s_axil_*_i[*] s_axil_*valid_i s_axil_*ready_i req_*_i req_*_i[*]}]
set_input_delay  -clock ims_clk -max $IMS_RDY_EXT [get_ports tlp_ready_i]
set_input_delay  -clock ims_clk -min 0.000        [get_ports tlp_ready_i]

set_output_delay -clock ims_clk -max $IMS_TLP_EXT [get_ports {tlp_*_o tlp_*_o[*]}]
set_output_delay -clock ims_clk -min 0.000        [get_ports {tlp_*_o tlp_*_o[*]}]
set_output_delay -clock ims_clk -max $IMS_OUT_EXT [get_ports {s_axil_*_o s_axil_*_o[*] req_ready_o req_ready_o[*]}]
set_output_delay -clock ims_clk -min 0.000        [get_ports {s_axil_*_o s_axil_*_o[*] req_ready_o req_ready_o[*]}]
