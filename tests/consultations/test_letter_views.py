"""The letter's pages: who may do what, the version check, the download log, delivery."""

import datetime

import pytest
from django.urls import reverse

from consultations import letter_services as services
from consultations.models import DocumentAccess, LetterDraft, OpinionLetter, TaskStatus
from core.concurrency import VERSION_FIELD
from tests.conftest import make_user, role_users, statuses
from tests.factories import SocietyFactory, UnionFactory
from tests.reports.pdftools import pdf_text

from .factories import ConsultationTaskFactory, ExpertAssignmentFactory


@pytest.fixture
def setting():
    union = UnionFactory()
    task = ConsultationTaskFactory(
        union=union, status=TaskStatus.APPROVED, title="Kế hoạch phát triển sản xuất nông nghiệp"
    )
    users = role_users(union, own=SocietyFactory(union=union), other_union=UnionFactory())
    ExpertAssignmentFactory(task=task, expert=users["expert"], lead=True)
    return task, users


def _form_data(client, url, **changes):
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["issued_on"] = form["issued_on"].value()
    if isinstance(data["issued_on"], datetime.date):
        data["issued_on"] = data["issued_on"].isoformat()
    return {**data, **changes}


@pytest.mark.django_db
def test_letter_detail_for_staff_and_leadership_only(client, setting):
    task, users = setting
    url = reverse("consultations:letter_detail", args=[task.pk])

    assert statuses(client, users, url) == {
        "staff": 200,
        "leadership": 200,
        "officer": 403,
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_letter_edit_for_staff_only(client, setting):
    task, users = setting
    url = reverse("consultations:letter_edit", args=[task.pk])

    found = statuses(client, users, url)

    assert (found["staff"], found["leadership"], found["expert"], found["other_staff"]) == (
        200,
        403,
        403,
        404,
    )


@pytest.mark.django_db
def test_staff_edit_generate_download_and_deliver(client, setting):
    task, users = setting
    client.force_login(users["staff"])
    edit = reverse("consultations:letter_edit", args=[task.pk])

    response = client.post(
        edit, _form_data(client, edit, signer_name="Trần Thị Hoa", body="Kế hoạch khả thi.")
    )
    assert response.status_code == 302
    response = client.post(reverse("consultations:letter_generate", args=[task.pk]))
    assert response.status_code == 302
    letter = OpinionLetter.objects.get(task=task)
    download = client.get(reverse("consultations:letter_download", args=[letter.pk]))
    content = b"".join(download.streaming_content)
    deliver = reverse("consultations:letter_deliver", args=[letter.pk])
    assert client.get(deliver).status_code == 200
    response = client.post(deliver, {"delivered_on": "2024-03-25"})

    assert response.status_code == 302
    assert download["Content-Type"] == "application/pdf"
    assert "Trần Thị Hoa" in pdf_text(content)
    assert "Kế hoạch khả thi." in pdf_text(content)
    assert DocumentAccess.objects.filter(task=task, user=users["staff"]).count() == 1
    letter.refresh_from_db()
    task.refresh_from_db()
    assert (letter.delivered_on, task.status) == (datetime.date(2024, 3, 25), "delivered")


@pytest.mark.django_db
def test_letter_edit_stale_save_is_refused_and_keeps_the_other_change(client, setting):
    task, users = setting
    client.force_login(users["staff"])
    edit = reverse("consultations:letter_edit", args=[task.pk])
    services.letter_draft_get_or_create(task=task)
    data = _form_data(client, edit, body="Bản của tôi.")
    draft = LetterDraft.objects.get(task=task)
    draft.body = "Bản của người khác."
    draft.save()

    response = client.post(edit, data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    draft.refresh_from_db()
    assert draft.body == "Bản của người khác."


@pytest.mark.django_db
def test_letter_edit_without_version_is_refused(client, setting):
    task, users = setting
    client.force_login(users["staff"])
    edit = reverse("consultations:letter_edit", args=[task.pk])
    services.letter_draft_get_or_create(task=task)
    data = _form_data(client, edit, body="Ghi đè.")
    data.pop(VERSION_FIELD)

    response = client.post(edit, data)

    assert response.status_code == 200
    assert LetterDraft.objects.get(task=task).body != "Ghi đè."


@pytest.mark.django_db
def test_letter_pages_shown_do_not_write_a_draft(client, setting):
    task, users = setting
    client.force_login(users["staff"])

    client.get(reverse("consultations:letter_detail", args=[task.pk]))
    client.get(reverse("consultations:letter_edit", args=[task.pk]))

    assert not LetterDraft.objects.filter(task=task).exists()


@pytest.mark.django_db
def test_two_first_saves_at_once_the_second_is_stale(client, setting):
    task, users = setting
    client.force_login(users["staff"])
    edit = reverse("consultations:letter_edit", args=[task.pk])
    first = _form_data(client, edit, body="Bản thứ nhất.", signer_name="Trần Thị Hoa")
    second = _form_data(client, edit, body="Bản thứ hai.", signer_name="Trần Thị Hoa")

    assert client.post(edit, first).status_code == 302
    assert client.post(edit, second).status_code == 200
    assert LetterDraft.objects.get(task=task).body == "Bản thứ nhất."


@pytest.mark.django_db
def test_letter_download_for_staff_and_leadership_other_union_404(client, setting):
    task, users = setting
    staff = users["staff"]
    draft = services.letter_draft_get_or_create(task=task)
    draft.signer_name = "Trần Thị Hoa"
    draft.save()
    letter = services.letter_generate(task=task, user=staff)
    url = reverse("consultations:letter_download", args=[letter.pk])

    found = statuses(client, users, url)

    assert (found["staff"], found["leadership"], found["expert"], found["other_staff"]) == (
        200,
        200,
        403,
        404,
    )
    assert DocumentAccess.objects.filter(task=task).count() == 2


@pytest.mark.django_db
def test_leadership_cannot_generate_or_deliver(client, setting):
    task, users = setting
    draft = services.letter_draft_get_or_create(task=task)
    draft.signer_name = "Trần Thị Hoa"
    draft.save()
    letter = services.letter_generate(task=task, user=users["staff"])
    client.force_login(users["leadership"])

    generate = client.post(reverse("consultations:letter_generate", args=[task.pk]))
    deliver = client.post(
        reverse("consultations:letter_deliver", args=[letter.pk]), {"delivered_on": "2024-03-25"}
    )

    assert (generate.status_code, deliver.status_code) == (403, 403)
    assert OpinionLetter.objects.filter(task=task).count() == 1


@pytest.mark.django_db
def test_deliver_in_the_future_is_refused_with_a_message(client, setting):
    task, users = setting
    draft = services.letter_draft_get_or_create(task=task)
    draft.signer_name = "Trần Thị Hoa"
    draft.save()
    letter = services.letter_generate(task=task, user=users["staff"])
    client.force_login(users["staff"])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)

    response = client.post(
        reverse("consultations:letter_deliver", args=[letter.pk]),
        {"delivered_on": tomorrow.isoformat()},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    letter.refresh_from_db()
    assert letter.delivered_on is None


@pytest.mark.django_db
def test_staff_of_the_union_only_see_their_unions_letters(client, setting):
    task, users = setting
    other = make_user("staff", UnionFactory())
    client.force_login(other)

    assert client.get(reverse("consultations:letter_edit", args=[task.pk])).status_code == 404
