"""Finding an NGO of the register from what a sheet, a document or a clerk wrote.

One lookup for every place an NGO is named: its code; its Bangla or English name; the name
without its bracketed acronym; the acronym alone, in Latin letters or spelled in Bangla
("এমবিএসকে" is MBSK). Names compare after names.name_key, as the roster stores them. What is
not found gets the same "did you mean" wherever it was written.

A lookup is built once (from plain rows: one query, or rows already loaded) and then answers
without queries, so a batch of a thousand files or a roster of a hundred thousand rows asks
the database once.

A code an NGO had before `ngo edit --code` (its former code) still finds it, so a report or
roster written before the change is matched; the lookup keeps which former codes it answered
(`former_used`), for the import to say so. A code an NGO holds now always wins: a code given to
another NGO later never finds the old one.

An incoming roster row is the same NGO as one of the register when, after name_key, its code,
either name, either name without brackets, or the acronym in its brackets is that NGO's
(`same`). A row that is none of them is a possible duplicate (`near`) when a name of it is
close to one of the register's (rapidfuzz token_sort_ratio at least CLOSE, unless the two
differ only in digits or in place names: "সমাজ উন্নয়ন সংস্থা, বিরল" and "..., পার্বতীপুর" are
two NGOs) or when it carries an acronym an NGO of the register carries in its name (in brackets,
or a word of capitals in the English name); codes the tool made from initials do not count.

A name written in the other script ("ব্রাক" for BRAC, "Gana Unnayan Kendra" for গণ উন্নয়ন কেন্দ্র)
is found by its sound (`sounding`, phonetic.keys), only to ask or suggest: the roster import
asks about such a row, and "did you mean" names the NGO first; a sound never picks an NGO.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from ngocoord import names, phonetic
from ngocoord.errors import Invalid

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

# An NGO code: 2-16 Latin capitals, digits, - or _, starting with a letter (e.g. MBSK).
CODE_PATTERN = r"[A-Z][A-Z0-9_-]{1,15}"
CODE_RE = re.compile(rf"^{CODE_PATTERN}$")
# A code inside running text (an implementers' line, a file name): not part of a longer word.
CODE_IN_TEXT = re.compile(rf"(?<![A-Za-z0-9_-]){CODE_PATTERN}(?![A-Za-z0-9])")
# The parts of a list of implementers: "১.সহকারী কমিশনার, দিনাজপুর ২.কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)"
_PARTS = re.compile(r"[,;।\n]|\s[০-৯0-9]+\s*\.|^[০-৯0-9]+\s*\.")

# "and" between names in one part: tried only when the whole part names no one NGO, since a
# name may hold the word itself ("শিক্ষা ও উন্নয়ন সংস্থা").
_AND = re.compile(r"\s+(?:ও|এবং|and|&)\s+|\s*&\s*", re.IGNORECASE)
# Names at least this alike (rapidfuzz token_sort_ratio, 0-100) may be the same NGO.
CLOSE = 90
_DIGITS = re.compile(r"[0-9]+")
_CAPITALS = re.compile(r"[A-Z][A-Z0-9]")

# id, code, name_bn, name_en, name_key (as stored: the key of the Bangla, else English, name)
Row = tuple[int, str, "str | None", "str | None", str]


class Entry(NamedTuple):
    id: int
    code: str
    name_bn: str | None
    name_en: str | None

    @property
    def label(self) -> str:
        return self.name_bn or self.name_en or self.code


class Lookup:
    """The register's NGOs, indexed for finding them by what was written."""

    def __init__(self, rows: Iterable[Row], former: Iterable[tuple[str, int]] = ()) -> None:
        self.by_code: dict[str, Entry] = {}
        self.by_name: dict[str, list[Entry]] = {}
        by_code, by_name, name_key = self.by_code, self.by_name, names.name_key
        for ngo_id, code, name_bn, name_en, key in rows:
            entry = Entry(ngo_id, code, name_bn, name_en)
            by_code[code] = entry
            if key in by_name:
                by_name[key].append(entry)
            else:
                by_name[key] = [entry]
            if name_bn and name_en:
                en_key = name_key(name_en)
                if en_key != key:
                    by_name.setdefault(en_key, []).append(entry)
        former = list(former)
        by_id = {e.id: e for e in by_code.values()} if former else {}
        # former code → the NGO that had it (never a code some NGO has now)
        self.by_former: dict[str, Entry] = {
            code: by_id[ngo_id]
            for code, ngo_id in former
            if ngo_id in by_id and code not in by_code
        }
        self.former_used: dict[str, str] = {}  # former code → the NGO's code now, as answered
        # built when first needed: exact codes and names answer most questions
        self._bare: dict[str, list[Entry]] | None = None
        self._acronyms: dict[str, list[Entry]] | None = None
        self._bracketed: dict[str, list[Entry]] = {}
        self._written: dict[str, list[Entry]] = {}
        self._near: list[tuple[str, list[Entry]]] | None = None
        self._sorted: list[str] = []
        self._choices: dict[str, str] | None = None
        # sound → the NGOs with a name, code or acronym of that sound, each with what it is
        # and its script; one for the Bangla texts, one for the Latin, each built when asked
        self._sounds: dict[str, dict[str, list[tuple[Entry, str]]]] = {}

    def __len__(self) -> int:
        return len(self.by_code)

    # ------------------------------------------------------------ finding

    def code(self, text: str) -> Entry | None:
        """The NGO with exactly this code (any case, spaces around ignored), or that had it
        before its code was changed (noted in `former_used`)."""
        wanted = text.strip().upper()
        found = self.by_code.get(wanted)
        if found is None and wanted in self.by_former:
            found = self.by_former[wanted]
            self.former_used[wanted] = found.code
        return found

    def renamed(self, text: str) -> str | None:
        """What to say when a code written is an NGO's former code: None for any other."""
        wanted = text.strip().upper()
        entry = self.by_former.get(wanted) if wanted not in self.by_code else None
        if entry is None:
            return None
        return f"{wanted} is the former code of {entry.code} ({entry.label})"

    def named(self, text: str) -> list[Entry]:
        """The NGOs with exactly this name, Bangla or English, after name_key."""
        if not self.by_name:  # an empty register: a first roster import asks for every row
            return []
        return self.by_name.get(names.name_key(text), [])

    def by_acronym(self, text: str) -> list[Entry]:
        """The NGOs whose code or bracketed acronym the text's acronym is: the whole text
        ("MBSK", "এমবিএসকে") or its bracketed part ("... (এমবিএসকে)")."""
        self._index()
        assert self._acronyms is not None
        wanted = [a for a in (names.acronym(text), *names.acronyms(text)) if a]
        return _unique(e for a in dict.fromkeys(wanted) for e in self._acronyms.get(a, []))

    def matches(self, text: str) -> list[Entry]:
        """The NGOs the text names, by the first rule that finds any: code, name, name
        without its bracketed acronym, acronym. More than one is ambiguous."""
        text = text.strip()
        if not text:
            return []
        found = self.code(text)
        if found is not None:
            return [found]
        by_name = self.named(text)
        if by_name:
            return by_name
        self._index()
        assert self._bare is not None
        bare = self._bare.get(names.name_key(names.without_brackets(text)), [])
        if bare:
            return bare
        return self.by_acronym(text)

    def same(self, written: Iterable[str]) -> list[Entry]:
        """The NGOs a row's names say it is, by the first rule that finds any: a name (Bangla
        or English, after name_key), a name without its brackets, the acronym in its brackets
        as an NGO of the register writes it in brackets. More than one is ambiguous."""
        given = [w for w in written if w and w.strip()]
        if not given or not self.by_code:
            return []
        named = [e for w in given for e in self.named(w)]
        if named:  # the first rule, without the second indexes (built once, when needed)
            return named if len(named) == 1 else _unique(named)
        self._index()
        bare, bracketed = self._bare or {}, self._bracketed
        for found in (
            _unique(
                e for w in given for e in bare.get(names.name_key(names.without_brackets(w)), [])
            ),
            _unique(e for w in given for a in names.acronyms(w) for e in bracketed.get(a, [])),
        ):
            if found:
                return found
        return []

    def near(self, written: Iterable[str]) -> list[tuple[Entry, str]]:
        """The register's NGOs a row that is none of them may yet be, each with why: a name
        close to one of theirs, or an acronym both carry in their names (see the module)."""
        from rapidfuzz import fuzz, process

        given = [w for w in written if w and w.strip()]
        if not given or not self.by_code:
            return []
        self._index()
        found: dict[Entry, str] = {}
        for name in given:
            for a in names.written_acronyms(name):
                for entry in self._written.get(a, []):
                    found.setdefault(entry, f"both write the acronym {a}")
        if self._near is None:
            near: dict[str, list[Entry]] = {**(self._bare or {})}
            for key, entries in self.by_name.items():
                near[key] = _unique([*near.get(key, []), *entries])
            # token_sort_ratio is the ratio of the keys with their words sorted: sorted once
            self._near = [(key, entries) for key, entries in near.items()]
            self._sorted = [_words_sorted(key) for key, _ in self._near]
        for name in given:
            for key in {names.name_key(name), names.name_key(names.without_brackets(name))}:
                hits = process.extract(
                    _words_sorted(key),
                    self._sorted,
                    scorer=fuzz.ratio,
                    score_cutoff=CLOSE,
                    processor=None,
                )
                for _, score, index in hits:
                    choice, entries = self._near[index]
                    if not only_digits_or_places(key, choice):
                        for entry in entries:
                            found.setdefault(entry, f"the names are {round(score)}% alike")
        return list(found.items())

    def find(self, text: str, advice: str = "write the NGO code") -> Entry:
        """The one NGO the text names, or Invalid saying what is wrong."""
        found = self.matches(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise Invalid(self.ambiguous(text, found, advice))
        raise Invalid(self.unknown(text))

    def in_text(self, text: str) -> set[int]:
        """The ids of the NGOs named in a list such as an implementers' line: each part that
        names exactly one NGO, and each NGO code written in it."""
        ids: set[int] = set()
        for part in _PARTS.split(text):
            found = self.matches(part)
            if len(found) == 1:
                ids.add(found[0].id)
                continue
            for name in _AND.split(part):  # "ইএসডিও ও সিসিডিবি": several names in one part
                found = self.matches(name)
                if len(found) == 1:
                    ids.add(found[0].id)
        for token in CODE_IN_TEXT.findall(text):
            entry = self.by_code.get(token.rstrip("-_"))
            if entry is not None:
                ids.add(entry.id)
        return ids

    def unknown_codes(self, text: str) -> list[str]:
        """What to say about each part of a list written as an NGO code that is none, though
        close to one (a part "MBSX" beside the register's MBSK), or that is an NGO's former
        code (what is printed names the NGO by its code now)."""
        said = []
        for part in _PARTS.split(text):
            part = part.strip()
            if not CODE_RE.match(part) or part in self.by_code:
                continue
            renamed = self.renamed(part)
            if renamed:
                said.append(f"{renamed}: write {self.by_former[part].code}")
            elif self.suggestions(part):
                said.append(self.unknown(part))
        return said

    def sounding(self, text: str) -> list[tuple[Entry, str]]:
        """The NGOs whose name, code or acronym, written in the other script, sounds as the
        text does (phonetic.keys), each with what of it sounds so ("BRAC")."""
        wanted = phonetic.keys(text)
        if not wanted or not self.by_code:
            return []
        written = phonetic.script(text)
        found: dict[Entry, str] = {}
        for script in ("bn", "en", "mixed"):
            if phonetic.across(written, script):
                index = self._sound_index(script)
                for key in wanted:
                    for entry, theirs in index.get(key, ()):
                        found.setdefault(entry, theirs)
        return list(found.items())

    def _sound_index(self, script: str) -> dict[str, list[tuple[Entry, str]]]:
        """The register's texts of one script by their sound (`_texts`; a two-letter code
        sounds like too many short words). Built for a script when first asked."""
        index = self._sounds.get(script)
        if index is not None:
            return index
        index = self._sounds[script] = {}
        for entry in self.by_code.values():
            for text in _texts(entry, script):
                for key in phonetic.keys(text):
                    held = index.setdefault(key, [])
                    if not held or held[-1][0] is not entry:  # an NGO's texts come together
                        held.append((entry, text))
        return index

    # ------------------------------------------------------------ messages

    def suggestions(self, text: str) -> list[str]:
        """'CODE (name)' of the NGOs closest to the text: those it sounds like in the other
        script first (ব্রাক: BRAC), then by names.suggest; never more than three."""
        sounds = [f"{e.code} ({e.label})" for e, _ in self.sounding(text)]
        if self._choices is None:
            choices: dict[str, str] = {}
            for code, entry in self.by_code.items():
                choices[names.name_key(code)] = f"{code} ({entry.label})"
            for key, entries in self.by_name.items():
                choices.setdefault(key, f"{entries[0].code} ({entries[0].label})")
            self._choices = choices
        return list(dict.fromkeys([*sounds, *names.suggest(text, self._choices)]))[:3]

    def hint(self, text: str) -> str:
        close = self.suggestions(text)
        return f"; did you mean {', '.join(close)}?" if close else ""

    def unknown(self, text: str, advice: str = "") -> str:
        """The message for a text that names no NGO: the same in every sheet and file."""
        said = f"{text.strip()!r} is not an NGO of the register"
        hint = self.hint(text)
        if not advice:
            return said + hint
        if hint:
            return f"{said}{hint} {advice[:1].upper()}{advice[1:]}"
        return f"{said}; {advice}"

    def ambiguous(self, text: str, found: list[Entry], advice: str = "write the NGO code") -> str:
        codes = ", ".join(e.code for e in found)
        return f"{text.strip()!r} matches several NGOs ({codes}); {advice}"

    # ------------------------------------------------------------ the second indexes

    def _index(self) -> None:
        if self._bare is not None:
            return
        bare: dict[str, list[Entry]] = {}
        acronyms: dict[str, list[Entry]] = {}
        for code, entry in self.by_code.items():
            acronyms.setdefault(code, []).append(entry)
            for name in (entry.name_bn, entry.name_en):
                if not name:
                    continue
                for a in names.acronyms(name):
                    if entry not in acronyms.setdefault(a, []):
                        acronyms[a].append(entry)
                    if entry not in self._bracketed.setdefault(a, []):
                        self._bracketed[a].append(entry)
                for a in names.written_acronyms(name):
                    if entry not in self._written.setdefault(a, []):
                        self._written[a].append(entry)
                key = names.name_key(names.without_brackets(name))
                if key and entry not in bare.setdefault(key, []):
                    bare[key].append(entry)
        self._bare, self._acronyms = bare, acronyms


def _texts(entry: Entry, script: str) -> list[str]:
    """What of an NGO may be written in another script, of those in `script`: its names
    (without their brackets: a row's name is asked about with and without its own), and in
    Latin letters its code and the acronyms its names write, three letters or more."""
    texts = []
    if script == "en" and len(entry.code) > 2 and entry.code.isalpha():
        texts.append(entry.code)
    for name in (entry.name_bn, entry.name_en):
        if not name:
            continue
        bare = names.without_brackets(name) if "(" in name else name
        if phonetic.script(bare) == script:
            texts.append(bare)
        if script == "en" and ("(" in name or _CAPITALS.search(name)):  # "RDRS Bangladesh"
            texts += [a for a in names.written_acronyms(name) if len(a) > 2 and a.isalpha()]
    return list(dict.fromkeys(texts))


def _words_sorted(key: str) -> str:
    return " ".join(sorted(key.split()))


def only_digits_or_places(key: str, other: str) -> bool:
    """Do two name keys differ only in digits or in words of place names ("সংস্থা ২" and
    "সংস্থা ৩"; "..., বিরল" and "..., পার্বতীপুর"; one with a place and one without)?"""
    if key == other:
        return False
    words, others = key.split(), other.split()
    if sorted(filter(None, (_DIGITS.sub("", w) for w in words))) == sorted(
        filter(None, (_DIGITS.sub("", w) for w in others))
    ):
        return True
    a, b = Counter(words), Counter(others)
    differing = (a - b) + (b - a)
    places = place_words()
    return all(_DIGITS.fullmatch(w) or w in places for w in differing)


@functools.cache
def place_words() -> frozenset[str]:
    """Every word of the gazetteer's division, district and upazila names, as name_key
    writes it, in Bangla and English."""
    from ngocoord import places

    found: set[str] = set()
    written = [(d.bn, d.en) for d in places.divisions()]
    written += [(d.bn, d.en) for d in places.districts()]
    for district in places.districts():
        written += [(u.bn, u.en) for u in places.upazilas_of(district)]
    for pair in written:
        for name in pair:
            found.update(names.name_key(name).split())
    return frozenset(found)


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    return list(dict.fromkeys(entries))


def load(db: Session | Connection) -> Lookup:
    """The register's NGOs and their former codes, in two queries, from a session or
    (`report import`, which loads no models) a Core connection."""
    from sqlalchemy import select

    from ngocoord.register.former_codes import held
    from ngocoord.store import tables

    conn = tables.connection(db)
    n = tables.table(conn, "ngo").c
    query = select(n.id, n.code, n.name_bn, n.name_en, n.name_key)
    rows = [(i, code, bn, en, key) for i, code, bn, en, key in conn.execute(query)]
    return Lookup(rows, held(conn))
