"""The union, its terms and member societies, roles and activities.

Committee seats and commendations name people, so they live in `members`.
"""

import datetime
import re
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import SortKeyField

from . import validators


class EmailUserManager(UserManager):
    """Users log in by e-mail; there is no username."""

    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email


class LocalityKind(models.TextChoices):
    TOWN = "thi_xa", _("town (thị xã)")
    DISTRICT = "huyen", _("rural district (huyện)")
    CITY = "thanh_pho", _("city (thành phố)")
    URBAN_DISTRICT = "quan", _("urban district (quận)")
    PROVINCE = "tinh", _("province (tỉnh)")


# The word the report uses for the locality, always in Vietnamese (the report is Vietnamese).
LOCALITY_WORDS = {
    "thi_xa": "thị xã",
    "huyen": "huyện",
    "thanh_pho": "thành phố",
    "quan": "quận",
    "tinh": "tỉnh",
}


# The words that name a kind of locality, as written in a union's name or its district
# ("Liên hiệp các Hội KH&KT thị xã Nghi Sơn", "Thị xã Nghi Sơn"), matched as whole words.
_LOCALITY_PATTERN = re.compile(
    r"(?<!\w)(thị xã|huyện|thành phố|tp\.|quận|tỉnh)(?!\w)", re.IGNORECASE
)
_LOCALITY_BY_WORD = {
    "thị xã": LocalityKind.TOWN,
    "huyện": LocalityKind.DISTRICT,
    "thành phố": LocalityKind.CITY,
    "tp.": LocalityKind.CITY,
    "quận": LocalityKind.URBAN_DISTRICT,
    "tỉnh": LocalityKind.PROVINCE,
}


def _locality_in(text: str) -> str | None:
    match = _LOCALITY_PATTERN.search(unicodedata.normalize("NFC", text or "").lower())
    return _LOCALITY_BY_WORD[match.group(1)] if match else None


class Union(models.Model):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    locality_kind = models.CharField(
        _("kind of locality"), max_length=20, choices=LocalityKind, default=LocalityKind.DISTRICT
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    intellectuals_estimate = models.PositiveIntegerField(
        _("estimated intellectuals in the area"), null=True, blank=True
    )
    superior_body = models.CharField(
        _("superior body"),
        max_length=255,
        blank=True,
        help_text=_("First line of the report header; the parent union's name when empty."),
    )
    uses_national_motto = models.BooleanField(
        _("uses the national motto"),
        default=True,
        help_text=_("Print the national motto in the right column of document headers."),
    )
    sort_name = SortKeyField(source="name")  # Vietnamese alphabetical order (core.text)
    history = HistoricalRecords(excluded_fields=["sort_name"])

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["sort_name", "id"], name="union_sort_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    @staticmethod
    def infer_locality_kind(*, name: str, district: str = "") -> str:
        """The kind of locality the data already says, when nobody gave it.

        The district ("Thị xã Nghi Sơn") says it first, then the union's name ("… thị xã Nghi
        Sơn"); with neither naming a kind, a rural district (huyện), the most common one.
        """
        return _locality_in(district) or _locality_in(name) or LocalityKind.DISTRICT

    @property
    def locality_word(self) -> str:
        return LOCALITY_WORDS.get(self.locality_kind, "")

    @property
    def header_superior_body(self) -> str:
        if self.superior_body:
            return self.superior_body
        return self.parent.name if self.parent_id else ""


class Term(models.Model):
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.CASCADE, related_name="terms"
    )
    congress_number = models.PositiveSmallIntegerField(
        _("congress number"), help_text=_("The congress that opened this term, e.g. 4 for IV.")
    )
    label = models.CharField(_("label"), max_length=20, help_text=_('For example "2018 - 2023".'))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["union", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["union", "label"], name="term_unique_label"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return _("Term %(label)s") % {"label": self.label}

    def clean(self):
        validators.raise_errors(
            validators.period_errors(
                start=self.starts_on, end=self.ends_on, end_field="ends_on", same_day=False
            )
        )

    @property
    def congress_roman(self) -> str:
        return to_roman(self.congress_number)


def to_roman(number: int) -> str:
    numerals = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]  # fmt: skip
    out = []
    for value, numeral in numerals:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


