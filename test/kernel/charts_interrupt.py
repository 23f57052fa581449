"""Interrupts a liveProgress fit in the tsdl kernel (as Jupyter's stop button does) and reports
what the frontend received: every display message of the cell, then the callback's state.

usage: charts_interrupt.py  -> prints one JSON object
"""
import json
import time

from jupyter_client.manager import start_new_kernel

SETUP = """
const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
const xs = tf.randomNormal([2048, 4]);
const ys = xs.sum(1, true);
const progress = liveProgress();
"""
FIT = "await model.fit(xs, ys, { epochs: 500, batchSize: 32, callbacks: [progress] });"


def collect(kc, msg_id, until_idle=True, extra_seconds=0.0):
    msgs = []
    idle_at = None
    while True:
        timeout = 120 if idle_at is None else max(0.05, idle_at + extra_seconds - time.time())
        try:
            msg = kc.get_iopub_msg(timeout=timeout)
        except Exception:
            return msgs
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        msgs.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            if not until_idle or extra_seconds == 0:
                return msgs
            idle_at = time.time()


def result_text(kc, code):
    msg_id = kc.execute(code)
    for m in collect(kc, msg_id):
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
        if m["msg_type"] == "error":
            return "error: " + m["content"]["evalue"]
    return None


km, kc = start_new_kernel(kernel_name="tsdl", startup_timeout=120)
try:
    collect(kc, kc.execute(SETUP))
    fit_id = kc.execute(FIT)
    seen = []
    start = time.time()
    # Let it train until the chart has appeared (an epoch ended), then interrupt.
    while time.time() - start < 60:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != fit_id:
            continue
        seen.append(msg)
        if msg["msg_type"] in ("display_data", "update_display_data") and "image/png" in msg["content"]["data"]:
            break
    time.sleep(0.3)
    km.interrupt_kernel()
    seen += collect(kc, fit_id, extra_seconds=3.0)
    out = {
        "messages": [
            {
                "type": m["msg_type"],
                "display_id": m["content"].get("transient", {}).get("display_id"),
                "text": m["content"].get("data", {}).get("text/plain"),
                "mimes": sorted(m["content"].get("data", {}).keys()),
                "ename": m["content"].get("ename"),
            }
            for m in seen
            if m["msg_type"] in ("display_data", "update_display_data", "error")
        ],
        "status": result_text(kc, "progress.state.status"),
        "text": result_text(kc, "progress.text()"),
    }
    print(json.dumps(out))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
