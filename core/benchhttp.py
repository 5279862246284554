"""Load through gunicorn on 127.0.0.1, for the benchmark measures that go through HTTP.

    with BenchServer() as server:
        load = server.load(paths, cookie=cookie, clients=10)   # {"p50_ms", "p95_ms", ...}
    with BenchServer(servers=2) as server:                    # two gunicorn behind nginx
        ...

The server runs the project with DEBUG off and the benchmark's URLs added (core.bench_urls:
the floors' and peers' views apps register). The load comes from wrk when it is installed
(a C client, as the design's floors were measured), else from Python threads.
"""

from __future__ import annotations

import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings

from core import loopback

PROXY_SOURCE = "127.0.0.2"  # nginx connects to the app servers from this loopback address


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%.3f %%.3f %%d\\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.status))
end
"""


class BenchServer:
    """`servers` gunicorn instances of `workers` each on loopback (core.loopback, with
    deploy/gunicorn.conf.py); with `proxy` (always when servers > 1), nginx in front of them
    (deploy/nginx.conf), and the load goes through it."""

    def __init__(self, *, workers: int = 2, servers: int = 1, proxy: bool = False):
        self.workers = workers
        self.servers = servers
        self.proxy = proxy or servers > 1
        self.port = 0
        self._stack: ExitStack | None = None

    def _env(self) -> dict:
        return {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_MAX_REQUESTS": "0",  # a worker restart mid-load would be in the p95
            "TRUSTED_PROXIES": PROXY_SOURCE if self.proxy else "",
        }

    def __enter__(self) -> BenchServer:
        env = self._env()
        # Production static storage (hashed names) needs its manifest: collect with DEBUG off.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        self._stack = stack = ExitStack()
        try:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lhh-bench-")))
            apps = [
                stack.enter_context(
                    loopback.gunicorn(tmp, env, workers=self.workers, app="core.bench_wsgi")
                )
                for _ in range(self.servers)
            ]
            front = apps[0]
            if self.proxy:
                upstreams = [app.address for app in apps]
                front = stack.enter_context(loopback.nginx(tmp, upstreams, proxy_bind=PROXY_SOURCE))
            self.port = front.port
            for _ in range(200):
                try:
                    if self.get("/healthz")[0] in (200, 503):
                        break
                except OSError:
                    time.sleep(0.1)
        except BaseException:
            stack.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self._stack is not None:
            self._stack.close()
            self._stack = None

    def get(self, path: str, cookie: str = "") -> tuple[int, float]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status, time.perf_counter() - start

    def load(self, paths: list[str], *, cookie: str, clients: int = 10, seconds: int = 15) -> dict:
        """p50/p95 (ms) of GET `paths` in turn with `clients` concurrent clients."""
        for path in paths:  # warm up every worker and page
            for _ in range(4):
                status, _ = self.get(path, cookie)
                if status != 200:
                    raise RuntimeError(f"GET {path}: HTTP {status}")
        if shutil.which("wrk"):
            return self._wrk(paths, cookie=cookie, clients=clients, seconds=seconds)
        return self._python(paths, cookie=cookie, clients=clients)

    def _python(self, paths: list[str], *, cookie: str, clients: int, per_client: int = 40):
        def run_client(offset: int) -> list[tuple[int, float]]:
            return [self.get(paths[(offset + i) % len(paths)], cookie) for i in range(per_client)]

        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = [r for batch in pool.map(run_client, range(clients)) for r in batch]
        latencies = [s * 1000 for _, s in results]
        return {
            "client": "python",
            "requests": len(results),
            "errors": sum(1 for status, _ in results if status != 200),
            "p50_ms": statistics.median(latencies),
            "p95_ms": percentile(latencies, 95),
        }

    def _wrk(self, paths: list[str], *, cookie: str, clients: int, seconds: int) -> dict:
        script = WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths)
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
            lua.write(script)
            lua.flush()
            output = subprocess.run(
                ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", lua.name,
                 "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{self.port}/"],
                capture_output=True, text=True, check=True, timeout=seconds + 30,
            ).stdout  # fmt: skip
        line = next(line for line in output.splitlines() if line.startswith("RESULT"))
        requests, p50, p95, bad = line.split()[1:]
        return {
            "client": "wrk",
            "requests": int(requests),
            "errors": int(bad),
            "p50_ms": float(p50),
            "p95_ms": float(p95),
        }
