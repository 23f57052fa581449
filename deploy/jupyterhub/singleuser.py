"""A student's single-user server: tsdl's JupyterLab (test/e2e/jupyterlab, served by Debian's
jupyterlab_server) inside jupyter_server, behind JupyterHub's login (jupyterhub.singleuser).

JupyterHub starts it as the student (c.Spawner.cmd in jupyterhub_config.py). On the student's first start
it copies the course notebooks into ~/course.
"""
import importlib.util
import os
import signal
import sys

from jupyter_server.serverapp import ServerApp
from jupyterhub.singleuser.mixins import make_singleuser_app
from traitlets import default

from course_copy import copy_course  # beside this file, which Python puts first on sys.path

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB_MAIN = os.path.join(ROOT, "test", "e2e", "jupyterlab", "main.py")
COURSE_SOURCE = os.environ.get("TSDL_COURSE_SOURCE", os.path.join(ROOT, "notebooks"))
COURSE_FOLDER = os.environ.get("TSDL_COURSE_FOLDER", "course")
# jupyter_server loads an extension by module name, so the lab's main.py is registered under this one.
LAB_MODULE = "tsdl_lab"


def load_lab_extension():
    """Imports test/e2e/jupyterlab/main.py as LAB_MODULE and returns its extension app class."""
    home = os.path.expanduser("~")
    # Each student's settings and workspaces live in their home, where JupyterLab keeps them.
    os.environ.setdefault("TSDL_LAB_USER_SETTINGS", os.path.join(home, ".jupyter", "lab", "user-settings"))
    os.environ.setdefault("TSDL_LAB_WORKSPACES", os.path.join(home, ".jupyter", "lab", "workspaces"))
    spec = importlib.util.spec_from_file_location(LAB_MODULE, LAB_MAIN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[LAB_MODULE] = module
    spec.loader.exec_module(module)
    return module.TsdlLab


class TsdlSingleUserApp(make_singleuser_app(ServerApp)):
    name = "tsdl-singleuser"
    description = "tsdl's JupyterLab for one JupyterHub user"

    @default("default_url")
    def _default_url(self):
        return "/lab"

    def init_signal(self):
        super().init_signal()
        # JupyterHub stops a server with SIGINT. Without a terminal, jupyter_server 1.x turns SIGINT into
        # KeyboardInterrupt and exits without shutting its kernels down, and a tsdl kernel (unlike
        # ipykernel, which watches its parent) would keep running and keep its memory. Stop cleanly.
        signal.signal(signal.SIGINT, self._signal_stop)

    def find_server_extensions(self):
        super().find_server_extensions()
        self.jpserver_extensions[LAB_MODULE] = True


def main():
    copied = copy_course(COURSE_SOURCE, os.path.expanduser("~"), COURSE_FOLDER)
    if copied:
        print(f"tsdl: copied the course notebooks from {COURSE_SOURCE} into {copied}", file=sys.stderr)
    load_lab_extension()
    TsdlSingleUserApp.launch_instance()


if __name__ == "__main__":
    main()
