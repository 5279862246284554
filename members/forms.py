"""Forms of the society portal: a member's details and their membership of one society.

Every error names its field, so it reads clearly also when shown away from the input. What data
may be (birth years, dates) is decided by `members.validators`, through the models' `clean()`;
edit forms carry the record's version (`core.concurrency`).
"""

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from associations import permissions
from associations.forms import DateInput, FieldNamedErrorsMixin
from associations.models import Society, Union
from core.concurrency import VersionedFormMixin
from core.text import sort_key

from . import commendation_services, validators
from .duplicates import Duplicate, likely_duplicates
from .models import PERSON_DETAIL_FIELDS, Commendation, Member, Membership, RecipientType
from .privacy.record import PURPOSES
from .selectors import overlapping_membership

PHONE_RE = re.compile(r"^[0-9 +().-]{6,30}$")

MEMBER_FIELDS = ["full_name", "member_code", *PERSON_DETAIL_FIELDS]


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


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


def code_elsewhere_message() -> str:
    """Said to an officer about a code held outside their societies: nothing about the person."""
    return _(
        "This member code is already used in the union. If it is the person you mean and they "
        "belong to another society, ask the union staff to add them to this society."
    )


class MemberForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    """A person's details. `union` is the union the person belongs to (for the member code)."""

    check_code_taken = True  # a code another person holds is an error

    class Meta:
        model = Member
        fields = MEMBER_FIELDS

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        # Why each detail is asked; all but the name are optional (minimisation).
        for name, purpose in PURPOSES.items():
            if name in self.fields:
                self.fields[name].help_text = purpose
                self.fields[name].required = name == "full_name"
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

    def clean_phone(self):
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Use digits, spaces and + ( ) . - only (6 to 30 characters)."),
                code="phone",
            )
        return phone


def describe(member: Member, *, user=None) -> str:
    """A recorded person as shown to `user` when offered for linking: name, birth year, code and
    the societies of theirs the user may see (all of them for the admin, `user=None`: the admin
    lists only the staff's own union)."""
    parts = [member.full_name]
    if member.birth_year:
        parts.append(_("born %(year)s") % {"year": member.birth_year})
    if member.member_code:
        parts.append(_("code %(code)s") % {"code": member.member_code})
    memberships = member.memberships.select_related("society")
    if user is not None:
        memberships = permissions.scope_memberships(user, memberships)
    societies = ", ".join(sorted({m.society.name for m in memberships}, key=sort_key))
    if societies:
        parts.append(societies)
    return " · ".join(parts)


EXISTING_PERSON = "existing_person"
DIFFERENT_PERSON = "different_person"


