"""Personal data models: the consent text, who looked at a person's data, the data subject's
requests. The consent fields of a person live on `members.Member` (legal basis, consent given,
withdrawn, processing restricted, anonymised).

Imported at the end of `members/models.py`, so these are models of the `members` app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Union


class LegalBasis(models.TextChoices):
    """Why the union processes a person's data (Law 91/2025/QH15, consent and its exceptions)."""

    CONSENT = "consent", _("Consent of the data subject")
    CONTRACT = "contract", _("Performance of a contract / the society's charter")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    OTHER = "other", _("Other")


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("Signed paper form")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    IMPORT = "import", _("Imported from a file")


class ConsentText(models.Model):
    """One version of the text a person consents to; a new version never changes an old one."""

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="consent_texts"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"))
    purpose = models.TextField(_("purpose of processing"))
    effective_from = models.DateField(_("effective from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["union", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "version"], name="consent_text_unique_version_per_union"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed the person's page")
    EXPORT = "export", _("exported a list or file")
    SUBJECT_EXPORT = "subject_export", _("produced the person's data")


class PersonalDataAccess(models.Model):
    """Who looked at or exported a person's data. Outlives the person's identity (SET_NULL)."""

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_accesses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["member", "-at", "-id"], name="data_access_member_at_idx"),
            models.Index(fields=["union", "-at", "-id"], name="data_access_union_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_action_display()}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("see the data")
    RECTIFY = "rectify", _("correct the data")
    RESTRICT = "restrict", _("restrict processing")
    WITHDRAW = "withdraw", _("withdraw consent")
    ERASE = "erase", _("erase the data")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    REFUSED = "refused", _("refused")


class DataSubjectRequest(models.Model):
    """A person's request about their data, with the deadline the law sets (working days)."""

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=RequestKind)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=100, blank=True)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus, default=RequestStatus.OPEN
    )
    due_on = models.DateField(_("due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["union", "status", "due_on"], name="data_request_union_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.received_on:%d/%m/%Y}"
