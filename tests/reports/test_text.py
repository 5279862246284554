from reports.text import organisation_sentence


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
