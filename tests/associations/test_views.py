"""The society portal's own pages: societies, activities, attachments, commendations."""

import datetime
import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook
from PIL import Image

from associations.forms import ActivityForm
from associations.models import Activity, ActivityAttachment
from core.concurrency import VERSION_FIELD
from tests.conftest import make_user, role_users, statuses
from tests.factories import (
    ActivityFactory,
    CommendationFactory,
    MemberFactory,
    MembershipFactory,
    SocietyFactory,
    UnionFactory,
)
from tests.querycount import page_queries

ROLES = ["staff", "leadership", "officer", "expert", "judge", "other_staff", "anonymous"]
VIEW = dict(zip(ROLES, [200, 200, 200, 403, 403, 404, 302], strict=True))
EDIT = dict(zip(ROLES, [200, 403, 200, 403, 403, 404, 302], strict=True))

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, image_format)
    return buffer.getvalue()


PNG = _image("PNG")
JPG = _image("JPEG")


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings):
    """Messages are checked against their English msgids, whatever the default language."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def attach(activity, name="bien-ban.pdf", data=PDF):
    attachment = ActivityAttachment(activity=activity, original_name=name, size=len(data))
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def world():
    """Union A: society `own` (kept by the officer) and `sibling`; union B with its own staff."""
    union = UnionFactory()
    own = SocietyFactory(union=union)
    sibling = SocietyFactory(union=union)
    other_union = UnionFactory()
    users = role_users(union, own=own, other_union=other_union)
    records = {}
    for key, society in (("own", own), ("sibling", sibling)):
        activity = ActivityFactory(society=society)
        records[key] = {
            "society": society,
            "activity": activity,
            "attachment": attach(activity),
        }
    return {"union": union, "users": users, **records}


def society_urls(records) -> dict[str, tuple[str, dict]]:
    """Every society page, with whether it is a viewing or an editing page."""
    s, a, f = records["society"].pk, records["activity"].pk, records["attachment"].pk
    return {
        "society_detail": (reverse("society_detail", args=[s]), VIEW),
        "activity_list": (reverse("activity_list", args=[s]), VIEW),
        "activity_detail": (reverse("activity_detail", args=[s, a]), VIEW),
        "attachment_download": (reverse("attachment_download", args=[s, a, f]), VIEW),
        "commendation_list": (reverse("members:commendation_list", args=[s]), VIEW),
        "activity_add": (reverse("activity_add", args=[s]), EDIT),
        "activity_edit": (reverse("activity_edit", args=[s, a]), EDIT),
        "attachment_delete": (reverse("attachment_delete", args=[s, a, f]), EDIT),
    }


PAGES = list(society_urls({"society": SocietyFactory.build(pk=1),
                           "activity": ActivityFactory.build(pk=1),
                           "attachment": ActivityAttachment(pk=1)}))  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_society_page_status_for_each_role(client, world, page):
    url, expected = society_urls(world["own"])[page]

    assert statuses(client, world["users"], url) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_society_page_of_another_society_is_404_for_officer(client, world, page):
    url, _expected = society_urls(world["sibling"])[page]
    client.force_login(world["users"]["officer"])

    response = client.get(url)

    assert response.status_code == 404


@pytest.mark.django_db
def test_society_page_counts_members_now_as_the_society_list_does(client):
    union = UnionFactory()
    society = SocietyFactory(union=union)
    today = timezone.localdate()
    MembershipFactory.create_batch(2, society=society)
    MembershipFactory(society=society, left_on=today - datetime.timedelta(days=1))
    MembershipFactory(society=society, joined_on=today + datetime.timedelta(days=1))
    client.force_login(make_user("staff", union))

    page = client.get(reverse("society_detail", args=[society.pk]))
    listed = client.get(reverse("society_list")).context["societies"].get(pk=society.pk)

    assert page.context["members_now"] == listed.members_now == 2


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world):
    for url, _expected in society_urls(world["own"]).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_attachment_of_one_activity_is_404_under_another(client, world):
    own = world["own"]
    other_activity = ActivityFactory(society=own["society"])
    client.force_login(world["users"]["officer"])
    url = reverse(
        "attachment_download",
        args=[own["society"].pk, other_activity.pk, world["sibling"]["attachment"].pk],
    )

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_society_list_status_for_each_role(client, world):
    expected = {**VIEW, "other_staff": 200}

    assert statuses(client, world["users"], reverse("society_list")) == expected


@pytest.mark.django_db
def test_society_list_shows_only_the_users_societies(client, world):
    outsider = SocietyFactory(union=UnionFactory(), name="Hội ngoài liên hiệp")
    client.force_login(world["users"]["officer"])

    response = client.get(reverse("society_list"))

    assert [s.pk for s in response.context["societies"]] == [world["own"]["society"].pk]
    client.force_login(world["users"]["staff"])
    response = client.get(reverse("society_list"))
    shown = {s.pk for s in response.context["societies"]}
    assert shown == {world["own"]["society"].pk, world["sibling"]["society"].pk}
    assert outsider.pk not in shown


@pytest.mark.django_db
def test_society_list_counts_memberships_active_today(client, world):
    society = world["own"]["society"]
    MembershipFactory(society=society, member__union=society.union)
    MembershipFactory(society=society, member__union=society.union)
    MembershipFactory(
        society=society, member__union=society.union, left_on=datetime.date(2020, 1, 1)
    )
    MembershipFactory(
        society=society, member__union=society.union, joined_on=datetime.date(2999, 1, 1)
    )
    client.force_login(world["users"]["staff"])

    response = client.get(reverse("society_list"))

    counts = {s.pk: s.members_now for s in response.context["societies"]}
    assert counts == {society.pk: 2, world["sibling"]["society"].pk: 0}
    assert response.context["total_members"] == 2


@pytest.mark.django_db
def test_society_list_filters_by_block(client, world):
    ward = SocietyFactory(union=world["union"], kind="ward")
    client.force_login(world["users"]["staff"])

    response = client.get(reverse("society_list"), {"block": "local"})

    assert [s.pk for s in response.context["societies"]] == [ward.pk]


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_society_list_query_count_is_constant(client):
    union = UnionFactory()
    staff = make_user("staff", union)
    first = SocietyFactory(union=union)
    MembershipFactory(society=first, member__union=union)
    client.force_login(staff)
    one = page_queries(client, reverse("society_list"))
    for _ in range(2):
        society = SocietyFactory(union=union)
        MembershipFactory(society=society, member__union=union)

    three = page_queries(client, reverse("society_list"))

    assert one == three


@pytest.mark.django_db
def test_activity_list_query_count_is_constant(client, world):
    own = world["own"]
    client.force_login(world["users"]["officer"])
    url = reverse("activity_list", args=[own["society"].pk])
    one = page_queries(client, url)
    for _ in range(2):
        attach(ActivityFactory(society=own["society"]))

    three = page_queries(client, url)

    assert one == three
    assert len(client.get(url).context["activities"]) == 3


@pytest.mark.django_db
def test_activity_detail_query_count_is_constant(client, world):
    own = world["own"]
    client.force_login(world["users"]["officer"])
    url = reverse("activity_detail", args=[own["society"].pk, own["activity"].pk])
    one = page_queries(client, url)
    attach(own["activity"], name="a.png", data=PNG)
    attach(own["activity"], name="b.jpg", data=JPG)

    three = page_queries(client, url)

    assert one == three


@pytest.mark.django_db
def test_commendation_list_query_count_is_constant(client, world):
    society = world["own"]["society"]
    member = MembershipFactory(society=society, member__union=society.union).member
    CommendationFactory(union=society.union, recipient_type="society", society=society)
    client.force_login(world["users"]["officer"])
    url = reverse("members:commendation_list", args=[society.pk])
    one = page_queries(client, url)
    CommendationFactory(union=society.union, recipient_type="member", member=member)
    CommendationFactory(union=society.union, recipient_type="society", society=society)

    three = page_queries(client, url)

    assert one == three
    assert len(client.get(url).context["commendations"]) == 3


@pytest.mark.django_db
def test_commendation_list_shows_the_society_and_its_members_only(client, world):
    society, sibling = world["own"]["society"], world["sibling"]["society"]
    member = MembershipFactory(society=society, member__union=society.union).member
    stranger = MembershipFactory(society=sibling, member__union=society.union).member
    mine = [
        CommendationFactory(union=society.union, recipient_type="society", society=society),
        CommendationFactory(union=society.union, recipient_type="member", member=member),
    ]
    CommendationFactory(union=society.union, recipient_type="society", society=sibling)
    CommendationFactory(union=society.union, recipient_type="member", member=stranger)
    CommendationFactory(union=society.union, recipient_type="union")
    client.force_login(world["users"]["officer"])

    response = client.get(reverse("members:commendation_list", args=[society.pk]))

    assert {c.pk for c in response.context["commendations"]} == {c.pk for c in mine}


# --- activities and attachments -------------------------------------------------------------------


def activity_data(**extra):
    return {
        "kind": "workshop",
        "title": "Hội thảo chuyển đổi số",
        "held_on": "2023-05-20",
        "partners": "UBND phường",
        "participants": "120",
        "amount_vnd": "5000000",
        "notes": "",
        **extra,
    }


def edit_data(activity, **extra):
    """The edit form as posted from a page just opened: with the activity's version."""
    version = ActivityForm(instance=activity).initial[VERSION_FIELD]
    return {**activity_data(**extra), VERSION_FIELD: version}


