"""Forms of the society portal: a member's details and their membership of one society.

Every error names its field, so it reads clearly also when shown away from the input.
"""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from associations.forms import DateInput, FieldNamedErrorsMixin
from associations.models import Society, Union

from .models import PERSON_DETAIL_FIELDS, Member, Membership
from .selectors import overlapping_membership

BIRTH_YEAR_MIN = 1900
MIN_AGE = 15  # the youngest birth year accepted is this many years before the current one
EARLIEST_DATE = datetime.date(1950, 1, 1)
PHONE_RE = re.compile(r"^[0-9 +().-]{6,30}$")

MEMBER_FIELDS = ["full_name", "member_code", *PERSON_DETAIL_FIELDS]


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def check_membership_date(day: datetime.date | None) -> None:
    """A joining or leaving date: not in the future, not before 1950."""
    if day is None:
        return
    if day > timezone.localdate():
        raise forms.ValidationError(
            _("%(date)s is in the future.") % {"date": _date(day)},
            code="future",
        )
    if day < EARLIEST_DATE:
        raise forms.ValidationError(
            _("Enter a date from %(date)s on.") % {"date": _date(EARLIEST_DATE)},
            code="too_early",
        )


def overlap_message(overlap: Membership) -> str:
    if overlap.left_on:
        period = _("from %(start)s to %(end)s") % {
            "start": _date(overlap.joined_on),
            "end": _date(overlap.left_on),
        }
    else:
        period = _("since %(start)s") % {"start": _date(overlap.joined_on)}
    return _(
        "%(name)s is already a member of this society %(period)s; "
        "the two memberships would overlap."
    ) % {"name": overlap.member.full_name, "period": period}


class MemberForm(FieldNamedErrorsMixin, forms.ModelForm):
    """A person's details. `union` is the union the person belongs to (for the member code)."""

    check_code_taken = True  # a code another person holds is an error

    class Meta:
        model = Member
        fields = MEMBER_FIELDS

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        self.fields["member_code"].help_text = _(
            "The union's code for this person, if any. One person keeps one code in every society."
        )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the person's full name."), code="required")
        return name

    def clean_member_code(self):
        code = (self.cleaned_data.get("member_code") or "").strip()
        if not code:
            return None
        taken = Member.objects.filter(union=self.union, member_code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if self.check_code_taken and taken.exists():
            raise forms.ValidationError(
                _("%(code)s is already used by another person in this union.") % {"code": code},
                code="code_taken",
            )
        return code

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        latest = timezone.localdate().year - MIN_AGE
        if year is not None and not BIRTH_YEAR_MIN <= year <= latest:
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s.")
                % {"first": BIRTH_YEAR_MIN, "last": latest},
                code="birth_year_range",
            )
        return year

    def clean_typical_intellectual_year(self):
        year = self.cleaned_data.get("typical_intellectual_year")
        this_year = timezone.localdate().year
        if year is not None and not 1950 <= year <= this_year:
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s.")
                % {"first": 1950, "last": this_year},
                code="recognition_year_range",
            )
        return year

    def clean_phone(self):
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Use digits, spaces and + ( ) . - only (6 to 30 characters)."),
                code="phone",
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        birth_year = cleaned.get("birth_year")
        recognised = cleaned.get("typical_intellectual_year")
        if birth_year and recognised and recognised < birth_year:
            self.add_error(
                "typical_intellectual_year",
                _("The year recognised is before the birth year."),
            )
        return cleaned


class MemberAddForm(MemberForm):
    """A new member of one society: a new person, or one the union already knows by code."""

    joined_on = forms.DateField(label=gettext_lazy("Joined on"), widget=DateInput())
    check_code_taken = False  # a known code means "this person", not a clash

    field_order = ["joined_on", *MEMBER_FIELDS]

    def __init__(self, *args, society: Society, **kwargs):
        super().__init__(*args, union=society.union, **kwargs)
        self.society = society
        self.existing_member: Member | None = None
        self.fields["joined_on"].initial = timezone.localdate()
        self.fields["member_code"].help_text = _(
            "If a person with this code is already in the union, they are added to this society "
            "and their recorded details are kept; empty details are filled in from this form."
        )

    def clean_joined_on(self):
        joined_on = self.cleaned_data["joined_on"]
        check_membership_date(joined_on)
        return joined_on

    def clean(self):
        cleaned = super().clean()
        code, joined_on = cleaned.get("member_code"), cleaned.get("joined_on")
        if code:
            self.existing_member = Member.objects.filter(
                union=self.society.union, member_code=code
            ).first()
        if self.existing_member and joined_on:
            overlap = overlapping_membership(
                member_id=self.existing_member.pk,
                society_id=self.society.pk,
                joined_on=joined_on,
                left_on=None,
            )
            if overlap:
                self.add_error("joined_on", overlap_message(overlap))
        return cleaned


class MembershipForm(FieldNamedErrorsMixin, forms.ModelForm):
    """Dates of one membership. The instance carries the member and the society."""

    class Meta:
        model = Membership
        fields = ["joined_on", "left_on", "leave_reason"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}

    def clean_joined_on(self):
        joined_on = self.cleaned_data["joined_on"]
        check_membership_date(joined_on)
        return joined_on

    def clean_left_on(self):
        left_on = self.cleaned_data.get("left_on")
        check_membership_date(left_on)
        return left_on

    def clean(self):
        cleaned = super().clean()
        joined_on, left_on = cleaned.get("joined_on"), cleaned.get("left_on")
        reason = (cleaned.get("leave_reason") or "").strip()
        if joined_on and left_on and left_on < joined_on:
            self.add_error(
                "left_on",
                _("The date left (%(left)s) is before the date joined (%(joined)s).")
                % {"left": _date(left_on), "joined": _date(joined_on)},
            )
        if left_on and not reason:
            self.add_error("leave_reason", _("Give a reason when a leaving date is set."))
        if not left_on:
            cleaned["leave_reason"] = ""
        if joined_on and not self.errors:
            overlap = overlapping_membership(
                member_id=self.instance.member_id,
                society_id=self.instance.society_id,
                joined_on=joined_on,
                left_on=left_on,
                exclude_pk=self.instance.pk,
            )
            if overlap:
                self.add_error("joined_on", overlap_message(overlap))
        return cleaned


class MembershipLeaveForm(FieldNamedErrorsMixin, forms.Form):
    left_on = forms.DateField(label=gettext_lazy("Left on"), widget=DateInput())
    leave_reason = forms.CharField(
        label=gettext_lazy("Reason for leaving"),
        max_length=255,
        help_text=gettext_lazy("For example: job transfer, retirement, moved away."),
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["left_on"].initial = timezone.localdate()

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        check_membership_date(left_on)
        if left_on < self.membership.joined_on:
            raise forms.ValidationError(
                _("The date left (%(left)s) is before the date joined (%(joined)s).")
                % {"left": _date(left_on), "joined": _date(self.membership.joined_on)},
                code="left_before_joined",
            )
        return left_on

    def clean_leave_reason(self):
        reason = " ".join(self.cleaned_data["leave_reason"].split())
        if not reason:
            raise forms.ValidationError(_("Give a reason."), code="required")
        return reason
