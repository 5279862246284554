"""Synthetic member files for benchmarks and tests.

    build_members_xlsx(path, n, union)  # n membership rows, as staff would fill the template

About one row in ten is a second membership of a person from an earlier row (same member code,
another society), as when a doctor belongs to the health centre's society and to their ward's.
The union's societies are used; when it has none, `ensure_societies` creates 20.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from associations.models import Society, SocietyKind
from core.imports import get_kind
from core.spreadsheets import write_csv, write_xlsx

from .names import full_name

QUALIFICATIONS = ["Tiến sĩ", "Thạc sĩ", "Đại học", "Đại học", "Đại học", "Cao đẳng", "Trung cấp"]
FIELDS = ["Y tế", "Giáo dục", "Nông nghiệp", "Kỹ thuật", "Kinh tế", "Công nghệ thông tin"]
WORKPLACES = [
    "Trung tâm Y tế",
    "Trường THPT",
    "Phòng Nông nghiệp",
    "Công ty cổ phần",
    "UBND phường",
]
SOCIETY_KINDS = [SocietyKind.AGENCY, SocietyKind.SCHOOL, SocietyKind.HEALTH, SocietyKind.ENTERPRISE,
                 SocietyKind.WARD, SocietyKind.COMMUNE]  # fmt: skip


def ensure_societies(union, count: int = 20) -> list[Society]:
    """The union's societies; creates `count` of them when it has none."""
    societies = list(Society.objects.filter(union=union).order_by("name"))
    if societies:
        return societies
    for index in range(1, count + 1):
        kind = SOCIETY_KINDS[index % len(SOCIETY_KINDS)]
        Society.objects.create(
            union=union,
            name=f"Hội Khoa học và Kỹ thuật số {index:02d}",
            kind=kind,
            founded_on=datetime.date(2005, 1, 1),
        )
    return list(Society.objects.filter(union=union).order_by("name"))


def member_rows(n: int, society_names: list[str], seed: int = 0) -> list[list]:
    """`n` rows in the column order of the `members` kind."""
    rng = random.Random(seed)
    columns = [column.key for column in get_kind("members").columns]
    people: list[dict] = []
    rows = []
    for index in range(n):
        if people and index % 10 == 9:
            base = rng.choice(people)
            others = [name for name in society_names if name not in base["_societies"]]
            if not others:
                base = people[-1]
                others = [name for name in society_names if name not in base["_societies"]]
            person = dict(base)
            person["society"] = rng.choice(others)
            base["_societies"].add(person["society"])
            person["joined_on"] = person["joined_on"] + datetime.timedelta(days=rng.randint(1, 900))
            person["_second"] = True
        else:
            number = len(people) + 1
            gender = rng.choice(["male", "female"])
            person = {
                "full_name": full_name(rng, gender),
                "society": rng.choice(society_names),
                "joined_on": datetime.date(2005, 1, 1)
                + datetime.timedelta(days=rng.randint(0, 6500)),
                "member_code": f"HV{number:06d}",
                "gender": {"male": "Nam", "female": "Nữ"}[gender],
                "birth_year": rng.randint(1955, 2000),
                "qualification": rng.choice(QUALIFICATIONS),
                "academic_title": "",
                "field": rng.choice(FIELDS),
                "workplace": rng.choice(WORKPLACES),
                "position": "",
                "email": f"hoivien{number}@example.vn",
                "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
                "left_on": None,
                "leave_reason": "",
                "typical_intellectual_year": None,
            }
            person["_societies"] = {person["society"]}
            people.append(person)
        row = [person.get(key) for key in columns]
        if person.get("_second") and rng.random() < 0.3:
            # Some second rows only repeat the code, name and membership, as people type them.
            keep = {"full_name", "society", "joined_on", "member_code"}
            row = [value if key in keep else None for key, value in zip(columns, row, strict=True)]
        rows.append(row)
    return rows


def build_members_xlsx(path, n: int, union, *, seed: int = 0, headers: str = "vi") -> Path:
    """Write an .xlsx of `n` member rows for `union` (Vietnamese template headers by default)."""
    societies = ensure_societies(union)
    spec = get_kind("members")
    header_row = [column.header(headers) for column in spec.columns]
    rows = member_rows(n, [society.name for society in societies], seed)
    path = Path(path)
    path.write_bytes(write_xlsx(header_row, rows))
    return path


def build_members_csv(path, n: int, union, *, seed: int = 0, headers: str = "code") -> Path:
    """The same rows as CSV UTF-8 (English column names by default)."""
    societies = ensure_societies(union)
    spec = get_kind("members")
    header_row = [column.header(headers) for column in spec.columns]
    rows = member_rows(n, [society.name for society in societies], seed)
    path = Path(path)
    path.write_bytes(write_csv(header_row, rows, style=headers))
    return path
