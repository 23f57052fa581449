"""Times a slider change to an updated 2-D chart in the tsdl kernel, end to end over jupyter_client, beside
re-running the same chart as a cell (what a student does without widgets), alternating the two.

usage: widgets_latency.py ROUNDS  -> prints one JSON object per explorer
"""
import json
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
SETTLE_S = 0.4

EXPLORERS = {
    "contour (chapter 3)": {
        "setup": "const valley = ([x, y]: [number, number]) => x ** 2 / 20 + y ** 2;\n"
                 "const lr = slider({ min: 0.01, max: 1.05, step: 0.01, value: 0.1 });\n"
                 "const descent = (lr: number) => contourPlot((x, y) => x ** 2 / 20 + y ** 2, { x: [-10, 10], y: [-5, 5], path: scratch.gradientDescent(valley, [-7, 2], { learningRate: lr, momentum: 0.5, steps: 30 }), title: `η = ${lr}` });\n"
                 "interact(({ lr }) => descent(lr), { lr })",
        "model": "FloatSliderModel",
        "cell": "descent({value})",
    },
    "scatter (chapter 2)": {
        "setup": "const grid = Array.from({ length: 49 }, (_, i) => [(i % 7) / 3 - 1, Math.floor(i / 7) / 3 - 1]);\n"
                 "const angle = slider({ min: -180, max: 180, step: 1, value: 30 });\n"
                 "const turned = (angle: number) => scatterPlot([{ name: 'before', points: grid }, { name: 'after', points: scratch.affineTransform2d(grid, { angle, relu: true }) }], { xDomain: [-2, 2], yDomain: [-2, 2] });\n"
                 "interact(({ angle }) => turned(angle), { angle })",
        "model": "FloatSliderModel",
        "cell": "turned({value})",
    },
}


def until(kc, pred, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.time()))
        except queue.Empty:
            break
        if pred(msg):
            return msg
    raise TimeoutError("no such message")


def idle_of(msg_id):
    return lambda m: m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"


def run_cell(kc, code):
    msg_id = kc.execute(code)
    opened = []
    def pred(m):
        if m["msg_type"] == "comm_open":
            opened.append(m)
        return idle_of(msg_id)(m)
    until(kc, pred, 120)
    return opened


def p(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main():
    km, kc = start_new_kernel(kernel_name="tsdl", startup_timeout=120)
    out = {}
    try:
        run_cell(kc, "1")
        for name, ex in EXPLORERS.items():
            opened = run_cell(kc, ex["setup"])
            comm_id = next(m["content"]["comm_id"] for m in opened if m["content"]["data"]["state"]["_model_name"] == ex["model"])
            live, full, cell = [], [], []
            for i in range(ROUNDS + 3):
                value = round(0.05 + 0.03 * i, 2) if "contour" in name else -150 + 13 * i
                msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}})
                t0 = time.perf_counter()
                kc.shell_channel.send(msg)
                until(kc, lambda m: m["msg_type"] == "update_display_data" and "image/png" not in m["content"]["data"])
                t1 = time.perf_counter()
                until(kc, lambda m: m["msg_type"] == "update_display_data" and "image/png" in m["content"]["data"])
                t2 = time.perf_counter()
                code = ex["cell"].format(value=value + (0.005 if "contour" in name else 0.5))
                t3 = time.perf_counter()
                msg_id = kc.execute(code)
                until(kc, lambda m: m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_result")
                t4 = time.perf_counter()
                until(kc, idle_of(msg_id))
                if i >= 3:  # warm-up rounds are not counted
                    live.append((t1 - t0) * 1000)
                    full.append((t2 - t0 - SETTLE_S) * 1000)
                    cell.append((t4 - t3) * 1000)
            out[name] = {
                "live_p50_ms": p(live, 0.5), "live_p95_ms": p(live, 0.95),
                "full_p50_ms": p(full, 0.5), "cell_p50_ms": p(cell, 0.5), "cell_p95_ms": p(cell, 0.95),
                "rounds": ROUNDS,
            }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