class MemberAddForm(MemberForm):
    """A new member of one society: a new person, or one the user may see and link.

    The user links a recorded person by their member code or by choosing them among the likely
    duplicates. An officer may link only people already in one of their own societies; anyone
    else is for the union staff, and the officer is told so without learning who it is. A
    likely duplicate already in this society is refused.
    """

    joined_on = forms.DateField(label=gettext_lazy("Joined on"), widget=DateInput())
    check_code_taken = False  # a known code is checked in clean(): this person, or refused

    field_order = ["joined_on", *MEMBER_FIELDS]

    def __init__(self, *args, society: Society, user, **kwargs):
        super().__init__(*args, union=society.union, **kwargs)
        self.society = society
        self.user = user
        self.existing_member: Member | None = None
        self.fields["joined_on"].initial = timezone.localdate()
        self.fields["member_code"].help_text = _(
            "If the person is already recorded in one of your societies, enter their code: they "
            "are added to this society and their recorded details are kept."
        )
        if self.is_bound:
            self.fields[EXISTING_PERSON] = forms.TypedChoiceField(
                label=gettext_lazy("Recorded person"),
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[DIFFERENT_PERSON] = forms.BooleanField(
                label=gettext_lazy("This is a different person"), required=False
            )
            # The choices are the duplicates found in clean(); accept any id until then.
            self.fields[EXISTING_PERSON].valid_value = lambda value: True

    def may_link(self, member: Member) -> bool:
        """Staff of the union link anyone of it; an officer only people of their own societies."""
        if permissions.can_edit_union(self.user, member.union_id):
            return True
        own = permissions.access_for(self.user).officer_societies
        return member.memberships.filter(society_id__in=own).exists()

    def _in_this_society(self, member: Member, joined_on: datetime.date | None) -> bool:
        memberships = member.memberships.filter(society=self.society)
        if joined_on is not None:
            memberships = memberships.filter(Q(left_on__isnull=True) | Q(left_on__gt=joined_on))
        return memberships.exists()

    def _offer(self, duplicates: list[Duplicate]) -> None:
        field = self.fields[EXISTING_PERSON]
        field.choices = [(d.member.pk, describe(d.member, user=self.user)) for d in duplicates]
        del field.valid_value

    def clean_joined_on(self):
        joined_on = self.cleaned_data["joined_on"]
        error = validators.membership_errors(joined_on=joined_on).get("joined_on")
        if error:
            raise error
        return joined_on

    def clean(self):
        cleaned = super().clean()
        self._identify(cleaned)
        self._drop_unused_fields()
        return cleaned

    def _identify(self, cleaned: dict) -> None:
        """Who is being added: a recorded person the user may link, or a new one."""
        code, joined_on = cleaned.get("member_code"), cleaned.get("joined_on")
        if code:
            known = Member.objects.filter(union=self.society.union, member_code=code).first()
            if known is not None and not self.may_link(known):
                self.add_error("member_code", code_elsewhere_message())
                return
            self.existing_member = known
        if self.existing_member is None:
            self._check_duplicates(cleaned, cleaned.get(EXISTING_PERSON))
        if self.existing_member is not None:
            self._check_birth_year(joined_on)
            self._check_overlap(joined_on)

    def _check_duplicates(self, cleaned: dict, chosen: int | None) -> None:
        duplicates = likely_duplicates(
            union_id=self.society.union_id,
            full_name=cleaned.get("full_name") or "",
            birth_year=cleaned.get("birth_year"),
            email=cleaned.get("email") or "",
            phone=cleaned.get("phone") or "",
        )
        if not duplicates:
            return
        joined_on = cleaned.get("joined_on")
        inside = [d for d in duplicates if self._in_this_society(d.member, joined_on)]
        if inside:
            self.add_error(
                None,
                _(
                    "%(name)s, with the same name and birth year, e-mail or phone, is already a "
                    "member of this society."
                )
                % {"name": inside[0].member.full_name},
            )
            return
        linkable = [d for d in duplicates if self.may_link(d.member)]
        if chosen is not None:
            match = [d.member for d in linkable if d.member.pk == chosen]
            if match:
                self.existing_member = match[0]
                return
        if cleaned.get(DIFFERENT_PERSON):
            return
        hidden = len(linkable) < len(duplicates)
        if hidden:
            self.add_error(
                None,
                _(
                    "A person with the same name and birth year, e-mail or phone is already "
                    "recorded in another society of the union. If it is the same person, ask the "
                    "union staff to add them to this society. If it is a different person, tick "
                    "“This is a different person” and save again."
                ),
            )
        if linkable:
            self._offer(linkable)
            self.add_error(
                None,
                _(
                    "A person with the same name and birth year, e-mail or phone is already "
                    "recorded. Choose them under “Recorded person” to add them to this society, "
                    "or tick “This is a different person” and save again."
                ),
            )

    def _check_birth_year(self, joined_on: datetime.date | None) -> None:
        birth_year = self.existing_member.birth_year or self.cleaned_data.get("birth_year")
        error = validators.membership_errors(joined_on=joined_on, birth_year=birth_year).get(
            "joined_on"
        )
        if error and "joined_on" not in self.errors:
            self.add_error("joined_on", error)

    def _check_overlap(self, joined_on: datetime.date | None) -> None:
        if joined_on is None:
            return
        overlap = overlapping_membership(
            member_id=self.existing_member.pk,
            society_id=self.society.pk,
            joined_on=joined_on,
            left_on=None,
        )
        if overlap:
            self.add_error("joined_on", overlap_message(overlap))

    def _drop_unused_fields(self) -> None:
        """The duplicate choices are shown only when there is something to choose."""
        existing = self.fields.get(EXISTING_PERSON)
        if existing is not None and not existing.choices:
            del self.fields[EXISTING_PERSON]
            if not self.non_field_errors():
                del self.fields[DIFFERENT_PERSON]

    def _post_clean(self):
        super()._post_clean()
        # A new person's joining date and birth year, checked together like a membership's.
        if self.existing_member is None:
            error = validators.membership_errors(
                joined_on=self.cleaned_data.get("joined_on"),
                birth_year=self.cleaned_data.get("birth_year"),
            ).get("joined_on")
            if error and "joined_on" not in self.errors:
                self.add_error("joined_on", error)


class MembershipForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    """Dates of one membership. The instance carries the member and the society."""

    class Meta:
        model = Membership
        fields = ["joined_on", "left_on", "leave_reason"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        joined_on, left_on = cleaned.get("joined_on"), cleaned.get("left_on")
        reason = (cleaned.get("leave_reason") or "").strip()
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
        error = validators.membership_errors(
            joined_on=self.membership.joined_on, left_on=left_on
        ).get("left_on")
        if error:
            raise error
        return left_on

    def clean_leave_reason(self):
        reason = " ".join(self.cleaned_data["leave_reason"].split())
        if not reason:
            raise forms.ValidationError(_("Give a reason."), code="required")
        return reason


class MemberAdminAddForm(forms.ModelForm):
    """The admin's form for a new person: a likely duplicate in the union is named.

    Staff see every person of their union, so the matches are listed; they link the person by
    adding a membership to the recorded person instead, or confirm that this is someone else.
    """

    different_person = forms.BooleanField(
        label=gettext_lazy("This is a different person"), required=False
    )

    class Meta:
        model = Member
        fields = ["union", *MEMBER_FIELDS]

    def clean(self):
        cleaned = super().clean()
        union = cleaned.get("union")
        if union is None or cleaned.get("different_person"):
            return cleaned
        duplicates = likely_duplicates(
            union_id=union.pk,
            full_name=cleaned.get("full_name") or "",
            birth_year=cleaned.get("birth_year"),
            email=cleaned.get("email") or "",
            phone=cleaned.get("phone") or "",
        )
        if duplicates:
            people = "; ".join(describe(d.member) for d in duplicates)
            self.add_error(
                None,
                _(
                    "Likely the same person as: %(people)s. To add them to a society, add a "
                    "membership to the recorded person; if this is a different person, tick "
                    "“This is a different person” and save again."
                )
                % {"people": people},
            )
        return cleaned


class SocietyCommendationForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    """A commendation of one society or of one of its members.

    The people offered are the society's present and former members only; a person chosen by a
    forged id is not among the choices and is refused (and again by the service).
    """

    version_extra_fields = ("society",)

    class Meta:
        model = Commendation
        fields = ["recipient_type", "member", "form", "issuer", "year", "reason"]
        widgets = {"recipient_type": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, society: Society, **kwargs):
        super().__init__(*args, **kwargs)
        self.society = society
        recipient = self.fields["recipient_type"]
        recipient.label = _("Recipient")
        recipient.choices = [
            (RecipientType.SOCIETY, _("The society (%(name)s)") % {"name": society.name}),
            (RecipientType.MEMBER, _("One of its members")),
        ]
        if not self.instance.pk:
            self.initial.setdefault("recipient_type", RecipientType.MEMBER)
        member = self.fields["member"]
        member.queryset = commendation_services.recipient_members(society=society)
        member.required = False
        member.label = pgettext("a person of a society", "Member")
        member.help_text = _("Present and former members of the society.")
        member.label_from_instance = describe_recipient

    def clean_year(self):
        year = self.cleaned_data.get("year")
        error = commendation_services.year_error(year)
        if error:
            raise forms.ValidationError(error, code="year_range")
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recipient_type") == RecipientType.MEMBER:
            if not cleaned.get("member") and "member" not in self.errors:
                self.add_error("member", _("Choose the member who received the commendation."))
        else:
            cleaned["member"] = None
        return cleaned

    def _post_clean(self):
        # The recipient is set and checked by the service; the instance is not validated here
        # with a half-set recipient.
        pass


def describe_recipient(member: Member) -> str:
    if member.birth_year:
        return _("%(name)s (born %(year)s)") % {"name": member.full_name, "year": member.birth_year}
    return member.full_name
