"""Who the rows of a `members` import are: the person a row stands for, and the people who look
like another person of the union or of the file (`members.duplicates`). The rules are given in
`members.imports.people`.
"""

from __future__ import annotations

from django.utils.translation import gettext

from core.imports import Context, Row, norm
from members.duplicates import DuplicateIndex, identity_keys


class Person:
    __slots__ = ("key", "code", "triple", "first_row", "values", "value_rows", "member_id",
                 "changed", "rows")  # fmt: skip

    def __init__(self, key, code: str, triple: tuple, row: Row, fields: list[str]):
        self.key = key
        self.code = code
        self.triple = triple
        self.first_row = row.number
        self.values = {name: row.values[name] for name in fields}
        self.value_rows = dict.fromkeys(fields, row.number)
        self.member_id: int | None = None
        self.changed: list[str] = []
        self.rows: list[Row] = [row]


def person_triple(values: dict) -> tuple:
    return (
        norm(values["full_name"]),
        values.get("birth_year"),
        (values.get("email") or "").lower(),
    )


_COLUMN = {"name_birth_year": "full_name", "email": "email", "phone": "phone"}


def _identity(data: dict) -> dict[str, object]:
    return identity_keys(
        full_name=data.get("full_name") or "",
        birth_year=data.get("birth_year"),
        email=data.get("email") or "",
        phone=data.get("phone") or "",
    )


def _same(reason: str) -> str:
    return {
        "name_birth_year": gettext("same full name and birth year"),
        "email": gettext("same e-mail"),
        "phone": gettext("same phone number"),
    }[reason]


def refuse_likely_duplicates(
    ctx: Context, people: dict[tuple, Person], records: dict[int, tuple[str, dict]]
) -> None:
    """Refuse a person who is not a recorded one by code (or by name, birth year and
    e-mail) but looks like one (`members.duplicates`: same folded name and birth year, same
    e-mail or same phone), or like another person of the file. Two people who both have a
    member code are two people by the union's own numbering (namesakes born the same year
    are common) and are not refused. Recorded values a row keeps are not checked again: the
    file is not blamed for what is already on record. Everything is compared in memory
    against the union's people, read once."""
    recorded = DuplicateIndex()
    for pk, (_code, data) in records.items():
        recorded.add(pk, _identity(data))
    in_file = DuplicateIndex()
    checked: list[tuple[Person, dict]] = []
    codes: dict[tuple, str] = {}
    for person in people.values():
        if person.rows[0].number in ctx.bad_rows:
            continue
        own_code, own = records[person.member_id] if person.member_id is not None else ("", {})
        codes[person.key] = person.code or own_code
        keys = _identity({**own, **person.values})
        if person.member_id is not None:
            kept = _identity(own)
            keys = {reason: key for reason, key in keys.items() if kept.get(reason) != key}
        in_file.add(person.key, keys)
        checked.append((person, keys))
    rows = {person.key: person.first_row for person in people.values()}
    for person, keys in checked:
        coded = bool(codes[person.key])
        for reason, pk in recorded.find(keys, exclude=person.member_id):
            name = records[pk][1]["full_name"]
            code = records[pk][0]
            if coded and code:
                continue
            if code:
                message = gettext(
                    "%(same)s as the recorded member «%(name)s» (member code %(code)s): "
                    "likely the same person; if it is them, give that member code"
                ) % {"same": _same(reason), "name": name, "code": code}
            else:
                message = gettext(
                    "%(same)s as the recorded member «%(name)s»: likely the same person; "
                    "if it is them, give the full name, birth year and e-mail as recorded"
                ) % {"same": _same(reason), "name": name}
            ctx.error(person.first_row, _COLUMN[reason], message, "likely_duplicate")
            break
        else:
            for reason, other in in_file.find(keys, exclude=person.key):
                if rows[other] > person.first_row or (coded and codes[other]):
                    continue  # said on the later row of the two; two codes, two people
                message = gettext(
                    "%(same)s as row %(row)d: likely the same person; if so, give both rows "
                    "the same member code"
                ) % {"same": _same(reason), "row": rows[other]}
                ctx.error(person.first_row, _COLUMN[reason], message, "likely_duplicate")
                break
