"""Activity and contest entry attachments in the bucket: uploaded through the portal and the
admin, private, downloaded only through the permission-checked views, never named on a page."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from associations.models import ActivityAttachment
from contests.models import Entry
from tests.conftest import make_user
from tests.contests.factories import ContestFactory
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    MembershipFactory,
    SocietyFactory,
    UnionFactory,
    UserFactory,
)
from tests.test_uploads import _inline_post

from .helpers import PDF, body, on_disk, public_grants, shows_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    union = UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    return {
        "union": union,
        "own": own,
        "officer": make_user("officer", union, societies=[own]),
        "sibling_officer": make_user("officer", union, societies=[sibling]),
        "staff": make_user("staff", union),
        "other_staff": make_user("staff", UnionFactory()),
    }


def activity_form(**extra):
    return {
        "kind": "workshop",
        "title": "Hội thảo chuyển đổi số",
        "held_on": "2023-05-20",
        "partners": "",
        "participants": "120",
        "amount_vnd": "",
        "notes": "",
        **extra,
    }


def test_an_activity_attachment_uploaded_in_the_portal_lands_in_the_bucket(
    client, settings, world, s3_bucket
):
    society = world["own"]
    client.force_login(world["officer"])

    client.post(
        reverse("activity_add", args=[society.pk]),
        activity_form(attachments=[SimpleUploadedFile("Biên bản.pdf", PDF)]),
    )

    attachment = ActivityAttachment.objects.get()
    key = attachment.file.name
    assert (s3_bucket.keys(), on_disk(settings)) == ([key], [])
    assert key.startswith(f"activities/{attachment.activity_id}/")
    assert (s3_bucket.read(key), public_grants(s3_bucket, key)) == (PDF, [])


def test_an_activity_attachment_downloads_only_for_who_may_see_it(client, world, s3_bucket):
    society = world["own"]
    client.force_login(world["officer"])
    client.post(
        reverse("activity_add", args=[society.pk]),
        activity_form(attachments=[SimpleUploadedFile("Biên bản.pdf", PDF)]),
    )
    attachment = ActivityAttachment.objects.get()
    args = [society.pk, attachment.activity_id]
    url = reverse("attachment_download", args=[*args, attachment.pk])

    page = client.get(reverse("activity_detail", args=args))
    served = client.get(url)
    statuses = {}
    for who in ("sibling_officer", "other_staff"):
        client.force_login(world[who])
        statuses[who] = client.get(url).status_code

    assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
    assert url in page.content.decode()
    assert (served.status_code, body(served), served["Content-Length"]) == (200, PDF, str(len(PDF)))
    assert statuses == {"sibling_officer": 404, "other_staff": 404}


def test_the_admin_shows_and_takes_attachments_with_the_bucket(client, s3_bucket):
    activity = ActivityFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:associations_activity_change", args=[activity.pk])

    saved = client.post(
        url, _inline_post(client, activity, SimpleUploadedFile("Kế hoạch.pdf", PDF))
    )
    page = client.get(url)

    key = ActivityAttachment.objects.get(activity=activity).file.name
    assert saved.status_code == 302
    assert s3_bucket.keys() == [key]
    assert (s3_bucket.read(key), public_grants(s3_bucket, key)) == (PDF, [])
    assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
    assert "Kế hoạch.pdf" in page.content.decode()


def test_the_admin_shows_attachments_read_only_with_the_bucket(client, world, s3_bucket):
    activity = ActivityFactory(society=world["own"])
    attachment = ActivityAttachment(activity=activity, original_name="a.pdf", size=len(PDF))
    attachment.file.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    viewer = make_user("staff", world["union"])  # a role without the staff group: view only
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_activity", "view_activityattachment"])
    )
    client.force_login(viewer)

    page = client.get(reverse("admin:associations_activity_change", args=[activity.pk]))

    assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
    assert "a.pdf" in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    download = reverse("attachment_download", args=[world["own"].pk, activity.pk, attachment.pk])
    assert download in page.content.decode()


def test_a_contest_entry_attachment_lands_in_the_bucket_and_downloads(client, world, s3_bucket):
    contest = ContestFactory(union=world["union"])
    member = MemberFactory(union=world["union"])
    MembershipFactory(member=member, society=world["own"])
    client.force_login(world["officer"])
    client.post(
        reverse("contests:entry_add", args=[contest.pk]),
        {
            "society": world["own"].pk,
            "title": "Máy tách hạt lạc",
            "field": "agriculture",
            "unit": "HTX Thuận Lộc",
            "author_names": "Nguyễn Văn A",
            "summary": "",
            "authors": [member.pk],
            "attachments": [SimpleUploadedFile("thuyết minh.pdf", PDF)],
        },
    )
    entry = Entry.objects.get()
    attachment = entry.attachments.get()
    key = attachment.file.name
    url = reverse("contests:entry_attachment_download", args=[contest.pk, entry.pk, attachment.pk])

    page = client.get(reverse("contests:entry_detail", args=[contest.pk, entry.pk]))
    served = client.get(url)
    client.force_login(world["sibling_officer"])
    refused = client.get(url)

    assert s3_bucket.keys() == [key]
    assert key.startswith(f"contests/entries/{entry.pk}/")
    assert public_grants(s3_bucket, key) == []
    assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
    assert (served.status_code, body(served)) == (200, PDF)
    assert refused.status_code == 404


def test_removing_an_attachment_keeps_its_object_for_the_history(client, world, s3_bucket):
    society = world["own"]
    client.force_login(world["officer"])
    client.post(
        reverse("activity_add", args=[society.pk]),
        activity_form(attachments=[SimpleUploadedFile("Biên bản.pdf", PDF)]),
    )
    attachment = ActivityAttachment.objects.get()

    response = client.post(
        reverse("attachment_delete", args=[society.pk, attachment.activity_id, attachment.pk])
    )

    assert response.status_code == 302
    assert not ActivityAttachment.objects.exists()
    assert s3_bucket.keys() == [attachment.file.name]