class SocietyKind(models.TextChoices):
    AGENCY = "agency", _("agency")
    ENTERPRISE = "enterprise", _("enterprise")
    SCHOOL = "school", _("school")
    HEALTH = "health", _("health")
    WARD = "ward", _("ward")
    COMMUNE = "commune", _("commune")
    OTHER = "other", _("other")


class Block(models.TextChoices):
    INSTITUTIONAL = "institutional", _("agencies, enterprises and schools")
    LOCAL = "local", _("wards and communes")


LOCAL_KINDS = frozenset({SocietyKind.WARD, SocietyKind.COMMUNE})


class SocietyQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "SocietyQuerySet":
        return self.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=day),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
        )

    def in_block(self, block: str) -> "SocietyQuerySet":
        if block == Block.LOCAL:
            return self.filter(kind__in=LOCAL_KINDS)
        return self.exclude(kind__in=LOCAL_KINDS)


class Society(models.Model):
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="societies"
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=SocietyKind)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    sort_name = SortKeyField(source="name")  # Vietnamese alphabetical order (core.text)
    history = HistoricalRecords(excluded_fields=["sort_name"])

    objects = SocietyQuerySet.as_manager()

    class Meta:
        verbose_name = _("member society")
        verbose_name_plural = _("member societies")
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["union", "sort_name", "id"], name="society_union_sort_idx")]
        constraints = [
            models.UniqueConstraint(fields=["union", "name"], name="society_unique_name"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gt=models.F("founded_on")),
                name="society_dissolved_after_founded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def clean(self):
        validators.raise_errors(
            validators.period_errors(
                start=self.founded_on,
                end=self.dissolved_on,
                end_field="dissolved_on",
                same_day=False,
            )  # fmt: skip
        )

    @property
    def block(self) -> str:
        return Block.LOCAL if self.kind in LOCAL_KINDS else Block.INSTITUTIONAL

    def get_block_display(self) -> str:
        return Block(self.block).label


class RoleKind(models.TextChoices):
    STAFF = "staff", _("union staff")
    LEADERSHIP = "leadership", _("leadership")
    OFFICER = "officer", _("society officer")
    EXPERT = "expert", _("expert")
    JUDGE = "judge", _("judge")


class Role(models.Model):
    """What a user may do in one union. Society officers are bound to their societies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind)
    societies = models.ManyToManyField(
        Society,
        verbose_name=_("societies"),
        blank=True,
        related_name="officer_roles",
        help_text=_("For society officers: the societies they keep."),
    )
    history = HistoricalRecords(m2m_fields=[societies])

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "union", "kind"], name="role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.union}"


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("training")
    WORKSHOP = "workshop", _("workshop")
    COMMUNICATION = "communication", _("communication")
    PUBLICATION = "publication", _("publication")
    COOPERATION = "cooperation", _("cooperation")
    FUNDRAISING = "fundraising", _("fundraising and charity")
    DEMONSTRATION = "demonstration", _("demonstration model")
    OTHER = "other", _("other")


class Activity(models.Model):
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="activities"
    )
    society = models.ForeignKey(
        Society,
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("Empty for the union's own activities."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind)
    title = models.CharField(_("title"), max_length=500)
    held_on = models.DateField(_("date"))
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount raised (VND)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["union", "held_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        validators.raise_errors(validators.activity_errors(held_on=self.held_on))


def attachment_path(instance: "ActivityAttachment", filename: str) -> str:
    return f"activities/{instance.activity_id}/{filename}"


class ActivityAttachment(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
