"""Measures a kernel's memory with jupyter_client: runs steps of cells and reads the kernel process's
RSS, peak RSS and PSS from /proc after each step.

usage: kernel_memory.py KERNEL_NAME PLAN.json  -> prints one JSON object
PLAN: {"settle": seconds, "report": code or null, "steps": [{"label", "cells": [code, ...], "settle"?}]}
After each step the kernel is left idle for `settle` seconds (the step's own, else the plan's: tsdl loads
TensorFlow.js in the background once idle), then measured; then the `report` cell, if any, runs and its
last stdout line (JSON) is kept.
Besides RSS, PSS and peak RSS: anonymous and file-backed RSS, and the size and resident part of the mapping
that holds a node process's WebAssembly memory (null in a process without one).
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

KB = 1024


def memory(pid):
    status = open(f"/proc/{pid}/status").read()
    rollup = open(f"/proc/{pid}/smaps_rollup").read()

    def field(text, name):
        for line in text.splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1]) * KB
        return None

    # (start, end, size, rss) of every mapping
    maps = []
    for line in open(f"/proc/{pid}/smaps"):
        head = line.split()
        if "-" in head[0] and not line[0].isupper():
            start, end = (int(x, 16) for x in head[0].split("-"))
            maps.append([start, end, 0])
        elif head[0] == "Rss:":
            maps[-1][2] = int(head[1]) * KB
    # The wasm memory is the accessible start of V8's reservation for it (about 10 GiB for a 32-bit memory): the
    # mapping just below the largest one, which is the reservation's inaccessible rest.
    largest = max(maps, key=lambda m: m[1] - m[0])
    wasm = next((m for m in maps if m[1] == largest[0]), None) if largest[1] - largest[0] >= 4 * 2**30 else None
    return {
        "rss": field(status, "VmRSS"),
        "peak_rss": field(status, "VmHWM"),
        "pss": field(rollup, "Pss"),
        "rss_anon": field(status, "RssAnon"),
        "rss_file": field(status, "RssFile"),
        "wasm_mapping": wasm[1] - wasm[0] if wasm else None,
        "wasm_mapping_rss": wasm[2] if wasm else None,
    }


def run(kc, code, timeout):
    """Runs a cell; returns its stdout, or raises with the kernel's error."""
    msg_id = kc.execute(code)
    stdout, error = [], None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream" and content["name"] == "stdout":
            stdout.append(content["text"])
        elif kind == "error":
            error = f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content["execution_state"] == "idle":
            break
    if error:
        raise RuntimeError(f"{error}\n--- cell ---\n{code[:500]}")
    return "".join(stdout)


def main():
    name = sys.argv[1]
    plan = json.load(open(sys.argv[2]))
    started = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    pid = km.provisioner.pid
    results = []
    try:
        for step in plan["steps"]:
            t = time.perf_counter()
            for cell in step["cells"]:
                run(kc, cell, 1800)
            seconds = time.perf_counter() - t
            time.sleep(step.get("settle", plan.get("settle", 0)))
            result = {"label": step["label"], "seconds": round(seconds, 2), **memory(pid)}
            if plan.get("report"):
                lines = run(kc, plan["report"], 120).strip().splitlines()
                result["report"] = json.loads(lines[-1]) if lines else None
            results.append(result)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps({"kernel": name, "pid": pid, "total_seconds": round(time.perf_counter() - started, 1), "steps": results}))


main()
