"""End to end: files in design §6's English columns → import_records → selectors → PDF."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from associations.models import Union
from associations.selectors import society_block_counts
from members.selectors import membership_counts
from tests.reports.pdftools import pdf_text

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
KINDS = ["unions", "terms", "societies", "members", "committee", "activities", "commendations"]


@pytest.mark.django_db
def test_imported_example_files_give_their_counts_in_selectors_and_the_pdf(tmp_path):
    for kind in KINDS:
        call_command("import_records", kind, str(EXAMPLES / f"{kind}.csv"), stdout=None)
    union = Union.objects.get(slug="hong-linh")
    out = tmp_path / "report.pdf"

    call_command("generate_term_report", union="hong-linh", term="2018 - 2023", out=str(out))

    end, start = datetime.date(2023, 12, 31), datetime.date(2018, 7, 1)
    assert society_block_counts(union_ids=[union.id], on=end) == {
        "total": 5,
        "institutional": 3,
        "local": 2,
    }
    counts = membership_counts(union_ids=[union.id], dates={"start": start, "end": end})
    assert counts == {
        "start": {"memberships": 3, "people": 3},
        "end": {"memberships": 4, "people": 3},
    }
    text = pdf_text(out)
    assert (
        "Hiện nay, Liên hiệp hội thị xã có 05 hội thành viên (trong đó có 03 hội thuộc khối các "
        "cơ quan, doanh nghiệp, trường học và 02 hội của phường, xã), tập hợp được 04 hội viên, "
        "tăng 01 hội viên so với đầu nhiệm kỳ."
    ) in text
    assert (
        "Trong nhiệm kỳ, có 01 đồng chí do chuyển công tác nên không tiếp tục tham gia BCH; "
        "tính đến thời điểm Đại hội lần thứ V, BCH Liên hiệp hội có 01 đồng chí. Có 01 hội cơ sở "
        "tổ chức kiện toàn các chức danh trong BCH."
    ) in text
