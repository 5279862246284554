"""Every admin page of a model holding files renders with the bucket (Django's file widget
would call url(), which the bucket refuses) and names neither the bucket nor its server."""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse

from associations.models import ActivityAttachment
from tests.consultations.factories import (
    OpinionFactory,
    OpinionLetterFactory,
    TaskDocumentFactory,
)
from tests.contests.factories import EntryAttachmentFactory
from tests.factories import ActivityFactory, ReportVersionFactory, UserFactory

from .helpers import PDF, shows_bucket

pytestmark = pytest.mark.django_db


def holds_files(model) -> bool:
    return any(isinstance(field, models.FileField) for field in model._meta.get_fields())


def admins_with_files() -> list[str]:
    """The admin's models whose records, or whose inlines' records, hold files."""
    return sorted(
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if holds_files(model) or any(holds_files(inline.model) for inline in model_admin.inlines)
    )


def files_everywhere():
    """One stored file of every kind, in the bucket."""
    attachment = ActivityAttachment(activity=ActivityFactory(), original_name="a.pdf", size=3)
    attachment.file.save("a.pdf", ContentFile(PDF), save=True)
    EntryAttachmentFactory()
    TaskDocumentFactory()
    opinion = OpinionFactory(original_name="y-kien.pdf")
    opinion.file.save("y-kien.pdf", ContentFile(PDF), save=True)
    OpinionLetterFactory()
    ReportVersionFactory()


def test_admin_pages_of_records_with_files_render_without_the_bucket(client, s3_bucket):
    files_everywhere()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    pages = {}
    for label in admins_with_files():
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        record = model.objects.order_by("pk").first()
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for view, args in (("changelist", []), ("change", [record.pk]), ("history", [record.pk])):
            response = client.get(reverse(f"{name}_{view}", args=args))
            pages[f"{label} {view}"] = (
                response.status_code,
                shows_bucket(response.content, s3_bucket),
            )

    assert admins_with_files() == [
        "associations.activity",
        "consultations.consultationtask",
        "consultations.opinion",
        "consultations.opinionletter",
        "consultations.taskdocument",
        "reports.termreport",
    ]
    assert len(s3_bucket.keys()) == 6  # one file of each kind
    assert pages == {page: (200, []) for page in pages}
