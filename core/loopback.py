"""Real processes on loopback for the tests and the benchmark: redis-server, gunicorn, nginx and a
Celery worker, each a context manager that waits until it answers and stops it (with its
children) afterwards; and `Browser`, just enough of a browser to log in and upload.

    with gunicorn(tmp_path, env) as app, nginx(tmp_path, [app.address]) as proxy:
        Browser(proxy.base).login(email, password)

Every process leads its own session and logs to a file in `tmp_path` (`server.log`, `tail()`).
gunicorn runs with deploy/gunicorn.conf.py and nginx with deploy/nginx.conf (its loopback
variant), so the tests exercise the files production uses.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

BIN = Path(sys.executable).parent
DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited early:\n{tail(log)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"port {port} never opened:\n{tail(log)}")


def start(command: list, log: Path, env: dict) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(part) for part in command],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    """Stop a process started here, with its children (it leads its own session)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def database_url(db: dict) -> str:
    """A DATABASE_URL for a subprocess from a connection's settings_dict (PostgreSQL)."""
    credentials = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"])
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        return f"http://{self.address}"

    def tail(self, lines: int = 40) -> str:
        return tail(self.log, lines)


@contextmanager
def redis_server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """A private redis-server: (process, "redis://127.0.0.1:<port>/0")."""
    port = free_port()
    log = tmp_path / f"redis-{port}.log"
    command = ["redis-server", "--port", port, "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", tmp_path]
    process = start(command, log, dict(os.environ))
    try:
        wait_for_port(port, process, log)
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@contextmanager
def gunicorn(
    tmp_path: Path, env: dict, *, workers: int = 2, app: str = "config.wsgi", timeout: float = 60
) -> Iterator[Server]:
    """gunicorn with deploy/gunicorn.conf.py on a free loopback port; `env` is its whole
    environment."""
    port = free_port()
    log = tmp_path / f"gunicorn-{port}.log"
    command = [BIN / "gunicorn", "-c", DEPLOY / "gunicorn.conf.py", app]
    command += ["-b", f"127.0.0.1:{port}", "-w", workers]
    process = start(command, log, env)
    try:
        wait_for_port(port, process, log, timeout=timeout)
        yield Server(process, port, log)
    finally:
        stop(process)


def nginx_config(tmp_path: Path, upstreams: list[str], *, port: int, proxy_bind: str) -> str:
    """deploy/nginx.conf on loopback: plain HTTP on `port`, the given app servers, connecting to
    them from `proxy_bind`, every path (logs, temporary files) in `tmp_path`."""
    site = []
    for line in (DEPLOY / "nginx.conf").read_text().splitlines():
        stripped = line.strip()
        if stripped.endswith("# tls"):
            continue
        if stripped.endswith("# app-server"):
            if upstreams:
                site += [f"    server {address};" for address in upstreams]
                upstreams = []
            continue
        if stripped.startswith("# loopback: "):
            line = line.replace("# loopback: ", "").format(port=port, proxy_bind=proxy_bind)
        site.append(line)
    text = "\n".join(site)
    for production, here in (
        ("/var/log/nginx/", f"{tmp_path}/nginx-"),
        ("/srv/lienhiephoi/var/staticfiles/", f"{settings.STATIC_ROOT}/"),
    ):
        if production not in text:
            raise ValueError(f"deploy/nginx.conf no longer names {production}")
        text = text.replace(production, here)
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path}/nginx-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\nerror_log {tmp_path}/nginx-main-error.log warn;\n"
        f"events {{ worker_connections 256; }}\nhttp {{\n"
        f"    access_log {tmp_path}/nginx-main-access.log;\n{temp}\n{text}\n}}\n"
    )


@contextmanager
def nginx(
    tmp_path: Path, upstreams: list[str], *, proxy_bind: str = "127.0.0.1"
) -> Iterator[Server]:
    """Debian's nginx with deploy/nginx.conf in front of `upstreams` ("127.0.0.1:port")."""
    port = free_port()
    conf = tmp_path / f"nginx-{port}.conf"
    conf.write_text(nginx_config(tmp_path, upstreams, port=port, proxy_bind=proxy_bind))
    log = tmp_path / f"nginx-{port}.log"
    pid = tmp_path / f"nginx-{port}.pid"
    command = [NGINX, "-p", tmp_path, "-c", conf, "-g", f"daemon off; pid {pid};"]
    process = start(command, log, dict(os.environ))
    try:
        wait_for_port(port, process, log)  # nginx says what is wrong on stderr
        yield Server(process, port, tmp_path / "nginx-lienhiephoi-access.log")
    finally:
        stop(process, signal.SIGQUIT)  # graceful: workers finish, then exit


@contextmanager
def celery_worker(tmp_path: Path, env: dict, *, name: str = "worker") -> Iterator[Server]:
    """A Celery worker (prefork, one child) for the project; `env` is its whole environment."""
    log = tmp_path / f"worker-{name}.log"
    command = [BIN / "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1"]
    command += ["-n", f"{name}@%h", "--without-gossip", "--without-mingle", "-l", "INFO"]
    process = start(command, log, env)
    try:
        yield Server(process, 0, log)
    finally:
        stop(process)


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class Browser:
    """Just enough of a browser: cookies (kept across servers on 127.0.0.1), the CSRF token,
    forms and multipart uploads; redirects are not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect
        )

    def on(self, base: str) -> Browser:
        """The same browser (same cookies: the same session) talking to another server."""
        other = Browser(base)
        other.cookies, other.opener = self.cookies, self.opener
        return other

    def csrf_token(self) -> str:
        return next((c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME), "")

    def fetch(
        self, path: str, data: dict | None = None, files: dict | None = None, headers=None
    ) -> Response:
        """GET, or POST `data` (with the CSRF token) and `files` ({field: (name, bytes)})."""
        body, content_type = None, None
        if data is not None or files:
            fields = {"csrfmiddlewaretoken": self.csrf_token(), **(data or {})}
            if files:
                body, content_type = _multipart(fields, files)
            else:
                body = urllib.parse.urlencode(fields).encode()
                content_type = "application/x-www-form-urlencoded"
        url = self.base + path
        if not url.startswith("http://"):
            raise ValueError(f"not a loopback HTTP URL: {url}")
        request = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
        if body is not None:
            request.add_header("Content-Type", content_type)
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return Response(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read(), dict(error.headers))

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        response = self.fetch(path, data)
        return response.status, response.text

    def login(self, email: str, password: str) -> int:
        page = self.fetch("/accounts/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = self.fetch(
            "/accounts/login/", {"csrfmiddlewaretoken": token, "login": email, "password": password}
        )
        return response.status


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content) in files.items():
        quoted = urllib.parse.quote(filename)
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f"filename=\"{quoted}\"; filename*=UTF-8''{quoted}\r\n"
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
