"""Gazetteer of Bangladesh's divisions, districts and upazilas, read the way clerks write them.

NGO lists give working areas as free text: Bangla or English, old or new
spellings (Bogra/Bogura, ফুলবাড়ী/ফুলবাড়ি), "সদর" for the sadar upazila, "সকল
উপজেলা" for the whole district.  This module resolves such text to gazetteer
records, and when it cannot, raises UnknownPlace with the closest names so the
clerk can fix the cell.  The data (src/ngocoord/data/places.json) is loaded
lazily, once.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TypeVar

from ngocoord import bijoy
from ngocoord.errors import UnknownPlace


@dataclass(frozen=True)
class Division:
    """One of the eight divisions."""

    id: int
    en: str
    bn: str

    @property
    def label(self) -> str:
        return f"{self.bn} ({self.en})"


@dataclass(frozen=True)
class District:
    """A district (zila); the unit a coordination office serves."""

    id: int
    en: str
    bn: str
    division_id: int

    @property
    def label(self) -> str:
        """ "দিনাজপুর (Dinajpur)": both scripts, for messages and reports."""
        return f"{self.bn} ({self.en})"


@dataclass(frozen=True)
class Upazila:
    """A sub-district; NGOs declare their working areas as lists of these."""

    id: int
    en: str
    bn: str
    district_id: int

    @property
    def label(self) -> str:
        """ "দিনাজপুর সদর (Dinajpur Sadar)"."""
        return f"{self.bn} ({self.en})"


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class _Data:
    divisions: dict[int, Division]
    districts: dict[int, District]
    upazilas: dict[int, Upazila]


def _text(value: object) -> str:
    # The source data has stray tabs and a few precomposed য় among nukta forms.
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


@functools.cache
def _data() -> _Data:
    raw = json.loads(
        resources.files("ngocoord").joinpath("data", "places.json").read_text(encoding="utf-8")
    )
    return _Data(
        divisions={
            int(r["id"]): Division(int(r["id"]), _text(r["en"]), _text(r["bn"]))
            for r in raw["divisions"]
        },
        districts={
            int(r["id"]): District(int(r["id"]), _text(r["en"]), _text(r["bn"]), int(r["division"]))
            for r in raw["districts"]
        },
        upazilas={
            int(r["id"]): Upazila(int(r["id"]), _text(r["en"]), _text(r["bn"]), int(r["district"]))
            for r in raw["upazilas"]
        },
    )


def divisions() -> list[Division]:
    """All divisions, in gazetteer order."""
    return list(_data().divisions.values())


def districts() -> list[District]:
    """All 64 districts, in gazetteer order."""
    return list(_data().districts.values())


def district_by_id(district_id: int) -> District:
    """The district stored under this id (KeyError if none)."""
    return _data().districts[district_id]


def upazila_by_id(upazila_id: int) -> Upazila:
    """The upazila stored under this id (KeyError if none)."""
    return _data().upazilas[upazila_id]


def division_of(district: District) -> Division:
    """The division a district belongs to."""
    return _data().divisions[district.division_id]


def upazilas_of(district: District) -> list[Upazila]:
    """The district's upazilas in gazetteer order (a new list each call)."""
    return list(_upazilas_by_district().get(district.id, ()))


@functools.cache
def _upazilas_by_district() -> dict[int, tuple[Upazila, ...]]:
    grouped: dict[int, list[Upazila]] = {}
    for upazila in _data().upazilas.values():
        grouped.setdefault(upazila.district_id, []).append(upazila)
    return {key: tuple(value) for key, value in grouped.items()}


# ---------------------------------------------------------------- folding

_T = TypeVar("_T")

_BN_FOLD_MAP: dict[str, str | None] = {
    "ী": "ি",
    "ূ": "ু",
    "ণ": "ন",
    "শ": "স",
    "ষ": "স",
    "ো": None,  # বিরোল/বিরল: the inherent vowel is often written out
    "ঁ": None,
    "ঃ": None,
    **dict.fromkeys("\u200b\u200c\u200d\ufeff\u00ad"),
    **dict(zip("০১২৩৪৫৬৭৮৯", "0123456789", strict=True)),
}
_BN_FOLD = str.maketrans(_BN_FOLD_MAP)
_BANGLA = re.compile("[\u0980-\u09ff]")
_NOT_KEPT = re.compile(r"[^a-z0-9\u0980-\u09ff]+")
_H_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjklmnprstwh])h")
_DOUBLED = re.compile(r"(.)\1+")


