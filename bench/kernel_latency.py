"""Measures a kernel with jupyter_client: spawn to kernel_info reply, spawn to first result, round trips of
trivial cells, then (optionally) the first tensor cell and round trips of tensor cells.

usage: kernel_latency.py KERNEL_NAME CELLS TRIVIAL [TENSOR]  -> prints one JSON object
TRIVIAL and TENSOR are cell templates: `{n}` is replaced by a different number in each cell, since a
kernel may cache a cell it just compiled, and a student's next cell is rarely the same text. The first
tensor cell pays for whatever the kernel deferred (tsdl: TensorFlow.js if not loaded yet; Python: import torch).
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

name = sys.argv[1]
cells = int(sys.argv[2])
trivial = sys.argv[3]
tensor = sys.argv[4] if len(sys.argv) > 4 else None


def run(kc, source):
    msg_id = kc.execute(source)
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            raise RuntimeError(f"{msg['content']['ename']}: {msg['content']['evalue']}\n--- cell ---\n{source}")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return


def timed(kc, source):
    t = time.perf_counter()
    run(kc, source)
    return (time.perf_counter() - t) * 1000


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


t0 = time.perf_counter()
km = KernelManager(kernel_name=name)
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
kernel_info = time.perf_counter() - t0
run(kc, trivial.replace("{n}", "1"))
first = time.perf_counter() - t0
times = sorted(timed(kc, trivial.replace("{n}", str(i + 2))) for i in range(cells))
result = {
    "kernel": name,
    "kernel_info_s": round(kernel_info, 3),
    "start_to_first_result_s": round(first, 3),
    "p50_ms": round(median(times), 1),
    "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
}
if tensor:
    result["first_tensor_cell_ms"] = round(timed(kc, tensor.replace("{n}", "4")), 1)
    result["tensor_cell_p50_ms"] = round(median([timed(kc, tensor.replace("{n}", str(i + 5))) for i in range(20)]), 1)
kc.stop_channels()
km.shutdown_kernel(now=True)
print(json.dumps(result))
