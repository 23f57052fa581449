"""Plays a JupyterLab frontend against the real tsdl kernel with jupyter_client: runs cells that make widgets,
sends the comm messages a widget manager would send, and reports what came back on iopub.

usage: widgets_driver.py  -> prints one line "RESULT <json>"
"""
import hashlib
import json
import queue
import time

from jupyter_client.manager import start_new_kernel

VIEW = "application/vnd.jupyter.widget-view+json"


def drain(kc, seconds=0.3):
    """Every iopub message that arrives within `seconds` of the last one."""
    out = []
    while True:
        try:
            out.append(kc.get_iopub_msg(timeout=seconds))
        except queue.Empty:
            return out


def until_idle(kc, msg_id, timeout=60):
    """iopub messages up to the idle status of `msg_id` (messages of other parents included)."""
    out = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        out.append(msg)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out
    raise TimeoutError(f"no idle for {msg_id}")


def execute(kc, code):
    msg_id = kc.execute(code, allow_stdin=False)
    msgs = until_idle(kc, msg_id)
    reply = kc.get_shell_msg(timeout=60)
    return msg_id, msgs, reply["content"]


def comm_msg(kc, comm_id, data, buffers=None):
    msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
    kc.shell_channel.send(msg) if not buffers else kc.session.send(kc.shell_channel.socket, msg, buffers=buffers)
    return msg["header"]["msg_id"], until_idle(kc, msg["header"]["msg_id"])


def summary(msgs):
    """What a frontend would care about, per message: type, parent, and the interesting content."""
    out = []
    for m in msgs:
        t = m["msg_type"]
        if t == "status":
            continue
        c = m["content"]
        item = {"type": t, "parent": m["parent_header"].get("msg_id"), "parentType": m["parent_header"].get("msg_type")}
        if t in ("comm_open", "comm_msg", "comm_close"):
            item.update(comm_id=c.get("comm_id"), data=c.get("data"), metadata=m.get("metadata"),
                        buffers=[hashlib.sha256(bytes(b)).hexdigest() for b in m.get("buffers", [])])
            if t == "comm_open":
                item["target"] = c.get("target_name")
        elif t in ("display_data", "update_display_data", "execute_result"):
            item.update(data={k: (v if k != "image/png" else "<png>") for k, v in c["data"].items() if k != "application/vnd.vegalite.v5+json"},
                        display_id=c.get("transient", {}).get("display_id"))
        elif t == "stream":
            item.update(name=c["name"], text=c["text"])
        elif t == "error":
            item.update(ename=c["ename"], evalue=c["evalue"])
        out.append(item)
    return out


def model_of(msgs, name):
    for m in msgs:
        if m["msg_type"] == "comm_open" and m["content"]["data"]["state"].get("_model_name") == name:
            return m["content"]["comm_id"]
    raise LookupError(f"no {name} opened")


def result_of(kc, code):
    _, msgs, reply = execute(kc, code)
    for m in msgs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
        if m["msg_type"] == "error":
            return "error: " + m["content"]["evalue"]
    return None


