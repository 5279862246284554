"""Accent-insensitive search: "Nguyen Van A" finds "Nguyễn Văn A" on every database."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d), collapse whitespace."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
