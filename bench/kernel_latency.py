"""Measures a kernel with jupyter_client: start to first result, and round trips of trivial cells.

usage: kernel_latency.py KERNEL_NAME [CELLS] [CODE]  -> prints one JSON object
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

name = sys.argv[1]
cells = int(sys.argv[2]) if len(sys.argv) > 2 else 50
code = sys.argv[3] if len(sys.argv) > 3 else "1 + 1"


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
for _ in range(cells):
    t = time.perf_counter()
    run(kc, code)
    times.append((time.perf_counter() - t) * 1000)
kc.stop_channels()
km.shutdown_kernel(now=True)
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(json.dumps({"kernel": name, "start_to_first_result_s": round(first, 3), "p50_ms": round(pick(0.5), 1), "p95_ms": round(pick(0.95), 1), "cells": cells}))