def main():
    km, kc = start_new_kernel(kernel_name="tsdl", startup_timeout=120)
    report = {}
    try:
        execute(kc, "1")
        drain(kc)

        # A slider, observed; the frontend moves it.
        cell_id, msgs, _ = execute(kc, 'const lr = slider({ min: 0, max: 1, step: 0.01, value: 0.5, description: "lr" });\n'
                                       'lr.observe(({ old, new: v }) => console.log(`lr ${old} -> ${v}`));\nlr')
        report["slider_cell"] = {"id": cell_id, "messages": summary(msgs)}
        lr = model_of(msgs, "FloatSliderModel")
        msg_id, msgs = comm_msg(kc, lr, {"method": "update", "state": {"value": 0.25}, "buffer_paths": []})
        time.sleep(0.2)
        msgs += drain(kc)
        report["slider_update"] = {"id": msg_id, "messages": summary(msgs)}
        report["slider_value"] = result_of(kc, "lr.value")
        msg_id, msgs = comm_msg(kc, lr, {"method": "request_state"})
        report["request_state"] = summary(msgs)

        # interact: its output, then an update in place.
        cell_id, msgs, _ = execute(kc, 'const ex = interact(({ n, twice }) => `n=${n} result=${twice ? 2 * n : n}`, { n: intSlider({ min: 0, max: 10, value: 3 }), twice: true })')
        report["interact_cell"] = {"id": cell_id, "messages": summary(msgs)}
        n = model_of(msgs, "IntSliderModel")
        msg_id, msgs = comm_msg(kc, n, {"method": "update", "state": {"value": 7}, "buffer_paths": []})
        report["interact_update"] = {"id": msg_id, "messages": summary(msgs)}

        # interact whose fn throws for some values: the error shows, then the controls still work.
        cell_id, msgs, _ = execute(kc, 'const risky = intSlider({ min: 0, max: 10, value: 1 });\n'
                                       'interact(({ risky }) => { if (risky > 5) throw new RangeError(`risky = ${risky} is too large`); return risky; }, { risky })')
        report["throwing_cell"] = {"id": cell_id, "messages": summary(msgs)}
        risky = model_of(msgs, "IntSliderModel")
        _, msgs = comm_msg(kc, risky, {"method": "update", "state": {"value": 9}, "buffer_paths": []})
        report["throwing_bad"] = summary(msgs)
        _, msgs = comm_msg(kc, risky, {"method": "update", "state": {"value": 2}, "buffer_paths": []})
        report["throwing_good"] = summary(msgs)

        # Binary state: a PNG drawn in the kernel, sent as a buffer, and bytes sent back.
        cell_id, msgs, _ = execute(kc, 'const png = scatterPlot([[0, 0], [1, 1]]).png();\nconst pic = imageWidget(png);\n'
                                       'const sha = (b: Uint8Array) => require("crypto").createHash("sha256").update(b).digest("hex");\n'
                                       'console.log(sha(png)); pic')
        report["image_cell"] = {"messages": summary(msgs)}
        pic = model_of(msgs, "ImageModel")
        back = bytes(range(256)) * 40
        _, msgs = comm_msg(kc, pic, {"method": "update", "state": {}, "buffer_paths": [["value"]]}, buffers=[back])
        report["image_back"] = {"sent": hashlib.sha256(back).hexdigest(), "messages": summary(msgs)}
        report["image_back_seen"] = result_of(kc, "sha(pic.value)")

        # Bad input from a frontend: an unknown widget, wrong types; the kernel goes on with its variables.
        _, msgs = comm_msg(kc, "0" * 32, {"method": "update", "state": {"value": 1}, "buffer_paths": []})
        report["unknown_comm"] = summary(msgs)
        _, msgs = comm_msg(kc, lr, {"method": "update", "state": {"value": "fast", "step": None}, "buffer_paths": []})
        report["wrong_types"] = summary(msgs)
        report["after_bad_input"] = result_of(kc, "[lr.value, lr.step, ex.values.n]")

        # The control comm, as JupyterLab opens it to restore views after a reload.
        msg = kc.session.msg("comm_open", {"comm_id": "c" * 32, "target_name": "jupyter.widget.control", "data": {}})
        msg["metadata"] = {"version": "1.0.0"}
        kc.shell_channel.send(msg)
        until_idle(kc, msg["header"]["msg_id"])
        _, msgs = comm_msg(kc, "c" * 32, {"method": "request_states"})
        states = [m for m in msgs if m["msg_type"] == "comm_msg"]
        report["control"] = {"method": states[0]["content"]["data"]["method"] if states else None,
                             "models": sorted({s["model_name"] for s in states[0]["content"]["data"]["states"].values()}) if states else [],
                             "lr": states[0]["content"]["data"]["states"].get(lr, {}).get("state", {}).get("value") if states else None}
        info_id = kc.comm_info()
        info = kc.get_shell_msg(timeout=30)
        while info["parent_header"].get("msg_id") != info_id:
            info = kc.get_shell_msg(timeout=30)
        report["comm_info_count"] = sum(1 for v in info["content"]["comms"].values() if v["target_name"] == "jupyter.widget")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("RESULT " + json.dumps(report))


if __name__ == "__main__":
    main()
