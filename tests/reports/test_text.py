from reports.text import committee_sentence, organisation_sentence, structure_sentence


def _figures(*, total, institutional, local, start, end, locality="thị xã"):
    return {
        "union": {"locality_word": locality},
        "societies": {"total": total, "institutional": institutional, "local": local},
        "members": {
            "start": {"memberships": start, "people": start},
            "end": {"memberships": end, "people": end},
            "change": end - start,
        },
    }


def test_organisation_sentence_in_the_seed_phrasing():
    figures = _figures(total=19, institutional=13, local=6, start=1678, end=1700)

    sentence = organisation_sentence(figures)

    assert sentence == (
        "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (trong đó có 13 hội thuộc khối "
        "các cơ quan, doanh nghiệp, trường học và 06 hội của phường, xã), tập hợp được "
        "1.700 hội viên, tăng 22 hội viên so với đầu nhiệm kỳ"
    )


def test_organisation_sentence_pads_small_member_counts():
    figures = _figures(total=7, institutional=4, local=3, start=12, end=9, locality="huyện")

    sentence = organisation_sentence(figures)

    assert sentence.endswith("tập hợp được 09 hội viên, giảm 03 hội viên so với đầu nhiệm kỳ")


def test_organisation_sentence_when_membership_unchanged():
    figures = _figures(total=10, institutional=10, local=0, start=40, end=40)

    sentence = organisation_sentence(figures)

    assert sentence.endswith(
        "và 0 hội của phường, xã), tập hợp được 40 hội viên, không thay đổi so với đầu nhiệm kỳ"
    )


def _committee(ended_by_reason, people_at_end, refilled, next_term=True):
    return {
        "next_term": {"congress_roman": "V"} if next_term else None,
        "committee": {
            "bch_ended": sum(ended_by_reason.values()),
            "bch_ended_by_reason": ended_by_reason,
            "bch_people_at_end": people_at_end,
            "societies_refilled_bch": refilled,
        },
    }


def test_committee_sentence_reproduces_the_seed_footnote():
    figures = _committee({"transfer": 2, "retirement": 1, "": 0}, people_at_end=14, refilled=4)

    assert committee_sentence(figures) == (
        "Trong nhiệm kỳ, có 03 đồng chí do chuyển công tác hoặc nghỉ hưu nên không tiếp tục "
        "tham gia BCH; tính đến thời điểm Đại hội lần thứ V, BCH Liên hiệp hội có 14 đồng chí. "
        "Có 04 hội cơ sở tổ chức kiện toàn các chức danh trong BCH."
    )


def test_committee_sentence_without_changes_or_next_term():
    figures = _committee({"transfer": 0}, people_at_end=9, refilled=0, next_term=False)

    assert committee_sentence(figures) == (
        "Trong nhiệm kỳ, BCH Liên hiệp hội không có biến động về nhân sự; tính đến cuối nhiệm "
        "kỳ, BCH Liên hiệp hội có 09 đồng chí."
    )


def test_structure_sentence_counts_people_by_qualification_and_title():
    figures = {
        "structure": {
            "people": 1234,
            "by_qualification": {
                "doctorate": 3,
                "master": 40,
                "bachelor": 1000,
                "college": 0,
                "vocational": 191,
                "other": 0,
                "": 0,
            },  # fmt: skip
            "by_academic_title": {"professor": 0, "associate_professor": 2, "": 1232},
        }
    }

    assert structure_sentence(figures) == (
        "Trong số 1.234 người đang sinh hoạt tại các hội thành viên có 02 giáo sư, phó giáo sư, "
        "03 tiến sĩ, 40 thạc sĩ, 1.000 có trình độ đại học, 191 trung cấp."
    )


def test_committee_sentence_without_any_seat_says_nothing_is_recorded():
    figures = _committee({"transfer": 0}, people_at_end=0, refilled=0)

    assert committee_sentence(figures) == (
        "Trong nhiệm kỳ, chưa ghi nhận thông tin về Ban Chấp hành Liên hiệp hội."
    )


def test_committee_sentence_of_a_yearly_report_speaks_of_the_year():
    figures = _committee({"transfer": 0}, people_at_end=0, refilled=0)
    figures["period"] = {"kind": "year", "year": 2024, "years": 1}

    assert committee_sentence(figures) == (
        "Trong năm 2024, chưa ghi nhận thông tin về Ban Chấp hành Liên hiệp hội."
    )


def test_committee_sentence_without_seats_keeps_the_refilled_societies():
    figures = _committee({"transfer": 0}, people_at_end=0, refilled=2)

    assert committee_sentence(figures) == (
        "Trong nhiệm kỳ, chưa ghi nhận thông tin về Ban Chấp hành Liên hiệp hội. "
        "Có 02 hội cơ sở tổ chức kiện toàn các chức danh trong BCH."
    )


def test_committee_sentence_when_every_member_left_never_says_zero():
    figures = _committee({"retirement": 2}, people_at_end=0, refilled=0)

    sentence = committee_sentence(figures)

    assert sentence == (
        "Trong nhiệm kỳ, có 02 đồng chí do nghỉ hưu nên không tiếp tục tham gia BCH; tính đến "
        "thời điểm Đại hội lần thứ V, chưa ghi nhận đồng chí nào còn tham gia BCH Liên hiệp hội."
    )


def test_organisation_sentence_without_societies_says_nothing_is_recorded():
    figures = _figures(total=0, institutional=0, local=0, start=0, end=0, locality="huyện")

    sentence = organisation_sentence(figures)

    assert sentence == (
        "Hiện nay, Liên hiệp hội huyện chưa ghi nhận thông tin về các hội thành viên và hội viên"
    )
