import datetime

import factory
from factory.django import DjangoModelFactory

from associations.models import Role, Society, SocietyKind, Term, Union, User
from members.models import Member, Membership


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-an-toan-2024")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


PASSWORD = "Mat-khau-an-toan-2024"


class UnionFactory(DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"Liên hiệp các Hội Khoa học và Kỹ thuật huyện Số {n}")
    short_name = "Liên hiệp hội"
    slug = factory.Sequence(lambda n: f"union-{n}")
    province = "Hà Tĩnh"
    district = factory.Sequence(lambda n: f"Huyện {n}")
    locality_kind = "huyen"


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    union = factory.SubFactory(UnionFactory)
    congress_number = 4
    label = "2018 - 2023"
    starts_on = datetime.date(2018, 7, 1)
    ends_on = datetime.date(2023, 12, 31)


class SocietyFactory(DjangoModelFactory):
    class Meta:
        model = Society

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"Hội KH&KT cơ quan số {n}")
    kind = SocietyKind.AGENCY
    founded_on = datetime.date(2010, 1, 1)


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    union = factory.SubFactory(UnionFactory)
    kind = "staff"


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    union = factory.SubFactory(UnionFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Số {n}")
    member_code = factory.Sequence(lambda n: f"HV{n:05d}")
    gender = "male"
    birth_year = 1980
    qualification = "bachelor"
    # Consent on paper, so the person goes into exports that need it (members/privacy).
    consent_given_on = datetime.date(2026, 1, 5)
    consent_method = "paper"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(MemberFactory)
    society = factory.SubFactory(SocietyFactory)
    joined_on = datetime.date(2015, 1, 1)


class TermReportFactory(DjangoModelFactory):
    class Meta:
        model = "reports.TermReport"

    term = factory.SubFactory(TermFactory)
    union = factory.SelfAttribute("term.union")


class ReportVersionFactory(DjangoModelFactory):
    """A stored version with a small stand-in file (not a real PDF)."""

    class Meta:
        model = "reports.ReportVersion"

    report = factory.SubFactory(TermReportFactory)
    number = factory.Sequence(lambda n: n + 1)
    format = "pdf"
    file = factory.django.FileField(filename="v.pdf", data=b"%PDF-1.7 stand-in")
    size = 17
    checksum = "0" * 64


class CommitteeSeatFactory(DjangoModelFactory):
    class Meta:
        model = "members.CommitteeSeat"

    term = factory.SubFactory(TermFactory)
    society = None
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..term.union"))
    body = "bch"
    position = "member"
    started_on = factory.SelfAttribute("term.starts_on")


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = "associations.Activity"

    society = factory.SubFactory(SocietyFactory)
    union = factory.LazyAttribute(lambda o: o.society.union if o.society else UnionFactory())
    kind = "training"
    title = factory.Sequence(lambda n: f"Tập huấn kỹ thuật số {n}")
    held_on = datetime.date(2020, 3, 15)
    participants = 50
    amount_vnd = None


class CommendationFactory(DjangoModelFactory):
    class Meta:
        model = "members.Commendation"

    union = factory.SubFactory(UnionFactory)
    recipient_type = "union"
    form = "bang_khen"
    issuer = "Liên hiệp các Hội KH&KT Việt Nam"
    year = 2021
