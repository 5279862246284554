"""The member directory's filters (staff and leadership)."""

import datetime
import functools
from html import escape

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from associations.forms import DateInput, FastSelect
from associations.models import LOCAL_KINDS, Block
from core.text import fold

from .models import Gender, Member, Membership, Qualification
from .privacy.consent import without_consent_q

CONSENT_CHOICES = (
    ("without", _("Without consent")),
    ("withdrawn", _("Consent withdrawn")),
    ("restricted", _("Processing restricted")),
)


def _html(value) -> str:
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


class QuickInputMixin:
    """An <input> rendered in Python: the markup of Django's input.html and attrs.html
    templates, without a template rendering per field on every directory page."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        html = [f'<input type="{_html(self.input_type)}" name="{_html(name)}"']
        if value is not None:
            html.append(f' value="{_html(value)}"')
        for attr, attr_value in self.build_attrs(self.attrs, attrs).items():
            if attr_value is True:
                html.append(f" {_html(attr)}")
            elif attr_value is not False:
                html.append(f' {_html(attr)}="{_html(attr_value)}"')
        html.append(">")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class SearchInput(QuickInputMixin, forms.TextInput):
    input_type = "search"


class QuickDateInput(QuickInputMixin, DateInput):
    pass


@functools.lru_cache(maxsize=64)
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    """<option>s of (value, label) pairs, none selected: worked out once per set of choices."""
    return "".join(
        [f'<option value="{_html(value)}">{_html(label)}</option>' for value, label in choices]
    )


class QuickSelect(FastSelect):
    """FastSelect whose options are made once per set of choices (200 societies on every
    directory page), with one `html.escape` per value rather than format_html's machinery."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple((str(option), str(label)) for option, label in self.choices)
        options = _options_html(choices)
        for selected in {str(v) for v in self.format_value(value)}:
            option = f'<option value="{escape(selected)}">'
            options = options.replace(option, option[:-1] + " selected>")
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_html(name)}"{final_attrs}>{options}</select>')  # noqa: S308


class SharedChoices(tuple):
    """Choices that copies of a field may share. A form deep-copies its fields, choices and all;
    these are immutable, so the copy is the tuple itself rather than one copy per society."""

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self


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
        label=_("Society"), choices=(), empty_label=_("All societies"), widget=QuickSelect
    )
    block = django_filters.ChoiceFilter(
        label=_("Block"), choices=Block.choices, empty_label=_("All blocks"), widget=QuickSelect
    )
    active_on = django_filters.DateFilter(label=_("Member on"), widget=QuickDateInput())
    qualification = django_filters.ChoiceFilter(
        label=_("Qualification"),
        choices=Qualification.choices,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    field = django_filters.CharFilter(
        label=_("Field"), lookup_expr="icontains", widget=QuickTextInput
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All"), widget=QuickSelect
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consent"),
        choices=CONSENT_CHOICES,
        empty_label=_("All"),
        widget=QuickSelect,
        method="filter_consent",
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
        self.filters["society"].extra["choices"] = SharedChoices(society_choices)

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

    def filter_consent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "without":
            return queryset.filter(without_consent_q())
        if value == "withdrawn":
            return queryset.filter(consent_withdrawn_on__isnull=False)
        if value == "restricted":
            return queryset.filter(processing_restricted=True)
        return queryset

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
