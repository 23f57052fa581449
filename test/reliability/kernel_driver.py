"""Fault scenarios against the real tsdl kernel, driven by jupyter_client (test/support/kernel_session.py).

usage: kernel_driver.py SCENARIO [--cells N] [--charts-every K] [--workdir DIR]

Each scenario prints one line "RESULT <json>" on stdout; the node tests in this folder assert on it.
"""
import ast
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from kernel_session import KERNEL, collect, interrupted, kernel_pid, main, read_log, run, start, stop  # noqa: E402


def scenario_interrupt(args):
    km, kc = start()
    try:
        out = {}
        marks = tempfile.mkdtemp(prefix="tsdl-interrupt-")
        out["setup"] = run(kc, "\n".join([
            "import * as fs from 'fs';",
            "const before = 'kept'; const counter = { n: 0 }; const batches = { n: 0 }; const early = { n: 0 };",
            # A synchronous loop blocks every message the kernel could send, so it says it started with a file.
            f"const started = (name: string) => fs.writeFileSync({json.dumps(marks)} + '/' + name, '');",
        ]))
        out["loop"] = interrupted(km, kc, "started('loop'); while (true) { counter.n++; }", ready_file=os.path.join(marks, "loop"))
        out["afterLoop"] = run(kc, "JSON.stringify({ before: before, looped: counter.n > 0 })")
        # Interrupted at once, while the kernel is still compiling the cell: its code must never start.
        out["early"] = interrupted(km, kc, "early.n++; while (true) { counter.n++; }", settle=0.0, limit=5.0, ready_busy=True)
        out["afterEarly"] = run(kc, "JSON.stringify({ early: early.n })")
        out["timer"] = interrupted(
            km, kc, "console.log('waiting'); await new Promise((r) => setTimeout(r, 60000)); 'timer finished'", ready_text="waiting"
        )
        out["afterTimer"] = run(kc, "JSON.stringify({ before: before })")
        out["fitSetup"] = run(
            kc,
            "\n".join([
                "const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 1 })] });",
                "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
                "const xs = tf.randomNormal([256, 4]); const ys = tf.randomNormal([256, 1]);",
                "model.countParams()",
            ]),
        )
        out["fit"] = interrupted(
            km,
            kc,
            "\n".join([
                "await model.fit(xs, ys, { epochs: 100000, batchSize: 8, verbose: 0, callbacks: { onBatchEnd: async () => {",
                "  batches.n++;",
                "  if (batches.n === 20) console.log('training');",
                "} } });",
                "'fit finished'",
            ]),
            ready_text="training",
            settle=0.3,
        )
        # The fit must really stop, not just the wait for it: the batch counter stays still.
        out["afterFit"] = run(
            kc,
            "\n".join([
                "const seenAtInterrupt = batches.n;",
                "await new Promise((r) => setTimeout(r, 1500));",
                "JSON.stringify({ before: before, atInterrupt: seenAtInterrupt, later: batches.n, isTraining: (model as any).isTraining })",
            ]),
        )
        out["fitAgain"] = run(
            kc, "const h = await model.fit(xs, ys, { epochs: 1, batchSize: 64, verbose: 0 }); JSON.stringify({ epochs: h.epoch.length, before: before })"
        )
        shutil.rmtree(marks, ignore_errors=True)
        return out
    finally:
        stop(km, kc)


def scenario_interrupt_waiting(args):
    """An interrupt while the cell waits for the kernel's lock, held by the background warm-up."""
    km, kc = start()
    try:
        # Idle for half a second, the kernel loads TensorFlow.js under the lock (the backend's start is
        # asynchronous); the cell sent now is read during that load and waits for it.
        time.sleep(0.8)
        waiting = interrupted(km, kc, "(globalThis as any).startedAnyway = true; while (true) {}", settle=0.0, limit=5.0, ready_busy=True)
        after = run(kc, "String((globalThis as any).startedAnyway === true)")
        return {"waiting": waiting, "after": after}
    finally:
        stop(km, kc)


def scenario_restart(args):
    km, kc = start()
    try:
        out = {"pidBefore": kernel_pid(km)}
        out["before"] = run(kc, "const secret = 41; const leak = tf.ones([100, 100]); JSON.stringify({ secret, tensors: tf.memory().numTensors })")
        km.restart_kernel(now=False)
        kc.stop_channels()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        out["pidAfter"] = kernel_pid(km)
        out["gone"] = run(kc, "secret")
        out["fresh"] = run(
            kc,
            "const secret = 'redeclared'; JSON.stringify({ secret, tensors: tf.memory().numTensors, sum: tf.tensor([1, 2, 3]).sum().arraySync(), backend: tf.getBackend() })",
        )
        out["helpers"] = run(kc, "typeof display + ' ' + typeof inspect + ' ' + typeof tsdl")
        out["count"] = run(kc, "1 + 1")
        return out
    finally:
        stop(km, kc)


