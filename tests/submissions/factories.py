import datetime

import factory
from factory.django import DjangoModelFactory

from submissions.models import Round, Submission
from tests.factories import SocietyFactory, UnionFactory


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = Round

    union = factory.SubFactory(UnionFactory)
    title = factory.Sequence(lambda n: f"Báo cáo năm {2000 + n}")
    period_kind = "year"
    year = factory.Sequence(lambda n: 2000 + n)
    period_start = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    period_end = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 1, 15))
    opened_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 1))


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = Submission

    round = factory.SubFactory(RoundFactory)
    society = factory.SubFactory(SocietyFactory, union=factory.SelfAttribute("..round.union"))
