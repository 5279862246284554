"""Vietnamese text: accent folding for search, administrative number styles, alphabetical order.

One definition of each, for every app:

- `fold("Nguyễn Văn Đạt")` → `"nguyen van dat"`: what accent-insensitive search compares;
- `vn_number(1700)` → `"1.700"` and `vn_count(6)` → `"06"` (design §6, Nghị định 30/2020 style);
- `sort_key(text)` and `name_sort_key(full_name)`: Vietnamese dictionary order
  (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, the tone only deciding between
  words spelt with the same letters), and for people, given name first, then family and middle
  names, as Vietnamese lists of people are sorted.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "name_sort_key", "sort_key", "vn_count", "vn_number"]


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d), collapse whitespace."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def vn_number(value: int) -> str:
    """Thousands separated with a dot: 1700 → "1.700", 20995 → "20.995", -1200 → "-1.200"."""
    value = int(value)
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def vn_count(value: int) -> str:
    """A count as reports write it: below ten with a leading zero ("06"), else like vn_number."""
    value = int(value)
    if 0 < value < 10:
        return f"0{value}"
    return vn_number(value)


# --- alphabetical order ------------------------------------------------------------------------

# The Vietnamese alphabet, with the Latin letters it lacks (f j w z, in loanwords and foreign
# names) where the Latin alphabet has them.
_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET, start=10)}
_DIGIT_RANK = {str(digit): digit for digit in range(10)}  # digits before letters
_OTHER = 1_000  # anything else after the letters, by code point

# Marks that make a letter of its own (ă â ê ô ơ ư) and the tones, in dictionary order:
# ngang (none), huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters_and_tones(word: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", word):
        if char in "đĐ":
            letters.append(_LETTER_RANK["đ"])
            tones.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", char.lower())
        base = decomposed[0]
        marks = decomposed[1:]
        letter = base + "".join(m for m in marks if m in _LETTER_MARKS)
        letter = unicodedata.normalize("NFC", letter)
        if letter in _LETTER_RANK:
            rank = _LETTER_RANK[letter]
        elif letter in _DIGIT_RANK:
            rank = _DIGIT_RANK[letter]
        else:
            rank = _OTHER + ord(letter[0])
        letters.append(rank)
        tones.append(max((_TONES.get(m, 0) for m in marks), default=0))
    return tuple(letters), tuple(tones), word


def sort_key(text: str | None) -> tuple:
    """Key for sorting text in Vietnamese dictionary order, word by word.

    Letters decide first (ă after a, đ after d, ư after u); between words spelt with the same
    letters the tones decide (ngang, huyền, hỏi, ngã, sắc, nặng); then lower case before
    upper case, so that equal keys mean equal text.

    >>> sorted(["Đào", "Dương", "An", "Ánh", "Ân"], key=sort_key)
    ['An', 'Ánh', 'Ân', 'Dương', 'Đào']
    """
    words = " ".join((text or "").split()).split(" ")
    parts = [_letters_and_tones(word) for word in words if word]
    return (
        tuple(letters for letters, _, _ in parts),
        tuple(tones for _, tones, _ in parts),
        tuple(word.swapcase() for _, _, word in parts),
    )


def name_sort_key(full_name: str | None) -> tuple:
    """Key for sorting people by name as Vietnamese lists do: given name (the last word) first,
    then family name (the first word), then the middle names.

    >>> sorted(["Trần Văn Bình", "Nguyễn Thị An", "Lê An"], key=name_sort_key)
    ['Lê An', 'Nguyễn Thị An', 'Trần Văn Bình']
    """
    words = (full_name or "").split()
    if len(words) > 1:
        words = [words[-1], words[0], *words[1:-1]]
    return sort_key(" ".join(words))
