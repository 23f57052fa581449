"""Jupyter comms ("Custom Messages" in the messaging spec) between jupyter_client and the real tsdl kernel.

usage: comm_scenarios.py SCENARIO    -> prints one line "RESULT <json>" (comm.test.ts asserts on it)
"""
import os
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from kernel_session import collect, iopub_until_idle, main, read_log, run, start, stop, wait_for_reply, wait_for_stream  # noqa: E402

ALL_BYTES = bytes(range(256))


def send(kc, msg_type, content, buffers=None):
    """Sends a request on shell, binary buffers as frames after the content; returns its msg_id."""
    msg = kc.session.msg(msg_type, content)
    kc.session.send(kc.shell_channel.socket, msg, buffers=buffers or [])
    return msg["header"]["msg_id"]


def comm_info(kc, target=None):
    content = {} if target is None else {"target_name": target}
    return wait_for_reply(kc, send(kc, "comm_info_request", content), 30, required=True)["content"]


ECHO_TARGET = """
const opened: string[] = [];
const closed: string[] = [];
registerCommTarget("echo", (comm, open) => {
  opened.push(String(open.data.hello));
  comm.send({ ready: true });
  comm.onMsg((m) => {
    comm.send({ echo: m.data }, { buffers: m.buffers });
  });
  comm.onClose((m) => {
    closed.push(String(m.data.bye));
  });
});
"""


def scenario_echo(args):
    km, kc = start()
    try:
        out = {"setup": run(kc, ECHO_TARGET)}
        comm_id = uuid.uuid4().hex
        open_id = send(kc, "comm_open", {"comm_id": comm_id, "target_name": "echo", "data": {"hello": "kernel"}})
        out["openOutputs"] = iopub_until_idle(kc, open_id)
        out["infoAll"] = comm_info(kc)
        out["infoEcho"] = comm_info(kc, "echo")
        out["infoOther"] = comm_info(kc, "other")
        msg_id = send(kc, "comm_msg", {"comm_id": comm_id, "data": {"n": 7}}, buffers=[ALL_BYTES, b"\x00\x01"])
        out["echo"] = iopub_until_idle(kc, msg_id)
        out["sentBytes"] = [list(ALL_BYTES), [0, 1]]
        out["fromKernel"] = run_outputs(kc, "openComm('client.target', { x: 1 }, { buffers: [new Float32Array([1.5, -2])] }); 'opened'")
        close_id = send(kc, "comm_close", {"comm_id": comm_id, "data": {"bye": "now"}})
        iopub_until_idle(kc, close_id)
        out["afterClose"] = run(kc, "JSON.stringify({ opened, closed })")
        out["infoAfterClose"] = comm_info(kc, "echo")
        return out
    finally:
        stop(km, kc)


def run_outputs(kc, code):
    """Runs a cell and returns its iopub messages (comm messages included) with the reply's status."""
    msg_id = kc.execute(code, allow_stdin=False)
    outputs = iopub_until_idle(kc, msg_id)
    return {"status": wait_for_reply(kc, msg_id, 30, required=True)["content"]["status"], "outputs": outputs}


WAITING_CELL = """
let release!: (text: string) => void;
const released = new Promise<string>((resolve) => (release = resolve));
registerCommTarget("stop", (comm) => {
  comm.onMsg((m) => {
    release(String(m.data.text));
  });
});
console.log("waiting for the comm");
const answer = await released;
"released by: " + answer
"""


def scenario_while_running(args):
    """A cell awaits a promise that a comm message resolves: the kernel handles the message between its awaits."""
    km, kc = start()
    try:
        cell_id = kc.execute(WAITING_CELL, allow_stdin=False)
        wait_for_stream(kc, cell_id, "waiting for the comm")
        comm_id = uuid.uuid4().hex
        t0 = time.monotonic()
        send(kc, "comm_open", {"comm_id": comm_id, "target_name": "stop", "data": {}})
        send(kc, "comm_msg", {"comm_id": comm_id, "data": {"text": "a button"}})
        cell = collect(kc, cell_id, timeout=30)
        return {"cell": cell, "seconds": round(time.monotonic() - t0, 3)}
    finally:
        stop(km, kc)


FAULTY_TARGETS = """
const kept = "state";
registerCommTarget("fails-to-open", () => {
  throw new Error("cannot open today");
});
registerCommTarget("fails-on-msg", (comm) => {
  comm.onMsg(() => {
    throw new Error("handler broke");
  });
});
"""


def scenario_faults(args):
    log = tempfile.mktemp(suffix=".log")
    km, kc = start(stderr_path=log)
    try:
        out = {"setup": run(kc, FAULTY_TARGETS)}
        out["unknownTarget"] = iopub_until_idle(kc, send(kc, "comm_open", {"comm_id": "c-unknown-target", "target_name": "nobody", "data": {}}))
        out["unknownComm"] = iopub_until_idle(kc, send(kc, "comm_msg", {"comm_id": "no-such-comm", "data": {}}))
        out["malformed"] = iopub_until_idle(kc, send(kc, "comm_msg", {"data": {"no": "comm_id"}}))
        out["numericId"] = iopub_until_idle(kc, send(kc, "comm_close", {"comm_id": 5, "data": {}}))
        out["openThrows"] = iopub_until_idle(kc, send(kc, "comm_open", {"comm_id": "c-open-throws", "target_name": "fails-to-open", "data": {}}))
        iopub_until_idle(kc, send(kc, "comm_open", {"comm_id": "c-msg-throws", "target_name": "fails-on-msg", "data": {}}))
        out["msgThrows"] = iopub_until_idle(kc, send(kc, "comm_msg", {"comm_id": "c-msg-throws", "data": {}}))
        out["after"] = run(kc, "kept + ' ' + (6 * 7)")
        out["alive"] = km.is_alive()
        out["log"] = read_log(log)
        return out
    finally:
        stop(km, kc)


SCENARIOS = {"echo": scenario_echo, "while_running": scenario_while_running, "faults": scenario_faults}

if __name__ == "__main__":
    main(SCENARIOS)
