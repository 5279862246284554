""" "See my data": everything the portal holds about one person, as a PDF and an XLSX.

The PDF goes through core.pdf (WeasyPrint may fetch only the portal's static files)."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import spreadsheets
from core.pdf import SCHEME, html_to_pdf

from ..models import PERSON_DETAIL_FIELDS, Member


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _date(value) -> str:
    return date_format(value, "d/m/Y") if value else "—"


def _value(member: Member, name: str) -> str:
    field = member._meta.get_field(name)
    if field.choices:
        return getattr(member, f"get_{name}_display")() or "—"
    value = getattr(member, name)
    return "—" if value in (None, "") else str(value)


def subject_sections(member: Member) -> list[Section]:
    """The person's data, section by section, with Vietnamese headings (gettext)."""
    label = lambda name: str(Member._meta.get_field(name).verbose_name).capitalize()  # noqa: E731
    field_header = (_("Item"), _("Value"))
    details = [
        (label("full_name"), member.full_name),
        (label("member_code"), member.member_code or "—"),
    ]
    details += [(label(name), _value(member, name)) for name in PERSON_DETAIL_FIELDS]
    details.append((_("Union"), member.union.name))
    consent = [
        (label("legal_basis"), member.get_legal_basis_display()),
        (
            label("consent_text"),
            str(member.consent_text) if member.consent_text_id else "—",
        ),
        (label("consent_given_on"), _date(member.consent_given_on)),
        (label("consent_method"), member.get_consent_method_display() or "—"),
        (
            label("consent_recorded_by"),
            (
                member.consent_recorded_by.get_full_name()
                or member.consent_recorded_by.get_username()
            )
            if member.consent_recorded_by_id
            else "—",
        ),
        (label("consent_withdrawn_on"), _date(member.consent_withdrawn_on)),
        (label("processing_restricted"), _("yes") if member.processing_restricted else _("no")),
    ]
    memberships = [
        (m.society.name, _date(m.joined_on), _date(m.left_on), m.leave_reason or "—")
        for m in member.memberships.select_related("society").order_by("joined_on", "pk")
    ]
    seats = [
        (
            str(seat.term),
            seat.society.name if seat.society_id else member.union.name,
            seat.get_body_display(),
            seat.get_position_display(),
            _date(seat.started_on),
            _date(seat.ended_on),
        )
        for seat in member.committee_seats.select_related("term", "society").order_by(
            "started_on", "pk"
        )
    ]
    commendations = [
        (str(c.year), c.get_form_display(), c.issuer, c.reason or "—")
        for c in member.commendations.order_by("year", "pk")
    ]
    requests = [
        (r.get_kind_display(), _date(r.received_on), r.get_status_display(), _date(r.answered_on))
        for r in member.data_requests.order_by("received_on", "pk")
    ]
    accesses = [
        (
            date_format(timezone.localtime(a.at), "d/m/Y H:i"),
            a.get_action_display(),
            (a.user.get_full_name() or a.user.get_username()) if a.user_id else "—",
        )
        for a in member.data_accesses.select_related("user").order_by("at", "pk")
    ]
    return [
        Section(_("Personal details"), field_header, details),
        Section(_("Legal basis and consent"), field_header, consent),
        Section(
            _("Memberships"), (_("Society"), _("Joined on"), _("Left on"), _("Reason")), memberships
        ),
        Section(
            _("Committee seats"),
            (_("Term"), _("Committee of"), _("Body"), _("Position"), _("From"), _("To")),
            seats,
        ),
        Section(
            _("Commendations"), (_("Year"), _("Form"), _("Issuer"), _("Reason")), commendations
        ),
        Section(
            _("Requests about personal data"),
            (_("Kind of request"), _("Received on"), _("Status"), _("Answered on")),
            requests,
        ),
        Section(_("Who looked at the data"), (_("At"), _("Action"), _("User")), accesses),
    ]


def subject_pdf(member: Member) -> bytes:
    html = render_to_string(
        "members/privacy/subject_export_pdf.html",
        {
            "member": member,
            "sections": subject_sections(member),
            "made_on": timezone.localdate(),
            "static_base": SCHEME,
        },
    )
    return html_to_pdf(html)


def subject_xlsx(member: Member) -> bytes:
    """One sheet: section, then the section's columns, row after row."""
    rows: list[list[str]] = []
    for section in subject_sections(member):
        rows.append([section.title.upper()])
        rows.append(list(section.header))
        rows.extend(list(row) for row in section.rows)
        if not section.rows:
            rows.append([_("Nothing recorded.")])
        rows.append([])
    return spreadsheets.write_xlsx(
        [_("Personal data of %(name)s") % {"name": member.full_name}],
        rows,
        title=_("Personal data"),
    )
