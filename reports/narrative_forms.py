"""The form of one narrative section: its text (the editor's text area) and its version."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VERSION_FIELD

EDITOR_LABELS = {
    "bold": _("B"),
    "bold_title": _("Bold"),
    "italic": _("I"),
    "italic_title": _("Italics"),
    "bullets": _("• List"),
    "bullets_title": _("Bulleted list"),
    "numbers": _("1. List"),
    "numbers_title": _("Numbered list"),
    "footnote": _("Footnote"),
    "footnote_title": _("Make the selected words a footnote"),
    "select_first": _("Select the words of the footnote first."),
}


class NarrativeTextarea(forms.Textarea):
    """A plain text area; narrative-editor.js turns it into the formatting editor."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = {key: str(label) for key, label in EDITOR_LABELS.items()}
        context["widget"]["attrs"]["data-narrative-editor"] = json.dumps(labels, ensure_ascii=False)
        return context


class SectionForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=NarrativeTextarea(attrs={"rows": 14, "class": "narrative-plain"}),
        help_text=_(
            "Paragraphs, bulleted and numbered lists, bold, italics and footnotes are kept; "
            "without the toolbar, write one paragraph a line. Links, images and other "
            "formatting are removed when saving."
        ),
    )
    record_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, version: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault(VERSION_FIELD, version)

    def refuse_stale(self, *, current_version: str, message: str) -> None:
        """Keep the user's text, show `message`, carry the current version for a deliberate
        second save."""
        self.add_error(None, message)
        data = self.data.copy()
        data[VERSION_FIELD] = current_version
        self.data = data
