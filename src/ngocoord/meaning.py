"""What a header (or a registration's authority) means, whatever words an office used.

Offices head the same column in many ways: "ব্যুরো রেজিঃ নং", "এনজিও বিষয়ক ব্যুরো নিবন্ধন নং ও
তারিখ", "Reg. No. of NGOAB". An alias list cannot keep up, so a header is read as words:
each word is folded (case, spelling variants, Bangla case endings, English plurals, near
spellings by rapidfuzz) to a *concept* ("REG", "NGOAB"); words that do not change the meaning
(units, "নং", "No.", "ও তারিখ", punctuation) are dropped. A field is described by phrases, each
read into the set of concepts it needs; a header (the path of its header rows, parent first)
means the field whose phrase it covers with the most weight. Two fields at the same weight is
an ambiguity, never a silent pick.

`Form` is the API: build one from a table of field -> phrases, then `recognise(path)`.
`authority_at` reads the authority an office wrote before a registration number.
Everything is cached per distinct text: a batch meets the same headers in every file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ngocoord.vocabulary import CONCEPTS, PERIODS

AUTHORITY_CONCEPTS = ("NGOAB", "DSS", "DWA", "RJSC", "MRA")
# Broad words weigh less than the words that name a topic: "নাম" alone is weaker than "প্রকল্প".
_LIGHT = frozenset(
    [
        "NAME",
        "DATE",
        "YEAR",
        "TYPE",
        "MONTH",
        "CURRENT",
        "WORK",
        "ORG",
        "NGO",
        "DISTRICT",
        "REPORT",
        "COUNT",
    ]
)
# Words that do not change what a header means.
NOISE = frozenset(
    (
        *("টাকা", "টাকায়", "৳", "tk", "taka", "bdt", "লক্ষ", "lakh", "in", "of", "the", "for"),
        *("নং", "no", "nos", "number", "নম্বর", "ও", "and", "এবং", "by", "এর", "র", "তে", "এ"),
        *("সংক্ষেপে", "brief", "মোট", "total", "সর্বমোট", "অধিদপ্তর", "পরিদপ্তর", "department"),
        *("directorate", "dept", "বিবরণ", "description", "details", "ফার্মসমূহ", "কোম্পানি"),
        *("বিষয়ক", "affairs", "with", "হতে", "থেকে", "from", "at", "সহ", "তথ্য", "information"),
        *("info", "আর্থিক", "financial", "সংক্রান্ত", "related", "যদি", "থাকে", "if", "any"),
    )
)
_NUMBER_WORDS = frozenset(("নং", "no", "nos", "number", "নম্বর"))
# Bangla endings that do not change the word's meaning (case endings, plurals), longest first.
_BN_ENDINGS = tuple(
    sorted(
        ("গুলোর", "গুলো", "সমূহের", "সমূহ", "দের", "য়ের", "য়ে", "য়", "ের", "র", "ে", "টি", "তে", "কে"),
        key=len,
        reverse=True,
    )
)
_MIN_FUZZY = 5  # shorter words must be spelled right: ratio on four letters is one slip too many
_FUZZY_CUTOFF = 85.0


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text folded for comparison: NFC, no zero-width or nukta or hasanta, short vowels for
    long, Latin digits, punctuation as spaces, case folded. Typing slips fold alike."""
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    s = s.translate(_FOLD)
    s = unicodedata.normalize("NFC", s).casefold()
    return " ".join(s.split())


