"""A version's frozen figures against today's: the differences, figure then → now."""

import pytest
from django.urls import reverse

from reports import services
from reports.compare import figure_differences
from tests.conftest import make_user
from tests.factories import MemberFactory, MembershipFactory, TermReportFactory
from tests.reports.datasets import decrease_dataset


def test_figure_differences_lists_changed_figures_in_order():
    frozen = {"members": {"start": 12, "end": 9}, "as_of": "2023-12-31", "rows": [1, 2]}
    today = {"members": {"start": 12, "end": 10}, "as_of": "2024-01-02", "rows": [1, 2, 3]}

    assert figure_differences(frozen, today) == [
        {"figure": "members.end", "then": 9, "now": 10},
        {"figure": "rows[]", "then": 2, "now": 3},
        {"figure": "rows[2]", "then": None, "now": 3},
    ]


def test_figure_differences_of_equal_figures_is_empty():
    assert figure_differences({"a": {"b": 1}}, {"a": {"b": 1}}) == []


@pytest.mark.django_db
def test_compare_page_shows_what_changed_since_the_version(client):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    version = services.term_report_generate(report=report)
    society = union.societies.first()
    MembershipFactory(member=MemberFactory(union=union), society=society, joined_on=term.starts_on)
    client.force_login(make_user("leadership", union))

    response = client.get(reverse("reports:compare", args=[version.pk]))

    figures = [row["figure"] for row in response.context["differences"]]
    assert response.status_code == 200
    assert "members.end.memberships" in figures
    assert "members.end.memberships" in response.content.decode()


@pytest.mark.django_db
def test_compare_page_of_unchanged_data_says_so(client):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    version = services.term_report_generate(report=report)
    client.force_login(make_user("staff", union))

    response = client.get(reverse("reports:compare", args=[version.pk]))

    assert response.context["differences"] == []
