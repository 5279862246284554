"""How an erased person is scrubbed from the contests' own tables (core/personal_data.py).

Entries and initiatives name their authors in free text; the summary, a benefit or an
attachment's file name may name them too. Only the erased person's union is touched."""

from core.personal_data import Erasure, register_scrubber, scrub_model_text

from .models import Entry, EntryAttachment, Initiative


def scrub_contests(erasure: Erasure) -> int:
    union_id = erasure.member.union_id
    changed = scrub_model_text(
        Entry, ["title", "unit", "summary", "author_names"], erasure, filters={"union_id": union_id}
    )
    changed += scrub_model_text(
        Initiative,
        ["title", "authors", "applied_where", "benefit"],
        erasure,
        filters={"union_id": union_id},
    )
    attachments = EntryAttachment.objects.filter(entry__union_id=union_id)
    changed += scrub_model_text(
        EntryAttachment, ["original_name"], erasure, queryset=attachments, history=False
    )
    return changed


register_scrubber("contests", scrub_contests)
