#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the formal model's initial state (formal/README.md, "Initial state"):
#   post_init.ys   Yosys commands applied to the netlist (formal/ims.sby)
#   preconfig.svh  the same configuration as the harness's shadow
# The model starts where a host would be after the table initialisation
# (docs/theory-of-operation.md, "Reset and initialisation") and after
# programming the configuration below through the host view: the RAM rows
# hold exactly the host-view DWORDs of the register map (ADI row = CTRL,
# BLOCK, PASID, RID_OVERRIDE; entry = address_lo, address_hi, data, control),
# with CTRL.held set for the ADIs enabled (an enable makes the ADI hold its
# block), the BLOCK copy (ims_adi_block_table) agreeing, the pending bits of
# PENDING set with their owners (other owner rows name some ADI: stale), and
# the global enable set. The walk's
# row counter resets to its last row, so the walk ends one cycle after reset.
# Build: 64 entries, 4 ADIs (formal/ims_formal.sv). Usage: post_init.py DIR [TASK]
# The deep jobs (LIFECYCLE_TASKS) start from the lifecycle configuration:
# ADI 3's BLOCK names entries ADIs 0-2 hold, some entries pending with their
# owners, every owner row set; the others from the base one (ADI 3's block
# 12..15, nothing pending, owner RAM free).
import os, sys

NE, NA = 64, 4
out = sys.argv[1] if len(sys.argv) > 1 else "."
task = sys.argv[2] if len(sys.argv) > 2 else ""
LIFECYCLE_TASKS = {"cover_long", "iso", "acc", "reset3", "mut_reset", "mut_coalesce", "mut_unmask"}
LIFECYCLE = task in LIFECYCLE_TASKS

# ADI a: (enable, mask, pasid_en, base, size, pasid). Blocks never overlap.
ADIS = [
    (1, 0, 1, 0, 4, 0x0ABCD),   # ADI 0: tagged, entries 0..3
    (1, 0, 0, 4, 4, 0x00077),   # ADI 1: untagged, entries 4..7
    (1, 1, 1, 8, 4, 0x00222),   # ADI 2: tagged, ADI-masked, entries 8..11
    (0, 0, 0, 2, 8, 0x00333) if LIFECYCLE else  # ADI 3: disabled, never enabled; its BLOCK (2..9) names entries ADIs 0-2 hold
    (0, 0, 0, 12, 4, 0x00333),  # ADI 3: disabled, never enabled, entries 12..15
]
# Pending at the start (masked entries, or an entry of the masked ADI 2),
# each owned by the ADI that holds it; every other owner row names some ADI
# (a stale owner: meaningless while the bit is clear, docs "Pending release").
PENDING = {3: 0, 7: 1, 9: 2} if LIFECYCLE else {}
OWNER = lambda e: PENDING.get(e, (3 * e + 1) % NA)
# entry e (0..15): (addr_lo, addr_hi, mask). data = 0xDA7A_0010 | e (bit 4 set,
# bits 3:0 name the entry: the harness's rule for entry data).
ENTRIES = [
    (0x0000_2003, 0x0000_0001, 0), (0xFEE0_0004, 0, 0), (0x1234_5678, 0, 0), (0xFEE0_1000, 0, 1),
    (0xFEE0_0010, 0, 0), (0x1234_0000, 0, 0), (0xFEE0_0020, 0x0000_0002, 0), (0xFEE0_0030, 0, 1),
    (0xFEE0_0040, 0, 0), (0xFEE0_0050, 0, 0), (0xFEE0_0060, 0, 1), (0xFEE0_0070, 0, 0),
    (0xFEE0_0080, 0, 0), (0xFEE0_0090, 0, 0), (0xFEE0_00A0, 0, 0), (0xFEE0_00B0, 0, 1),
]
DATA = lambda e: 0xDA7A_0010 | e
HELD = 7

def adi_ctrl(a):
    en, mask, tag, _, _, _ = ADIS[a]
    return en | (mask << 1) | (tag << 2) | (en << HELD)

adi_init = 0
blk_init = 0
for a, (en, mask, tag, base, size, pasid) in enumerate(ADIS):
    row = adi_ctrl(a) | ((size << 16 | base) << 32) | (pasid << 64)
    adi_init |= row << (128 * a)
    # BLOCK copy: per field the low log2(NE) bits, then two "a bit at or above" flags
    fld = lambda v: (v & (NE - 1)) | ((1 if (v & 0xFF) >> 6 else 0) << 6) | ((1 if v >> 8 else 0) << 7)
    blk_init |= (fld(size) << 8 | fld(base)) << (16 * a)
