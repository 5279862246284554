"""The activity admin links attachments through the permission-checked download view."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import ActivityAttachment, RoleKind

from ..factories import ActivityFactory, UnionFactory, UserFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def attach(activity, name="bien-ban.pdf"):
    attachment = ActivityAttachment(activity=activity, original_name=name, size=len(PDF))
    attachment.file.save(name, ContentFile(PDF), save=True)
    return attachment


@pytest.fixture
def staff():
    union = UnionFactory()
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user, union


@pytest.mark.django_db
def test_activity_admin_links_an_attachment_through_the_download_view(client, staff):
    user, union = staff
    activity = ActivityFactory(society__union=union)
    attachment = attach(activity)
    download = reverse(
        "attachment_download",
        kwargs={"society_pk": activity.society_id, "activity_pk": activity.pk, "pk": attachment.pk},
    )
    client.force_login(user)

    page = client.get(reverse("admin:associations_activity_change", args=[activity.pk]))
    fetched = client.get(download)

    assert page.status_code == 200
    assert f'href="{download}"' in page.content.decode()
    assert (fetched.status_code, b"".join(fetched.streaming_content)) == (200, PDF)


@pytest.mark.django_db
def test_activity_admin_shows_a_union_activity_attachment_by_name(client, staff):
    user, union = staff
    activity = ActivityFactory(society=None, union=union)
    attach(activity, name="ke-hoach.pdf")
    client.force_login(user)

    page = client.get(reverse("admin:associations_activity_change", args=[activity.pk]))

    assert page.status_code == 200
    assert "ke-hoach.pdf" in page.content.decode()
