"""People (Member), their memberships of societies with dates, committee seats, commendations."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations import validators as associations_validators
from associations.models import Society, Term, Union
from core.fields import SortKeyField
from core.text import fold, name_sort_key

from . import validators
from .privacy.models import ConsentMethod, LegalBasis


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Qualification(models.TextChoices):
    DOCTORATE = "doctorate", _("doctorate")
    MASTER = "master", _("master")
    BACHELOR = "bachelor", _("bachelor")
    COLLEGE = "college", _("college")
    VOCATIONAL = "vocational", _("vocational")
    OTHER = "other", _("other")


class AcademicTitle(models.TextChoices):
    PROFESSOR = "professor", _("professor")
    ASSOCIATE_PROFESSOR = "associate_professor", _("associate professor")


# A person's details, in the order forms, exports and imports show them (after name and code).
PERSON_DETAIL_FIELDS = (
    "gender",
    "birth_year",
    "qualification",
    "academic_title",
    "field",
    "workplace",
    "position",
    "email",
    "phone",
    "typical_intellectual_year",
)


class Member(models.Model):
    """A person. Their memberships of societies carry the dates."""

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="members"
    )
    member_code = models.CharField(_("member code"), max_length=50, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    qualification = models.CharField(
        _("qualification"), max_length=20, choices=Qualification, blank=True
    )
    academic_title = models.CharField(
        _("academic title"), max_length=30, choices=AcademicTitle, blank=True
    )
    field = models.CharField(_("field"), max_length=150, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    typical_intellectual_year = models.PositiveSmallIntegerField(
        _("typical intellectual (year recognised)"), null=True, blank=True
    )
    # Personal data (Law 91/2025/QH15): why the data is processed and the person's consent.
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis, default=LegalBasis.CONSENT
    )
    consent_text = models.ForeignKey(
        "members.ConsentText",
        verbose_name=_("consent text"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(
        _("consent given by"), max_length=20, choices=ConsentMethod, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    # A "restrict" request: the record stays but is left out of what needs consent.
    processing_restricted = models.BooleanField(_("processing restricted"), default=False)
    # Set when the person is anonymised: never shown by name anywhere.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    # Given name, then family and middle names, in Vietnamese alphabetical order (core.text).
    sort_name = SortKeyField(source="full_name", key=name_sort_key)
    history = HistoricalRecords(excluded_fields=["search_text", "sort_name"])

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["sort_name", "id"]
        # The directory pages through a union's members in name order.
        indexes = [models.Index(fields=["union", "sort_name", "id"], name="member_union_sort_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "member_code"], name="member_unique_code_per_union"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name", "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        validators.raise_errors(
            validators.person_errors(
                birth_year=self.birth_year,
                typical_intellectual_year=self.typical_intellectual_year,
            )
        )

    def build_search_text(self) -> str:
        return fold(" ".join(filter(None, [self.full_name, self.member_code, self.email])))


class MembershipQuerySet(models.QuerySet):
    @staticmethod
    def active_on_q(day: datetime.date, prefix: str = "") -> Q:
        """A member on `day`: joined on or before it and not left by then (left_on excluded).

        The one definition of "member on a date"; `prefix` reaches memberships through a
        relation ("memberships__" from a society or a member).
        """
        return Q(**{f"{prefix}joined_on__lte": day}) & (
            Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
        )

    def active_on(self, day: datetime.date) -> "MembershipQuerySet":
        return self.filter(self.active_on_q(day))


class Membership(models.Model):
    """A person in one society from joined_on until left_on (exclusive); active when not left."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    society = models.ForeignKey(
        Society, verbose_name=_("society"), on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-joined_on"]
        indexes = [
            models.Index(fields=["society", "joined_on", "left_on"]),
            # "Is this person a member on that date?" answered from the index alone.
            models.Index(
                fields=["member", "joined_on", "left_on"], name="membership_member_dates_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.society}"

    def clean(self):
        try:
            birth_year = self.member.birth_year  # also an unsaved person (admin inline)
        except Member.DoesNotExist:
            birth_year = None
        validators.raise_errors(
            validators.membership_errors(
                joined_on=self.joined_on, left_on=self.left_on, birth_year=birth_year
            )
        )

    @property
    def is_active(self) -> bool:
        return self.left_on is None


# --- committees and commendations (they name a person) ----------------------------------------


class CommitteeBody(models.TextChoices):
    BCH = "bch", _("Executive Committee (BCH)")
    BTV = "btv", _("Standing Committee (BTV)")
    STANDING = "standing", _("Permanent Office (Thường trực)")


class CommitteePosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY = "secretary", _("General secretary")
    MEMBER = "member", _("Member")


class LeaveReason(models.TextChoices):
    TRANSFER = "transfer", _("job transfer")
    RETIREMENT = "retirement", _("retirement")
    RESIGNATION = "resignation", _("resignation")
    DECEASED = "deceased", _("deceased")
    OTHER = "other", _("other")


class CommitteeSeat(models.Model):
    """A seat on the union's committee (society empty) or on a member society's committee."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="committee_seats"
    )
    society = models.ForeignKey(
        Society,
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="committee_seats",
        help_text=_("Empty for the union's own committee."),
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    body = models.CharField(_("body"), max_length=20, choices=CommitteeBody)
    position = models.CharField(_("position"), max_length=20, choices=CommitteePosition)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["term", "body", "position", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="seat_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_position_display()} · {self.get_body_display()}"

    def clean(self):
        period_errors = associations_validators.period_errors
        associations_validators.raise_errors(
            period_errors(start=self.started_on, end=self.ended_on, end_field="ended_on")
        )


class RecipientType(models.TextChoices):
    UNION = "union", _("union")
    SOCIETY = "society", _("society")
    MEMBER = "member", _("member")


class CommendationForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "bang_khen", _("certificate of merit (Bằng khen)")
    CERTIFICATE = "giay_khen", _("certificate of commendation (Giấy khen)")
    EMULATION_FLAG = "co_thi_dua", _("emulation flag (Cờ thi đua)")
    LABOUR_CREATIVITY = "lao_dong_sang_tao", _("labour creativity certificate")
    OTHER = "other", _("other")


class Commendation(models.Model):
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="commendations"
    )
    recipient_type = models.CharField(_("recipient type"), max_length=20, choices=RecipientType)
    society = models.ForeignKey(
        Society,
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    form = models.CharField(_("form"), max_length=30, choices=CommendationForm)
    issuer = models.CharField(_("issuer"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "form"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recipient_type="union", society__isnull=True, member__isnull=True)
                    | Q(recipient_type="society", society__isnull=False, member__isnull=True)
                    | Q(recipient_type="member", society__isnull=True, member__isnull=False)
                ),
                name="commendation_recipient_matches_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.year} · {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        if self.recipient_type == RecipientType.SOCIETY and self.society_id:
            return str(self.society)
        if self.recipient_type == RecipientType.MEMBER and self.member_id:
            return str(self.member)
        return str(self.union)


# The personal-data models (consent texts, the access log, requests) are models of this app.
from .privacy.models import (  # noqa: E402, F401
    ConsentText,
    DataSubjectRequest,
    PersonalDataAccess,
)
