"""The contests portal: the submission window, own society only, stale saves refused, status
moves, codes, awards and forwardings, and the lists' query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contests.models import Award, Contest, ContestStatus, Entry, Forwarding, Initiative
from core.concurrency import VERSION_FIELD
from tests.conftest import make_user
from tests.querycount import page_queries

from ..factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory
from .factories import (
    AwardFactory,
    ContestFactory,
    EntryAttachmentFactory,
    EntryFactory,
    InitiativeFactory,
)

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    union = UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    contest = ContestFactory(union=union)
    return {
        "union": union,
        "own": own,
        "sibling": sibling,
        "contest": contest,
        "staff": make_user("staff", union),
        "officer": make_user("officer", union, societies=[own]),
        "leadership": make_user("leadership", union),
    }


def entry_data(world, **extra):
    return {
        "society": world["own"].pk,
        "title": "Máy tách hạt lạc",
        "field": "agriculture",
        "unit": "HTX Thuận Lộc",
        "author_names": "Nguyễn Văn A",
        "summary": "",
        **extra,
    }


def version_of(client, url):
    return client.get(url).context["form"][VERSION_FIELD].value()


# --- entries: window and ownership ----------------------------------------------------------------


def test_officer_submits_an_entry_with_an_attachment(client, world):
    client.force_login(world["officer"])
    member = MemberFactory(union=world["union"], full_name="Trần Thị Hội Viên")
    MembershipFactory(member=member, society=world["own"])
    upload = SimpleUploadedFile("thuyet-minh.pdf", PDF, content_type="application/pdf")

    response = client.post(
        reverse("contests:entry_add", args=[world["contest"].pk]),
        entry_data(world, authors=[member.pk], attachments=[upload]),
    )

    entry = Entry.objects.get()
    assert response.status_code == 302
    assert (entry.society, entry.union, entry.created_by) == (
        world["own"],
        world["union"],
        world["officer"],
    )
    assert list(entry.authors.all()) == [member]
    assert [a.original_name for a in entry.attachments.all()] == ["thuyet-minh.pdf"]


def test_officer_cannot_submit_for_another_society(client, world):
    client.force_login(world["officer"])

    response = client.post(
        reverse("contests:entry_add", args=[world["contest"].pk]),
        entry_data(world, society=world["sibling"].pk),
    )

    assert (response.status_code, Entry.objects.count()) == (200, 0)
    assert "society" in response.context["form"].errors


def test_author_from_another_society_is_refused(client, world):
    client.force_login(world["staff"])
    stranger = MemberFactory(union=world["union"])
    MembershipFactory(member=stranger, society=world["sibling"])

    response = client.post(
        reverse("contests:entry_add", args=[world["contest"].pk]),
        entry_data(world, authors=[stranger.pk]),
    )

    assert (response.status_code, Entry.objects.count()) == (200, 0)


@pytest.mark.parametrize(
    "change",
    [
        {"closes_on": datetime.date(2020, 1, 1)},  # the window is over
        {"opens_on": datetime.date(2099, 1, 1)},  # not yet open
        {"status": ContestStatus.JUDGING},  # dates fine, status not
        {"status": ContestStatus.CLOSED},
    ],
)
def test_entries_are_frozen_outside_the_window(client, world, change):
    entry = EntryFactory(contest=world["contest"], society=world["own"], title="Bài cũ")
    Contest.objects.filter(pk=world["contest"].pk).update(
        **{"opens_on": datetime.date(2019, 1, 1), **change}
    )
    client.force_login(world["officer"])
    url = reverse("contests:entry_edit", args=[world["contest"].pk, entry.pk])

    shown = client.get(url)
    posted = client.post(url, entry_data(world, title="Đã sửa", **{VERSION_FIELD: "x"}))
    added = client.post(
        reverse("contests:entry_add", args=[world["contest"].pk]), entry_data(world)
    )

    entry.refresh_from_db()
    assert (shown.status_code, b"multipart/form-data" in shown.content) == (200, False)
    assert b"entry-frozen" in shown.content
    assert (posted.status_code, added.status_code, entry.title, Entry.objects.count()) == (
        200,
        200,
        "Bài cũ",
        1,
    )


def test_officer_sees_only_own_societys_entries(client, world):
    mine = EntryFactory(contest=world["contest"], society=world["own"])
    theirs = EntryFactory(contest=world["contest"], society=world["sibling"])
    client.force_login(world["officer"])

    listed = client.get(reverse("contests:entry_list", args=[world["contest"].pk]))
    other = client.get(reverse("contests:entry_detail", args=[world["contest"].pk, theirs.pk]))

    assert list(listed.context["entries"]) == [mine]
    assert other.status_code == 404


def test_attachment_download_is_permission_checked(client, world):
    attachment = EntryAttachmentFactory(
        entry=EntryFactory(contest=world["contest"], society=world["sibling"])
    )
    url = reverse(
        "contests:entry_attachment_download",
        args=[world["contest"].pk, attachment.entry_id, attachment.pk],
    )

    client.force_login(world["officer"])
    refused = client.get(url)
    client.force_login(world["staff"])
    served = client.get(url)

    assert (refused.status_code, served.status_code) == (404, 200)
    assert b"".join(served.streaming_content) == PDF


# --- optimistic concurrency -----------------------------------------------------------------------


def test_stale_entry_save_is_refused(client, world):
    entry = EntryFactory(contest=world["contest"], society=world["own"], title="Bản đầu")
    client.force_login(world["officer"])
    url = reverse("contests:entry_edit", args=[world["contest"].pk, entry.pk])
    version = version_of(client, url)
    Entry.objects.filter(pk=entry.pk).update(title="Người khác đã sửa")

    response = client.post(url, entry_data(world, title="Của tôi", **{VERSION_FIELD: version}))

    entry.refresh_from_db()
    assert (response.status_code, entry.title) == (200, "Người khác đã sửa")


def test_stale_contest_save_is_refused(client, world):
    client.force_login(world["staff"])
    url = reverse("contests:contest_edit", args=[world["contest"].pk])
    version = version_of(client, url)
    Contest.objects.filter(pk=world["contest"].pk).update(name="Tên mới của người khác")
    data = {
        "name": "Tên của tôi",
        "kind": "technical_creativity",
        "level": "district",
        "year": 2024,
        "judges_per_entry": 3,
        VERSION_FIELD: version,
    }

    response = client.post(url, data)

    assert (response.status_code, Contest.objects.get().name) == (200, "Tên mới của người khác")


def test_stale_award_save_is_refused(client, world):
    award = AwardFactory(entry=EntryFactory(contest=world["contest"], society=world["own"]))
    client.force_login(world["staff"])
    url = reverse("contests:award_edit", args=[world["contest"].pk, award.entry_id, award.pk])
    version = version_of(client, url)
    Award.objects.filter(pk=award.pk).update(rank="first")

    response = client.post(
        url, {"level": "province", "rank": "third", "year": 2020, VERSION_FIELD: version}
    )

    assert (response.status_code, Award.objects.get().rank) == (200, "first")


def test_stale_initiative_save_is_refused(client, world):
    item = InitiativeFactory(union=world["union"], society=world["own"], title="Sáng kiến A")
    client.force_login(world["officer"])
    url = reverse("contests:initiative_edit", args=[item.pk])
    version = version_of(client, url)
    Initiative.objects.filter(pk=item.pk).update(title="Sáng kiến B")
    data = {
        "society": world["own"].pk,
        "title": "Sáng kiến C",
        "recognition_level": "unit",
        "year": 2020,
        "field": "education",
        VERSION_FIELD: version,
    }

    response = client.post(url, data)

    assert (response.status_code, Initiative.objects.get().title) == (200, "Sáng kiến B")


# --- status moves, codes, awards ----------------------------------------------------------


def test_starting_the_judging_gives_every_entry_its_code(client, world):
    for title in ("B", "A", "C"):
        EntryFactory(contest=world["contest"], society=world["own"], title=title)
    client.force_login(world["staff"])

    response = client.post(
        reverse("contests:contest_transition", args=[world["contest"].pk, "judging"])
    )

    world["contest"].refresh_from_db()
    assert (response.status_code, world["contest"].status) == (302, ContestStatus.JUDGING)
    assert list(Entry.objects.order_by("pk").values_list("code", flat=True)) == [
        "STKT-2024-001",
        "STKT-2024-002",
        "STKT-2024-003",
    ]


def test_a_move_from_the_wrong_status_is_refused(client, world):
    client.force_login(world["staff"])

    client.post(reverse("contests:contest_transition", args=[world["contest"].pk, "closed"]))

    world["contest"].refresh_from_db()
    assert world["contest"].status == ContestStatus.OPEN


def test_leadership_cannot_move_a_contest(client, world):
    client.force_login(world["leadership"])

    response = client.post(
        reverse("contests:contest_transition", args=[world["contest"].pk, "judging"])
    )

    assert (response.status_code, Contest.objects.get().status) == (403, ContestStatus.OPEN)


def test_staff_creates_a_draft_contest_with_the_usual_criteria(client, world):
    client.force_login(world["staff"])

    client.post(
        reverse("contests:contest_add"),
        {
            "union": world["union"].pk,
            "name": "Hội thi mới",
            "kind": "youth_creativity",
            "level": "district",
            "year": 2025,
            "judges_per_entry": 3,
        },
    )

    contest = Contest.objects.get(name="Hội thi mới")
    assert (contest.status, contest.criteria.count()) == (ContestStatus.DRAFT, 3)


def test_an_entry_forwarded_keeps_its_history_and_holds_awards_at_several_levels(client, world):
    entry = EntryFactory(contest=world["contest"], society=world["own"])
    client.force_login(world["staff"])
    base = [world["contest"].pk, entry.pk]

    client.post(
        reverse("contests:award_add", args=base),
        {"level": "district", "rank": "first", "year": 2024},
    )
    client.post(
        reverse("contests:entry_forward", args=base),
        {"level": "province", "year": 2024, "forwarded_on": "2024-06-01"},
    )
    client.post(
        reverse("contests:award_add", args=base),
        {"level": "province", "rank": "second", "year": 2024},
    )

    assert sorted(entry.awards.values_list("level", "rank")) == [
        ("district", "first"),
        ("province", "second"),
    ]
    assert list(Forwarding.objects.values_list("level", "forwarded_by")) == [
        ("province", world["staff"].pk)
    ]


# --- query counts -------------------------------------------------------------------------------


def _fill(world, size, start=0):
    for i in range(start, start + size):
        entry = EntryFactory(contest=world["contest"], society=world["own"], title=f"Bài {i}")
        entry.authors.add(MemberFactory(union=world["union"]))
        AwardFactory(entry=entry, year=2020 + i)
        InitiativeFactory(union=world["union"], society=world["own"], title=f"SK {i}")
        ContestFactory(union=world["union"])


@pytest.mark.parametrize(
    "name",
    ["entry_list", "contest_results", "honour_roll", "initiative_list", "contest_list"],
)
def test_list_pages_query_count_does_not_grow(client, world, name):
    def url():
        if name in ("entry_list",):
            return reverse(f"contests:{name}", args=[world["contest"].pk])
        if name == "contest_results":
            return reverse(f"contests:{name}", args=[world["contest"].pk])
        return reverse(f"contests:{name}")

    client.force_login(world["staff"])
    _fill(world, 1)
    one = page_queries(client, url())
    _fill(world, 2, start=1)
    three = page_queries(client, url())

    assert one == three


def test_officers_do_not_see_draft_contests(client, world):
    draft = ContestFactory(union=world["union"], status=ContestStatus.DRAFT)
    client.force_login(world["officer"])

    listed = client.get(reverse("contests:contest_list"))
    shown = client.get(reverse("contests:contest_detail", args=[draft.pk]))

    assert (list(listed.context["contests"]), shown.status_code) == ([world["contest"]], 404)


def test_staff_choose_the_society_whose_members_may_be_authors(client, world):
    member = MemberFactory(union=world["union"], full_name="Hội viên hội thứ hai")
    MembershipFactory(member=member, society=world["sibling"])
    client.force_login(world["staff"])
    url = reverse("contests:entry_add", args=[world["contest"].pk])

    response = client.get(url, {"society": world["sibling"].pk})

    assert list(response.context["form"].fields["authors"].queryset) == [member]
    assert response.context["form"]["society"].value() == world["sibling"].pk


def test_honour_roll_filters_by_level_and_year_across_contests(client, world):
    entry = EntryFactory(contest=world["contest"], society=world["own"])
    national = AwardFactory(entry=entry, level="national", year=2021)
    AwardFactory(entry=entry, level="province", year=2020)
    AwardFactory(
        entry=EntryFactory(contest=ContestFactory(union=world["union"], year=2019)),
        level="national",
        year=2019,
    )
    AwardFactory(level="national", year=2021)  # another union's
    client.force_login(world["officer"])

    response = client.get(reverse("contests:honour_roll"), {"level": "national", "year": 2021})

    assert [(year, awards) for year, awards in response.context["years"]] == [(2021, [national])]
