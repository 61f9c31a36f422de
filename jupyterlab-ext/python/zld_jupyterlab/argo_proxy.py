"""Jupyter server handlers that let the JupyterLab front end talk to the Argo Server.

The Argo Server sends no CORS headers and the token must not live in the browser, so the browser calls
``<base_url>zld/argo/api/v1/...`` on its own Jupyter server (authenticated like every Jupyter API, XSRF for
non-GET) and this handler relays the request to the configured ``ARGO_SERVER`` only, adding
``Authorization`` from the server's token (``ARGO_TOKEN`` or the pod's service account) or from the
``X-Zld-Argo-Token`` header the user typed into a dialog (kept in the page's memory only).

* Streams (``workflow-events``, ``log``) are relayed piece by piece as they arrive, with no read timeout;
  when the browser goes away the upstream connection is closed at once.
* Status codes and Argo's JSON error bodies pass through unchanged, so the client's error mapping
  (401 token, 403 namespace, 404, 409) keeps working; an unreachable Argo Server is a 502 and a missing
  ``ARGO_SERVER`` a 503, both ``{code, message}`` naming the server, never the token.
* The request line sent upstream is built from the fixed server, base href and ``api/v1/`` plus the
  browser's path: the browser cannot choose the host (no SSRF). Tokens are never logged.

Example (what the front end does)::

    GET /zld/argo/config                       -> {"configured": true, "server": "https://argo:2746", ...}
    GET /zld/argo/api/v1/workflows/argo        -> Argo's answer
"""
import json
import os
import ssl
from datetime import timedelta

from jupyter_server.base.handlers import APIHandler
from tornado import gen, httputil, iostream, web
from tornado.http1connection import HTTP1Connection, HTTP1ConnectionParameters
from tornado.tcpclient import TCPClient

from .argo_config import ArgoConfigError, argo_config_from_env, authorization_header

BROWSER_TOKEN_HEADER = "X-Zld-Argo-Token"
CONNECT_TIMEOUT = 10
# plain calls (list, get, create...) that take longer than this are cut; streams have no limit
REQUEST_TIMEOUT = 120
MAX_BODY = 64 * 1024 * 1024
# request headers passed on to Argo; everything else (cookies, the Jupyter token) stays here
FORWARD_REQUEST = ("Accept", "Content-Type")
# response headers passed back
FORWARD_RESPONSE = ("Content-Type", "Grpc-Metadata-Content-Type", "X-Content-Type-Options")


def _is_stream(path):
    """Watch and log streams (``workflow-events/{ns}``, ``stream/...``, ``.../log``): no read timeout."""
    return path.startswith(("workflow-events/", "stream/")) or path.endswith("/log")


def _request_timeout():
    """Seconds a plain call may take (``ZLD_ARGO_PROXY_TIMEOUT``, default 120); streams have no limit."""
    try:
        return max(1.0, float(os.environ.get("ZLD_ARGO_PROXY_TIMEOUT", REQUEST_TIMEOUT)))
    except ValueError:
        return float(REQUEST_TIMEOUT)


class ArgoConfigHandler(APIHandler):
    """``GET zld/argo/config``: where Argo is, its namespace and the token's source; never the token."""

    @web.authenticated
    def get(self):
        try:
            cfg = argo_config_from_env()
        except ArgoConfigError as e:
            self.set_status(503)
            self.finish(json.dumps({"code": 14, "configured": False, "message": str(e)}))
            return
        self.finish(json.dumps(cfg.public()))


class _Relay(httputil.HTTPMessageDelegate):
    """Copies Argo's answer to the browser as it arrives."""

    def __init__(self, handler):
        self.handler = handler
        self.started = False

    def headers_received(self, start_line, headers):
        h = self.handler
        if start_line.code < 200:  # 100 Continue and friends: wait for the real answer
            return
        self.started = True
        h.set_status(start_line.code, start_line.reason or None)
        h.clear_header("Content-Type")
        for name in FORWARD_RESPONSE:
            if name in headers:
                h.set_header(name, headers[name])
        h.set_header("Cache-Control", "no-cache, no-store")
        h.set_header("X-Accel-Buffering", "no")

    def data_received(self, chunk):
        h = self.handler
        if h.browser_gone:
            raise iostream.StreamClosedError()
        h.write(chunk)
        return h.flush()  # the next piece is read once this one is sent (back-pressure)

    def finish(self):
        pass

    def on_connection_close(self):
        pass


