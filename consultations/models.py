"""Consultation, critique and social-assessment tasks (tư vấn, phản biện và giám định xã hội).

Local government sends the union a draft to comment on; the union picks experts, collects their
opinions and sends back one consolidated opinion (the official letter) by the deadline, then
records which recommendations the requesting body adopted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from associations.models import Union
from core.fields import SearchTextField, SortKeyField


class TaskType(models.TextChoices):
    CONSULTATION = "consultation", pgettext_lazy("consultation type", "consultation")
    CRITIQUE = "critique", pgettext_lazy("consultation type", "critique")
    SOCIAL_ASSESSMENT = "social_assessment", pgettext_lazy("consultation type", "social assessment")


class TaskStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("consultation status", "received")
    ASSIGNED = "assigned", pgettext_lazy("consultation status", "assigned")
    IN_REVIEW = "in_review", pgettext_lazy("consultation status", "in review")
    DRAFTING = "drafting", pgettext_lazy("consultation status", "drafting the consolidated opinion")
    APPROVED = "approved", pgettext_lazy("consultation status", "approved")
    DELIVERED = "delivered", pgettext_lazy("consultation status", "delivered")
    CLOSED = "closed", pgettext_lazy("consultation status", "closed")
    CANCELLED = "cancelled", pgettext_lazy("consultation status", "cancelled")


# Statuses after which a task's opinion has gone out (or never will).
FINAL_STATUSES = (TaskStatus.CLOSED, TaskStatus.CANCELLED)
DONE_STATUSES = (TaskStatus.DELIVERED, TaskStatus.CLOSED)


class Adoption(models.TextChoices):
    PENDING = "pending", pgettext_lazy("recommendation adoption", "no answer yet")
    ADOPTED = "adopted", pgettext_lazy("recommendation adoption", "adopted")
    PARTLY = "partly", pgettext_lazy("recommendation adoption", "partly adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("recommendation adoption", "not adopted")


class DocumentKind(models.TextChoices):
    INPUT = "input", _("draft under review")
    FINAL = "final", _("consolidated opinion")


class AccessWhat(models.TextChoices):
    DOWNLOAD = "download", _("download")
    REFUSED = "refused", _("refused")


class ConsultationTask(models.Model):
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="consultation_tasks"
    )
    title = models.CharField(_("title of the draft under review"), max_length=500)
    type = models.CharField(_("type"), max_length=20, choices=TaskType)
    requesting_body = models.CharField(_("requesting body"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus, default=TaskStatus.RECEIVED
    )
    confidential = models.BooleanField(_("confidential"), default=True)
    summary = models.TextField(_("consolidated opinion"), blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    # Past tasks imported without itemised recommendations; used only when there are none.
    imported_recommendations = models.PositiveSmallIntegerField(
        _("recommendations (imported)"), null=True, blank=True
    )
    imported_adopted = models.PositiveSmallIntegerField(
        _("recommendations adopted (imported)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sort_title = SortKeyField(source="title")
    # What the task list's search looks in, accents folded (core.text.fold).
    search_text = SearchTextField(source=("title", "requesting_body"))
    history = HistoricalRecords(excluded_fields=["sort_title", "search_text"])

    class Meta:
        verbose_name = _("consultation task")
        verbose_name_plural = _("consultation tasks")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["union", "received_on"], name="ctask_union_received_idx"),
            models.Index(fields=["union", "status", "due_on"], name="ctask_union_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class TaskTransition(models.Model):
    task = models.ForeignKey(
        ConsultationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=TaskStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=TaskStatus)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ExpertAssignment(models.Model):
    task = models.ForeignKey(
        ConsultationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="consultation_assignments",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_assignments",
    )
    lead = models.BooleanField(_("lead expert"), default=False)
    due_on = models.DateField(_("opinion due on"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["-lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "expert"], name="cassign_unique_expert"),
            models.UniqueConstraint(
                fields=["task"], condition=Q(lead=True), name="cassign_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.task}"


def opinion_path(instance: "Opinion", filename: str) -> str:
    return f"consultations/opinions/{instance.assignment_id}/{filename}"


class Opinion(models.Model):
    assignment = models.OneToOneField(
        ExpertAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="opinion",
    )
    text = models.TextField(_("opinion"), blank=True)
    file = models.FileField(_("file"), upload_to=opinion_path, max_length=500, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")

    def __str__(self) -> str:
        return str(self.assignment)


def document_path(instance: "TaskDocument", filename: str) -> str:
    return f"consultations/documents/{instance.task_id}/{filename}"


class TaskDocument(models.Model):
    task = models.ForeignKey(
        ConsultationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=DocumentKind, default=DocumentKind.INPUT
    )
    title = models.CharField(_("title"), max_length=500)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=document_path, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task document")
        verbose_name_plural = _("task documents")
        ordering = ["kind", "title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "title", "version"], name="cdoc_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class DocumentAccess(models.Model):
    document = models.ForeignKey(
        TaskDocument,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accesses",
    )
    task = models.ForeignKey(
        ConsultationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="document_accesses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    what = models.CharField(_("what"), max_length=10, choices=AccessWhat)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("document access")
        verbose_name_plural = _("document accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["task", "at"], name="cdocaccess_task_at_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.what} · {self.at}"


class Recommendation(models.Model):
    task = models.ForeignKey(
        ConsultationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    adoption = models.CharField(
        _("adoption"), max_length=20, choices=Adoption, default=Adoption.PENDING
    )
    answer = models.TextField(_("the requesting body's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["task", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task", "number"], name="crec_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class ConsultationPlan(models.Model):
    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.PROTECT, related_name="consultation_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    planned_topics = models.PositiveSmallIntegerField(_("planned topics"), default=1)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation plan")
        verbose_name_plural = _("consultation plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="cplan_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.union} · {self.year}"


class PlannedTopic(models.Model):
    plan = models.ForeignKey(
        ConsultationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=500)
    requesting_body = models.CharField(_("requesting body"), max_length=255, blank=True)
    task = models.ForeignKey(
        ConsultationTask,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_topics",
        help_text=_("The task that carried this topic out."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned topic")
        verbose_name_plural = _("planned topics")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.title


def letter_path(instance: "OpinionLetter", filename: str) -> str:
    return f"consultations/letters/{instance.task_id}/{filename}"


class OpinionLetter(models.Model):
    task = models.ForeignKey(
        ConsultationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="letters",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    document_number = models.CharField(_("document number"), max_length=100)
    addressee = models.CharField(_("addressee"), max_length=500)
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    signer_title = models.CharField(_("signer's title"), max_length=255)
    signer_name = models.CharField(_("signer's name"), max_length=255)
    recipients_text = models.TextField(_("recipients"), blank=True)
    body = models.TextField(_("body"), blank=True)
    file = models.FileField(_("file"), upload_to=letter_path, max_length=500)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    figures = models.JSONField(_("frozen content"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion letter")
        verbose_name_plural = _("opinion letters")
        ordering = ["task", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["task", "number"], name="cletter_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} (v{self.number})"


# --- letter ---


class LetterDraft(models.Model):
    """What staff type for a task's next opinion letter; each generation freezes it into a new
    OpinionLetter version (number, file, checksum, frozen content)."""

    task = models.OneToOneField(
        ConsultationTask,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="letter_draft",
    )
    document_number = models.CharField(
        _("document number"), max_length=100, help_text=_('For example "12/LHH-PB".')
    )
    addressee = models.CharField(
        _("addressee"), max_length=500, help_text=_("One addressee a line.")
    )
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    signer_on_behalf = models.CharField(
        _("signing on behalf of"), max_length=255, blank=True, default="TM. BAN THƯỜNG TRỰC"
    )
    signer_title = models.CharField(_("signer's title"), max_length=255)
    signer_name = models.CharField(_("signer's name"), max_length=255)
    recipients_text = models.TextField(_("recipients"), blank=True, help_text=_("One a line."))
    body = models.TextField(
        _("content of the letter"),
        blank=True,
        help_text=_("The consolidated opinion, one paragraph a line; the recommendations follow."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion letter draft")
        verbose_name_plural = _("opinion letter drafts")

    def __str__(self) -> str:
        return f"{self.document_number} · {self.task}"
