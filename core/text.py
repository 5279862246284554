"""Vietnamese text: accent folding for search, administrative number styles, alphabetical order.

One definition of each, for every app:

- `fold("Nguyễn Văn Đạt")` → `"nguyen van dat"`: what accent-insensitive search compares;
- `vn_number(1700)` → `"1.700"` and `vn_count(6)` → `"06"` (design §6, Nghị định 30/2020 style),
  `vn_month(2)` → `"02"` but `vn_month(3)` → `"3"` (a document's date line);
- `sort_key(text)` and `name_sort_key(full_name)`: Vietnamese dictionary order
  (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, the tone only deciding between
  words spelt with the same letters), and for people, given name first, then family and middle
  names, as Vietnamese lists of people are sorted.
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["fold", "name_sort_key", "sort_key", "vn_count", "vn_month", "vn_number"]


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


def vn_month(month: int) -> str:
    """A month in a document's date line: "01", "02", then "3" … "12" (Nghị định 30/2020 puts a
    leading zero on the days below 10 and on the months 1 and 2 only)."""
    return f"{month:02d}" if month < 3 else str(month)


# --- alphabetical order ------------------------------------------------------------------------
#
# A sort key is a string of ASCII digits and lower-case letters, made so that comparing two keys
# character by character (Python's str order, SQLite's BINARY, PostgreSQL's "C" and every
# locale collation alike: on these characters they all agree) is Vietnamese dictionary order.
# The same key sorts lists in Python and is stored, indexed, next to the names it orders
# (core.fields.SortKeyField), so the database pages through names in this order too.
#
# A key is the words of the text one after the other, then the rest; what follows decides only
# where everything before it ties:
#   - each word (syllable): its letters, two characters a letter ("a0" a, "a1" ă, "a2" â, "d1" đ,
#     "u1" ư ...; "1" and the digit for a digit; other letters after z by code point, "zz" and
#     four base-36 digits), "00", then its tones, one digit a letter (ngang 0, huyền 1, hỏi 2,
#     ngã 3, sắc 4, nặng 5). Syllable by syllable, as dictionaries list words: "ba hoa" before
#     "bà", "An" before "An Bình" before "Anh", "ma" before "mà" before "mai";
#   - "0" after the last word, then the case and the separators, so that different texts have
#     different keys: "0" a lower-case letter, "1" an upper-case one, "2", a count and the code
#     points of anything else.
# Spaces, punctuation and symbols separate words; only the last part tells which one it was.

# The Vietnamese alphabet, with the Latin letters it lacks (f j w z, in loanwords and foreign
# names) where the Latin alphabet has them; each letter's code in the first part.
_LETTER_CODES = {
    "a": "a0", "ă": "a1", "â": "a2", "b": "b0", "c": "c0", "d": "d0", "đ": "d1", "e": "e0",
    "ê": "e1", "f": "f0", "g": "g0", "h": "h0", "i": "i0", "j": "j0", "k": "k0", "l": "l0",
    "m": "m0", "n": "n0", "o": "o0", "ô": "o1", "ơ": "o2", "p": "p0", "q": "q0", "r": "r0",
    "s": "s0", "t": "t0", "u": "u0", "ư": "u1", "v": "v0", "w": "w0", "x": "x0", "y": "y0",
    "z": "z0",
}  # fmt: skip
_WORD_END, _END = "00", "0"
# Marks that make a letter of its own (ă â ê ô ơ ư) and the tones, in dictionary order:
# ngang (none), huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_D_WITH_STROKE = {"đ": "đ", "Đ": "đ", "ð": "đ", "Ð": "đ"}  # Ð (eth) is a common mistyped Đ
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"

# Keys longer than this are cut: such texts then tie with others sharing their first 250 or so
# letters, and the index entries of the stored keys stay small.
SORT_KEY_MAX_LENGTH = 1000


def _base36(number: int, width: int = 4) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 36)
        digits.append(_BASE36[digit])
    return "".join(reversed(digits))


def _clusters(text: str):
    """(base character, its combining marks) for each character of `text`, decomposed."""
    base, marks = None, []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and base is not None:
            marks.append(char)
            continue
        if base is not None:
            yield base, marks
        base, marks = char, []
    if base is not None:
        yield base, marks


@functools.lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> tuple[tuple[str, ...], str]:
    """The words of a token without spaces (usually one syllable) and its last-part codes.

    Kept in a cache: names are made of a few thousand syllables, and an import of 10,000
    people works out 10,000 keys.
    """
    words: list[str] = []
    letters: list[str] = []
    tones: list[str] = []
    rest: list[str] = []

    def end_word():
        if letters:
            words.append("".join(letters) + _WORD_END + "".join(tones))
            letters.clear()
            tones.clear()

    for base, marks in _clusters(token):
        lower = base.lower()
        if len(lower) != 1:  # İ
            lower = base
        if lower in _D_WITH_STROKE or unicodedata.category(base)[0] in "LN":
            if lower in _D_WITH_STROKE:
                letter = _D_WITH_STROKE[lower]
            else:
                shape = "".join(mark for mark in marks if mark in _LETTER_MARKS)
                letter = unicodedata.normalize("NFC", lower + shape)
            code = _LETTER_CODES.get(letter)
            if code is None:
                code = f"1{lower}" if "0" <= lower <= "9" else "zz" + _base36(ord(lower))
            letters.append(code)
            tones.append(next((_TONES[mark] for mark in marks if mark in _TONES), "0"))
            exact = base in "đĐ" or (base not in "ðÐ" and (base.isascii() or lower != base.upper()))
            if exact and all(mark in _LETTER_MARKS or mark in _TONES for mark in marks):
                rest.append("1" if base != lower else "0")
                continue
        else:
            end_word()
        rest.append(_other(base, marks))
    end_word()
    return tuple(words), "".join(rest)


def _other(base: str, marks: list[str]) -> str:
    chars = [base, *marks][:35]
    return "2" + _BASE36[len(chars)] + "".join(_base36(ord(char)) for char in chars)


_SPACE = _other(" ", [])


def sort_key(text: str | None) -> str:
    """Key for sorting text in Vietnamese dictionary order, word by word.

    In each word letters decide first (ă after a, đ after d, ư after u); between words spelt
    with the same letters the tones decide (ngang, huyền, hỏi, ngã, sắc, nặng); then the next
    word. Where all words tie, lower case comes before upper case, so that equal keys mean
    equal text (spaces collapsed).

    >>> sorted(["Đào", "Dương", "An", "Ánh", "Ân"], key=sort_key)
    ['An', 'Ánh', 'Ân', 'Dương', 'Đào']
    """
    words: list[str] = []
    rests: list[str] = []
    for token in (text or "").split():
        token_words, token_rest = _token_key(token)
        words.extend(token_words)
        rests.append(token_rest)
    key = "".join(words) + _END + _SPACE.join(rests)
    return key[:SORT_KEY_MAX_LENGTH]


def name_sort_key(full_name: str | None) -> str:
    """Key for sorting people by name as Vietnamese lists do: given name (the last word) first,
    then family name (the first word), then the middle names.

    >>> sorted(["Trần Văn Bình", "Nguyễn Thị An", "Lê An"], key=name_sort_key)
    ['Lê An', 'Nguyễn Thị An', 'Trần Văn Bình']
    """
    words = (full_name or "").split()
    if len(words) > 1:
        words = [words[-1], words[0], *words[1:-1]]
    return sort_key(" ".join(words))