_FOLD = str.maketrans(
    {
        **{ch: None for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u09bc\u09cd\u0981"},
        **{ch: " " for ch in ".,:;()[]{}/\\'\"-_?*#=!|<>।–—‘’“”\u0983+&%~`^$@\n\r\t"},
        "\u09c0": "\u09bf",  # ী -> ি
        "\u09c2": "\u09c1",  # ূ -> ু
        "\u09a3": "\u09a8",  # ণ -> ন
        "\u09ce": "\u09a4",  # ৎ -> ত
        **{chr(0x09E6 + d): str(d) for d in range(10)},
    }
)


def _phrase_words(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


_PHRASES: dict[tuple[str, ...], str] = {}
for _concept, _spellings in CONCEPTS.items():
    for _spelling in _spellings:
        _PHRASES.setdefault(_phrase_words(_spelling), _concept)
_WORDS = frozenset(w for p in _PHRASES for w in p) | {fold(w) for w in NOISE}
_NOISE = frozenset(fold(w) for w in NOISE)
_LONGEST = max(len(p) for p in _PHRASES)


def _variants(word: str) -> list[str]:
    """The word and its forms without a Bangla case ending or an English plural."""
    out = [word]
    if word.isascii():
        if word.endswith("ies"):
            out.append(word[:-3] + "y")
        if word.endswith("es"):
            out.append(word[:-2])
        if word.endswith("s"):
            out.append(word[:-1])
        return out
    for ending in _BN_ENDINGS:
        e = fold(ending)
        if word.endswith(e) and len(word) > len(e) + 1:
            out.append(word[: -len(e)])
    return out


@functools.lru_cache(maxsize=65536)
def _base(word: str, known: frozenset[str]) -> tuple[str, bool]:
    """(the known word this one is a form of, whether only a near spelling), else the word."""
    for v in _variants(word):
        if v in known:
            return v, False
    if len(word) < _MIN_FUZZY or word.isdigit():
        return word, False
    letters = _fuzzy_letters(known)
    near = [v for v in _variants(word) if _may_be_near(v, letters)]
    if not near:
        return word, False
    from rapidfuzz import fuzz, process

    candidates = _fuzzy_candidates(known)
    for v in near:
        hit = process.extractOne(v, candidates, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if hit is not None:
            return hit[0], True
    return word, False


@functools.lru_cache(maxsize=64)
def _fuzzy_candidates(known: frozenset[str]) -> list[str]:
    """The known words long enough for a near spelling (once per vocabulary, not per word)."""
    return [w for w in known if len(w) >= _MIN_FUZZY]


@functools.lru_cache(maxsize=64)
def _fuzzy_letters(known: frozenset[str]) -> frozenset[str]:
    """Every character of the words a near spelling can be of."""
    return frozenset("".join(_fuzzy_candidates(known)))


def _may_be_near(word: str, letters: frozenset[str]) -> bool:
    """Whether `word` can reach the cutoff against some candidate (a code such as "n00012"
    cannot): rapidfuzz's ratio is 2·LCS/(a+b), and the common subsequence has only characters
    the candidates use, so with k of them it is at most 2k/(a+max(k, shortest candidate))."""
    shared = sum(1 for ch in word if ch in letters)
    return 200 * shared >= _FUZZY_CUTOFF * (len(word) + max(shared, _MIN_FUZZY))


@dataclass(frozen=True)
class Reading:
    """What one text says: its concepts, and the words that gave each (for --explain)."""

    concepts: frozenset[str]
    words: tuple[tuple[str, str], ...]  # (words as written, concept)
    numbered: bool  # it said "নং"/"No." (a header of only that is the serial number)


_AS_WRITTEN = str.maketrans({ch: " " for ch in ".,:;()[]{}/\\'\"-_?*#=!|<>।–—‘’“”\u0983+&"})


def _joined(raw: list[str], i: int, phrases: Mapping[tuple[str, ...], str]) -> str | None:
    """Two words typed apart that are one known word (any of its forms), else None."""
    if i + 1 >= len(raw):
        return None
    return next((v for v in _variants(raw[i] + raw[i + 1]) if (v,) in phrases), None)


def _read(text: str, phrases: Mapping[tuple[str, ...], str], known: frozenset[str]) -> Reading:
    raw = fold(text).split()
    written = unicodedata.normalize("NFC", text).translate(_AS_WRITTEN).split()
    if len(written) != len(raw):
        written = raw
    numbered = any(w in _NUMBER_WORDS for w in raw)
    bases: list[tuple[str, str]] = []  # (the known form, as written)
    i = 0
    while i < len(raw):
        joined = _joined(raw, i, phrases)  # "e mail", "কর্ম এলাকা", "অর্থ বছরের"
        if joined is not None:
            bases.append((joined, f"{written[i]} {written[i + 1]}"))
            i += 2
            continue
        bases.append((_base(raw[i], known)[0], written[i]))
        i += 1
    pairs = [(w, shown) for w, shown in bases if not w.isdigit()]
    words = [w for w, _ in pairs]
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(words):  # the longest phrase first: "মহিলা বিষয়ক" is not "মহিলা"
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            concept = phrases.get(tuple(words[i : i + n]))
            if concept is not None:
                found.append((" ".join(shown for _, shown in pairs[i : i + n]), concept))
                i += n
                break
        else:
            if words[i] not in _NOISE:  # a word of no known meaning stands for itself
                found.append((pairs[i][1], "=" + words[i]))
            i += 1
    if not found and numbered:  # "No", "নং" and nothing else: the serial number
        found.append(("no", "SERIAL"))
    return Reading(frozenset(c for _, c in found), tuple(found), numbered)


@functools.lru_cache(maxsize=65536)
def read(text: str) -> Reading:
    """The concepts of one text with the shared vocabulary only."""
    return _read(text, _PHRASES, _WORDS)


@dataclass(frozen=True)
class Verdict:
    """What a header path means: a field (None if nothing, or a tie), and why."""

    field: str | None
    words: tuple[tuple[str, str], ...] = ()  # the words that decided
    candidates: tuple[str, ...] = ()  # the fields tied at the best weight (an ambiguity)
    concepts: frozenset[str] = frozenset()
    # fields the header would mean but for words naming another period, and those words
    other_period: tuple[str, ...] = ()
    period_words: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    def why(self) -> str:
        said = ", ".join(w for w, c in self.words if not c.startswith("=")) or "its words"
        return f"words: {said}"


_NOTHING = Verdict(None)
_UNKNOWN = object()  # not yet in Form.field's cache (None is a field's answer there)
# Texts that fold to digits alone (digits, spaces, and punctuation `fold` turns into spaces):
# they read as no concept at all, whatever the form, so they are not read or cached.
_VALUE_TEXT = re.compile(r"[0-9০-৯ .,:;/()+\-\n\r\t]*")


@dataclass(frozen=True)
class _Pattern:
    field: str
    needs: frozenset[str]
    exact: bool
    light: bool
    weight: int


class Form:
    """The fields of one kind of sheet (a roster, a report's rows, an attendance sheet), each
    described by phrases. A phrase starting with "=" fits only a header that says exactly it;
    one starting with "~" weighs little (the context of every column, as "project" is in a
    report's rows: "প্রকল্পের বাজেট" is the budget).
    Words of a phrase the vocabulary does not know stand for themselves (with their endings)."""

    def __init__(self, descriptions: Mapping[str, Sequence[str]]) -> None:
        self.descriptions = {k: list(v or [k]) for k, v in descriptions.items()}
        own = {
            w
            for v in self.descriptions.values()
            for p in v
            for w in _phrase_words(p[1:] if p[:1] in "=~" else p)
        }
        self.known = _WORDS | {w for w in own if read(w).concepts == {"=" + w}}
        self.phrases: dict[tuple[str, ...], str] = {(w,): "=" + w for w in self.known - _WORDS}
        self.phrases.update(_PHRASES)
        self.patterns: list[_Pattern] = []
        seen: dict[tuple[frozenset[str], bool], str] = {}
        for name, phrases in self.descriptions.items():
            for phrase in phrases:
                exact, light = phrase.startswith("="), phrase.startswith("~")
                needs = self.reading(phrase.lstrip("=~")).concepts
                if not needs:
                    continue
                other = seen.setdefault((needs, exact), name)
                if other != name:
                    raise ValueError(f"{phrase!r} describes both {other!r} and {name!r}")
                weight = sum(1 if c in _LIGHT or light else 2 for c in needs)
                self.patterns.append(_Pattern(name, needs, exact, light, weight))
        self.periods = {
            name: frozenset().union(*(p.needs & PERIODS for p in self.patterns if p.field == name))
            for name in self.descriptions
        }
        self._cache: dict[tuple[str, ...], Verdict] = {}
        self._exact: dict[tuple[str, ...], Verdict] = {}
        self._fields: dict[tuple[str, ...], object] = {}
        self._exact_fields: dict[tuple[str, ...], object] = {}
        self._decided: dict[tuple[object, ...], object] = {}
        # a word of digits can stand for any other only if no phrase has a digit in it
        self._digits_apart = not any(ch.isdigit() for w in self.known for ch in w)

    def label(self, field: str) -> str:
        """The field's first phrase: how it is named in messages."""
        return self.descriptions[field][0].lstrip("=~")

    def reading(self, text: str) -> Reading:
        return _read(text, self.phrases, self.known)

    def recognise(self, path: Sequence[str], *, exact: bool = False) -> Verdict:
        """The field a header means: `path` is its texts from the top header row down.
        `exact` asks for a phrase that says no more and no less (a label beside a value)."""
        cache = self._exact if exact else self._cache
        key = path if path.__class__ is tuple else tuple(path)
        found = cache.get(key)
        if found is None:
            found = self._verdict(key, exact)
            if found is not _NOTHING and len(cache) < 100_000:
                cache[key] = found
        return found

    def field(self, path: Sequence[str], *, exact: bool = False) -> str | None:
        """`recognise(path).field`, cached by what decides it: each text's folded words, any
        word of digits alike. A form line's values ("উন্নয়ন সংস্থা ১২", "N00012") differ in every
        file of a batch; their field (none) is then decided once, not once per file."""
        texts = path if path.__class__ is tuple else tuple(path)
        cache = self._exact_fields if exact else self._fields
        found = cache.get(texts, _UNKNOWN)
        if found is _UNKNOWN:
            key = (exact, *(self._decision_key(t) for t in texts))
            found = self._decided.get(key, _UNKNOWN)
            if found is _UNKNOWN:
                found = self._verdict(texts, exact).field
                if len(self._decided) < 100_000:
                    self._decided[key] = found
            if len(cache) < 100_000:
                cache[texts] = found
        return found  # type: ignore[return-value]

    def _decision_key(self, text: str) -> tuple[str, ...]:
        """What a text's reading depends on: its folded words, a word of digits standing for
        any (`_read` drops such words, and none joins another when no phrase has a digit)."""
        if not self._digits_apart:
            return (text,)
        return tuple("#" if w.isdigit() else w for w in fold(text).split())

    def _verdict(self, path: tuple[str, ...], exact: bool) -> Verdict:
        if all(_VALUE_TEXT.fullmatch(t) for t in path):
            return _NOTHING  # a number, a date, a mobile: no word that could mean a field
        return self._decide(path, exact)

    def _decide(self, path: Sequence[str], exact: bool) -> Verdict:
        readings = [self.reading(t) for t in path if t]
        concepts = frozenset().union(*(r.concepts for r in readings))
        words = tuple(w for r in readings for w in r.words)
        if not concepts:
            return Verdict(None, concepts=concepts)
        best: dict[str, int] = {}
        barred: dict[str, int] = {}  # fields that fit but for a period the header names
        periods = concepts & PERIODS
        for p in self.patterns:
            if (p.exact or exact) and p.needs != concepts:
                continue
            if p.light and not (concepts - p.needs) <= _LIGHT:
                continue  # a weak phrase fits only when nothing else telling is said
            if p.needs <= concepts:
                fits = best if periods <= self.periods[p.field] else barred
                fits[p.field] = max(fits.get(p.field, 0), p.weight)
        top = max(best.values(), default=0)
        if barred and max(barred.values()) >= top:
            # another period's figure is not this one's, nor a lesser field's
            others = tuple(f for f in barred if barred[f] >= top)
            named = frozenset().union(*(self.periods[f] for f in others))
            said = tuple(w for w, c in words if c in periods - named)
            return Verdict(None, words, concepts=concepts, other_period=others, period_words=said)
        if not best:
            return Verdict(None, words, concepts=concepts)
        tied = tuple(f for f, w in best.items() if w == top)
        if len(tied) > 1:
            return Verdict(None, words, tied, concepts)
        return Verdict(tied[0], words, tied, concepts)


@functools.lru_cache(maxsize=64)
def form(descriptions: tuple[tuple[str, tuple[str, ...]], ...]) -> Form:
    """A Form built once per table of descriptions (cached by its contents)."""
    return Form(dict(descriptions))


def form_of(descriptions: Mapping[str, Sequence[str]]) -> Form:
    return form(tuple((k, tuple(v or ())) for k, v in descriptions.items()))


# --- authorities written in a registration cell ----------------------------------------------

_TOKEN = re.compile(r"[^\s\d০-৯:ঃ;,.\-–—/()\[\]]+")
_LEADING_SEPARATORS = " \t:ঃ-–—.,()[]"


@functools.lru_cache(maxsize=8192)
def authority_at(text: str) -> tuple[str, int] | None:
    """The authority named at the start of a registration ("এনজিও বিষয়ক ব্যুরো-০৪৯৪/…",
    "Social Services: …", "ব্যুরো রেজিঃ নং ১২৩") and where its words end, else None.

    Only words of an authority, "registration" and noise may come before the number: a
    district prefix such as "সাত-২৭৮/৯৯" names no authority and stays part of the number."""
    end = 0
    authority: str | None = None
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        if text[end : tokens[i].start()].strip(_LEADING_SEPARATORS):
            break  # digits or other text between: the label has ended
        matched = None
        for n in range(min(4, len(tokens) - i), 0, -1):
            chunk = text[tokens[i].start() : tokens[i + n - 1].end()]
            found = read(chunk)
            concepts = found.concepts - {"REG"}
            if found.concepts and (not concepts or concepts <= set(AUTHORITY_CONCEPTS)):
                if len(concepts) > 1:
                    return None  # two authorities in one label: not for us to pick
                matched = (n, next(iter(concepts), None))
                break
            if not found.concepts and fold(chunk) in _NOISE:
                matched = (n, None)
                break
        if matched is None:
            break
        n, concept = matched
        if concept is not None:
            if authority not in (None, concept):
                return None
            authority = concept
        end = tokens[i + n - 1].end()
        i += n
    if authority is None:
        return None
    while end < len(text) and text[end] in _LEADING_SEPARATORS:
        end += 1
    return authority, end
