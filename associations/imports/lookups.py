"""What the association kinds share: their choices, the society lookup, the union check."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext

from core.imports import Choice, Context, norm

from ..models import ActivityKind, LocalityKind, Society, SocietyKind, Union

# Labels come from the model choices (Vietnamese from the translation catalogue); the aliases are
# other spellings found in offices' files, and labels of earlier exports.
LOCALITY_KINDS = Choice(LocalityKind)
SOCIETY_KINDS = Choice(SocietyKind)
ACTIVITY_KINDS = Choice(
    ActivityKind,
    {
        "cooperation": ("Liên kết hợp tác", "Hợp tác"),
        "fundraising": ("Vận động đóng góp", "Từ thiện"),
    },
)


def term_key(label: str) -> str:
    return re.sub(r"\s+", "", label).replace("–", "-").replace("—", "-").casefold()


# --- shared lookups ---------------------------------------------------------------------------


class SocietyIndex:
    """The union's societies by name (case and spaces ignored), loaded once."""

    def __init__(self, union):
        self.union = union
        self.by_name: dict[str, Society] = {}
        for society in Society.objects.filter(union=union).order_by("id"):
            self.by_name.setdefault(norm(society.name), society)
        self._missing: dict[str, tuple[str, str]] = {}
        self._seen: dict[str, Society] = {}

    def find(self, ctx: Context, row: int, key: str, name: str) -> Society | None:
        society = self._seen.get(name)
        if society is not None:
            return society
        society = self.by_name.get(norm(name))
        if society is not None:
            self._seen[name] = society
            return society
        if name not in self._missing:
            other = (
                Society.objects.filter(Q(name=name) | Q(name__iexact=name))
                .exclude(union=self.union)
                .select_related("union")
                .first()
            )
            if other is not None:
                self._missing[name] = (
                    gettext(
                        "the society «%(name)s» belongs to another union (%(other)s), "
                        "not to %(union)s"
                    )
                    % {"name": name, "other": other.union.name, "union": self.union.name},
                    "other_union",
                )
            else:
                self._missing[name] = (
                    gettext("unknown society «%(name)s» in %(union)s")
                    % {"name": name, "union": self.union.name},
                    "unknown_society",
                )
        message, code = self._missing[name]
        ctx.error(row, key, message, code)
        return None


def match_union(ctx: Context, row: int, key: str, text: str) -> bool:
    """True when `text` names the union being imported into (slug, name or short name)."""
    union = ctx.union
    if norm(text) in {norm(union.slug), norm(union.name), norm(union.short_name or union.name)}:
        return True
    other = Union.objects.filter(Q(slug=text) | Q(name=text)).first()
    if other is not None:
        ctx.error(
            row,
            key,
            gettext("«%(value)s» is another union; this import is for %(union)s (%(slug)s)")
            % {"value": text, "union": union.name, "slug": union.slug},
            "other_union",
        )
    else:
        ctx.error(
            row,
            key,
            gettext("unknown union «%(value)s»; this import is for %(union)s (%(slug)s)")
            % {"value": text, "union": union.name, "slug": union.slug},
            "unknown_union",
        )
    return False
