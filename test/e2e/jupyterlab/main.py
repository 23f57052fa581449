"""Serves the e2e JupyterLab build with Debian's jupyterlab_server (LabServerApp) and jupyter_server."""
import json
import os

from jupyterlab_server import LabServerApp

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")

with open(os.path.join(HERE, "package.json")) as f:
    VERSION = json.load(f)["dependencies"]["@jupyterlab/application"]


class TsdlLab(LabServerApp):
    name = __name__
    app_name = "tsdl e2e JupyterLab"
    app_version = VERSION
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    app_settings_dir = os.path.join(HERE, "settings")
    # Each server gets fresh user settings and workspaces, passed in by the harness.
    user_settings_dir = os.environ.get("TSDL_LAB_USER_SETTINGS", os.path.join(BUILD, "user_settings"))
    workspaces_dir = os.environ.get("TSDL_LAB_WORKSPACES", os.path.join(BUILD, "workspaces"))

    def initialize_settings(self):
        super().initialize_settings()
        self.serverapp.web_app.settings["terminals_available"] = False


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": TsdlLab}]


if __name__ == "__main__":
    # Configuration files on this machine must not change what the tests see. (Only when run as the test
    # server: JupyterHub's single-user server, deploy/jupyterhub/singleuser.py, imports this module and
    # honours the machine's configuration.)
    os.environ["JUPYTER_NO_CONFIG"] = "1"
    TsdlLab.launch_instance()