def _fold(text: str) -> str:
    """A spelling-insensitive key: the same for Phulbari/Fulbari, ফুলবাড়ী/ফুলবাড়ি, Birol/Biral.

    Bangla: NFC (nukta forms canonical), ী/ি ূ/ু ণ/ন শ/ষ/স alike, no ো or chandrabindu,
    ঙ্গ/ংগ/ঙ as ং.  Latin: ph=f, x=ks, z=j, v=b, ee=i, oo=u, h after a consonant
    dropped (sh, kh, chh), y=i, o=a, doubled letters single.  Spaces and
    punctuation dropped.
    """
    s = unicodedata.normalize("NFC", text).casefold().translate(_BN_FOLD)
    s = s.replace("ঙ্গ", "ং").replace("ংগ", "ং").replace("ঙ", "ং")
    s = _NOT_KEPT.sub("", s)
    s = s.replace("ph", "f").replace("x", "ks").replace("q", "k")
    s = s.replace("z", "j").replace("v", "b").replace("ee", "i").replace("oo", "u")
    s = _H_AFTER_CONSONANT.sub("", s)
    s = s.replace("y", "i").replace("o", "a")
    return _DOUBLED.sub(r"\1", s)


_DISTRICT_SUFFIX = re.compile(
    r"(?:^|\s+)(?:জেলা|জেলার|zila|zilla|zela|jela|jila|district|dist)[\s.:ঃ।]*$"
)
_UPAZILA_SUFFIX = re.compile(
    r"(?:^|\s+)(?:উপজেলা|উপজেলার|থানা|upazila|upazilla|upozila|upojela|upazela|"
    r"thana|sub-?district)[\s.:ঃ।]*$"
)
_LABEL = re.compile(r"(.+?)\s*\(([^()]+)\)")


def _strip_suffix(name: str, suffix: re.Pattern[str]) -> str:
    text = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    return suffix.sub("", text).strip()


# Other spellings in current use, keyed by the gazetteer's English name.
_DISTRICT_ALIASES: dict[str, tuple[str, ...]] = {
    "Chattogram": ("Chittagong", "Chattagram", "Ctg"),
    "Comilla": ("Cumilla", "Kumilla"),
    "Bogura": ("Bogra",),
    "Jashore": ("Jessore", "Josore", "যশোহর"),
    "Barisal": ("Barishal",),
    "Brahmanbaria": ("B. Baria", "B Baria", "বি বাড়িয়া", "বি-বাড়িয়া"),
    "Chapainawabganj": ("Nawabganj", "Chapai", "চাঁপাই"),
    "Jhenaidah": ("Jhenaida", "Jhinaidah", "Jhenidah"),
    "Lakshmipur": ("লক্ষীপুর",),
    "Mymensingh": ("Maimansingh",),
    "Sirajganj": ("Serajganj",),
    "Dhaka": ("Dacca",),
    "Coxsbazar": ("Cox Bazar",),
}

# Upazilas renamed, or misspelled in the source data.
_UPAZILA_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Bhola", "Borhan Sddin"): ("Borhanuddin", "Borhan Uddin"),
    ("Comilla", "Sadarsouth"): ("Sadar Dakshin", "Comilla Sadar South", "Cumilla Sadar Dakshin"),
    ("Chandpur", "Matlab South"): ("Matlab Dakshin",),
    ("Chandpur", "Matlab North"): ("Matlab Uttar",),
    ("Sylhet", "Dakshinsurma"): ("South Surma",),
    ("Sunamganj", "South Sunamganj"): ("Dakshin Sunamganj", "Shantiganj", "শান্তিগঞ্জ"),
    ("Kurigram", "Charrajibpur"): ("Rajibpur", "রাজিবপুর"),
    ("Pirojpur", "Zianagar"): ("Indurkani", "ইন্দুরকানী"),
    ("Barisal", "Wazirpur"): ("Uzirpur",),
    ("Pabna", "Ishurdi"): ("Ishwardi",),
    ("Dhaka", "Nawabganj"): ("Nababganj",),
    ("Dinajpur", "Nawabganj"): ("Nababganj",),
}


def _district_names(district: District) -> tuple[str, ...]:
    return (district.en, district.bn, *_DISTRICT_ALIASES.get(district.en, ()))


@functools.cache
def _district_index() -> dict[str, tuple[District, ...]]:
    index: dict[str, list[District]] = {}
    for district in districts():
        for name in _district_names(district):
            bucket = index.setdefault(_fold(name), [])
            if district not in bucket:
                bucket.append(district)
    return {key: tuple(value) for key, value in index.items()}


