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
        settings = self.serverapp.web_app.settings
        settings["terminals_available"] = False
        # Under JupyterHub (deploy/jupyterhub/singleuser.py), what JupyterLab's own LabApp tells the page, so
        # @jupyterlab/hub-extension adds File › Hub Control Panel and Log Out.
        if "hub_prefix" in settings:
            hub_prefix = settings["hub_prefix"]
            settings.setdefault("page_config_data", {}).update(
                hubPrefix=hub_prefix,
                hubHost=settings.get("hub_host", ""),
                hubUser=getattr(self.serverapp, "user", ""),
                hubServerName=getattr(self.serverapp, "server_name", ""),
                shareUrl=hub_prefix.rstrip("/") + "/user-redirect",
                token="",
            )


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": TsdlLab}]


if __name__ == "__main__":
    # Configuration files on this machine must not change what the tests see. (Only when run as the test
    # server: JupyterHub's single-user server, deploy/jupyterhub/singleuser.py, imports this module and
    # honours the machine's configuration.)
    os.environ["JUPYTER_NO_CONFIG"] = "1"
    TsdlLab.launch_instance()
