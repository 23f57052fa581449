"""Plays a Jupyter server that starts a kernel with jupyter_client and then is killed outright.

usage: parent_of_kernel.py KERNEL_NAME CODE  -> runs CODE, prints the kernel's pid once it is idle again, then waits
(CODE loads what the kernel would otherwise load in the background, which blocks its event loop for seconds.)
"""
import sys
import time

from jupyter_client.manager import KernelManager

km = KernelManager(kernel_name=sys.argv[1])
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
kc.execute_interactive(sys.argv[2], timeout=120, output_hook=lambda msg: None)
print(km.provisioner.pid, flush=True)
time.sleep(600)