def _sadar_of(district: District) -> Upazila | None:
    found = [
        u
        for u in _upazilas_by_district().get(district.id, ())
        if u.en.endswith(" Sadar") or u.bn.endswith(" সদর")
    ]
    return found[0] if len(found) == 1 else None


@functools.cache
def _upazila_index(district_id: int) -> dict[str, tuple[Upazila, ...]]:
    district = district_by_id(district_id)
    index: dict[str, list[Upazila]] = {}

    def add(name: str, upazila: Upazila) -> None:
        bucket = index.setdefault(_fold(name), [])
        if upazila not in bucket:
            bucket.append(upazila)

    for upazila in _upazilas_by_district().get(district_id, ()):
        for name in (upazila.en, upazila.bn, *_UPAZILA_ALIASES.get((district.en, upazila.en), ())):
            add(name, upazila)
    sadar = _sadar_of(district)
    if sadar is not None:
        add("Sadar", sadar)
        add("সদর", sadar)
        for name in _district_names(district):
            add(f"{name} Sadar", sadar)
            add(f"{name} সদর", sadar)
    return {key: tuple(value) for key, value in index.items()}


@functools.cache
def _all_upazilas_index() -> dict[str, tuple[Upazila, ...]]:
    index: dict[str, list[Upazila]] = {}
    for district in districts():
        for key, found in _upazila_index(district.id).items():
            bucket = index.setdefault(key, [])
            bucket.extend(u for u in found if u not in bucket)
    return {key: tuple(value) for key, value in index.items()}


def _closest(key: str, index: dict[str, tuple[_T, ...]], limit: int = 3) -> list[_T]:
    """The `limit` records whose best-matching key is nearest to `key`."""
    from rapidfuzz import fuzz, process

    ranked = process.extract(key, list(index), scorer=fuzz.WRatio, limit=None, processor=None)
    out: list[_T] = []
    for choice, _score, _position in ranked:
        for record in index[choice]:
            if record not in out:
                out.append(record)
        if len(out) >= limit:
            break
    return out[:limit]


# ---------------------------------------------------------------- lookups


def _lookup(text: str, index: dict[str, tuple[_T, ...]]) -> _T | None:
    """Exact folded match, also for "বিরল (Biral)"-style labels; None when not unique."""
    found = index.get(_fold(text), ())
    if len(found) == 1:
        return found[0]
    label = _LABEL.fullmatch(text)
    if label and not found:
        first, second = (_lookup(part, index) for part in label.groups())
        if first is not None and (second is None or second == first):
            return first
        if second is not None and first is None:
            return second
    return None


def find_district(name: str) -> District:
    """The district called `name` (Bangla or English, old or new spelling, "জেলা" optional)."""
    text = _strip_suffix(name, _DISTRICT_SUFFIX)
    if _fold(text):
        found = _lookup(text, _district_index())
        if found is not None:
            return found
    suggestions = _closest(_fold(text) or text, _district_index())
    raise UnknownPlace(
        f'Unknown district "{name.strip()}".'
        + _typed_in_bijoy(
            name.strip(), lambda t: _lookup(_strip_suffix(t, _DISTRICT_SUFFIX), _district_index())
        )
        + " Did you mean: "
        + ", ".join(d.label for d in suggestions)
        + "?",
        "Write the district's name in Bangla or English, e.g. দিনাজপুর or Dinajpur.",
    )


def find_upazila(name: str, district: District) -> Upazila:
    """The upazila called `name` in `district` ("সদর", "Phulbari", "বিরল উপজেলা", ...)."""
    text = _strip_suffix(name, _UPAZILA_SUFFIX)
    index = _upazila_index(district.id)
    key = _fold(text)
    if key:
        found = _lookup(text, index)
        if found is not None:
            return found
        if len(index.get(key, ())) > 1:  # two upazilas fold alike: insist on the exact name
            for upazila in index[key]:
                if text in (upazila.en.casefold(), upazila.bn):
                    return upazila
    shown = name.strip()
    message = f'Unknown upazila "{shown}" in {district.label} district.'
    message += _typed_in_bijoy(shown, lambda t: _lookup(_strip_suffix(t, _UPAZILA_SUFFIX), index))
    elsewhere = [u for u in _all_upazilas_index().get(key, ()) if u.district_id != district.id]
    if elsewhere:
        homes = ", ".join(
            f"{u.label} in {district_by_id(u.district_id).label} district" for u in elsewhere
        )
        message += f' "{shown}" is {homes}.'
    read = _bijoy_reading(shown, lambda t: _lookup(_strip_suffix(t, _UPAZILA_SUFFIX), index))
    suggestions = [read] if isinstance(read, Upazila) else _closest(key or text, index)
    if suggestions:
        message += " Did you mean: " + ", ".join(u.label for u in suggestions) + "?"
    raise UnknownPlace(
        message,
        f"Write {read.bn} (or {read.en}) in the cell, in Unicode."
        if isinstance(read, Upazila)
        else f"Upazilas of {district.en}: " + ", ".join(u.en for u in upazilas_of(district)),
    )


