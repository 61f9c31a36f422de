"""zld JupyterLab test host: a jupyterlab_server ``LabServerApp`` serving the front end built by build.mjs.

Run with Debian's Python (``/usr/bin/python3``), which has jupyter-server 1.23 and jupyterlab-server 2.16:

    ZLD_LAB_BUILD=~/.cache/zld/jupyterlab-host/<hash> ZLD_LAB_EXTENSIONS=<labextensions dir> \
    ZLD_LAB_STATE=/tmp/state /usr/bin/python3 zld_lab_host.py --ServerApp.ip=127.0.0.1 --port=8888 \
        --ServerApp.token=SECRET --ServerApp.root_dir=/path/to/notebooks

or as a server extension of ``python3 -m jupyter_server`` with this folder on ``PYTHONPATH`` and
``--ServerApp.jpserver_extensions={"zld_lab_host": True}``.

ZLD_LAB_BUILD holds ``static/`` (the webpack bundle), ``schemas/`` and ``themes/``; ZLD_LAB_EXTENSIONS is a
``labextensions`` folder (prebuilt extensions, each ``<name>/package.json`` + ``static/``); ZLD_LAB_STATE
receives user settings and workspaces (one per server, so tests do not share state).
"""
import json
import os

from jupyterlab_server import LabServerApp

HERE = os.path.abspath(os.path.dirname(__file__))
BUILD = os.environ.get("ZLD_LAB_BUILD", os.path.join(HERE, "build"))
EXTENSIONS = os.environ.get("ZLD_LAB_EXTENSIONS", os.path.join(BUILD, "labextensions"))
STATE = os.environ.get("ZLD_LAB_STATE", os.path.join(BUILD, "state"))


def _version():
    try:
        with open(os.path.join(BUILD, "host.json")) as f:
            return json.load(f).get("version", "0.0.0")
    except OSError:
        return "0.0.0"


class ZldLabHost(LabServerApp):
    name = "lab"
    load_other_extensions = False
    app_name = "zld JupyterLab host"
    app_version = _version()
    app_settings_dir = os.path.join(BUILD, "app-settings")
    schemas_dir = os.path.join(BUILD, "schemas")
    static_dir = os.path.join(BUILD, "static")
    templates_dir = os.path.join(HERE, "templates")
    themes_dir = os.path.join(BUILD, "themes")
    user_settings_dir = os.path.join(STATE, "user-settings")
    workspaces_dir = os.path.join(STATE, "workspaces")
    labextensions_path = [EXTENSIONS]

    def initialize_settings(self):
        super().initialize_settings()
        self.serverapp.web_app.settings["terminals_available"] = False


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": ZldLabHost}]


def _exit_with_parent():
    """Stop (SIGTERM: kernels are shut down) when the process in ZLD_LAB_PARENT_PID is gone."""
    pid = os.environ.get("ZLD_LAB_PARENT_PID")
    if not pid:
        return
    import signal
    import threading
    import time

    def watch():
        while True:
            time.sleep(1)
            try:
                os.kill(int(pid), 0)
            except OSError:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, daemon=True).start()


_exit_with_parent()

if __name__ == "__main__":
    ZldLabHost.launch_instance()
