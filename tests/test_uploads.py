"""One upload path for portal and admin: extension, real content, size, random stored name."""

import io

import pytest
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.test.client import BOUNDARY, MULTIPART_CONTENT, RequestFactory, encode_multipart
from django.urls import reverse
from PIL import Image

from associations.models import ActivityAttachment
from associations.uploads import validate_attachment
from core.concurrency import VERSION_FIELD
from tests.factories import ActivityFactory, UserFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), "red").save(buffer, image_format)
    return buffer.getvalue()


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_attachment(SimpleUploadedFile(name, data))
    return caught.value.code


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("trang.pdf", b"<html><body>%PDF-1.4<script>alert(1)</script></body></html>"),
        ("hinh.pdf", b'<svg xmlns="http://www.w3.org/2000/svg">%PDF-1.4</svg>'),
        ("lech.pdf", b"garbage first\n%PDF-1.4\n%%EOF"),
        ("chay.pdf", PDF + b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        ("gia.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("gia.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("doi-ten.png", _image("JPEG")),
        ("trang.docx", b"PK\x03\x04<html>"),
    ],
)
def test_validate_attachment_refuses_content_that_is_not_its_type(name, data):
    assert _refusal(name, data) == "file_content"


def test_validate_attachment_refuses_an_empty_file():
    assert _refusal("trong.pdf", b"") == "file_empty"


def test_validate_attachment_refuses_html_whatever_its_name():
    assert _refusal("evil.html", b"<html></html>") == "file_type"


@pytest.mark.parametrize(
    ("name", "data"), [("a.pdf", PDF), ("a.png", _image("PNG")), ("a.jpg", _image("JPEG"))]
)
def test_validate_attachment_accepts_real_files(name, data):
    validate_attachment(SimpleUploadedFile(name, data))


def _multipart_request(settings, payload: bytes):
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("lon.pdf", payload)})
    request = RequestFactory().generic("POST", "/upload", body, content_type=MULTIPART_CONTENT)
    source = io.BytesIO(body)
    request._stream = LimitedStream(source, len(body))
    return request, source


def test_body_over_the_request_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 4096
    request, source = _multipart_request(settings, PDF + b"0" * 10_000)

    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018 - parsing the body is the act under test

    assert source.tell() == 0


def test_file_over_the_size_limit_is_not_kept_while_it_is_read(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    settings.UPLOAD_MAX_REQUEST_BYTES = 1_000_000
    request, _source = _multipart_request(settings, PDF + b"0" * 200_000)

    upload = request.FILES["file"]

    assert upload.size == len(PDF) + 200_000
    assert upload.read() == b""
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload)
    assert caught.value.code == "file_size"


def _inline_post(client, activity, upload) -> dict:
    url = reverse("admin:associations_activity_change", args=[activity.pk])
    version = client.get(url).context["adminform"].form[VERSION_FIELD].value()
    return {
        VERSION_FIELD: version,
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on.isoformat(),
        "society": activity.society_id or "",
        "union": activity.union_id,
        "partners": activity.partners,
        "participants": activity.participants or "",
        "amount_vnd": activity.amount_vnd or "",
        "notes": activity.notes,
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-file": upload,
        "attachments-0-activity": activity.pk,
        "_continue": "1",
    }


@pytest.mark.django_db
def test_admin_inline_refuses_html_named_anything(client):
    activity = ActivityFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:associations_activity_change", args=[activity.pk]),
        _inline_post(client, activity, SimpleUploadedFile("evil.html", b"<html><script></script>")),
    )

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["file"]
    assert not ActivityAttachment.objects.filter(activity=activity).exists()


@pytest.mark.django_db
def test_admin_inline_stores_a_checked_file_under_a_random_name(client):
    activity = ActivityFactory()
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:associations_activity_change", args=[activity.pk]),
        _inline_post(client, activity, SimpleUploadedFile("Biên bản họp.pdf", PDF)),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    attachment = ActivityAttachment.objects.get(activity=activity)
    assert (attachment.original_name, attachment.size) == ("Biên bản họp.pdf", len(PDF))
    assert attachment.uploaded_by == admin_user
    assert "Biên" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")


def test_validate_attachment_accepts_an_office_file_with_stored_xml_parts():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')

    validate_attachment(SimpleUploadedFile("van-ban.docx", out.getvalue()))


def test_validate_attachment_refuses_an_image_that_expands_too_far(monkeypatch):
    from associations import uploads

    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 8)

    assert _refusal("anh.png", _image("PNG")) == "file_content"  # 3 x 3 = 9 pixels