def _typed_in_bijoy(text: str, find: Callable[[str], District | Upazila | None]) -> str:
    """What an unknown place name in Latin letters reads as if it is Bangla typed in Bijoy
    ("weij" is বিরল), for the message: a cell the import could not tell from English. As
    typed, not case-folded: case is letters in Bijoy."""
    reading = _bijoy_reading(text, find)
    if reading is None:
        return ""
    reads = reading if isinstance(reading, str) else reading.bn
    which = "" if isinstance(reading, str) else f", which is {reading.label}"
    return f' It looks like Bangla typed in Bijoy (বিজয়): it reads as "{reads}"{which}.'


def _bijoy_reading(
    text: str, find: Callable[[str], District | Upazila | None]
) -> District | Upazila | str | None:
    """The place `text` is if it is Bangla typed in Bijoy, else its reading, else None."""
    if not text or _BANGLA.search(text):
        return None
    if not (bijoy.is_bijoy(text) or bijoy.plain_bijoy(text) or bijoy.vouched(text)):
        return None
    reads = bijoy.convert(text)
    if reads == text:
        return None
    return find(reads) or reads


# ---------------------------------------------------------------- area lists

_AREA_SEPARATORS = re.compile(r"[,;/।|&\n\r\t]+|\s+(?:ও|এবং|and)\s+", re.IGNORECASE)
_ENUMERATOR = re.compile(r"^(?:\(?(?:[0-9০-৯]{1,2}|[a-eক-ঘ])[.)]\s*|[-•*]\s*)")
_ALL_WORDS = frozenset({"সকল", "সমগ্র", "সব", "সম্পূর্ণ", "পুরো", "all", "entire", "whole"})
_FILLER_WORDS = frozenset(
    {
        "উপজেলা",
        "উপজেলার",
        "উপজেলায়",
        "উপজেলাসমূহ",
        "উপজেলাসমূহে",
        "উপজেলাতে",
        "জেলা",
        "জেলার",
        "জেলায়",
        "জেলাতে",
        "এলাকা",
        "upazila",
        "upazilas",
        "upazilla",
        "upazillas",
        "thana",
        "thanas",
        "district",
        "zila",
        "of",
        "the",
        "in",
        "area",
        "areas",
    }
)
_WORD_SPLIT = re.compile(r"[\s.,:ঃ;()\-]+")


def _means_all(part: str, district: District) -> bool:
    """ "সকল উপজেলা", "সমগ্র দিনাজপুর জেলা", "All upazilas": the whole district."""
    words = [w for w in _WORD_SPLIT.split(unicodedata.normalize("NFC", part).casefold()) if w]
    if not any(w in _ALL_WORDS for w in words):
        return False
    own_names = [_fold(n) for n in _district_names(district)]
    for word in words:
        if word in _ALL_WORDS or word in _FILLER_WORDS:
            continue
        folded = _fold(word)
        if not any(folded.startswith(own) for own in own_names):  # দিনাজপুরের too
            return False
    return True


def parse_areas(text: str, district: District) -> list[Upazila]:
    """The upazilas listed in a working-area cell, in order, without duplicates.

    Parts are separated by , ; / । | or newlines, or the words ও / and; "সকল",
    "সমগ্র জেলা", "All" mean every upazila of the district.  The first part that
    is not an upazila of the district raises UnknownPlace naming that part.
    """
    out: list[Upazila] = []
    seen: set[int] = set()
    for raw_part in _AREA_SEPARATORS.split(unicodedata.normalize("NFC", text or "")):
        part = _ENUMERATOR.sub("", raw_part.strip()).strip(" .-:ঃ")
        if not part:
            continue
        found = (
            upazilas_of(district) if _means_all(part, district) else [find_upazila(part, district)]
        )
        for upazila in found:
            if upazila.id not in seen:
                seen.add(upazila.id)
                out.append(upazila)
    return out
