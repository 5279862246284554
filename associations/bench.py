"""Benchmark data of the union (registered with core.bench): a synthetic province.

One union with two terms (2018 - 2023 and 2024 - 2029), `--societies` societies of every kind
and `--activities` activities over five years. Made once per database (slug bench-province);
members/bench.py adds the people.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from core import bench

from .models import Activity, ActivityKind, Society, SocietyKind, Term, Union

BENCH_SLUG = "bench-province"
KINDS = [SocietyKind.AGENCY, SocietyKind.ENTERPRISE, SocietyKind.SCHOOL, SocietyKind.HEALTH,
         SocietyKind.WARD, SocietyKind.COMMUNE]  # fmt: skip


def build(data: dict, options: dict) -> None:
    union = Union.objects.filter(slug=BENCH_SLUG).first()
    if union is None:
        union = _create(societies=options["societies"], activities=options["activities"])
    data["union"] = union
    data["societies"] = list(Society.objects.filter(union=union).order_by("id"))


def _create(*, societies: int, activities: int) -> Union:
    rng = random.Random(7)
    with transaction.atomic():
        union = Union.objects.create(
            name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thử Nghiệm",
            slug=BENCH_SLUG,
            locality_kind="tinh",
            province="Thử Nghiệm",
            district="Thử Nghiệm",
        )
        for number, label, start, end in (
            (4, "2018 - 2023", datetime.date(2018, 7, 1), datetime.date(2023, 12, 31)),
            (5, "2024 - 2029", datetime.date(2024, 1, 1), datetime.date(2029, 12, 31)),
        ):
            Term.objects.create(
                union=union, congress_number=number, label=label, starts_on=start, ends_on=end
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
    return union


bench.register("associations", build=build)
