"""How an erased person is scrubbed from the consultations' own tables (core/personal_data.py).

Opinions, recommendations, status notes, documents' names and letters are free text that may
name a registry member (an expert drawn from the registry, a person cited). Only the erased
person's union is touched; history rows are found by the ids of that union's rows."""

from core.personal_data import Erasure, register_scrubber, scrub_model_text

from .models import (
    ConsultationTask,
    LetterDraft,
    Opinion,
    OpinionLetter,
    Recommendation,
    TaskDocument,
    TaskTransition,
)

# model → (its free-text fields, the lookup from it to the union)
FIELDS = {
    ConsultationTask: (["title", "summary", "legal_basis"], "union_id"),
    Opinion: (["text", "original_name"], "assignment__task__union_id"),
    Recommendation: (["text", "answer"], "task__union_id"),
    TaskTransition: (["note"], "task__union_id"),
    TaskDocument: (["title", "original_name"], "task__union_id"),
    OpinionLetter: (["addressee", "recipients_text", "body", "signer_name"], "task__union_id"),
    LetterDraft: (["addressee", "recipients_text", "body", "signer_name"], "task__union_id"),
}


def scrub_consultations(erasure: Erasure) -> int:
    union_id = erasure.member.union_id
    changed = 0
    for model, (fields, to_union) in FIELDS.items():
        fields = [name for name in fields if _has_field(model, name)]
        ids = list(model.objects.filter(**{to_union: union_id}).values_list("pk", flat=True))
        if ids:
            changed += scrub_model_text(model, fields, erasure, filters={"id__in": ids})
    return changed


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


register_scrubber("consultations", scrub_consultations)
