"""Bangla typed with Bijoy (SutonnyMJ-style fonts): found per cell and put in Unicode.

Many office PCs still type Bangla with Bijoy: the file holds Latin letters and Latin-1
symbols ("mgvR Kj¨vY ms¯’v") that only the font shows as Bangla (সমাজ কল্যাণ সংস্থা). Such a
text is converted in two steps: each key becomes its Unicode letters (the table is in
data/bijoy.json, loaded on first use), then the letters are put in Unicode order: a vowel
sign typed before its consonant cluster (ি ে ৈ, and the first half of ো ৌ) moves after it,
and a reph (র্), typed after its cluster and any vowel sign, moves before it.

Deciding what is Bijoy never guesses on English. A cell is Bijoy on its own evidence when it
holds a symbol Bijoy uses for a letter, where Bijoy puts it (¨ ¯ anywhere, ‡ ˆ before a
letter, © Ö ° after one, ’ after ¯: "© 2024" and "25°C" are English); accented letters count
only in words no European language would spell. A cell of plain ASCII ("mgvR") is converted
only when its column (or, near the top, its row: the headers) is mostly Bijoy by that
evidence, and at least half its words are shaped like Bijoy (vowel signs v w x, a capital
inside a word) and none like English ("Karim"); or when every word of it reads as Bangla
(`vouched`): as a word the tool knows (data/bangla_words.txt: the gazetteer, the header
vocabulary, the office's documents: "weij" বিরল, "GKB" একই), or, with no English letter run
(data/english_trigrams.txt: half its letter triples common in English words or romanised
Bangla names) and with Bangla's shape once converted (no vowel sign without its letter, no
vowel sign on a vowel, no five consonants with none), as a Bangla word ("bZzb" নতুন). E-mail
addresses, URLs, numbers and codes (MBSK, FD-6) are never converted, inside a Bijoy cell or
out, unless a code's capitals spell a word the tool knows (GKB).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ngocoord.errors import BadFile

REPH = "\ue000"  # stands for র্ until it is moved before its cluster
HEAD_ROWS = 30  # rows whose headers may be judged by their row (the header search's reach)
SAMPLES = 3  # converted cells kept per column for --explain

_CONSONANT = "\u0995-\u09b9\u09dc\u09dd\u09df"
_CLUSTER = f"[{_CONSONANT}](?:\u09cd[{_CONSONANT}])*"
_PRE_KAR = re.compile(f"([\u09bf\u09c7\u09c8])({_CLUSTER})")
_REPH_MOVE = re.compile(f"({_CLUSTER})([\u09be-\u09c4\u09c7\u09c8\u09d7\u0981\u0982]*){REPH}")

# Bijoy evidence: symbols English text does not use for a letter, each where Bijoy puts it
# (a vowel sign typed before its letter, a phala or conjunct after one: "25°C", "© 2024",
# "Smith†" and "«Bonjour»" are no evidence), and Latin-1 letters, also European, that need a
# second look. Only cells with one of these get a closer look at all.
_ANYWHERE = "¨¯¬¦¸"
_BEFORE_LETTER = "‡†ˆ‰"
_AFTER_LETTER = "©Öª«º°±·¼½¾×÷§¶¤¢£¥¡¿‚‹ƒµ"
_IN_WORD = "…„"  # ৃ in Bijoy; in English an ellipsis ends a word, a German quote starts one
_LETTERS = "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŠšŒœŸ›˜"
_MARKER = re.compile(f"[{_ANYWHERE}{_BEFORE_LETTER}{_AFTER_LETTER}{_IN_WORD}{_LETTERS}®™’]")
_LETTER_MARKER = re.compile(f"[{_LETTERS}]")
_GLYPH = r"[^\s\d.,;:!?()\[\]'\"-]"  # a letter or a Bijoy glyph, not a digit or punctuation
_SYMBOL_IN_WORD = re.compile(
    f"[{_ANYWHERE}]|[{_BEFORE_LETTER}](?={_GLYPH})|(?<={_GLYPH})[{_AFTER_LETTER}]|[µ¶](?=[vwxy])"
    f"|(?<={_GLYPH})[{_IN_WORD}](?={_GLYPH})|¯’|(?<=[A-Za-z])[®™](?=[A-Za-z])|’(?=[vwx])"
    "|(?<=i)æ"  # রু: no European word puts æ after i
)
_CAP_IN_WORD = re.compile(f"(?<=[a-z{_LETTERS}])[A-ZÀ-ÞŠŒŸ]")
_EUROPEAN = re.compile(r"[A-ZÀ-ÞŠŒŸŽ]?[a-zß-ÿšœž]+(?:['’][a-z]+)?")

# Never converted, inside a Bijoy cell or out.
_PROTECTED = re.compile(
    r"\S+@\S+|(?:https?://|www\.)\S+|\S+\.(?:com|org|net|gov|bd|edu|info)\b\S*"
    r"|(?<!\S)[\d\-+/.,:()]+(?!\S)"  # a number, phone or date: Latin digits kept
    r"|(?<!\S)(?:[A-Z]{2,}[-/\d][^\s,;]*|[A-Z]+-\d[^\s,;]*|[A-Z]{3,})(?=[\s.,;:)]|$)"  # FD-6
)
_WORD = re.compile(r"[A-Za-z`_]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ENGLISH_CHARS = re.compile(r"[@.\\]")
_ENGLISH_ONSETS = frozenset(
    re.findall(r"\w\w", "bl br ch cl cr dr dw fl fr gh gl gr gw kh kl kn kr ph pl pr qu sc sh")
    + re.findall(r"\w\w", "sk sl sm sn sp st sw th tr ts tw vl wh wr")
)
_VOWELS = frozenset("aeiouy")


@functools.cache
def _table() -> tuple[dict[int, str], re.Pattern[str], dict[str, str]]:
    """The keys as a str.translate table (each key is one character), and the keys that are
    Bangla only right after a letter: their pattern and what each stands for."""
    data = json.loads(
        resources.files("ngocoord").joinpath("data", "bijoy.json").read_text(encoding="utf-8")
    )
    anywhere: dict[str, str] = data["map"]
    after: dict[str, str] = data["after_letter"]
    context = "[" + "".join(re.escape(k) for k in after) + "]"
    pattern = re.compile(f"(?<={_GLYPH}){context}")
    return {ord(k): v for k, v in anywhere.items()}, pattern, after


@functools.lru_cache(maxsize=1 << 16)
def to_unicode(text: str) -> str:
    """Bijoy keys as Unicode Bangla, in Unicode order, every key converted (`convert` keeps
    e-mails, numbers, codes and English words). This and the tests below are cached: a
    roster repeats its designations and upazilas in every row."""
    keys, pattern, after = _table()
    out = pattern.sub(lambda m: after[m.group()], text).translate(keys)
    out = out.replace("\u09cd\u09cd", "\u09cd")
    out = _PRE_KAR.sub(r"\2\1", out)
    out = _REPH_MOVE.sub(lambda m: "র\u09cd" + m.group(1) + m.group(2), out)
    out = out.replace(REPH, "র\u09cd")
    out = out.replace("\u09c7\u09be", "\u09cb").replace("\u09c7\u09d7", "\u09cc")
    out = out.replace("অ\u09be", "আ")
    return unicodedata.normalize("NFC", out)


@functools.lru_cache(maxsize=1 << 16)
def convert(text: str) -> str:
    """A text known to be Bijoy in Unicode Bangla; e-mails, URLs, numbers, codes and English
    words in it are left as they are (capitals that spell a known Bangla word are no code)."""
    parts: list[str] = []
    last = 0
    for m in _PROTECTED.finditer(text):
        parts.append(_convert_words(text[last : m.start()]))
        kept = m.group()  # a code, unless its capitals spell a Bangla word (GKB: একই)
        parts.append(to_unicode(kept) if kept.isalpha() and _vouched_word(kept) else kept)
        last = m.end()
    parts.append(_convert_words(text[last:]))
    return "".join(parts)


def _convert_words(text: str) -> str:
    """Convert each word that is not shaped like an English word (Karim, Dhaka)."""
    pieces = re.split(r"(\s+)", text)
    return "".join(p if p.isspace() or not p or _english_word(p) else to_unicode(p) for p in pieces)


def _english_word(word: str) -> bool:
    """A capitalised ASCII word with two English vowels, more than its Bijoy vowel signs
    ("Karim", "Vivek"; not "Kwig")."""
    core = word.strip(".,;:!?()'\"")
    if not (core.isascii() and core.isalpha() and len(core) >= 3):
        return False
    if not (core[:1].isupper() and core[1:].islower()):
        return False
    eng = sum(c in "aeiou" for c in core)
    return eng >= 2 and eng > sum(c in "vwx" for c in core)


def _bijoy_word(word: str) -> bool:
    """A plain-ASCII word shaped like Bijoy: its vowel signs (v w x, `) outweigh English
    vowels, or match them and it starts as no English word does ("Kwig", "Rbve")."""
    sig = sum(c in "vwx`" for c in word)
    if sig == 0 or word.isupper():
        return False  # a capital inside a word counts only beside a vowel sign (not "GmbH")
    sig += len(_CAP_IN_WORD.findall(word))
    eng = sum(c in "aeiou" for c in word)
    if sig > eng:
        return True
    onset = word[:2].lower()
    return (
        sig == eng
        and len(onset) == 2
        and onset[0] not in _VOWELS
        and onset[1] not in _VOWELS
        and onset not in _ENGLISH_ONSETS
    )


@functools.lru_cache(maxsize=1 << 16)
def is_bijoy(text: str) -> bool:
    """Whether a text carries Bijoy evidence of its own (not just a plain-ASCII shape)."""
    if text.isascii() or any("\u0980" <= ch <= "\u09ff" for ch in text):
        return False
    if not _MARKER.search(text):
        return False
    unprotected = _PROTECTED.sub(" ", text)
    if _SYMBOL_IN_WORD.search(unprotected):
        return True
    words = unprotected.split()
    return any(_LETTER_MARKER.search(w) and not _european(w) for w in words)


def _european(word: str) -> bool:
    """An accented word a European language could spell (Médecins, Müller, café)."""
    core = word.strip(".,;:!?()'\"«»“”‘’„¿¡")
    if not _EUROPEAN.fullmatch(core) and not (core.isalpha() and core.isupper()):
        return False
    vowels = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿ"
    return any(c in vowels for c in core.lower()) and not _bijoy_word(
        "".join(c for c in core if c.isascii())
    )


@functools.lru_cache(maxsize=1 << 16)
def plain_bijoy(text: str) -> bool:
    """Whether a plain-ASCII text could be Bijoy: at least half its words shaped like Bijoy,
    none like English, and nothing English text is made of (an @, a dot, a backslash)."""
    if not text.isascii() or not _ASCII_LETTER.search(text) or _ENGLISH_CHARS.search(text):
        return False
    words = [w for w in _WORD.findall(_PROTECTED.sub(" ", text)) if len(w) > 1]
    if not words or any(_english_word(w) for w in words):
        return False
    return 2 * sum(_bijoy_word(w) for w in words) >= len(words)


# A word of Latin letters a Bijoy column or row vouches for, with no Bijoy shape of its own ("weij",
# বিরল; "bZzb", নতুন; "GKB", একই): Bangla when it reads as a Bangla word the tool knows, or
# when its letters are not English (`_english_letters`) and it reads as Bangla is written.
_KARS = "\u09be-\u09c4\u09c7\u09c8\u09cb\u09cc"
_SIGN = f"[{_KARS}\u09cd\u0981-\u0983\u09d7]"
_MALFORMED = re.compile(
    f"^{_SIGN}"  # a sign with no letter before it
    f"|[{_KARS}\u0981-\u0983\u09cd][{_KARS}]"  # a vowel sign after a sign
    f"|[\u0981-\u0983][\u0981-\u0983\u09cd{_KARS}]"  # ং ঃ ঁ doubled, or before a sign
    f"|[\u0985-\u0994][\u09cd{_KARS}]"  # a vowel sign or hasanta on a vowel
    "|(?<=.)[অআঈঊঋঐঔ]"  # vowels that only start a word
    f"|[{_CONSONANT}]{{5}}(?!{_SIGN})"  # five letters in a row with no vowel sign
    f"|\u09ce{_SIGN}|\u09cd$|[^\u0980-\u09ff]"  # ৎ with a sign, a hasanta at the end
)
_VOWEL = re.compile(f"[\u0985-\u0994{_KARS}]")  # a word with none is a run of consonants
_NO_SHAPE_MIN = 3  # shorter Latin words (FY, GB) are too often abbreviations
_VOUCHED_WORD = re.compile(r"[^\s\d.,;:!?()\[\]'\"/|-]+")  # with ` ~ & ^ and Bijoy's Latin-1 keys
_ENGLISH_SHARE = 0.5  # of a word's letter triples, at or above which its letters are English


@functools.cache
def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The Bangla words the tool knows and the letter triples of English words (both in
    data/, made by scripts/build_word_lists.py), loaded on first use."""
    data = resources.files("ngocoord").joinpath("data")

    def lines(name: str) -> frozenset[str]:
        text = data.joinpath(name).read_text(encoding="utf-8")
        return frozenset(w for w in text.splitlines() if w and not w.startswith("#"))

    return lines("bangla_words.txt"), lines("english_trigrams.txt")


def _english_letters(word: str) -> bool:
    """Whether a word's letters run as English (or romanised Bangla) letters do: half its
    letter triples, with its start and end, are common in English words."""
    w = f"^{word.lower()}$"
    triples = [w[i : i + 3] for i in range(len(w) - 2)]
    english = _word_lists()[1]
    return sum(t in english for t in triples) >= _ENGLISH_SHARE * len(triples)


def known_word(word: str) -> bool:
    """Whether a Latin word typed in Bijoy reads as a Bangla word the tool knows (a place, a
    header word, a word of the office's documents)."""
    return to_unicode(word) in _word_lists()[0]


def _vouched_word(word: str) -> bool:
    if word.isupper():  # a code (MBSK, FY), unless it spells a Bangla word (GKB, একই)
        return len(word) >= _NO_SHAPE_MIN and known_word(word)
    if _bijoy_word(word) or known_word(word):
        return True
    if len(word) < _NO_SHAPE_MIN or _english_word(word):
        return False
    text = to_unicode(word)
    return not (_english_letters(word) or _MALFORMED.search(text)) and bool(_VOWEL.search(text))


def _keys_in_words(text: str) -> bool:
    """Whether each character of a text beyond ASCII is a Bijoy key typed after a letter (³ in
    "gy³vMvQv", মুক্তাগাছা), keys English also writes ("m²"), so no evidence on their own."""
    keys, _, after = _table()
    return all(
        ch.isascii() or ((ord(ch) in keys or ch in after) and i > 0 and not text[i - 1].isspace())
        for i, ch in enumerate(text)
    )


@functools.lru_cache(maxsize=1 << 16)
def vouched(text: str) -> bool:
    """Whether a text of Latin letters in a column or row that is Bijoy by its other cells is
    Bijoy too: every word of it reads as Bangla (`_vouched_word`), nothing in it is English
    text's (an @, a dot, a backslash), and whatever is not ASCII is a Bijoy key in a word."""
    if _ENGLISH_CHARS.search(text) or not (text.isascii() or _keys_in_words(text)):
        return False
    words = [w for w in _VOUCHED_WORD.findall(text) if len(w) > 1]
    return bool(words) and all(_vouched_word(w) for w in words)


@dataclass
class Converted:
    """The cells of one column put from Bijoy into Unicode: how many, and a few of them."""

    column: str = ""  # its letter, and its header as read (after conversion)
    header: str = ""
    cells: int = 0
    samples: list[tuple[str, str]] = field(default_factory=list)  # (original, converted)

    def add(self, original: str, text: str, shown: set[str]) -> None:
        """Count a cell; keep it as a sample unless another column already shows it (a
        merged title fills every column with one text)."""
        self.cells += 1
        if len(self.samples) < SAMPLES and original not in shown:
            shown.add(original)
            self.samples.append((original, text))


def convert_grid(grid: list[list[Any]]) -> dict[int, Converted]:
    """Convert a sheet's Bijoy cells in place; what was converted, by column (0-based).

    A first pass finds the cells with Bijoy evidence of their own; a sheet with none (every
    English or Unicode file) ends there, having looked at each cell once, cheaply. Plain-ASCII
    cells are then judged by their column, and in the top rows also by their row (the headers).
    """
    search = _MARKER.search
    # The cheap tests first, in one comprehension (no call per cell): ASCII has no marker, and
    # a cell that starts in Unicode Bangla (most Bangla cells; compared without a slice) is
    # not Bijoy. Most files end here, none of their cells left.
    maybe = [
        v
        for v in itertools.chain.from_iterable(grid)
        if v.__class__ is str and not v.isascii() and not "\u0980" <= v < "\u0a00" and search(v)
    ]
    if not any(map(is_bijoy, maybe)):
        return {}
    strong = [
        (r, c)
        for r, row in enumerate(grid)
        for c, v in enumerate(row)
        if v.__class__ is str and not v.isascii() and is_bijoy(v)
    ]
    by_col: dict[int, int] = {}
    by_row: dict[int, int] = {}
    for r, c in strong:
        by_col[c] = by_col.get(c, 0) + 1
        if r < HEAD_ROWS:
            by_row[r] = by_row.get(r, 0) + 1
    strong_set = set(strong)
    cols = {
        c
        for c, n in by_col.items()
        if _mostly(n, _lettered(row[c] for row in grid if c < len(row)))
    }
    rows = {r for r, n in by_row.items() if _mostly(n, _lettered(grid[r]))}
    done: dict[int, Converted] = {}
    shown: set[str] = set()
    for r, row in enumerate(grid):
        head = r in rows
        for c, v in enumerate(row):
            if v.__class__ is not str:
                continue
            vouching = head or c in cols
            if (r, c) in strong_set or (
                vouching and ((v.isascii() and plain_bijoy(v)) or vouched(v))
            ):
                text = convert(v)
                if text != v:
                    row[c] = text
                    done.setdefault(c, Converted()).add(v, text, shown)
    return done


def _lettered(cells: Any) -> int:
    return sum(1 for v in cells if v.__class__ is str and _ASCII_LETTER.search(v))


def _mostly(strong: int, lettered: int) -> bool:
    """A column (or row) is Bijoy when a third of its lettered cells are, by their own
    evidence: names like "nvmvb Avjx" carry none, the rest of the column vouches for them."""
    return strong * 3 >= lettered


def decode(data: bytes, name: str = "standard input") -> str:
    """A text file's bytes, read by the one rule of `textfiles` (UTF-8 as saved today, UTF-16
    as Notepad's "Unicode", else Windows ANSI (cp1252), which is how Notepad saves Bijoy text:
    ‡ is byte 0x87 there). A spreadsheet, Word file or PDF is refused, not printed as noise."""
    from ngocoord import textfiles

    found = None if data.startswith((b"PK\x03\x04", b"%PDF")) else textfiles.decode(data)
    if found is None or "\x00" in found[0][:65536]:
        raise BadFile(
            f"{name} is not a text file (a spreadsheet, Word file or PDF?).",
            "Import a spreadsheet with `ngocoord ngo import` or `ngocoord report import`: "
            "both convert Bijoy cells; or save the text as .txt first.",
        )
    return found[0].replace("\r\n", "\n")


def convert_text(text: str) -> str:
    """A whole text file's Bijoy lines in Unicode, the file judged as one column of lines."""
    lines = text.split("\n")
    grid = [[line] for line in lines]
    convert_grid(grid)
    return "\n".join(row[0] for row in grid)
