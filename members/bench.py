"""Benchmark data and measures of the members (registered with core.bench).

Data: `--members` people in the synthetic province's societies (one in twenty in two at once).
Measures:
- `members_import`: `--import-rows` XLSX rows through the import engine, dry run and import
  (floor: spreadsheet read + bulk_create with dict lookups; peer: a django-import-export
  ModelResource with its defaults);
- `members_list`: p95 of the directory with accent-insensitive searches, `--clients` clients
  through gunicorn (floor: raw SQL returning the same page; peer: a plain ListView with
  `__unaccent__icontains`, PostgreSQL only);
- `members_list_proxy`: the same searches through nginx in front of two app servers (floor: one
  app server, measured in turn in the same run).
"""

from __future__ import annotations

import datetime
import random
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote_plus

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import path

from associations.models import Role, RoleKind, Society, Union, User
from core import bench
from core.benchhttp import BenchServer
from core.text import fold

from . import benchviews
from .models import Member, Membership
from .names import full_name

QUALIFICATIONS = ["bachelor"] * 6 + ["master"] * 2 + ["doctorate", "college", "vocational"]
FIELDS = ["Giáo dục", "Y tế", "Nông nghiệp", "Kỹ thuật", "Kinh tế"]

# Accent-insensitive searches, as staff type them (with and without diacritics), some paged.
SEARCHES = [
    "q=nguyen+van",
    "q=Tr%E1%BA%A7n+Th%E1%BB%8B&page=2",
    "q=hai",
    "q=th%E1%BB%8B+lan",
    "q=nguyen&page=3",
]


