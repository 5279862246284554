"""Consent: versioned consent texts and the consent recorded on a person."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q

from core.concurrency import Version, lock_and_check

from .models import ConsentText, LegalBasis


def consent_q(prefix: str = "") -> Q:
    """People whose data may go into exports that need consent: a legal basis other than
    consent, or consent given and not withdrawn; never restricted nor anonymised."""
    p = prefix
    return (
        Q(**{f"{p}processing_restricted": False, f"{p}anonymised_at__isnull": True})
        & Q(**{f"{p}consent_withdrawn_on__isnull": True})
        & (
            ~Q(**{f"{p}legal_basis": LegalBasis.CONSENT})
            | Q(**{f"{p}consent_given_on__isnull": False})
        )
    )


def without_consent_q() -> Q:
    """People recorded on consent without having given it (or with it withdrawn)."""
    return Q(legal_basis=LegalBasis.CONSENT) & (
        Q(consent_given_on__isnull=True) | Q(consent_withdrawn_on__isnull=False)
    )


@transaction.atomic
def consent_text_create(
    *, union, title: str, body: str, purpose: str, effective_from, user=None
) -> ConsentText:
    """A new version of the union's consent text; earlier versions stay as they were."""
    # Lock the union's texts so two new versions at once cannot take the same number.
    list(ConsentText.objects.select_for_update().filter(union=union).values_list("pk"))
    latest = ConsentText.objects.filter(union=union).aggregate(v=Max("version"))["v"] or 0
    return ConsentText.objects.create(
        union=union,
        version=latest + 1,
        title=title,
        body=body,
        purpose=purpose,
        effective_from=effective_from,
        created_by=user,
    )


CONSENT_FIELDS = (
    "legal_basis",
    "consent_text",
    "consent_given_on",
    "consent_method",
    "consent_withdrawn_on",
)


def member_consent_update(*, member, data: dict, user, version: Version | None):
    """Record a person's legal basis and consent; who recorded it is the current user."""
    from members.models import Member

    with transaction.atomic():
        locked = lock_and_check(Member.objects, member.pk, version)
        changed = any(getattr(locked, name) != data[name] for name in CONSENT_FIELDS)
        for name in CONSENT_FIELDS:
            setattr(locked, name, data[name])
        if changed:
            locked.consent_recorded_by = user
        locked.save()
    return locked