def docx_bytes(*, macro=False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_officer_records_an_activity_with_attachments(client, world):
    society = world["own"]["society"]
    officer = world["users"]["officer"]
    client.force_login(officer)
    files = [
        SimpleUploadedFile("Biên bản.pdf", PDF),
        SimpleUploadedFile("danh-sach.xlsx", xlsx_bytes()),
        SimpleUploadedFile("ke-hoach.docx", docx_bytes()),
        SimpleUploadedFile("anh.JPG", JPG),
        SimpleUploadedFile("anh.png", PNG),
    ]

    response = client.post(
        reverse("activity_add", args=[society.pk]), {**activity_data(), "attachments": files}
    )

    activity = Activity.objects.get(title="Hội thảo chuyển đổi số")
    assert response.status_code == 302
    assert response["Location"] == reverse("activity_detail", args=[society.pk, activity.pk])
    assert (activity.union, activity.society, activity.amount_vnd) == (
        society.union,
        society,
        5_000_000,
    )
    names = sorted(activity.attachments.values_list("original_name", flat=True))
    assert names == ["Biên bản.pdf", "anh.JPG", "anh.png", "danh-sach.xlsx", "ke-hoach.docx"]
    assert {a.uploaded_by for a in activity.attachments.all()} == {officer}
    assert all("Biên" not in a.file.name for a in activity.attachments.all())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "this type of file is not accepted"),
        ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "is not a valid PDF file"),
        ("anh.png", JPG, "is not a valid PNG file"),
        ("anh.jpg", PNG, "is not a valid JPG file"),
        ("bang.xlsx", docx_bytes(), "is not a valid XLSX file"),
        ("van-ban.docx", docx_bytes(macro=True), "is not a valid DOCX file"),
        ("van-ban.docx", b"PK\x03\x04 broken zip", "is not a valid DOCX file"),
    ],
)
def test_attachment_with_wrong_type_or_content_is_refused(client, world, name, data, message):
    society = world["own"]["society"]
    client.force_login(world["users"]["officer"])

    response = client.post(
        reverse("activity_add", args=[society.pk]),
        {**activity_data(), "attachments": [SimpleUploadedFile(name, data)]},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert len(errors) == 1
    assert name in errors[0]
    assert message in errors[0]
    assert not Activity.objects.filter(title="Hội thảo chuyển đổi số").exists()


@pytest.mark.django_db
def test_attachment_over_the_size_limit_is_refused(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    society = world["own"]["society"]
    client.force_login(world["users"]["officer"])

    response = client.post(
        reverse("activity_add", args=[society.pk]),
        {**activity_data(), "attachments": [SimpleUploadedFile("lon.pdf", PDF + b"0" * 2000)]},
    )

    assert response.status_code == 200
    size, limit = filesizeformat(len(PDF) + 2000), filesizeformat(1024)
    assert response.context["form"].errors["attachments"] == [
        f"Add attachments: “lon.pdf” is {size}; files may be at most {limit}."
    ]


@pytest.mark.django_db
def test_amount_accepts_vietnamese_thousands_separators(client, world, settings):
    society = world["own"]["society"]
    client.force_login(world["users"]["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    response = client.post(
        reverse("activity_add", args=[society.pk]), activity_data(amount_vnd="12.500.000")
    )

    assert response.status_code == 302
    assert Activity.objects.get(title="Hội thảo chuyển đổi số").amount_vnd == 12_500_000


@pytest.mark.django_db
def test_activity_in_the_future_is_refused(client, world):
    society = world["own"]["society"]
    client.force_login(world["users"]["officer"])

    response = client.post(
        reverse("activity_add", args=[society.pk]), activity_data(held_on="2999-01-01")
    )

    assert response.status_code == 200
    assert "is in the future" in response.context["form"].errors["held_on"][0]


@pytest.mark.django_db
def test_officer_edits_an_activity_and_adds_a_file(client, world):
    own = world["own"]
    client.force_login(world["users"]["officer"])

    response = client.post(
        reverse("activity_edit", args=[own["society"].pk, own["activity"].pk]),
        {
            **edit_data(own["activity"], title="Tập huấn mới"),
            "attachments": [SimpleUploadedFile("a.png", PNG)],
        },
    )

    assert response.status_code == 302
    own["activity"].refresh_from_db()
    assert own["activity"].title == "Tập huấn mới"
    assert own["activity"].attachments.count() == 2


@pytest.mark.django_db
def test_leadership_cannot_edit_an_activity(client, world):
    own = world["own"]
    client.force_login(world["users"]["leadership"])

    response = client.post(
        reverse("activity_edit", args=[own["society"].pk, own["activity"].pk]),
        activity_data(title="Đổi tên"),
    )

    assert response.status_code == 403
    own["activity"].refresh_from_db()
    assert own["activity"].title != "Đổi tên"


@pytest.mark.django_db
def test_officer_cannot_post_to_another_societys_activity(client, world):
    sibling = world["sibling"]
    client.force_login(world["users"]["officer"])

    edit = client.post(
        reverse("activity_edit", args=[sibling["society"].pk, sibling["activity"].pk]),
        activity_data(title="Đổi tên"),
    )
    delete = client.post(
        reverse(
            "attachment_delete",
            args=[sibling["society"].pk, sibling["activity"].pk, sibling["attachment"].pk],
        )
    )

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert ActivityAttachment.objects.filter(pk=sibling["attachment"].pk).exists()


@pytest.mark.django_db
def test_attachment_download_is_a_private_attachment(client, world):
    own = world["own"]
    attachment = attach(own["activity"], name="Kế hoạch năm.pdf")
    client.force_login(world["users"]["leadership"])

    response = client.get(
        reverse("attachment_download", args=[own["society"].pk, own["activity"].pk, attachment.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=utf-8''{quote('Kế hoạch năm.pdf')}" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_officer_removes_an_attachment_after_confirming(client, world):
    own = world["own"]
    client.force_login(world["users"]["officer"])
    url = reverse(
        "attachment_delete", args=[own["society"].pk, own["activity"].pk, own["attachment"].pk]
    )

    confirm = client.get(url)
    response = client.post(url)

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert not ActivityAttachment.objects.filter(pk=own["attachment"].pk).exists()


@pytest.mark.django_db
def test_home_lists_the_officers_societies_with_counts(client, world):
    society = world["own"]["society"]
    MemberFactory(union=society.union)
    MembershipFactory(society=society, member__union=society.union)
    client.force_login(world["users"]["officer"])

    response = client.get(reverse("home"))

    assert [(s.pk, s.members_now) for s in response.context["my_societies"]] == [(society.pk, 1)]
