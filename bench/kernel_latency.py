"""Measures a kernel with jupyter_client: start to first result, and round trips of trivial cells.

usage: kernel_latency.py KERNEL_NAME [CELLS] [CODE] [TF_CODE]  -> prints one JSON object
With TF_CODE, also times the first cell that uses tf (it may pay for what the kernel deferred)
and the round trip of that cell afterwards.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

name = sys.argv[1]
cells = int(sys.argv[2]) if len(sys.argv) > 2 else 50
code = sys.argv[3] if len(sys.argv) > 3 else "1 + 1"
tf_code = sys.argv[4] if len(sys.argv) > 4 else None


def run(kc, source):
    msg_id = kc.execute(source)
    got_result = False
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] in ("execute_result", "stream", "error"):
            got_result = True
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return got_result


t0 = time.perf_counter()
km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
run(kc, code)
first = time.perf_counter() - t0
times = []
# Each trivial cell differs from the one before (`1 + 1`, `2 + 1`, ...): a kernel may cache a cell it just
# compiled, and a student's next cell is rarely the same text.
for i in range(cells):
    t = time.perf_counter()
    run(kc, code.replace("1 +", f"{i + 2} +", 1))
    times.append((time.perf_counter() - t) * 1000)
extra = {}
if tf_code:
    t = time.perf_counter()
    run(kc, tf_code)
    extra["first_tf_cell_ms"] = round((time.perf_counter() - t) * 1000, 1)
    tf_times = []
    for i in range(20):
        t = time.perf_counter()
        run(kc, tf_code.replace("[1, 2, 3]", f"[1, 2, {i + 4}]", 1))
        tf_times.append((time.perf_counter() - t) * 1000)
    tf_times.sort()
    extra["tf_cell_p50_ms"] = round(tf_times[len(tf_times) // 2], 1)
kc.stop_channels()
km.shutdown_kernel(now=True)
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(json.dumps({"kernel": name, "start_to_first_result_s": round(first, 3), "p50_ms": round(pick(0.5), 1), "p95_ms": round(pick(0.95), 1), "cells": cells, **extra}))
