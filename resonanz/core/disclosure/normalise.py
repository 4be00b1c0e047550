"""Unicode normalisation that keeps track of where every character came from.

Labels dressed up as 𝐖𝐞𝐫𝐛𝐮𝐧𝐠, ＷＥＲＢＵＮＧ, Ⓦⓔⓡⓑⓤⓝⓖ, ᴡᴇʀʙᴜɴɢ, W e r b u n g or Wer\u200bbung must
not slip through, so every text is folded before matching: compatibility decomposition (NFKD, a
superset of what NFKC folds), combining marks and format characters (zero-width space/joiners,
soft hyphen, bidi marks, variation selectors) dropped, look-alike letters (small capitals,
Cyrillic/Greek homoglyphs, regional-indicator and negative-circled letters) mapped to Latin,
casefold, and letter-spaced words joined. Accents go too ("für" → "fur"), so token lists are
written without them and "Unterstützt" matches however its umlaut is encoded.

:class:`Folded` keeps, for every folded character, the index of the original character it came
from, so findings point at — and quote — the creator's own text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_SMALL_CAPS = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ"
_SMALL_CAPS_LATIN = "abcdefghijklmnopqrstuvwxyz".replace("x", "")
_HOMOGLYPHS = {
    # Cyrillic look-alikes (lower and upper case)
    **dict(
        zip("аеорсухіјѕԁԛԝвкмнтАЕОРСУХІЈЅВКМНТ", "aeopcyxijsdqwbkmhtAEOPCYXIJSBKMHT", strict=True)
    ),
    # Greek look-alikes
    **dict(zip("αοενρικτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "aoevpiktuxABEZHIKMNOPTYX", strict=True)),
    **dict(zip(_SMALL_CAPS, _SMALL_CAPS_LATIN, strict=True)),
    "ɡ": "g",
    "ı": "i",
    "ȷ": "j",
}
# Letters without a compatibility decomposition: regional indicators 🇦–🇿, negative circled
# 🅐–🅩, negative squared 🅰–🆉 and parenthesised ⒜–⒵ (NFKD would give "(a)", which splits words).
_LETTER_BLOCKS = ((0x1F1E6, 26), (0x1F150, 26), (0x1F170, 26), (0x249C, 26))
for _start, _n in _LETTER_BLOCKS:
    for _k in range(_n):
        _HOMOGLYPHS[chr(_start + _k)] = chr(ord("a") + _k)
_BLANKS = {"\u2800": " ", "\u3164": " ", "\u115f": " ", "\u1160": " ", "\uffa0": " "}
_NEWLINES = {"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"}
_DROP_CATEGORIES = frozenset({"Cf", "Mn", "Me"})

# Four or more single letters, each followed by one spacer: "w e r b u n g", "w.e.r.b.u.n.g".
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][ .·•\-_*|/]){3,}[^\W\d_](?!\w)")
# In every letter-spaced word: a single letter between two spacers (a fast test before _SPACED).
_SPACED_HINT = re.compile(r"[ .·•\-_*|/][^\W\d_][ .·•\-_*|/]")
_TOKEN = re.compile(r"#?\w+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")


@functools.lru_cache(maxsize=65_536)
def fold_char(char: str) -> str:
    """The folded form of one character: "" for invisible ones, else lower-case Latin if any."""
    if char in _NEWLINES:
        return _NEWLINES[char]
    if char in _BLANKS:
        return _BLANKS[char]
    if char in _HOMOGLYPHS:
        return _HOMOGLYPHS[char].casefold()
    if unicodedata.category(char) in _DROP_CATEGORIES:
        return ""
    parts = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part) in _DROP_CATEGORIES:
            continue
        parts.append(_HOMOGLYPHS.get(part, part))
    return "".join(parts).casefold()


@dataclass(frozen=True)
class Folded:
    """A folded text plus, per folded character, the index of its original character."""

    original: str
    text: str
    index: tuple[int, ...]

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """The words and #hashtags of the folded text (for quick list look-ups)."""
        return frozenset(_TOKEN.findall(self.text))

    def start(self, pos: int) -> int:
        """Original index of folded position ``pos`` (the end of the text for ``pos`` past it)."""
        return self.index[pos] if pos < len(self.index) else len(self.original)

    def end(self, pos: int) -> int:
        """Original index just after the folded character before ``pos`` (an exclusive end)."""
        return self.index[pos - 1] + 1 if pos > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of the folded ``[start, end)``."""
        a, b = self.start(start), max(self.start(start), self.end(end))
        while b < len(self.original) and unicodedata.category(self.original[b]) in ("Mn", "Me"):
            b += 1  # keep the combining marks of the last letter (W̲e̲r̲b̲u̲n̲g̲)
        return a, b

    def excerpt(self, start: int, end: int) -> str:
        """The original text behind the folded ``[start, end)``."""
        a, b = self.span(start, end)
        return self.original[a:b]


def _join_spaced(text: str, index: list[int]) -> tuple[str, list[int]]:
    """Remove the spacers of letter-spaced words ("w e r b u n g" → "werbung")."""
    if not _SPACED_HINT.search(text):
        return text, index
    drop: set[int] = set()
    for m in _SPACED.finditer(text):
        drop.update(range(m.start() + 1, m.end(), 2))
    if not drop:
        return text, index
    keep = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in keep), [index[i] for i in keep]


def _is_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


_INDICATOR = re.compile("[\U0001f1e6-\U0001f1ff]")


def _keep_flags(original: str, parts: list[str]) -> None:
    """Two adjacent regional indicators are a flag (🇩🇪), not letters: keep them as they are."""
    if not _INDICATOR.search(original):
        return
    for i, char in enumerate(original):
        if _is_indicator(char) and (
            (i > 0 and _is_indicator(original[i - 1]))
            or (i + 1 < len(original) and _is_indicator(original[i + 1]))
        ):
            parts[i] = " "


# Characters seen so far: the translation table of those folding to one other character, and
# those folding to none or several (or regional indicators, see _keep_flags).
_SEEN: set[str] = set()
_TABLE: dict[int, str] = {}
_IRREGULAR: set[str] = set()


def _one_to_one(original: str) -> bool:
    """Every character of ``original`` folds to exactly one character and none is a regional
    indicator (whose pairs :func:`_keep_flags` turns into blanks); learns new characters."""
    chars = set(original)
    for char in chars - _SEEN:
        folded = fold_char(char)
        if len(folded) != 1 or _is_indicator(char):
            _IRREGULAR.add(char)
        elif folded != char:
            _TABLE[ord(char)] = folded
        _SEEN.add(char)
    return _IRREGULAR.isdisjoint(chars)


@functools.lru_cache(maxsize=8192)
def fold(original: str) -> Folded:
    """Fold ``original`` for matching (see the module docstring), keeping the index map."""
    if original.isascii():
        text = original.lower().replace("\r\n", " \n").replace("\r", "\n")
        index = list(range(len(original)))
        if "\x0b" in text or "\x0c" in text:
            text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    elif _one_to_one(original):
        # every character folds to exactly one: translate the distinct ones, index is identity
        text = original.translate(_TABLE)
        index = list(range(len(original)))
    else:
        parts = [fold_char(c) for c in original]
        _keep_flags(original, parts)
        text = "".join(parts)
        if len(text) == len(original):
            index = list(range(len(original)))
        else:
            index = [i for i, p in enumerate(parts) for _ in p]
    text, index = _join_spaced(text, index)
    return Folded(original, text, tuple(index))


def fold_phrase(phrase: str) -> str:
    """A token-list phrase folded the same way as texts (so lists may carry accents)."""
    return fold(phrase).text.strip()


@dataclass(frozen=True)
class Lines:
    """Line numbers of original text positions (lines split at any line break)."""

    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Lines:
        """The line starts of ``text``."""
        return cls((0, *(m.end() for m in _LINE_BREAK.finditer(text))))

    def line(self, pos: int) -> int:
        """0-based line number of original index ``pos``."""
        return bisect_right(self.starts, pos) - 1

    def cut(self, lines: int, chars: int) -> int:
        """The original index where a platform showing ``lines`` lines / ``chars`` chars cuts."""
        by_lines = self.starts[lines] - 1 if lines < len(self.starts) else None
        return chars if by_lines is None else min(chars, by_lines)