PARALLEL_CELLS = [
    "import * as fs from 'fs'; const who: string = '{name}'; const n: number = {n}; const barrier = '{dir}'; who",
    "\n".join([
        # A barrier, so both fits run at the same time however long each kernel took to get here.
        "fs.writeFileSync(barrier + '/ready-' + who, '');",
        "const other = who === 'A' ? 'B' : 'A';",
        "const waitUntil = Date.now() + 60000;",
        "while (!fs.existsSync(barrier + '/ready-' + other) && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));",
        "const started = Date.now();",
        "const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, inputShape: [8], activation: 'relu' }), tf.layers.dense({ units: 1 })] });",
        "model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });",
        "const xs = tf.randomNormal([512, 8]); const ys = xs.sum(1, true).mul(n);",
        "const h = await model.fit(xs, ys, { epochs: 15, batchSize: 32, verbose: 0 });",
        "const ended = Date.now();",
        "JSON.stringify({ who: who, n: n, first: h.history.loss[0], last: h.history.loss[h.history.loss.length - 1], started, ended })",
    ]),
    "JSON.stringify({ who: who, n: n, prediction: (model.predict(tf.ones([1, 8])) as tf.Tensor).arraySync() })",
]


def scenario_parallel(args):
    barrier = tempfile.mkdtemp(prefix="tsdl-parallel-")
    kernels = [start(), start()]
    names = [("A", 1), ("B", -3)]
    try:
        out = {"pids": [kernel_pid(km) for km, _ in kernels], "cells": [[], []]}
        for template in PARALLEL_CELLS:
            ids = []
            # Send to both kernels before reading either reply, so the cells run at the same time.
            for (km, kc), (name, n) in zip(kernels, names):
                ids.append(kc.execute(template.replace("{name}", name).replace("{n}", str(n)).replace("{dir}", barrier), allow_stdin=False))
            for i, ((km, kc), msg_id) in enumerate(zip(kernels, ids)):
                out["cells"][i].append(collect(kc, msg_id))
        return out
    finally:
        for km, kc in kernels:
            stop(km, kc)
        shutil.rmtree(barrier, ignore_errors=True)


def soak_cell(i, charts):
    """One soak cell: tensors created and disposed, a tidy computation, and (every so often) a chart."""
    lines = [
        f"const a{i} = tf.randomNormal([64, 64]);",
        f"const b{i} = tf.tidy(() => a{i}.matMul(a{i}.transpose()).relu().mean());",
        f"const v{i} = b{i}.dataSync()[0];",
        f"a{i}.dispose(); b{i}.dispose();",
    ]
    if charts:
        lines.append(f"display(soakChart({i}));")
    lines.append(f"v{i} >= 0")
    return "\n".join(lines)


SOAK_SETUP = r"""
function soakChart(i: number) {
  const xs = Array.from({ length: 50 }, (_, k) => k);
  return linePlot({ name: `cell ${i}`, x: xs, y: xs.map((x) => Math.sin((x + i) / 5)) }, { title: `soak ${i}` });
}
// With NODE_OPTIONS=--expose-gc the probe measures after a full collection, so growth is not GC timing;
// the pause lets V8's background threads hand the freed pages back before RSS is read.
const soakProbe = async () => {
  (globalThis as any).gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const m = process.memoryUsage();
  return JSON.stringify({ rss: m.rss, heap: m.heapUsed, heapTotal: m.heapTotal, external: m.external, tensors: tf.memory().numTensors, gc: typeof (globalThis as any).gc === "function" });
};
await soakProbe()
"""


