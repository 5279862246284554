"""Saving and drafting a report's narrative (reports/narrative_services.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from core.concurrency import StaleVersion
from reports.models import ReportSection, ReportStatus, TermReport
from reports.narrative_services import (
    DRAFT_FROM_DATA,
    NEW_SECTION,
    NarrativeLocked,
    previous_report,
    report_context,
    report_section_save,
    report_sections_draft,
    section_version,
)
from reports.rendering import term_report_html
from tests.conftest import make_user
from tests.factories import TermFactory, TermReportFactory
from tests.reports.datasets import decrease_dataset, following_term


@pytest.mark.django_db
def test_save_stores_the_sanitised_text_and_a_revision_naming_the_user():
    report = TermReportFactory()
    staff = make_user("staff", report.union)

    section = report_section_save(
        report=report,
        key="ii",
        text='<p style="x">a<script>b</script></p>',
        user=staff,
        version=NEW_SECTION,
    )

    revision = section.history.get()
    assert (section.text, section.updated_by) == ("<p>a</p>", staff)
    assert (revision.history_user, revision.text, revision.history_type) == (staff, "<p>a</p>", "+")


@pytest.mark.django_db
def test_save_with_a_stale_version_is_refused_and_changes_nothing():
    report = TermReportFactory()
    staff, other = make_user("staff", report.union), make_user("staff", report.union)
    first = report_section_save(
        report=report, key="ii", text="một", user=staff, version=NEW_SECTION
    )
    seen = section_version(first)
    report_section_save(report=report, key="ii", text="hai", user=other, version=seen)

    with pytest.raises(StaleVersion) as refused:
        report_section_save(report=report, key="ii", text="ba", user=staff, version=seen)

    current = ReportSection.objects.get(report=report, key="ii")
    assert (current.text, current.history.count()) == ("<p>hai</p>", 2)
    assert refused.value.current == section_version(current)


@pytest.mark.django_db
def test_first_save_of_a_section_written_meanwhile_is_refused():
    report = TermReportFactory()
    staff = make_user("staff", report.union)
    report_section_save(report=report, key="ii", text="trước", user=staff, version=NEW_SECTION)

    with pytest.raises(StaleVersion):
        report_section_save(report=report, key="ii", text="sau", user=staff, version=NEW_SECTION)


@pytest.mark.django_db
def test_save_without_change_records_no_revision():
    report = TermReportFactory()
    staff = make_user("staff", report.union)
    section = report_section_save(report=report, key="ii", text="a", user=staff, version=None)

    report_section_save(report=report, key="ii", text="<p>a</p>", user=staff, version=None)

    assert section.history.count() == 1


@pytest.mark.django_db
def test_save_is_refused_for_leadership_other_unions_and_unknown_keys():
    report = TermReportFactory()

    with pytest.raises(PermissionDenied):
        report_section_save(
            report=report,
            key="ii",
            text="a",
            user=make_user("leadership", report.union),
            version=None,
        )
    with pytest.raises(PermissionDenied):
        report_section_save(
            report=report,
            key="ii",
            text="a",
            user=make_user("staff", TermFactory().union),
            version=None,
        )
    with pytest.raises(ValueError):
        report_section_save(report=report, key="nope", text="a", user=None, version=None)


@pytest.mark.django_db
def test_save_on_a_published_report_is_refused():
    report = TermReportFactory()
    TermReport.objects.filter(pk=report.pk).update(status=ReportStatus.PUBLISHED)

    with pytest.raises(NarrativeLocked):
        report_section_save(report=report, key="ii", text="a", user=None, version=None)

    assert ReportSection.objects.count() == 0


@pytest.mark.django_db
def test_draft_from_data_writes_the_computed_sentences_as_paragraphs():
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)

    filled = report_sections_draft(report=report)

    texts = dict(report.section_texts.values_list("key", "text"))
    assert filled == ["i_1", "i_2_1", "i_2_2", "i_2_3", "i_2_4", "i_3", "i_4"]
    assert texts["i_1"].startswith("<p>Hiện nay, Liên hiệp hội")
    assert "giảm 03 hội viên so với đầu nhiệm kỳ.</p>" in texts["i_1"]
    revision = ReportSection.objects.get(report=report, key="i_1").history.get()
    assert revision.history_change_reason == DRAFT_FROM_DATA


@pytest.mark.django_db
def test_draft_starts_from_the_previous_reports_text_with_its_terms_relabelled():
    union, term = decrease_dataset()
    earlier = TermFactory(
        union=union,
        congress_number=3,
        label="2013 - 2018",
        starts_on=datetime.date(2013, 7, 1),
        ends_on=datetime.date(2018, 6, 30),
    )
    old = TermReportFactory(term=earlier, next_term=term)
    report_section_save(
        report=old,
        key="ii",
        text="<p>Nhiệm kỳ 2013 - 2018 còn <b>hạn chế</b>; nhiệm kỳ 2018 - 2023 cần khắc phục.</p>",
        user=None,
        version=None,
    )
    report_section_save(report=old, key="i_1", text="Văn bản cũ của mục 1", user=None, version=None)
    report = TermReportFactory(term=term, next_term=following_term(union))
    staff = make_user("staff", union)
    report_section_save(report=report, key="i_1", text="Đã viết", user=staff, version=None)

    filled = report_sections_draft(report=report, user=staff)

    texts = dict(report.section_texts.values_list("key", "text"))
    assert previous_report(report) == old
    assert texts["ii"] == (
        "<p>Nhiệm kỳ 2018 - 2023 còn <b>hạn chế</b>; nhiệm kỳ 2023 - 2028 cần khắc phục.</p>"
    )
    assert texts["i_1"] == "<p>Đã viết</p>"
    assert filled == ["i_2_1", "i_2_2", "i_2_3", "i_2_4", "i_3", "i_4", "ii"]
    revision = ReportSection.objects.get(report=report, key="ii").history.get()
    assert (revision.history_user, revision.history_change_reason) == (
        staff,
        f"draft:previous:{old.pk}",
    )


@pytest.mark.django_db
def test_draft_leaves_written_sections_alone_when_run_again():
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    report_sections_draft(report=report)

    assert report_sections_draft(report=report) == []


@pytest.mark.django_db
def test_a_draft_from_the_data_left_as_it_is_does_not_print_its_sentences_twice():
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    staff = make_user("staff", report.union)
    report_sections_draft(report=report)
    sentence = "giảm 03 hội viên so với đầu nhiệm kỳ."

    untouched = term_report_html(report_context(report))
    section = ReportSection.objects.get(report=report, key="i_1")
    report_section_save(
        report=report,
        key="i_1",
        text=section.text + "<p>Công tác phát triển hội viên được chú trọng.</p>",
        user=staff,
        version=section_version(section),
    )
    rewritten = term_report_html(report_context(report))

    assert untouched.count(sentence) == 1
    assert "Công tác phát triển hội viên được chú trọng." in rewritten
