"""The member directory's filters (staff and leadership)."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from associations.forms import DateInput, FastSelect
from associations.models import LOCAL_KINDS, Block

from .models import Gender, Member, Membership, Qualification
from .search import fold


class SearchInput(forms.TextInput):
    input_type = "search"


# Filters on the membership: they must hold for one and the same membership.
MEMBERSHIP_FILTERS = ("society", "block", "active_on")


class MemberDirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=SearchInput(),
        help_text=_("Name, member code or e-mail; accents optional."),
    )
    society = django_filters.ChoiceFilter(
        label=_("Society"), choices=(), empty_label=_("All societies"), widget=FastSelect
    )
    block = django_filters.ChoiceFilter(
        label=_("Block"), choices=Block.choices, empty_label=_("All blocks"), widget=FastSelect
    )
    active_on = django_filters.DateFilter(label=_("Member on"), widget=DateInput())
    qualification = django_filters.ChoiceFilter(
        label=_("Qualification"),
        choices=Qualification.choices,
        empty_label=_("All"),
        widget=FastSelect,
    )
    field = django_filters.CharFilter(label=_("Field"), lookup_expr="icontains")
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All"), widget=FastSelect
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        society_choices: list[tuple[str, str]],
        today: datetime.date,
        **kwargs,
    ):
        super().__init__(data, queryset, **kwargs)
        self.today = today
        self.filters["society"].extra["choices"] = society_choices

    @property
    def day(self) -> datetime.date:
        """The date the list is about: the one asked for, else today."""
        if not self.is_bound:
            return self.today
        self.form.is_valid()  # fields that are valid are used even when another one is not
        return self.form.cleaned_data.get("active_on") or self.today

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        return queryset.filter(search_text__contains=folded) if folded else queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        memberships = Membership.objects.active_on(self.day).filter(member_id=OuterRef("pk"))
        if data.get("society"):
            memberships = memberships.filter(society_id=int(data["society"]))
        if data.get("block") == Block.LOCAL:
            memberships = memberships.filter(society__kind__in=LOCAL_KINDS)
        elif data.get("block") == Block.INSTITUTIONAL:
            memberships = memberships.exclude(society__kind__in=LOCAL_KINDS)
        queryset = queryset.filter(Exists(memberships))
        for name, value in data.items():
            if name not in MEMBERSHIP_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
