"""The benchmark of design §7: a synthetic province-scale data set and what we measure on it.

Run it with `make bench`, which points DATABASE_URL at a database of its own. Each measurement
returns plain numbers; the command prints them next to the targets.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from members.models import Member, Membership

from .models import Activity, ActivityKind, Society, SocietyKind, Term, Union

BENCH_SLUG = "bench-province"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn",
         "Việt", "Yến", "Ánh", "Đạt", "Hiếu", "Khánh", "Lực", "Oanh"]  # fmt: skip
QUALIFICATIONS = ["bachelor"] * 6 + ["master"] * 2 + ["doctorate", "college", "vocational"]
KINDS = [SocietyKind.AGENCY, SocietyKind.ENTERPRISE, SocietyKind.SCHOOL, SocietyKind.HEALTH,
         SocietyKind.WARD, SocietyKind.COMMUNE]  # fmt: skip


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    """Median wall time in seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def build_dataset(*, societies: int = 200, members: int = 20_000, activities: int = 2_000) -> Union:
    """Create (once) the synthetic union: societies, people with memberships, activities."""
    union = Union.objects.filter(slug=BENCH_SLUG).first()
    if union is not None:
        return union
    rng = random.Random(7)
    with transaction.atomic():
        union = Union.objects.create(
            name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thử Nghiệm",
            slug=BENCH_SLUG,
            locality_kind="tinh",
            province="Thử Nghiệm",
            district="Thử Nghiệm",
        )
        Term.objects.create(
            union=union,
            congress_number=4,
            label="2018 - 2023",
            starts_on=datetime.date(2018, 7, 1),
            ends_on=datetime.date(2023, 12, 31),
        )
        Term.objects.create(
            union=union,
            congress_number=5,
            label="2024 - 2029",
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2029, 12, 31),
        )
        society_objs = Society.objects.bulk_create(
            Society(
                union=union,
                name=f"Hội KH&KT đơn vị số {i + 1:03d}",
                kind=KINDS[i % len(KINDS)],
                founded_on=datetime.date(2010, 1, 1),
            )
            for i in range(societies)
        )
        people = []
        for i in range(members):
            person = Member(
                union=union,
                member_code=f"BM{i + 1:06d}",
                full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                gender=rng.choice(["male", "female"]),
                birth_year=rng.randint(1960, 2000),
                qualification=rng.choice(QUALIFICATIONS),
                field=rng.choice(["Giáo dục", "Y tế", "Nông nghiệp", "Kỹ thuật", "Kinh tế"]),
            )
            person.search_text = person.build_search_text()
            people.append(person)
        people = Member.objects.bulk_create(people, batch_size=2000)
        memberships = []
        for i, person in enumerate(people):
            joined = datetime.date(2014 + rng.randint(0, 9), rng.randint(1, 12), 1)
            left = None
            if rng.random() < 0.08:
                left = joined + datetime.timedelta(days=rng.randint(200, 1500))
            memberships.append(
                Membership(
                    member=person,
                    society=society_objs[i % societies],
                    joined_on=joined,
                    left_on=left,
                    leave_reason="Chuyển công tác" if left else "",
                )
            )
            if i % 20 == 0:  # one person in twenty also belongs to a second society
                memberships.append(
                    Membership(
                        member=person,
                        society=society_objs[(i + 7) % societies],
                        joined_on=joined,
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        Activity.objects.bulk_create(
            (
                Activity(
                    union=union,
                    society=society_objs[i % societies] if i % 3 else None,
                    kind=rng.choice(ActivityKind.values),
                    title=f"Hoạt động số {i + 1}",
                    held_on=datetime.date(2019 + i % 5, 1 + i % 12, 1 + i % 28),
                    participants=rng.randint(10, 200),
                    amount_vnd=rng.randint(0, 5) * 1_000_000,
                )
                for i in range(activities)
            ),
            batch_size=2000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh bulk data: give the planner its statistics
    return union


def measure_report_figures(union: Union, repeat: int = 20) -> dict:
    from reports.selectors import term_report_figures

    term = union.terms.get(label="2018 - 2023")
    next_term = union.terms.filter(label="2024 - 2029").first()
    with CaptureQueriesContext(connection) as ctx:
        term_report_figures(union=union, term=term, next_term=next_term)
    seconds, _ = timed(
        lambda: term_report_figures(union=union, term=term, next_term=next_term), repeat
    )
    return {"queries": len(ctx.captured_queries), "ms": seconds * 1000}


def measure_report_pdf(union: Union, repeat: int = 3) -> dict:
    """Full generation (figures, render, store) against WeasyPrint alone on the same HTML."""
    from reports import rendering, services
    from reports.selectors import term_report_figures

    term = union.terms.get(label="2018 - 2023")
    report = services.term_report_get_or_create(union=union, term=term)
    figures = term_report_figures(union=union, term=term, next_term=report.next_term)
    html = rendering.term_report_html(services.term_report_context(report=report, figures=figures))
    bare, _ = timed(lambda: rendering.html_to_pdf(html), repeat)
    full, version = timed(lambda: services.term_report_generate(report=report), repeat)
    return {"bare_s": bare, "full_s": full, "ratio": full / bare, "bytes": version.size}


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def measure_list_page(
    union: Union,
    *,
    paths: list[str],
    clients: int = 10,
    requests_per_client: int = 40,
    port: int = 8765,
) -> dict:
    """p50/p95 of GET `paths` (round robin) with `clients` concurrent clients through gunicorn."""
    import http.client
    import os
    import shutil
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.test import Client

    from .models import Role, RoleKind, User

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the import measurement left dead rows behind
            cursor.execute("VACUUM ANALYZE members_member")
            cursor.execute("VACUUM ANALYZE members_membership")
    user, _ = User.objects.get_or_create(email="bench-staff@example.test")
    Role.objects.get_or_create(user=user, union=union, kind=RoleKind.STAFF)
    # Staff need two-factor authentication outside DEBUG (config.middleware.StaffMFAMiddleware).
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {}}
    )
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
    # Production static storage (hashed names) needs its manifest: collect with DEBUG off.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )

    def get(path: str) -> tuple[int, float]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status, time.perf_counter() - start

    try:
        for _ in range(100):
            try:
                if get("/healthz")[0] in (200, 503):
                    break
            except OSError:
                time.sleep(0.1)
        for path in paths:  # warm up every worker and page
            for _ in range(4):
                get(path)
        if shutil.which("wrk"):
            return _wrk(port=port, cookie=cookie, paths=paths, clients=clients)

        def run_client(offset: int) -> list[tuple[int, float]]:
            return [get(paths[(offset + i) % len(paths)]) for i in range(requests_per_client)]

        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = [r for batch in pool.map(run_client, range(clients)) for r in batch]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    statuses = {status for status, _ in results}
    latencies = [seconds * 1000 for _, seconds in results]
    return {
        "client": "python",
        "requests": len(results),
        "statuses": sorted(statuses),
        "p50_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 95),
    }


def measure_members_import(rows: int = 10_000) -> dict:
    """Import `rows` member rows from XLSX into a fresh union: dry run, then the real import."""
    import tempfile
    from pathlib import Path

    from core.imports import records_import
    from members.benchdata import build_members_xlsx

    union = Union.objects.create(
        name=f"Liên hiệp hội nhập thử {time.time_ns()}", slug=f"bench-import-{time.time_ns()}"
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = build_members_xlsx(Path(tmp) / "members.xlsx", rows, union)
            dry, dry_result = timed(
                lambda: records_import(kind="members", file=path, union=union, dry_run=True)
            )
            real, result = timed(lambda: records_import(kind="members", file=path, union=union))
            assert dry_result.ok and result.ok, (dry_result.errors[:3], result.errors[:3])
            with CaptureQueriesContext(connection) as ctx:
                records_import(kind="members", file=path, union=union, dry_run=True)
        return {
            "rows": rows,
            "dry_run_s": dry,
            "import_s": real,
            "total_s": dry + real,
            "created": result.created,
            "dry_run_queries": len(ctx.captured_queries),
        }
    finally:
        Membership.objects.filter(society__union=union).delete()
        Member.objects.filter(union=union).delete()
        Society.objects.filter(union=union).delete()
        union.delete()


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


def _wrk(*, port: int, cookie: str, paths: list[str], clients: int, seconds: int = 15) -> dict:
    """The load from wrk (a C client, as the design's floors were measured), paths in turn."""
    import subprocess
    import tempfile

    script = WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        output = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", lua.name,
             "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}/"],
            capture_output=True, text=True, check=True, timeout=seconds + 30,
        ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    requests, p50, p95, bad = line.split()[1:]
    return {
        "client": "wrk",
        "requests": int(requests),
        "statuses": ["non-2xx/3xx: " + bad] if int(bad) else [200],
        "p50_ms": float(p50),
        "p95_ms": float(p95),
    }
