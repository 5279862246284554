"""A union's kind of locality, when nobody gave it, is what its name and district say."""

import pytest
from django.contrib import admin

from associations.models import LocalityKind, Union
from core.imports import records_import
from reports.rendering import term_report_html
from reports.selectors import term_report_figures
from reports.services import term_report_context

from ..factories import TermFactory, TermReportFactory, UnionFactory, UserFactory
from .import_helpers import csv_bytes

NGHI_SON = "Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Nghi Sơn"


@pytest.mark.parametrize(
    ("name", "district", "kind"),
    [
        (NGHI_SON, "Thị xã Nghi Sơn", LocalityKind.TOWN),
        ("Liên hiệp hội Nghi Sơn", "THỊ XÃ Nghi Sơn", LocalityKind.TOWN),
        (NGHI_SON, "", LocalityKind.TOWN),
        ("Liên hiệp hội huyện Quảng Xương, tỉnh Thanh Hoá", "", LocalityKind.DISTRICT),
        ("Liên hiệp hội thành phố Hà Tĩnh", "", LocalityKind.CITY),
        ("Liên hiệp hội TP. Vinh", "", LocalityKind.CITY),
        ("Liên hiệp hội quận Ba Đình", "", LocalityKind.URBAN_DISTRICT),
        ("Liên hiệp hội tỉnh Hà Tĩnh", "", LocalityKind.PROVINCE),
        # "Hà Tĩnh" is not "tỉnh"; the district speaks before the name.
        ("Liên hiệp hội Hà Tĩnh", "Thành phố Hà Tĩnh", LocalityKind.CITY),
        ("Liên hiệp hội thị xã Kỳ Anh", "Huyện Kỳ Anh", LocalityKind.DISTRICT),
        # Nothing said: the most common kind.
        ("Liên hiệp hội Nghi Sơn", "Nghi Sơn", LocalityKind.DISTRICT),
    ],
)
def test_infer_locality_kind_reads_the_name_and_district(name, district, kind):
    assert Union.infer_locality_kind(name=name, district=district) == kind


def test_infer_locality_kind_reads_decomposed_text():
    decomposed = "Thi\u0323 xa\u0303 Nghi Sơn"

    assert Union.infer_locality_kind(name="", district=decomposed) == LocalityKind.TOWN


def import_unions(rows):
    return records_import(kind="unions", file=csv_bytes(rows), filename="unions.csv", union=None)


@pytest.mark.django_db
def test_unions_import_without_locality_column_infers_it():
    rows = [["name", "slug", "district"], [NGHI_SON, "nghi-son", "Thị xã Nghi Sơn"]]

    result = import_unions(rows)

    assert result.ok, result.errors
    assert Union.objects.get(slug="nghi-son").locality_kind == LocalityKind.TOWN


@pytest.mark.django_db
def test_unions_import_with_empty_locality_cell_infers_it():
    rows = [["name", "slug", "locality_kind"], ["Liên hiệp hội quận Ba Đình", "ba-dinh", ""]]

    result = import_unions(rows)

    assert result.ok, result.errors
    assert Union.objects.get(slug="ba-dinh").locality_kind == LocalityKind.URBAN_DISTRICT


@pytest.mark.django_db
def test_unions_import_keeps_a_given_locality_kind():
    rows = [["name", "slug", "locality_kind"], [NGHI_SON, "nghi-son", "huyen"]]

    import_unions(rows)

    assert Union.objects.get(slug="nghi-son").locality_kind == LocalityKind.DISTRICT


@pytest.mark.django_db
def test_unions_import_without_locality_column_keeps_a_recorded_union_kind():
    UnionFactory(slug="nghi-son", name=NGHI_SON, locality_kind=LocalityKind.CITY)
    rows = [["name", "slug", "district"], [NGHI_SON, "nghi-son", "Thị xã Nghi Sơn"]]

    import_unions(rows)

    assert Union.objects.get(slug="nghi-son").locality_kind == LocalityKind.CITY


@pytest.mark.django_db
def test_report_of_an_imported_town_never_calls_it_a_district():
    import_unions([["name", "slug", "district"], [NGHI_SON, "nghi-son", "Thị xã Nghi Sơn"]])
    union = Union.objects.get(slug="nghi-son")
    term = TermFactory(union=union)
    report = TermReportFactory(union=union, term=term)
    figures = term_report_figures(union=union, term=term)

    html = term_report_html(term_report_context(report=report, figures=figures))

    assert "Liên hiệp hội thị xã" in html
    assert "huyện" not in html.lower()


def union_add_form(rf, user, data=None):
    request = rf.post("/admin/associations/union/add/", data or {})
    request.user = user
    model_admin = admin.site._registry[Union]
    return model_admin.get_form(request, None, change=False)(data)


@pytest.mark.django_db
def test_union_admin_add_infers_locality_left_blank(rf):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    data = {
        "name": NGHI_SON,
        "slug": "nghi-son",
        "district": "Thị xã Nghi Sơn",
        "locality_kind": "",
        "uses_national_motto": "on",
    }
    form = union_add_form(rf, superuser, data)

    assert form.is_valid(), form.errors
    assert form.save().locality_kind == LocalityKind.TOWN


@pytest.mark.django_db
def test_union_admin_add_keeps_a_chosen_locality(rf):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    data = {
        "name": NGHI_SON,
        "slug": "nghi-son",
        "district": "Thị xã Nghi Sơn",
        "locality_kind": "huyen",
        "uses_national_motto": "on",
    }
    form = union_add_form(rf, superuser, data)

    assert form.is_valid(), form.errors
    assert form.save().locality_kind == LocalityKind.DISTRICT