def scenario_soak(args):
    os.environ["NODE_OPTIONS"] = (os.environ.get("NODE_OPTIONS", "") + " --expose-gc").strip()
    km, kc = start()
    try:
        setup = run(kc, SOAK_SETUP)
        if setup["status"] != "ok":
            return {"setup": setup}
        # The first charts load vega and the renderer: memory settles only after a few dozen cells.
        warmup = min(args.cells, max(50, args.cells // 10))
        probes = [{"cell": 0, **json.loads(ast.literal_eval(setup["result"]))}]
        failures = []
        displays = 0
        t0 = time.time()
        for i in range(1, args.cells + 1):
            r = run(kc, soak_cell(i, charts=i % args.charts_every == 0), timeout=120)
            displays += len(r["displays"])
            if r["status"] != "ok" or r["result"] != "true":
                failures.append({"cell": i, **r})
                if len(failures) > 5:
                    break
            if i == warmup or i % 50 == 0 or i == args.cells:
                p = run(kc, "await soakProbe()")
                probes.append({"cell": i, "seconds": round(time.time() - t0, 1), **json.loads(ast.literal_eval(p["result"]))})
        return {
            "cells": args.cells,
            "warmup": warmup,
            "seconds": round(time.time() - t0, 1),
            "displays": displays,
            "failures": failures,
            "probes": probes,
        }
    finally:
        stop(km, kc)


def raw_request(session, sock, code):
    """Sends an execute_request over a raw DEALER socket; returns its msg_id."""
    msg = session.msg("execute_request", {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    session.send(sock, msg)
    return msg["header"]["msg_id"]


def raw_reply(session, sock, msg_id, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if sock.poll(int(max(0, deadline - time.time()) * 1000)):
            idents, frames = session.feed_identities(sock.recv_multipart())
            msg = session.deserialize(frames, content=True)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
    return None


def scenario_forged(args):
    workdir = args.workdir or tempfile.mkdtemp(prefix="tsdl-forged-")
    stderr_path = os.path.join(workdir, "kernel-stderr.log")
    km, kc = start(stderr_path=stderr_path)
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    try:
        info = km.get_connection_info()
        sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        good = Session(key=info["key"], signature_scheme=info["signature_scheme"])
        wrong = Session(key=b"not-the-connection-key", signature_scheme="hmac-sha256")
        unsigned = Session(key=b"")
        target = lambda name: os.path.join(workdir, name)
        write = lambda name: f"import * as fs from 'fs'; fs.writeFileSync({json.dumps(target(name))}, 'ran'); 'wrote'"
        out = {"workdir": workdir}

        forged_ids = [raw_request(wrong, sock, write("forged")), raw_request(unsigned, sock, write("unsigned"))]
        # A correctly signed message whose content was changed after signing.
        msg = good.msg("execute_request", {"code": write("harmless"), "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False})
        frames = good.serialize(msg)
        i = frames.index(b"<IDS|MSG>")
        frames[i + 5] = json.dumps({"code": write("tampered"), "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}).encode()
        sock.send_multipart(frames)
        forged_ids.append(msg["header"]["msg_id"])

        # A forged shutdown on the control channel would kill the kernel if it were obeyed.
        control = ctx.socket(zmq.DEALER)
        control.linger = 0
        control.connect(f"{info['transport']}://{info['ip']}:{info['control_port']}")
        shutdown = wrong.msg("shutdown_request", {"restart": False})
        wrong.send(control, shutdown)
        forged_ids.append(shutdown["header"]["msg_id"])

        # Anything at all coming back, on the sockets or on iopub, would show a forged request was processed.
        answered, seen = [], []
        deadline = time.time() + 2.0
        while time.time() < deadline:
            for s in (sock, control):
                if s.poll(0):
                    answered.append(len(s.recv_multipart()))
            try:
                m = kc.get_iopub_msg(timeout=0.05)
                if m["parent_header"].get("msg_id") in forged_ids:
                    seen.append(m["msg_type"])
            except queue.Empty:
                pass
        control.close()
        out["forgedReplies"] = answered
        out["forgedIopub"] = seen

        good_id = raw_request(good, sock, write("signed"))
        reply = raw_reply(good, sock, good_id, 60.0)
        out["signedReply"] = reply["content"]["status"] if reply else None
        out["files"] = {name: os.path.exists(target(name)) for name in ["forged", "unsigned", "tampered", "harmless", "signed"]}
        out["clientStillWorks"] = run(kc, "6 * 7")
        out["alive"] = km.is_alive()
        out["stderr"] = read_log(stderr_path)
        return out
    finally:
        sock.close()
        stop(km, kc)


def listening_sockets(pid):
    """(ip, port) of every TCP socket the process listens on, from /proc."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    found = []
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        path = f"/proc/{pid}/net/{table}"
        if not os.path.exists(path):
            continue
        with open(path) as f:
            next(f)
            for line in f:
                cols = line.split()
                local, state, inode = cols[1], cols[3], cols[9]
                if state != "0A" or inode not in inodes:
                    continue
                hexip, hexport = local.split(":")
                raw = bytes.fromhex(hexip)
                if family == socket.AF_INET:
                    ip = socket.inet_ntop(family, raw[::-1])
                else:
                    ip = socket.inet_ntop(family, b"".join(raw[k:k + 4][::-1] for k in range(0, 16, 4)))
                found.append([ip, int(hexport, 16)])
    return found


def start_on(ip, workdir):
    """Starts the kernel by hand on `ip`: jupyter_client's manager only launches on 127.0.0.1."""
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    conn_file = os.path.join(workdir, f"kernel-{ip}.json")
    write_connection_file(conn_file, ip=ip, key=os.urandom(16).hex().encode())
    argv = [a.replace("{connection_file}", conn_file) for a in spec.argv]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = BlockingKernelClient(connection_file=conn_file)
    kc.load_connection_file()
    kc.start_channels(hb=False)
    # wait_for_ready() would take a not-yet-beating heartbeat for a dead kernel; ask until it answers.
    # A shell reply is not enough: iopub's SUB socket reconnects on its own schedule, and a cell run before
    # it has joined loses its status messages (the kernel publishes to nobody). So wait until a request's
    # status arrives on iopub too.
    deadline = time.time() + 120
    while True:
        msg_id = kc.kernel_info()
        until = time.time() + 2
        while time.time() < until:
            try:
                msg = kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return proc, kc
        if time.time() > deadline or proc.poll() is not None:
            kc.stop_channels()
            proc.kill()
            proc.wait()
            raise RuntimeError(f"the kernel on {ip} never answered on iopub (exit {proc.poll()})")


def scenario_bind(args):
    workdir = args.workdir or tempfile.mkdtemp(prefix="tsdl-bind-")
    out = []
    for ip in ["127.0.0.1", "127.0.0.2"]:
        proc, kc = start_on(ip, workdir)
        try:
            info = kc.get_connection_info()
            out.append({
                "ip": info["ip"],
                "ports": sorted(info[k] for k in ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]),
                "answer": run(kc, "6 * 7")["result"],
                "listening": sorted(listening_sockets(proc.pid), key=lambda s: s[1]),
            })
        finally:
            kc.shutdown()
            kc.stop_channels()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {"kernels": out}


BAD_CELLS = [
    "const keep = tf.tensor([1, 2, 3]); const bad5d = tf.zeros([3, 4, 5, 6, 7]); const gone = tf.ones([2]); gone.dispose();\n"
    "const label = 'state'; tf.memory().numTensors",
    "showImage(bad5d)",
    "inspect(gone)",
    "gone",
    "explainBroadcast([2, 3], [4, 5])",
    "explainReshape([2, 3], [4, 5])",
    "summary(null as any)",
    "loadMnist({ dir: '/nonexistent/tsdl' })",
    "display({ 'text/plain': 'big', 'application/json': { n: 1n } } as any, { raw: true })",
    "const circular: any = { 'text/plain': 'loop' }; circular.self = circular; display(circular, { raw: true })",
    "JSON.stringify({ label: label, keep: keep.arraySync(), tensors: tf.memory().numTensors })",
]


def scenario_badcells(args):
    km, kc = start()
    try:
        results = [run(kc, code, timeout=60) for code in BAD_CELLS]
        return {"cells": [{"code": c, **r} for c, r in zip(BAD_CELLS, results)], "alive": km.is_alive()}
    finally:
        stop(km, kc)


def scenario_types_first(args):
    """Completion and inspection of tf as the very first requests, before anything loaded TensorFlow.js."""
    log = tempfile.mktemp(suffix=".log")
    km, kc = start(stderr_path=log)
    try:
        complete = kc.complete("tf.ten", 6, reply=True, timeout=60)["content"]
        inspect = kc.inspect("tf.tensor", 9, reply=True, timeout=60)["content"]
        with open(log) as f:
            log_before_run = f.read()
        cell = run(kc, "tf.tensor([1, 2]).shape")
        return {
            "matches": complete.get("matches", []),
            "inspect": inspect.get("data", {}).get("text/plain", ""),
            "log_before_run": log_before_run,
            "cell": cell,
        }
    finally:
        stop(km, kc)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


# ~130 MB of arrays that are garbage as soon as the cell ends.
GARBAGE_CELL = "let junk: number[][] | undefined = Array.from({ length: 800 }, (_, i) => new Array(20000).fill(i)); junk = undefined;"


def scenario_idle_garbage(args):
    """A cell leaves ~130 MB of garbage: the kernel's RSS right after it, and after it has idled a few seconds."""
    km, kc = start()
    pid = kernel_pid(km)
    try:
        run(kc, "tf.tensor([1, 2]).shape")
        time.sleep(6)
        before = rss_mib(pid)
        cell = run(kc, GARBAGE_CELL)
        after = rss_mib(pid)
        time.sleep(5)
        idle = rss_mib(pid)
        return {"cell": cell, "before": before, "after": after, "idle": idle, "next": run(kc, "2 + 2")}
    finally:
        stop(km, kc)


SCENARIOS = {
    "idle_garbage": scenario_idle_garbage,
    "types_first": scenario_types_first,
    "interrupt": scenario_interrupt,
    "interrupt_waiting": scenario_interrupt_waiting,
    "restart": scenario_restart,
    "parallel": scenario_parallel,
    "soak": scenario_soak,
    "forged": scenario_forged,
    "bind": scenario_bind,
    "badcells": scenario_badcells,
}


if __name__ == "__main__":
    main(SCENARIOS)
