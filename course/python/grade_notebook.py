"""Execute one submitted notebook for grading with nbclient (Jupyter's own client), cell by cell.

usage: grade_notebook.py IN.ipynb OUT.ipynb [--kernel NAME] [--timeout S] [--cwd DIR]

The kernel first loads TensorFlow.js and the library (not timed); then every code cell runs under the
per-cell timeout, and errors never stop the run. A cell that runs too long
is interrupted (the kernel survives, as after Jupyter's interrupt button); if the kernel then does not
answer, it is restarted and the cells after run in the fresh kernel. A kernel that dies ends the run:
the remaining cells are not run. The executed notebook is written to OUT, and one JSON line on stdout
says what happened to each cell:
  {"cells": [{"index": 3, "status": "ok"|"error"|"timeout"|"not_run"|"died", "ename": ..., "evalue": ...}],
   "notes": [...]}
Exit status: 0 when the notebook was run (whatever its cells did), 4 when it could not be run at all.
"""
import argparse
import asyncio
import json
import sys

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

TIMEOUT_ENAME = "CellTimeout"
PROBE_SECONDS = 20
WARM_UP_SECONDS = 300
# Loads TensorFlow.js and the library before the first cell, so no student's first cell pays for it.
WARM_UP = "tf.tidy(() => { tf.zeros([1]).dataSync(); }); void check;"


def error_output(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output
    return None


async def kernel_answers(client, code="", seconds=PROBE_SECONDS):
    """Whether the kernel answers a silent request within `seconds` (after an interrupt, or to warm up)."""
    msg_id = client.kc.execute(code, silent=True, store_history=False)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        try:
            msg = await client.kc.get_shell_msg(timeout=max(0.1, deadline - loop.time()))
        except Exception:
            return False
        if msg["parent_header"].get("msg_id") == msg_id:
            return True
    return False


async def run(a):
    nb = nbformat.read(a.src, as_version=4)
    results = []
    notes = []
    replies = {}

    def on_cell_executed(cell, cell_index, execute_reply):
        replies[cell_index] = execute_reply.get("content", {})

    client = NotebookClient(
        nb, kernel_name=a.kernel, timeout=a.timeout, allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": f"the cell ran longer than {a.timeout} s and was interrupted", "traceback": []},
        resources={"metadata": {"path": a.cwd}} if a.cwd else {},
        on_cell_executed=on_cell_executed,
    )
    async with client.async_setup_kernel():
        if not await kernel_answers(client, WARM_UP, WARM_UP_SECONDS):
            notes.append(f"the kernel took over {WARM_UP_SECONDS} s to load TensorFlow.js before the first cell")
        died_at = None
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if died_at is not None:
                results.append({"index": index, "status": "not_run"})
                continue
            try:
                await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            except DeadKernelError:
                died_at = index
                results.append({"index": index, "status": "died", "ename": "DeadKernelError", "evalue": "the kernel died while this cell ran"})
                notes.append(f"the kernel died in cell {index + 1}; the cells after it were not run")
                continue
            reply = replies.get(index, {})
            if reply.get("ename") == TIMEOUT_ENAME:
                results.append({"index": index, "status": "timeout", "ename": TIMEOUT_ENAME, "evalue": reply.get("evalue", "")})
                if not await kernel_answers(client):
                    notes.append(f"the kernel did not answer after cell {index + 1} was interrupted; it was restarted")
                    await client.km.restart_kernel(now=True)
                    await client.kc.wait_for_ready(timeout=60)
                continue
            out = error_output(cell)
            if reply.get("status") == "error" or out:
                results.append({"index": index, "status": "error",
                                "ename": reply.get("ename") or (out or {}).get("ename", "Error"),
                                "evalue": reply.get("evalue") or (out or {}).get("evalue", "")})
            else:
                results.append({"index": index, "status": "ok"})
    nbformat.write(nb, a.dst)
    return {"cells": results, "notes": notes}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("src")
    p.add_argument("dst")
    p.add_argument("--kernel", default="tsdl")
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("--cwd", default=None)
    a = p.parse_args()
    try:
        summary = asyncio.run(run(a))
    except NoSuchKernel:
        print(json.dumps({"failed": f"no Jupyter kernel named {a.kernel!r} is installed (`npx tsdl install` installs tsdl)"}))
        sys.exit(4)
    except Exception as e:  # the kernel would not start, the notebook would not parse: this submission only
        print(json.dumps({"failed": f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"}))
        sys.exit(4)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
