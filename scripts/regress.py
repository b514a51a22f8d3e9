#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Random regressions on many seeds, in parallel on the local cores.

Runs every selected test case of the test binary once per seed (one process
per (test case, seed[, X-init seed]), each exactly the command that replays
it), prints a summary and, for each failure, the one command line that
replays it. Exit status 1 on any failure.

Seeds: --seeds N runs seeds BASE .. BASE+N-1 (--base, default 1); --shard i/n
keeps the k-th seed of that list (k from 0) when k % n == i, so n machines
with i = 0..n-1 run every seed exactly once. This is the same list and the
same cut as IMS_SEEDS / IMS_SEED_BASE / IMS_SHARD in the test binary
(tb/harness/seed.hpp), so a CI matrix can use either. The options default
to those variables when they are set. --seeds 0 runs each test case's
built-in seeds (no IMS_SEED); then --shard cuts the list of jobs (test case
x X-init seed) by the same rule.

--xinit M runs every job under the Verilator random-initialisation seeds
IMS_XINIT_SEED=1..M (the unreset state of the --x-initial unique models),
next to the stimulus seed.

  scripts/regress.py --seeds 40 --iters 10 --jobs 2
  scripts/regress.py --seeds 1000 --shard 3/16            # machine 3 of 16
  scripts/regress.py --tests '~[soak]' --seeds 0 --xinit 4  # whole suite, 4 X-inits
  scripts/regress.py --selftest                          # the failure path works
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

# Variables that change what a run does; the replay line carries those set.
PASSED_ENV = ("IMS_RANDOM_ITERS", "IMS_RANDOM_LIFECYCLE", "IMS_SOAK_REQUESTS",
              "IMS_RANDOM_FAIL_SEED", "IMS_TRACE", "IMS_WAVE_DIR")


def parse_shard(text):
    """'i/n' with 0 <= i < n (the rule of tb/harness/seed.hpp parse_shard)."""
    i, sep, n = text.partition("/")
    if not sep or not i.isdigit() or not n.isdigit() or int(n) == 0 or int(i) >= int(n):
        raise argparse.ArgumentTypeError(f"shard {text!r} is not i/n with 0 <= i < n")
    return int(i), int(n)


def shard_seeds(base, count, shard):
    """base..base+count-1, the k-th kept when k % n == i."""
    i, n = shard
    return [base + k for k in range(count) if k % n == i]


def env_default(name, convert, dflt):
    v = os.environ.get(name, "")
    return convert(v) if v else dflt


def list_tests(binary, spec):
    out = subprocess.run([binary, "--list-test-names-only", spec], capture_output=True, text=True)
    names = [l.strip() for l in out.stdout.splitlines() if l.strip()]
    # Catch2 v2 prints long names wrapped onto indented lines: join them back.
    joined = []
    for line in out.stdout.splitlines():
        if not line.strip():
            continue
        if line.startswith(" ") and joined:
            joined[-1] += " " + line.strip()
        else:
            joined.append(line.strip())
    return joined if joined else names


def git_rev(path):
    try:
        rev = subprocess.run(["git", "-C", path, "describe", "--always", "--dirty"],
                             capture_output=True, text=True).stdout.strip()
        return rev or "unknown"
    except OSError:
        return "unknown"


def catch_spec(name):
    """A test name as a Catch2 test spec that matches only it (',' and '[' escaped)."""
    return name.replace("\\", "\\\\").replace(",", "\\,").replace("[", "\\[")


def replay_line(binary, test, env):
    sets = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    return f"{sets} {shlex.quote(binary)} {shlex.quote(catch_spec(test))}"


