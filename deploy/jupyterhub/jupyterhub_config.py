# JupyterHub for a class on one server: students log in with their Linux account and password (PAM),
# each gets tsdl's JupyterLab running as themselves, with the course copied into ~/course on their
# first login and the tsdl kernel installed for everyone (`npm run setup:hub`, see README "Teaching a
# class"). Run it from the folder that keeps the hub's state (database, cookie secret), as root:
#
#   cd /var/lib/tsdl-hub && jupyterhub -f /opt/tsdl/deploy/jupyterhub/jupyterhub_config.py
#
# Settings a teacher is likely to change are at the top. Everything else can be overridden by a config
# file of your own that loads this one first:  c = get_config(); load_subconfig("/opt/tsdl/deploy/...").
import os
import shutil

c = get_config()  # noqa: F821 (defined by JupyterHub when it reads this file)

HERE = os.path.dirname(os.path.abspath(__file__))
TSDL = os.path.dirname(os.path.dirname(HERE))
NODE = shutil.which("node") or "/usr/bin/node"

# --- The class -------------------------------------------------------------------------------------
# Who may log in: members of this Linux group (add students with `adduser NAME students`). Without a
# group or a list of users, JupyterHub 3 lets in every account that PAM accepts, root included.
c.PAMAuthenticator.allowed_groups = {"students"}
# Teachers: they see the admin page (start/stop students' servers) but not students' files.
c.Authenticator.admin_users = set()

# Where the hub listens. Students type their password here: give it a certificate, or put it behind a
# TLS proxy (then bind to 127.0.0.1).
c.JupyterHub.bind_url = "http://:8000"
# c.JupyterHub.ssl_cert = "/etc/ssl/certs/class.example.org.pem"
# c.JupyterHub.ssl_key = "/etc/ssl/private/class.example.org.key"

# --- Authentication: local Linux users --------------------------------------------------------------
c.JupyterHub.authenticator_class = "pam"

# --- Each student's server: tsdl's JupyterLab, started as the student ------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = ["/usr/bin/python3", os.path.join(HERE, "singleuser.py")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    # Where the course comes from, and the folder of each home it is copied into on first login.
    "TSDL_COURSE_SOURCE": os.path.join(TSDL, "notebooks"),
    "TSDL_COURSE_FOLDER": "course",
    # Kernels start without the startup snapshot: ~45-75 MiB less a student (the class's memory goal) for a
    # slower start (about ipykernel's in our runs instead of 0.8x; README, "Speed of the kernel").
    # Remove this line where memory is plenty.
    "TSDL_SNAPSHOT": "off",
}
# A class logs in within the same minute: a server and its first kernel start slower than alone.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# --- Culling: memory is what bounds a class -----------------------------------------------------------
# A tsdl kernel holds hundreds of MB (README, "Teaching a class"). jupyter_server stops a kernel that ran
# nothing for an hour, even with its notebook still open in a browser tab (its variables are lost; the
# notebook and its outputs are not), and a server with no kernel and no activity for two hours stops
# itself; the student's next visit starts it again.
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=3600",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=True",
    "--ServerApp.shutdown_no_activity_timeout=7200",
]
# JupyterHub's own idle-culler service stops servers by the hub's view of activity instead. Debian 12 does
# not package it; where `pip install jupyterhub-idle-culler` works, enable it with:
# import sys
# c.JupyterHub.load_roles = [{
#     "name": "jupyterhub-idle-culler-role",
#     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
#     "services": ["jupyterhub-idle-culler-service"],
# }]
# c.JupyterHub.services = [{
#     "name": "jupyterhub-idle-culler-service",
#     "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
# }]

# --- The proxy: configurable-http-proxy 5 from npm (deploy/jupyterhub/proxy) ------------------------
# Debian's node-configurable-http-proxy fails at start ("Cannot find module 'commander'").
c.ConfigurableHTTPProxy.command = [NODE, os.path.join(HERE, "proxy", "node_modules", "configurable-http-proxy", "bin", "configurable-http-proxy")]
