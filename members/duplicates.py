"""Likely duplicate people: one detector for the portal, the admin and the import.

A candidate person is *likely the same* as a recorded member of the same union when
- the full name matches ignoring accents, case and spacing, and the birth year is the same, or
- the e-mail matches (case ignored), or
- the phone matches (digits only; +84 and a leading 0 are the same prefix).

`likely_duplicates` is a plain function of the candidate's values, so any caller (a form, the
admin) can use it; `DuplicateIndex` applies the same rule (`identity_keys`) to many people at
once, in memory, for an import that checks a whole file against the union in one query.
`likely_duplicates` returns the matching people with why they match; what a user may be told
about them is the caller's business (an officer never learns who they are outside their own
societies).
"""

import re
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import F, Q, Value
from django.db.models.functions import Replace

from core.text import fold

from .models import Member

_NOT_DIGITS = re.compile(r"\D")
PHONE_TAIL = 9  # Vietnamese numbers without their prefix: 9 digits


def phone_digits(phone: str | None) -> str:
    """The comparable part of a phone number: its digits, +84 / 84 / 0 prefix removed."""
    digits = _NOT_DIGITS.sub("", phone or "")
    if digits.startswith("84") and len(digits) > 10:
        digits = digits[2:]
    return digits.lstrip("0")


REASONS = ("name_birth_year", "email", "phone")


def identity_keys(
    *,
    full_name: str = "",
    birth_year: int | None = None,
    email: str = "",
    phone: str = "",
) -> dict[str, object]:
    """What makes two people likely the same, by reason: two people sharing any key match."""
    keys: dict[str, object] = {}
    name = fold(full_name)
    if name and birth_year:
        keys["name_birth_year"] = (name, birth_year)
    email = (email or "").strip().lower()
    if email:
        keys["email"] = email
    digits = phone_digits(phone)
    if len(digits) >= 6:
        keys["phone"] = digits
    return keys


class DuplicateIndex:
    """Many people by their identity keys, to find likely duplicates without a query each."""

    def __init__(self):
        self._by_key: dict[tuple[str, object], list[Hashable]] = defaultdict(list)

    def add(self, ident: Hashable, keys: dict[str, object]) -> None:
        for reason, key in keys.items():
            self._by_key[(reason, key)].append(ident)

    def find(self, keys: dict[str, object], *, exclude: Hashable = None) -> list[tuple]:
        """(reason, ident) of the indexed people sharing a key, in REASONS order."""
        return [
            (reason, ident)
            for reason in REASONS
            if reason in keys
            for ident in self._by_key.get((reason, keys[reason]), ())
            if ident != exclude
        ]


@dataclass(frozen=True)
class Duplicate:
    member: Member
    reasons: tuple[str, ...]  # "name_birth_year", "email", "phone"


def likely_duplicates(
    *,
    union_id: int,
    full_name: str = "",
    birth_year: int | None = None,
    email: str = "",
    phone: str = "",
    exclude_pk: int | None = None,
) -> list[Duplicate]:
    """Recorded members of the union likely to be the candidate person. Two queries at most."""
    name = fold(full_name)
    email = (email or "").strip().lower()
    digits = phone_digits(phone)
    conditions = Q()
    if name and birth_year:
        conditions |= Q(birth_year=birth_year)
    if email:
        conditions |= Q(email__iexact=email)
    members = Member.objects.filter(union_id=union_id)
    if exclude_pk is not None:
        members = members.exclude(pk=exclude_pk)
    wanted = identity_keys(full_name=full_name, birth_year=birth_year, email=email)
    found: dict[int, tuple[Member, list[str]]] = {}
    if conditions:
        for member in members.filter(conditions):
            keys = identity_keys(
                full_name=member.full_name, birth_year=member.birth_year, email=member.email
            )
            reasons = [reason for reason, key in wanted.items() if keys.get(reason) == key]
            if reasons:
                found[member.pk] = (member, reasons)
    if len(digits) >= 6:
        expression = F("phone")
        for char in " .-+()":
            expression = Replace(expression, Value(char))
        tail = digits[-PHONE_TAIL:]
        for member in members.annotate(phone_plain=expression).filter(phone_plain__endswith=tail):
            if phone_digits(member.phone) == digits:
                found.setdefault(member.pk, (member, []))[1].append("phone")
    return [
        Duplicate(member=member, reasons=tuple(reasons))
        for member, reasons in sorted(found.values(), key=lambda item: item[0].pk)
    ]