entry_init = 0
for e in range(NE):
    if e < len(ENTRIES):
        lo, hi, mask = ENTRIES[e]
        row = lo | (hi << 32) | (DATA(e) << 64) | (mask << 96)
    else:
        row = 1 << 96  # reset value: masked, address/data 0
    entry_init |= row << (128 * e)

pend_init = sum(1 << e for e in PENDING)
owner_init = 0
for e in range(NE):
    owner_init |= OWNER(e) << (2 * e)

init_rows = max(NE, NA)
w = (init_rows - 1).bit_length()
ys = [
    "cd ims_formal",
    f"setparam -set INIT {128*NE}'h{entry_init:x} dut.u_tables.u_entry_ram.g_oreg.u_ram.g_nrw.mem_q",
    f"setparam -set INIT {128*NA}'h{adi_init:x} dut.u_tables.u_adi_ram.g_oreg.u_ram.g_nrw.mem_q",
    f"setparam -set INIT {32*(NE//32)}'h{pend_init:x} dut.u_tables.u_pend_ram.g_oreg.u_ram.g_block.mem_q",
] + ([f"setparam -set INIT {2*NE}'h{owner_init:x} dut.u_tables.u_owner_ram.g_oreg.u_ram.g_block.mem_q"] if LIFECYCLE else []) + [
    f"setparam -set INIT {16*NA}'h{blk_init:x} dut.u_tables.u_adi_block.mem_q",
    f"connect -port $driver$dut.u_tables.u_table_init.row_q AD {w}'d{init_rows-1}",
    # ... and its "row in table t" flags to that row's ({pend, ADI, entry}):
    # left at their reset value (row 0: in every table) the last step would
    # write the ADI and pending rows the row index wraps to (63 -> ADI row 3,
    # pending word 1), wiping ADI 3's configuration (until stop 14 it did:
    # every job ran with ADI 3's row and BLOCK copy 0, so the issue-8
    # configuration, ADI 3's BLOCK naming entries 2-9, never reached the DUT)
    f"connect -port $driver$dut.u_tables.u_table_init.in_q AD 3'b"
    + "".join("1" if init_rows - 1 < r else "0" for r in (NE // 32, NA, NE)),
    "connect -port $driver$dut.u_regblock.field_storage.CTRL.enable.value AD 1'b1",
    "cd ..",
]
# Each memory named must exist (a renamed RAM would otherwise keep an
# unconstrained initial state without a word: setparam on nothing is no error).
checked = []
for c in ys:
    if c.startswith("setparam "):
        checked.append(f"select -assert-count 1 {c.split()[-1]}")
    checked.append(c)
ys = checked
open(os.path.join(out, "post_init.ys"), "w").write("\n".join(ys) + "\n")

sv = ["// generated by formal/post_init.py: the initial configuration, as the shadow sees it",
      "g_en_q = 1'b1; g_mask_q = 1'b0;"]
for a, (en, mask, tag, base, size, pasid) in enumerate(ADIS):
    sv.append(f"held_q[{a}] = 1'b{en}; a_en_q[{a}] = 1'b{en}; a_mask_q[{a}] = 1'b{mask}; "
              f"a_tag_q[{a}] = 1'b{tag}; a_base_q[{a}] = 16'd{base}; a_size_q[{a}] = 16'd{size}; "
              f"a_pasid_q[{a}] = 20'h{pasid:05x};")
for e, (lo, hi, mask) in enumerate(ENTRIES):
    sv.append(f"e_lo_q[{e}] = 32'h{lo:08x}; e_hi_q[{e}] = 32'h{hi:08x}; e_data_q[{e}] = 32'h{DATA(e):08x}; "
              f"e_mask_q[{e}] = 1'b{mask}; e_dw_q[{e}] = 1'b1; e_age_q[{e}] = 4'd{15 if mask else 0};")
for e in PENDING:
    sv.append(f"p_may_q[{e}] = 1'b1; p_def_q[{e}] = 1'b1;")
open(os.path.join(out, "preconfig.svh"), "w").write("\n".join(sv) + "\n")
