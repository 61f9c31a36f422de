"""Where the Argo Server is and which token to use, read from the Jupyter server's own environment.

The same rules as zld's TypeScript client (``core/src/argo/connection.ts`` and ``connection-node.ts``), so a
pod configured for the ``argo`` CLI works unchanged:

* ``ARGO_SERVER`` (``host:port``, or ``https://host:port``), ``ARGO_SECURE`` (default true; a scheme in
  ``ARGO_SERVER`` wins), ``ARGO_INSECURE_SKIP_VERIFY``, ``ARGO_BASE_HREF``, ``ARGO_NAMESPACE``;
* ``ARGO_TOKEN`` with or without ``Bearer `` (``Basic ...`` is kept as it is), else the pod's service-account
  token file; the namespace falls back to the service-account namespace file, then ``default``.

The token is read on every request (a projected service-account token is rotated by the kubelet) and is never
part of :meth:`ArgoConfig.public`, logs or messages.

Example::

    cfg = argo_config_from_env(os.environ)
    if cfg.configured:
        print(cfg.public())  # {'configured': True, 'server': 'https://argo:2746', 'namespace': 'argo', ...}
"""
import ipaddress
import os
import re
from urllib.parse import urlsplit

SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class ArgoConfigError(ValueError):
    """A malformed ARGO_* variable (the message names the variable, never the token)."""


def _flag(env, name):
    value = (env.get(name) or "").strip().lower()
    if not value:
        return None
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ArgoConfigError(f"{name}={env.get(name)} is not a boolean (use true or false)")


def _read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip() or None
    except OSError:
        return None


def authorization_header(token):
    """``abc`` and ``Bearer abc`` -> ``Bearer abc``; ``Basic ...`` stays as it is."""
    t = token.strip()
    if re.match(r"^bearer\s+", t, re.I):
        return "Bearer " + re.sub(r"^bearer\s+", "", t, flags=re.I)
    if re.match(r"^basic\s+", t, re.I):
        return t
    return "Bearer " + t


def is_loopback_host(host):
    h = host.strip("[]").lower()
    if h == "localhost" or h.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


class ArgoConfig:
    """A resolved configuration. ``token()`` is the only way to the token."""

    def __init__(self, env, service_account_dir=None):
        self._env = env
        self._sa_dir = service_account_dir or env.get("ZLD_ARGO_SERVICE_ACCOUNT_DIR") or SERVICE_ACCOUNT_DIR
        server = (env.get("ARGO_SERVER") or "").strip()
        self.configured = bool(server)
        self.scheme = self.host = self.base_path = None
        self.port = None
        self.insecure_skip_verify = False
        self.warnings = []
        if not server:
            return
        insecure = _flag(env, "ARGO_INSECURE_SKIP_VERIFY") or False
        secure = _flag(env, "ARGO_SECURE")
        secure = True if secure is None else secure
        host_port = server
        m = re.match(r"^(https?)://", server, re.I)
        if m:
            secure = m.group(1).lower() == "https"
            host_port = re.sub(r"/.*$", "", server[m.end():])
        parts = urlsplit(("https://" if secure else "http://") + host_port)
        try:
            port = parts.port
        except ValueError:
            port = -1
        if not parts.hostname or parts.username or parts.path or parts.query or port == -1:
            raise ArgoConfigError(f"ARGO_SERVER={server} is not host:port (e.g. argo-server.argo:2746)")
        self.scheme = "https" if secure else "http"
        self.host = parts.hostname
        self.port = port or (443 if secure else 80)
        self.insecure_skip_verify = secure and insecure
        href = (env.get("ARGO_BASE_HREF") or "").strip().strip("/")
        self.base_path = "/" + (href + "/" if href else "")
        if not secure and not is_loopback_host(self.host):
            self.warnings.append(
                f"ARGO_SECURE=false: requests and the token go to {self.host}:{self.port} over plain http, unencrypted"
            )
        if self.insecure_skip_verify:
            self.warnings.append(f"ARGO_INSECURE_SKIP_VERIFY=true: the TLS certificate of {self.host}:{self.port} is not checked")

    @property
    def server(self):
        """``scheme://host:port`` plus the base href, without any token."""
        if not self.configured:
            return None
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = (self.scheme, self.port) in (("https", 443), ("http", 80))
        return f"{self.scheme}://{host}{'' if default else f':{self.port}'}{self.base_path.rstrip('/')}"

    @property
    def namespace(self):
        return (
            (self._env.get("ARGO_NAMESPACE") or "").strip()
            or _read(os.path.join(self._sa_dir, "namespace"))
            or "default"
        )

    def token_source(self):
        if (self._env.get("ARGO_TOKEN") or "").strip():
            return "env"
        if _read(os.path.join(self._sa_dir, "token")):
            return "service-account"
        return "none"

    def authorization(self):
        """The ``Authorization`` value for the configured token, or None (read fresh each call)."""
        token = (self._env.get("ARGO_TOKEN") or "").strip() or _read(os.path.join(self._sa_dir, "token"))
        return authorization_header(token) if token else None

    def public(self):
        """What the browser may know: where, which namespace, where the token comes from; never the token."""
        return {
            "configured": self.configured,
            "server": self.server,
            "namespace": self.namespace,
            "tokenSource": self.token_source(),
            "warnings": list(self.warnings),
        }


def argo_config_from_env(env=None, service_account_dir=None):
    return ArgoConfig(os.environ if env is None else env, service_account_dir)