def build(data: dict, options: dict) -> None:
    union = data["union"]
    if not Member.objects.filter(union=union).exists():
        _create(union, data["societies"], options["members"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")  # for the list's peer
            cursor.execute("ANALYZE")  # fresh bulk data: give the planner its statistics


def _create(union: Union, societies: list[Society], count: int) -> None:
    rng = random.Random(7)
    with transaction.atomic():
        people = []
        for i in range(count):
            gender = rng.choice(["male", "female"])
            person = Member(
                union=union,
                member_code=f"BM{i + 1:06d}",
                full_name=full_name(rng, gender),
                gender=gender,
                birth_year=rng.randint(1960, 2000),
                qualification=rng.choice(QUALIFICATIONS),
                field=rng.choice(FIELDS),
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
                    society=societies[i % len(societies)],
                    joined_on=joined,
                    left_on=left,
                    leave_reason="Chuyển công tác" if left else "",
                )
            )
            if i % 20 == 0:  # one person in twenty also belongs to a second society
                memberships.append(
                    Membership(
                        member=person,
                        society=societies[(i + 7) % len(societies)],
                        joined_on=joined,
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=2000)


# --- members_import ------------------------------------------------------------------------------


def _clear(union: Union) -> None:
    """Remove what an import made in the scratch union, without a signal per row."""
    members = Member.objects.filter(union=union)
    memberships = Membership.objects.filter(member__union=union)
    Membership.history.filter(society_id__in=union.societies.values("id"))._raw_delete("default")
    Member.history.filter(union_id=union.id)._raw_delete("default")
    memberships._raw_delete("default")
    members._raw_delete("default")


def _floor_import(path: Path, union: Union) -> int:
    """Read the sheet and bulk_create people and memberships, lookups in dicts: the floor."""
    from core.imports import get_kind

    keys = [column.key for column in get_kind("members").columns]
    rows = _read_sheet(path)[1:]
    societies = dict(Society.objects.filter(union=union).values_list("name", "id"))
    genders = {"Nam": "male", "Nữ": "female"}
    people: dict[str, Member] = {}
    memberships = []
    for row in rows:
        values = dict(zip(keys, row, strict=False))
        code = str(values["member_code"])
        member = people.get(code)
        if member is None:
            member = Member(
                union=union,
                member_code=code,
                full_name=values["full_name"],
                gender=genders.get(values.get("gender"), ""),
                birth_year=int(values["birth_year"]) if values.get("birth_year") else None,
                field=values.get("field") or "",
                workplace=values.get("workplace") or "",
                email=values.get("email") or "",
                phone=str(values.get("phone") or ""),
            )
            member.search_text = member.build_search_text()
            people[code] = member
        joined = values["joined_on"]
        if isinstance(joined, datetime.datetime):
            joined = joined.date()
        memberships.append(
            Membership(member=member, society_id=societies[values["society"]], joined_on=joined)
        )
    with transaction.atomic():
        Member.objects.bulk_create(people.values(), batch_size=1000)
        Membership.objects.bulk_create(memberships, batch_size=1000)
    return len(memberships)


def _read_sheet(path: Path) -> list[list]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # the reader of the day before calamine
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _peer_import(path: Path, union: Union) -> None:
    """A django-import-export ModelResource with its defaults (the people only; the file has
    no id column, so people are found by member code), dry run then import."""
    import tablib
    from import_export import resources

    class MemberResource(resources.ModelResource):
        class Meta:
            model = Member
            import_id_fields = ("member_code",)

    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    dataset.append_col([union.id] * len(dataset), header="union")
    resource = MemberResource()
    for dry_run in (True, False):
        result = resource.import_data(dataset, dry_run=dry_run)
        if result.has_errors() or result.has_validation_errors():
            raise RuntimeError(
                f"peer import failed: {result.base_errors or result.row_errors()[:1]}"
            )


def measure_members_import(data: dict, options: dict) -> bench.Result:
    from core.imports import records_import

    from .benchdata import build_members_xlsx

    rows = options["import_rows"]
    stamp = time.time_ns()
    union = Union.objects.create(
        name=f"Liên hiệp hội nhập thử {stamp}", slug=f"bench-import-{stamp}"
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            xlsx = build_members_xlsx(Path(tmp) / "members.xlsx", rows, union)
            english = build_members_xlsx(Path(tmp) / "members-en.xlsx", rows, union, headers="code")
            with CaptureQueriesContext(connection) as dry_queries:
                records_import(kind="members", file=xlsx, union=union, dry_run=True)

            def engine():
                dry = records_import(kind="members", file=xlsx, union=union, dry_run=True)
                real = records_import(kind="members", file=xlsx, union=union)
                assert dry.ok and real.ok, (dry.errors[:3], real.errors[:3])

            with CaptureQueriesContext(connection) as real_queries:
                records_import(kind="members", file=xlsx, union=union)
            _clear(union)

            medians = bench.interleaved(
                {"value": engine, "floor": lambda: _floor_import(xlsx, union)},
                options.get("import_repeat", 3),
                reset=lambda: _clear(union),
            )
            value, floor = medians["value"], medians["floor"]
            peer, _ = bench.timed(lambda: _peer_import(english, union))
    finally:
        _clear(union)
        Society.objects.filter(union=union).delete()
        union.delete()
    return bench.Result(
        name="members_import",
        value=value,
        unit="s",
        queries=len(dry_queries) + len(real_queries),
        floor=bench.Comparison("spreadsheet read + bulk_create, dict lookups", floor),
        peer=bench.Comparison("django-import-export ModelResource, defaults", peer),
        goal=bench.Goal(max_floor_ratio=2, min_peer_speedup=5, max_value=2),
        note=f"{rows} rows, dry run + import, medians of runs taken in turn (the floor: one "
        "pass; the peer, once: dry run + import of the people only)",
    )


# --- members_list --------------------------------------------------------------------------------


def _staff(union: Union) -> User:
    from allauth.mfa.models import Authenticator

    user, _ = User.objects.get_or_create(email="bench-staff@example.test")
    Role.objects.get_or_create(user=user, union=union, kind=RoleKind.STAFF)
    # Staff need two-factor authentication outside DEBUG (config.middleware.StaffMFAMiddleware).
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {}}
    )
    return user


def _cookie(user: User) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measure_members_list(data: dict, options: dict) -> bench.Result | None:
    if options.get("skip_http"):
        return None
    union = data["union"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the import measurement left dead rows behind
            cursor.execute("VACUUM ANALYZE members_member")
            cursor.execute("VACUUM ANALYZE members_membership")
    user = _staff(union)
    cookie = _cookie(user)
    clients, rounds = options["clients"], 3
    seconds = max(2, options["seconds"] // rounds)
    prefixes = {"value": "/members/", "floor": "/bench/members/floor/"}
    if connection.vendor == "postgresql":
        prefixes["peer"] = "/bench/members/peer/"
    loads: dict[str, list[dict]] = {name: [] for name in prefixes}
    with BenchServer() as server:
        # The three in turn, several times: each ratio sees the machine's load of the moment.
        for _ in range(rounds):
            for name, prefix in prefixes.items():
                paths = [f"{prefix}?{query}" for query in SEARCHES]
                loads[name].append(
                    server.load(paths, cookie=cookie, clients=clients, seconds=seconds)
                )
    summary = {
        name: {
            "p95_ms": statistics.median(load["p95_ms"] for load in runs),
            "errors": sum(load["errors"] for load in runs),
            "client": runs[0]["client"],
        }
        for name, runs in loads.items()
    }
    value, floor, peer = summary["value"], summary["floor"], summary.get("peer")
    errors = value["errors"] + floor["errors"] + (peer["errors"] if peer else 0)
    if errors:
        raise RuntimeError(f"members_list: {errors} requests did not answer 200")
    return bench.Result(
        name="members_list",
        value=value["p95_ms"],
        unit="ms",
        queries=_page_queries(user),
        floor=bench.Comparison("raw SQL returning the same page", floor["p95_ms"]),
        peer=bench.Comparison(
            "ListView + __unaccent__icontains",
            peer["p95_ms"] if peer else None,
            "" if peer else "needs PostgreSQL (unaccent)",
        ),
        goal=bench.Goal(max_floor_ratio=2.5, min_peer_speedup=2, max_queries=10, max_value=60),
        note=f"median p95 of {rounds} rounds taken in turn, {clients} clients "
        f"({value['client']}), {options['members']} members, "
        f"searches: {', '.join(fold(unquote_plus(q)) for q in SEARCHES)}",
    )


def measure_members_list_proxy(data: dict, options: dict) -> bench.Result | None:
    """The member list through nginx in front of two app servers, beside one app server."""
    if options.get("skip_http"):
        return None
    cookie = _cookie(_staff(data["union"]))
    clients, rounds = options["clients"], 3
    seconds = max(2, options["seconds"] // rounds)
    paths = [f"/members/?{query}" for query in SEARCHES]
    loads: dict[str, list[dict]] = {"one": [], "two": []}
    with BenchServer(workers=2) as one, BenchServer(workers=2, servers=2) as two:
        for _ in range(rounds):  # in turn: each sees the machine's load of the moment
            for name, server in (("one", one), ("two", two)):
                loads[name].append(
                    server.load(paths, cookie=cookie, clients=clients, seconds=seconds)
                )
    errors = sum(load["errors"] for runs in loads.values() for load in runs)
    if errors:
        raise RuntimeError(f"members_list_proxy: {errors} requests did not answer 200")
    p95 = {name: statistics.median(load["p95_ms"] for load in runs) for name, runs in loads.items()}
    return bench.Result(
        name="members_list_proxy",
        value=p95["two"],
        unit="ms",
        floor=bench.Comparison("one app server, same run", p95["one"]),
        # The proxy hop and a second server on the same cores may cost, but not half again.
        goal=bench.Goal(max_floor_ratio=1.5),
        note=f"two gunicorn (2 workers each) behind nginx vs one gunicorn (2 workers); median "
        f"p95 of {rounds} rounds in turn, {clients} clients ({loads['two'][0]['client']}), "
        f"same searches as members_list",
    )


def _page_queries(user: User) -> int:
    """Queries of one directory page (a search) read in this process, the cache empty."""
    from django.core.cache import cache
    from django.test import Client, override_settings

    client = Client()
    client.force_login(user)
    cache.clear()
    with (
        override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(f"/members/?{SEARCHES[0]}")
    if response.status_code != 200:
        raise RuntimeError(f"members_list: the directory answered {response.status_code}")
    return len(queries)


bench.register(
    "members",
    build=build,
    measures=[measure_members_import, measure_members_list, measure_members_list_proxy],
    after=["associations"],
    urls=[
        path("bench/members/floor/", benchviews.floor_list, name="bench_members_floor"),
        path("bench/members/peer/", benchviews.PeerList.as_view(), name="bench_members_peer"),
    ],
)
