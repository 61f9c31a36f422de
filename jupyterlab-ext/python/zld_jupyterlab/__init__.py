"""zld for JupyterLab: the prebuilt labextension plus a Jupyter server extension for Argo Workflows.

The server extension adds ``<base_url>zld/argo/config`` and ``<base_url>zld/argo/api/v1/...`` (a streaming
proxy to ``ARGO_SERVER`` that adds the token on the server side, see :mod:`zld_jupyterlab.argo_proxy`).
It works with jupyter-server 1.x (Debian 12) and 2.x.

Enable it with ``--ServerApp.jpserver_extensions='{"zld_jupyterlab": true}'`` (the wheel installs
``etc/jupyter/jupyter_server_config.d/zld_jupyterlab.json`` that does it).
"""
from jupyter_server.utils import url_path_join

from .argo_proxy import ArgoConfigHandler, ArgoProxyHandler

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    # ``src`` is relative to this folder: the prebuilt extension of the source tree
    # (jupyterlab-ext/labextension), for ``jupyter labextension develop``; a wheel installs it as shared data.
    return [{"src": "../../labextension", "dest": "@zld/jupyterlab-ext"}]


def _jupyter_server_extension_points():
    return [{"module": "zld_jupyterlab"}]


def _load_jupyter_server_extension(serverapp):
    web_app = serverapp.web_app
    base = url_path_join(web_app.settings["base_url"], "zld", "argo")
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "config"), ArgoConfigHandler),
            (url_path_join(base, "api", "v1", "(.*)"), ArgoProxyHandler),
        ],
    )
    serverapp.log.info("zld: Argo proxy at %s (ARGO_SERVER of this server)", url_path_join(base, "api", "v1/"))


# jupyter-server < 2 / notebook look for this name too
load_jupyter_server_extension = _load_jupyter_server_extension
