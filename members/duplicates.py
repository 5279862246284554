"""Likely duplicate people: one detector for the portal, the admin and (later) the import.

A candidate person is *likely the same* as a recorded member of the same union when
- the full name matches ignoring accents, case and spacing, and the birth year is the same, or
- the e-mail matches (case ignored), or
- the phone matches (digits only; +84 and a leading 0 are the same prefix).

`likely_duplicates` is a plain function of the candidate's values, so any caller (a form, the
admin, an import row) can use it. It returns the matching people with why they match; what a
user may be told about them is the caller's business (an officer never learns who they are
outside their own societies).
"""

import re
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
    found: dict[int, tuple[Member, list[str]]] = {}
    if conditions:
        for member in members.filter(conditions):
            reasons = []
            same_year = name and birth_year and member.birth_year == birth_year
            if same_year and fold(member.full_name) == name:
                reasons.append("name_birth_year")
            if email and member.email.lower() == email:
                reasons.append("email")
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