def run_job(binary, test, env_extra, log_dir, timeout, index):
    env = dict(os.environ)
    for k in ("IMS_SEED", "IMS_SEEDS", "IMS_SEED_BASE", "IMS_SHARD", "IMS_XINIT_SEED"):
        env.pop(k, None)  # the job's own values only (below)
    env.update(env_extra)
    start = time.monotonic()
    log = os.path.join(log_dir, f"job{index:05d}.log")
    with open(log, "w") as f:
        try:
            rc = subprocess.run([binary, catch_spec(test)], env=env, stdout=f, stderr=subprocess.STDOUT,
                                timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    return rc, time.monotonic() - start, log


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build", help="build folder (default build)")
    ap.add_argument("--binary", help="test binary (default BUILD/ims_tests)")
    ap.add_argument("--tests", default="[random]", help="Catch2 test spec (default [random])")
    ap.add_argument("--seeds", type=int, default=env_default("IMS_SEEDS", int, 8),
                    help="seeds per test case (IMS_SEEDS, default 8; 0: the built-in seeds)")
    ap.add_argument("--base", type=lambda s: int(s, 0), default=env_default("IMS_SEED_BASE", lambda s: int(s, 0), 1),
                    help="first seed (IMS_SEED_BASE, default 1)")
    ap.add_argument("--shard", type=parse_shard, default=env_default("IMS_SHARD", parse_shard, (0, 1)),
                    help="i/n: run the k-th seed when k %% n == i (IMS_SHARD, default 0/1)")
    ap.add_argument("--iters", type=int, default=env_default("IMS_RANDOM_ITERS", int, None),
                    help="IMS_RANDOM_ITERS (phases per run; default: each test's own)")
    ap.add_argument("--xinit", type=int, default=0,
                    help="also vary the Verilator random-init seed: IMS_XINIT_SEED=1..M per job")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes at once")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per job")
    ap.add_argument("--logs", help="folder for the logs of failed jobs (default BUILD/regress)")
    ap.add_argument("--list", action="store_true", help="print the jobs, run nothing")
    ap.add_argument("--selftest", action="store_true",
                    help="check the failure path: one seed forced to fail (IMS_RANDOM_FAIL_SEED) must be "
                         "reported with its replay line and a non-zero exit")
    a = ap.parse_args()

    binary = os.path.abspath(a.binary or os.path.join(a.build, "ims_tests"))
    if not os.access(binary, os.X_OK):
        sys.exit(f"regress: no test binary at {binary} (build first: make build)")
    if a.selftest:
        return selftest(binary)
    tests = list_tests(binary, a.tests)
    if not tests:
        sys.exit(f"regress: no test case matches {a.tests!r}")
    seeds = shard_seeds(a.base, a.seeds, a.shard) if a.seeds > 0 else [None]
    xinits = list(range(1, a.xinit + 1)) or [None]

    jobs = []
    for seed in seeds:
        for test in tests:
            for x in xinits:
                e = {}
                if seed is not None:
                    e["IMS_SEED"] = str(seed)
                if x is not None:
                    e["IMS_XINIT_SEED"] = str(x)
                if a.iters is not None:
                    e["IMS_RANDOM_ITERS"] = str(a.iters)
                for k in PASSED_ENV:
                    if k in os.environ and k not in e:
                        e[k] = os.environ[k]
                jobs.append((test, e))
    if a.seeds == 0:
        # No seed list to cut: the shard cuts the job list (test case x X-init
        # seed) the same way, so n machines still run every job exactly once.
        i, n = a.shard
        jobs = [j for k, j in enumerate(jobs) if k % n == i]
    if a.list:
        for test, e in jobs:
            print(replay_line(binary, test, e))
        return 0

    log_dir = os.path.abspath(a.logs or os.path.join(a.build, "regress"))
    os.makedirs(log_dir, exist_ok=True)
    rev = git_rev(os.path.dirname(os.path.abspath(__file__)))
    print(f"regress: {len(tests)} test case(s) x {len(seeds) if seeds != [None] else 'built-in'} seed(s)"
          f"{f' x {a.xinit} X-init seeds' if a.xinit else ''} = {len(jobs)} runs, shard {a.shard[0]}/{a.shard[1]}, "
          f"{a.jobs} at once, binary {binary} (source {rev})", flush=True)
    start = time.monotonic()
    failures, per_test = [], {}
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futs = [pool.submit(run_job, binary, t, e, log_dir, a.timeout, n) for n, (t, e) in enumerate(jobs)]
        for n, fut in enumerate(futs):
            test, e = jobs[n]
            rc, secs, log = fut.result()
            per_test.setdefault(test, []).append(secs)
            tag = " ".join(f"{k}={v}" for k, v in e.items() if k in ("IMS_SEED", "IMS_XINIT_SEED"))
            ok = rc == 0
            print(f"  {'ok  ' if ok else 'FAIL'} {secs:7.1f}s  {test}  {tag}", flush=True)
            if ok:
                os.remove(log)
            else:
                failures.append((test, e, rc, log))
    wall = time.monotonic() - start

    print(f"\nregress: {len(jobs)} runs, {len(failures)} failed, {wall:.0f} s wall, "
          f"{sum(sum(v) for v in per_test.values()):.0f} s summed over the jobs ({a.jobs} at once)")
    for test, secs in per_test.items():
        print(f"  {sum(secs) / len(secs):7.1f} s per run (mean of {len(secs)}, max {max(secs):.1f})  {test}")
    for test, e, rc, log in failures:
        print(f"\nFAILED (exit {rc}): {test}\n  log:    {log}\n  build:  {os.path.dirname(binary)}"
              f" (source {rev})\n  replay: {replay_line(binary, test, e)}")
    return 1 if failures else 0


def selftest(binary):
    """Forces one seed of a 3-seed run to fail and checks the runner says so."""
    test = "Random traffic and masking, small build, all patterns"
    with tempfile.TemporaryDirectory() as logs:
        env = dict(os.environ, IMS_RANDOM_FAIL_SEED="2")
        cmd = [sys.executable, os.path.abspath(__file__), "--binary", binary, "--tests", catch_spec(test),
               "--seeds", "3", "--iters", "1", "--jobs", "2", "--logs", logs]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    print(out.stdout, end="")
    replay = replay_line(binary, test, {"IMS_SEED": "2", "IMS_RANDOM_ITERS": "1", "IMS_RANDOM_FAIL_SEED": "2"})
    checks = {
        "exit status 1": out.returncode == 1,
        "3 runs, 1 failed": "regress: 3 runs, 1 failed" in out.stdout,
        "the replay line": f"replay: {replay}" in out.stdout,
        "seeds 1 and 3 pass": out.stdout.count("  ok   ") == 2,
    }
    # The replay line itself must fail the same way, and seed 3 pass.
    again = subprocess.run(replay, shell=True, capture_output=True, text=True)
    checks["the replay fails"] = again.returncode != 0 and "failing on purpose" in again.stdout
    # Built-in seeds (--seeds 0) under X-init seeds: the shards split the jobs.
    def listed(*extra):
        cmd = [sys.executable, os.path.abspath(__file__), "--binary", binary, "--tests", "[harness]",
               "--seeds", "0", "--xinit", "2", "--list", *extra]
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()
    whole, parts = listed(), [listed("--shard", f"{i}/3") for i in range(3)]
    checks["shards of built-in seeds run every job once"] = (
        len(whole) > 3 and sorted(whole) == sorted(sum(parts, [])) and all(parts))
    for what, ok in checks.items():
        print(f"selftest: {'ok  ' if ok else 'FAIL'} {what}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
