"""Execute a notebook through a Jupyter kernel with nbclient (Jupyter's own client) and save it.

usage: run_notebook.py IN.ipynb OUT.ipynb [--kernel NAME] [--timeout S] [--allow-errors] [--cwd DIR]
"""
import argparse
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

p = argparse.ArgumentParser()
p.add_argument("src")
p.add_argument("dst")
p.add_argument("--kernel", default="tsdl")
p.add_argument("--timeout", type=int, default=120)
p.add_argument("--allow-errors", action="store_true")
p.add_argument("--cwd", default=None)
a = p.parse_args()

nb = nbformat.read(a.src, as_version=4)
client = NotebookClient(nb, kernel_name=a.kernel, timeout=a.timeout, allow_errors=a.allow_errors,
                        resources={"metadata": {"path": a.cwd}} if a.cwd else {})
start = time.time()
status = 0
try:
    client.execute()
except CellExecutionError as e:
    print(str(e)[:4000], file=sys.stderr)
    status = 3
nb.metadata["tsdl_test"] = {"seconds": round(time.time() - start, 3)}
nbformat.write(nb, a.dst)
sys.exit(status)