class ArgoProxyHandler(APIHandler):
    """``zld/argo/api/v1/...``: a streaming reverse proxy to the configured Argo Server only."""

    browser_gone = False
    _upstream = None

    def prepare(self):
        # take the user's token out of the request before anything (logs included) can see it
        self._browser_token = self.request.headers.pop(BROWSER_TOKEN_HEADER, None)
        return super().prepare()

    def on_connection_close(self):
        self.browser_gone = True
        if self._upstream is not None:
            self._upstream.close()

    def _error(self, status, code, message):
        self.clear_header("Content-Type")
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"code": code, "message": message}))

    @web.authenticated
    async def get(self, path):
        await self._proxy(path)

    @web.authenticated
    async def post(self, path):
        await self._proxy(path)

    @web.authenticated
    async def put(self, path):
        await self._proxy(path)

    @web.authenticated
    async def delete(self, path):
        await self._proxy(path)

    async def _proxy(self, _decoded):
        try:
            cfg = argo_config_from_env()
        except ArgoConfigError as e:
            return self._error(503, 14, f"the Argo Server is not configured correctly on the Jupyter server: {e}")
        if not cfg.configured:
            return self._error(
                503,
                14,
                "no Argo Server is configured on the Jupyter server: set ARGO_SERVER=host:port "
                "(and ARGO_TOKEN or a pod service account) in the environment the Jupyter server runs in",
            )
        # the still-encoded path after our prefix; dot segments could climb out of api/v1/
        marker = "zld/argo/api/v1/"
        raw = self.request.path
        rest = raw[raw.index(marker) + len(marker):]
        segments = rest.split("/")
        if any(s in ("", ".", "..") or s.lower() in ("%2e", "%2e%2e", ".%2e", "%2e.") for s in segments[:-1]) or segments[-1] in (".", ".."):
            return self._error(400, 3, f"not an Argo API path: api/v1/{rest}")
        query = self.request.query
        target = f"{cfg.base_path}api/v1/{rest}" + (f"?{query}" if query else "")
        stream = _is_stream(rest.split("?")[0])

        headers = httputil.HTTPHeaders()
        headers["Host"] = f"{cfg.host}:{cfg.port}" if ":" not in cfg.host else f"[{cfg.host}]:{cfg.port}"
        for name in FORWARD_REQUEST:
            if name in self.request.headers:
                headers[name] = self.request.headers[name]
        auth = authorization_header(self._browser_token) if (self._browser_token or "").strip() else cfg.authorization()
        if auth:
            headers["Authorization"] = auth
        headers["Connection"] = "close"
        body = self.request.body or b""
        if body or self.request.method in ("POST", "PUT"):
            headers["Content-Length"] = str(len(body))

        where = f"the Argo Server at {cfg.server}"
        timeout = _request_timeout()
        ssl_options = None
        if cfg.scheme == "https":
            ssl_options = ssl.create_default_context()
            if cfg.insecure_skip_verify:
                ssl_options.check_hostname = False
                ssl_options.verify_mode = ssl.CERT_NONE
        try:
            upstream = await TCPClient().connect(cfg.host, cfg.port, ssl_options=ssl_options, timeout=CONNECT_TIMEOUT)
        except (OSError, iostream.StreamClosedError, gen.TimeoutError, ssl.SSLError) as e:
            reason = type(e).__name__ if not str(e) else str(e)
            return self._error(502, 14, f"cannot reach {where}: {reason}")
        self._upstream = upstream
        if self.browser_gone:
            upstream.close()
            return
        relay = _Relay(self)
        conn = HTTP1Connection(
            upstream,
            True,
            HTTP1ConnectionParameters(no_keep_alive=True, max_body_size=MAX_BODY, decompress=False),
        )
        try:
            conn.write_headers(httputil.RequestStartLine(self.request.method, target, "HTTP/1.1"), headers)
            if body:
                conn.write(body)
            conn.finish()
            reading = conn.read_response(relay)
            if stream:
                await reading
            else:
                await gen.with_timeout(timedelta(seconds=timeout), reading)
        except gen.TimeoutError:
            upstream.close()
            if not relay.started:
                return self._error(504, 4, f"{where} did not answer within {timeout:g} s")
        except (iostream.StreamClosedError, OSError, httputil.HTTPInputError) as e:
            if self.browser_gone:
                return
            if not relay.started:
                return self._error(502, 14, f"{where} closed the connection before answering ({type(e).__name__})")
        finally:
            upstream.close()
            self._upstream = None
        if self.browser_gone:
            return
        if not relay.started:
            return self._error(502, 14, f"{where} sent no answer")
        if not self._finished:
            try:
                self.finish()
            except iostream.StreamClosedError:
                pass
