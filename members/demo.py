"""Demo data of the members: the people of Hồng Lĩnh's societies, their memberships, the committee
seats of term IV and the commendations (registered with core.demo, after associations/demo.py).

The people are planned in members/demo_people.py (invented names from members/names.py, a fixed
seed), then written with bulk_create. Idempotent: nothing is written when the union already has
members.
"""

from __future__ import annotations

import datetime
import random

from associations.demo import (
    PROVINCIAL_UNION,
    SEED,
    SOCIETIES,
    TOWN_COMMITTEE,
    TRUNG_LUONG,
    VUSTA,
)
from associations.models import Society
from core import demo
from core.text import vn_number

from .demo_people import Plan, make_plan
from .models import (
    Commendation,
    CommendationForm,
    CommitteeSeat,
    ConsentText,
    Member,
    Membership,
    RecipientType,
)
from .privacy.models import ConsentMethod

# (year, form, issuer, recipient society name or None for the union, reason)
COMMENDATIONS = [
    *[
        (year, CommendationForm.CERTIFICATE_OF_MERIT, VUSTA, None,
         f"Đã có thành tích xuất sắc trong hoạt động Liên hiệp hội năm {year}")
        for year in (2018, 2021, 2023)
    ],
    *[
        (year, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, None,
         f"Hoàn thành xuất sắc nhiệm vụ năm {year}")
        for year in range(2018, 2024)
    ],
    (2019, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, TRUNG_LUONG,
     "Có thành tích xuất sắc trong công tác xây dựng tổ chức hội"),
    (2020, CommendationForm.CERTIFICATE, TOWN_COMMITTEE, "Hội KH&KT Trung tâm Y tế",
     "Có thành tích xuất sắc trong phòng, chống dịch Covid-19"),
    (2021, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, "Hội KH&KT phường Bắc Hồng",
     "Có thành tích trong Cuộc thi Sáng tạo thanh thiếu niên nhi đồng"),
    (2022, CommendationForm.CERTIFICATE, TOWN_COMMITTEE, "Chi hội KH&KT các trường học",
     "Có thành tích xuất sắc trong phong trào thi đua lao động sáng tạo"),
    (2023, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, "Hội KH&KT phường Nam Hồng",
     "Có thành tích trong công tác phổ biến kiến thức KH&KT"),
]  # fmt: skip


CONSENT_FROM = datetime.date(2026, 1, 15)


def _write(plan: Plan, *, union, term, societies: list[Society]) -> dict:
    # People, numbered in the order they first joined.
    first_joined: dict[int, tuple] = {}
    for n, row in enumerate(plan.rows):
        key = id(row.person)
        if key not in first_joined or row.joined_on < first_joined[key][0]:
            first_joined[key] = (row.joined_on, n, row.person)
    people = [p for _, _, p in sorted(first_joined.values(), key=lambda t: (t[0], t[1]))]
    consent_text = ConsentText.objects.create(
        union=union,
        version=1,
        title="Phiếu đồng ý xử lý dữ liệu cá nhân hội viên",
        purpose="Quản lý hội viên, tổng hợp số liệu báo cáo và liên lạc trong hoạt động hội.",
        body=(
            "Tôi đồng ý để Liên hiệp hội thu thập, lưu trữ và sử dụng các thông tin cá nhân của "
            "tôi (họ tên, giới tính, năm sinh, trình độ, nơi công tác, thư điện tử, điện thoại) "
            "cho mục đích nêu trên, theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15. Tôi có "
            "quyền xem, chỉnh sửa, rút lại sự đồng ý, yêu cầu hạn chế xử lý hoặc xóa dữ liệu."
        ),
        effective_from=CONSENT_FROM,
    )
    members = []
    for number, person in enumerate(people, start=1):
        # Most people signed the paper form; every 25th has not yet (the directory shows them).
        consented = number % 25 != 0
        member = Member(
            union=union,
            member_code=f"HL{number:05d}",
            full_name=person.full_name,
            gender=person.gender,
            birth_year=person.birth_year,
            qualification=person.qualification,
            field=person.field,
            workplace=person.workplace,
            position=person.position,
            email=person.email,
            typical_intellectual_year=person.typical_intellectual_year,
            consent_text=consent_text if consented else None,
            consent_given_on=CONSENT_FROM if consented else None,
            consent_method=ConsentMethod.PAPER if consented else "",
        )
        member.search_text = member.build_search_text()
        person.obj = member
        members.append(member)
    Member.objects.bulk_create(members, batch_size=500)
    memberships = [
        Membership(
            member=row.person.obj,
            society=societies[row.society],
            joined_on=row.joined_on,
            left_on=row.left_on,
            leave_reason=row.leave_reason,
        )
        for row in sorted(plan.rows, key=lambda r: (r.joined_on, r.person.obj.member_code))
    ]
    Membership.objects.bulk_create(memberships, batch_size=500)
    CommitteeSeat.objects.bulk_create(
        CommitteeSeat(
            term=term,
            society=societies[seat.society] if seat.society is not None else None,
            member=seat.person.obj,
            body=seat.body,
            position=seat.position,
            started_on=seat.started_on,
            ended_on=seat.ended_on,
            leave_reason=seat.leave_reason,
        )
        for seat in plan.seats
    )
    # Each society's contact is its chair.
    for index, contact in plan.contacts.items():
        societies[index].contact = contact
        societies[index].save(update_fields=["contact"])
    by_name = {s.name: s for s in societies}
    commendations = [
        Commendation(
            union=union,
            recipient_type=RecipientType.SOCIETY if society else RecipientType.UNION,
            society=by_name[society] if society else None,
            form=form,
            issuer=issuer,
            year=year,
            reason=reason,
        )
        for year, form, issuer, society, reason in COMMENDATIONS
    ]
    commendations += [
        Commendation(
            union=union,
            recipient_type=RecipientType.MEMBER,
            member=person.obj,
            form=CommendationForm.CERTIFICATE_OF_MERIT,
            issuer=VUSTA,
            year=year,
            reason="Có thành tích xuất sắc trong hoạt động khoa học và công nghệ",
        )
        for person, year in plan.member_awards
    ]
    Commendation.objects.bulk_create(commendations)
    return {
        "members": len(members),
        "memberships": len(memberships),
        "committee_seats": len(plan.seats),
        "commendations": len(commendations),
    }


def load(summary: dict) -> None:
    """The people of the union the associations part made, once."""
    union = summary["union"]
    if Member.objects.filter(union=union).exists():
        return
    term = union.terms.get(label="2018 - 2023")
    by_name = {s.name: s for s in Society.objects.filter(union=union)}
    societies = [by_name[s["name"]] for s in SOCIETIES]
    summary.update(
        _write(make_plan(random.Random(SEED)), union=union, term=term, societies=societies)
    )


def describe(summary: dict) -> list[str]:
    if "members" not in summary:
        return []
    return [
        f"  Hội viên (người): {vn_number(summary['members'])}; "
        f"lượt sinh hoạt hội: {vn_number(summary['memberships'])}",
        f"  Ghế ủy viên BCH/BTV: {vn_number(summary['committee_seats'])}",
        f"  Khen thưởng: {vn_number(summary['commendations'])}",
    ]


demo.register("members", load=load, describe=describe, after=["associations"])
