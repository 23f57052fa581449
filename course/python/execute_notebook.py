"""Execute one notebook with nbclient (Jupyter's own client) and report progress as JSON lines.

usage: execute_notebook.py IN.ipynb OUT.ipynb [--kernel NAME] [--timeout S] [--cwd DIR] [--wait-for-go]

With --wait-for-go the kernel starts at once, and the cells run when a line `go` arrives on stdin
(end of input instead cancels): the build starts the next chapter's kernel while this one runs.

Every progress line on stdout starts with EVENT_PREFIX so that anything else the kernel process
prints to the inherited stdout is never mistaken for an event. The executed notebook, complete or
stopped at the failing cell, is always written to OUT. Exit status: 0 ok, 3 a cell failed,
4 the run failed otherwise (no such kernel, timeout, kernel died).
"""
import argparse
import asyncio
import json
import os
import sys
import time

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

EVENT_PREFIX = "@@tsdl-course "


def emit(event, **fields):
    sys.stdout.write(EVENT_PREFIX + json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def is_executable(cell):
    return cell.cell_type == "code" and cell.source.strip() != ""


def error_output(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output
    return {}


class Cancelled(Exception):
    """stdin closed before `go`: the build no longer needs this notebook."""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("src")
    p.add_argument("dst")
    p.add_argument("--kernel", default="tsdl")
    p.add_argument("--timeout", type=int, default=600)
    p.add_argument("--cwd", default=None)
    p.add_argument("--wait-for-go", action="store_true")
    a = p.parse_args()

    nb = nbformat.read(a.src, as_version=4)
    spawned = time.monotonic()
    started = spawned
    cell_started = {}
    failure = {}

    async def on_notebook_start(notebook):
        nonlocal started
        emit("kernel_ready", seconds=round(time.monotonic() - spawned, 3),
             code_cells=sum(1 for c in notebook.cells if is_executable(c)))
        if a.wait_for_go:
            line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            if line.strip() != "go":
                raise Cancelled()
        started = time.monotonic()

    def on_cell_start(cell, cell_index):
        if is_executable(cell):
            cell_started[cell_index] = time.monotonic()
            emit("cell_start", index=cell_index, source=cell.source)

    def on_cell_executed(cell, cell_index, execute_reply):
        status = execute_reply["content"].get("status", "ok")
        emit("cell_done", index=cell_index, status=status,
             execution_count=cell.get("execution_count"),
             seconds=round(time.monotonic() - cell_started.get(cell_index, started), 3))

    def on_cell_error(cell, cell_index, execute_reply):
        content = execute_reply["content"]
        out = error_output(cell)
        failure.update(index=cell_index, execution_count=cell.get("execution_count"),
                       ename=content.get("ename") or out.get("ename") or "Error",
                       evalue=content.get("evalue") or out.get("evalue") or "",
                       traceback=content.get("traceback") or out.get("traceback") or [])

    client = NotebookClient(
        nb, kernel_name=a.kernel, timeout=a.timeout, allow_errors=False,
        resources={"metadata": {"path": a.cwd}} if a.cwd else {},
        on_notebook_start=on_notebook_start, on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed, on_cell_error=on_cell_error,
    )
    status = 0
    try:
        client.execute()
    except CellExecutionError as e:
        if not failure:
            failure.update(index=None, ename=e.ename, evalue=e.evalue, traceback=[])
        emit("cell_error", **failure)
        status = 3
    except Cancelled:
        sys.exit(5)
    except NoSuchKernel:
        emit("failed", index=None, ename="NoSuchKernel",
             evalue=f"no Jupyter kernel named {a.kernel!r} is installed (`npx tsdl install` installs tsdl; "
                    "`jupyter kernelspec list` shows what is installed)")
        status = 4
    except Exception as e:  # timeouts, a dead kernel, a missing kernelspec: all stop this notebook
        running = max(cell_started) if cell_started else None
        emit("failed", index=running, ename=type(e).__name__, evalue=str(e).strip().splitlines()[0] if str(e).strip() else "")
        status = 4
    seconds = round(time.monotonic() - started, 3)
    nb.metadata["tsdl_course"] = {"seconds": seconds, "kernel": a.kernel, "ok": status == 0}
    # Written whole or not at all: the course manifest trusts an output only as it was completed.
    partial = f"{a.dst}.{os.getpid()}.partial"
    nbformat.write(nb, partial)
    os.replace(partial, a.dst)
    if status == 0:
        emit("done", seconds=seconds)
    sys.exit(status)


if __name__ == "__main__":
    main()
