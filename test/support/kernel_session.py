"""A session with the real tsdl kernel through Jupyter's own client (jupyter_client): start and stop it, run
cells and read what they produced, wait for output, interrupt. Scenario scripts (test/reliability/kernel_driver.py,
test/kernel/comm_scenarios.py) build on it and end with `main(SCENARIOS)`, which prints one line "RESULT <json>".
The kernelspec is found through JUPYTER_PATH (testKernelEnv() in test/support/jupyter.ts).
"""
import argparse
import json
import os
import queue
import signal
import sys
import time

from jupyter_client.manager import KernelManager

KERNEL = "tsdl"


def start(stderr_path=None, **km_args):
    km = KernelManager(kernel_name=KERNEL, **km_args)
    stderr = open(stderr_path, "w") if stderr_path else None
    km.start_kernel(stderr=stderr)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
    except BaseException:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return km, kc


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def kernel_pid(km):
    return km.provisioner.process.pid


def collect(kc, msg_id, timeout=120.0):
    """Reads iopub until the request's idle status and the shell reply; returns what the cell did."""
    outputs, reply = [], None
    idle = False
    deadline = time.time() + timeout
    while not (idle and reply):
        left = deadline - time.time()
        if left <= 0:
            raise TimeoutError(f"no reply to {msg_id} within {timeout}s")
        if not idle:
            try:
                msg = kc.get_iopub_msg(timeout=min(left, 0.2))
            except queue.Empty:
                msg = None
            if msg and msg["parent_header"].get("msg_id") == msg_id:
                t = msg["msg_type"]
                if t == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
                elif t in ("stream", "display_data", "execute_result", "error", "update_display_data"):
                    outputs.append({"type": t, **msg["content"]})
        if not reply:
            try:
                r = kc.get_shell_msg(timeout=0 if not idle else min(left, 0.2))
                if r["parent_header"].get("msg_id") == msg_id:
                    reply = r
            except queue.Empty:
                pass
    return cell_summary(outputs, reply)


def cell_summary(outputs, reply):
    result = next((o for o in outputs if o["type"] == "execute_result"), None)
    error = next((o for o in outputs if o["type"] == "error"), None)
    return {
        "status": reply["content"]["status"],
        "executionCount": reply["content"].get("execution_count"),
        "result": result["data"].get("text/plain") if result else None,
        "error": {"ename": error["ename"], "evalue": error["evalue"]} if error else None,
        "stdout": "".join(o["text"] for o in outputs if o["type"] == "stream" and o["name"] == "stdout"),
        "stderr": "".join(o["text"] for o in outputs if o["type"] == "stream" and o["name"] == "stderr"),
        "displays": [sorted(o["data"].keys()) for o in outputs if o["type"] == "display_data"],
    }


def run(kc, code, timeout=120.0):
    return collect(kc, kc.execute(code, allow_stdin=False), timeout)


def messages(get, timeout, poll=0.2):
    """The messages `get` (a client's get_iopub_msg or get_shell_msg) returns until `timeout` seconds pass."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            yield get(timeout=min(poll, max(0.0, deadline - time.time())))
        except queue.Empty:
            continue


def of(msg, msg_id):
    return msg["parent_header"].get("msg_id") == msg_id


def wait_for_stream(kc, msg_id, text, timeout=60.0):
    """Waits until the running cell printed `text` on stdout, so we know it is really running."""
    seen = ""
    for msg in messages(kc.get_iopub_msg, timeout):
        if of(msg, msg_id) and msg["msg_type"] == "stream":
            seen += msg["content"]["text"]
            if text in seen:
                return
    raise TimeoutError(f"the cell never printed {text!r}")


def wait_for_status(kc, msg_id, state, timeout=120.0):
    for msg in messages(kc.get_iopub_msg, timeout):
        if of(msg, msg_id) and msg["msg_type"] == "status" and msg["content"]["execution_state"] == state:
            return
    raise TimeoutError(f"the kernel never reported {state} for the cell")


def wait_for_reply(kc, msg_id, timeout, required=False):
    """The shell reply to `msg_id`, or None when none came in time (a TimeoutError if `required`)."""
    for r in messages(kc.get_shell_msg, timeout, poll=0.05):
        if of(r, msg_id):
            return r
    if required:
        raise TimeoutError(f"no reply to {msg_id} within {timeout}s")
    return None


def iopub_until_idle(kc, msg_id, timeout=30.0):
    """The request's iopub messages but its status (type, content, buffers as byte lists), up to its idle status."""
    out = []
    for msg in messages(kc.get_iopub_msg, timeout):
        if not of(msg, msg_id):
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return out
            continue
        out.append({"type": msg["msg_type"], "content": msg["content"], "buffers": [list(bytes(b)) for b in msg.get("buffers", [])]})
    raise TimeoutError(f"no idle status for {msg_id} within {timeout}s")


def read_log(path):
    """The kernel's stderr so far, given a moment to reach the file."""
    time.sleep(0.2)
    with open(path) as f:
        return f.read()


def interrupted(km, kc, code, ready_text=None, ready_file=None, ready_busy=False, settle=0.2, limit=10.0):
    """Runs `code`, interrupts it once it runs, and times interrupt → execute_reply.

    It runs once it printed `ready_text`, or wrote `ready_file`; with `ready_busy`, the kernel has only
    received it (its busy status), so the interrupt comes while the cell is being compiled.
    """
    msg_id = kc.execute(code, allow_stdin=False)
    if ready_text:
        wait_for_stream(kc, msg_id, ready_text)
    if ready_file:
        deadline = time.time() + 120
        while not os.path.exists(ready_file):
            if time.time() > deadline:
                raise TimeoutError(f"the cell never wrote {ready_file}")
            time.sleep(0.02)
    if ready_busy:
        wait_for_status(kc, msg_id, "busy")
    time.sleep(settle)
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = wait_for_reply(kc, msg_id, limit)
    seconds = time.monotonic() - t0
    # A lost interrupt leaves the cell running: interrupt again, so the scenario can go on and report it.
    again = reply is None
    if again:
        km.interrupt_kernel()
        reply = wait_for_reply(kc, msg_id, limit)
    # The rest of this request's iopub messages: its error output, up to idle.
    try:
        rest = iopub_until_idle(kc, msg_id, timeout=5)
    except TimeoutError:
        rest = []
    error = next((m["content"] for m in rest if m["type"] == "error"), None)
    return {
        "replied": reply is not None and not again,
        "neededSecondInterrupt": again,
        "seconds": round(seconds, 3),
        "status": reply["content"]["status"] if reply else None,
        "error": {"ename": error["ename"], "evalue": error["evalue"]} if error else None,
    }


def main(scenarios):
    """Runs the scenario named on the command line and prints its report."""
    # A timeout in the node test sends SIGTERM: unwind, so every `finally` shuts its kernel down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    p = argparse.ArgumentParser()
    p.add_argument("scenario", choices=sorted(scenarios))
    p.add_argument("--cells", type=int, default=500)
    p.add_argument("--charts-every", type=int, default=5)
    p.add_argument("--workdir", default=None)
    a = p.parse_args()
    print("RESULT " + json.dumps(scenarios[a.scenario](a)))
