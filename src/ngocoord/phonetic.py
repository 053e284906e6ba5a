"""How an NGO's name sounds, in either script: "ব্র্যাক" and "BRAC", "গণ উন্নয়ন কেন্দ্র" and
"Gana Unnayan Kendra", "এসকেএস ফাউন্ডেশন" and "SKS Foundation" get one key.

The register holds an NGO under its Bangla name, its English name and its code; a roster may
write any of them in the other script (the English words and acronyms in Bangla letters,
the Bangla words romanised however the clerk spells them). `key` reads a name as sounds:
each word becomes the class of its first vowel (if it starts with one), its consonants by
sound (ব/ভ/v, জ/য/z, শ/ষ/স/sh, ত/ট/থ/th, ...; doubled ones once) and the class of a vowel it
ends on (সমিতি, samity, somiti: SMTI). Vowels inside a word are left out, as romanising
spells them every way (unnayan, unnoyon, unnyan). Letters spelled out in Bangla
("টিএমএসএস", "টি এম এস এস", "ই-এস-ডি-ও", বি or ভি, জে or জেড) are read as the Latin
letters they name, and then like a Latin word, so the acronym sounds as its Latin form does.

The key is made from names.name_key, so spacing, case, zero-width characters, bidi marks,
Bengali digits and the Unicode forms of য়/ড়/ঢ় do not change it. Pure functions, each word
worked out once (names share their words), so the register's 100,000 names are keyed in a
second or two when an import first asks.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ngocoord import names

# ------------------------------------------------------------------ Bangla

# Bangla sounds as the Latin letters they are romanised with; vowels as lower-case marks.
_BN = str.maketrans(
    {
        **dict.fromkeys("কখ", "K"),
        **dict.fromkeys("গঘ", "G"),
        **dict.fromkeys("ঙংঞণন", "N"),
        **dict.fromkeys("চছ", "C"),
        **dict.fromkeys("জঝয", "J"),
        **dict.fromkeys("টঠতথৎ", "T"),
        **dict.fromkeys("ডঢদধ", "D"),
        "প": "P",
        "ফ": "F",
        **dict.fromkeys("বভ", "B"),
        "ম": "M",
        "র": "R",
        "ল": "L",
        **dict.fromkeys("শষস", "S"),
        "হ": "H",
        **dict.fromkeys("অআাওোঐৈঔৌ", "a"),
        **dict.fromkeys("ইঈিীএ", "i"),
        "ে": "e",  # at a word's end as a Latin e: বাঁচতে, banchte
        **dict.fromkeys("উঊুূ", "u"),
        "ৃ": "Ri",
        "ঋ": "Ri",
        "ঁ": "N",  # চাঁদপুর, গাঁও: Chandpur, gaon
        **dict.fromkeys("্ঃৗ", ""),
    }
)
_NUKTA = "\u09bc"
# Before the table: sounds written with two letters or a sign (after NFC, ড় ঢ় য় are the
# letter and a nukta): য় and য-phala are vowel glides, a ব-phala is silent but after ম or a reph,
# ক্ষ is kh, জ্ঞ is g; a word's first ওয়/উই is w, ইউ is u, অ্যা/এ্যা is a.
_BN_SOUNDS: list[tuple[tuple[str, ...], re.Pattern[str] | str, str]] = [
    # (any of these in the name, what is written, the sound): a literal by str.replace
    (("ওয", "উই", "ইউ"), re.compile(f"^(?:ও{'য' + _NUKTA}|উই|ইউ)"), "u"),
    (("অ্য", "এ্য"), re.compile("^[অএ]্য"), "a"),
    ((_NUKTA,), f"ড{_NUKTA}", "R"),
    ((_NUKTA,), f"ঢ{_NUKTA}", "R"),
    ((_NUKTA,), f"য{_NUKTA}", "y"),
    (("্র্য",), "্র্য", "্র"),  # ব্র্যাক: an r-phala and a য-phala
    (("্য", "্ব"), re.compile("(?<!র)্য|(?<![মর])্ব"), ""),  # but সূর্য, কার্য, পার্বতী
    (("ক্ষ",), "ক্ষ", "K"),
    (("জ্ঞ",), "জ্ঞ", "G"),
]

# English letter names as written in Bangla, with the spellings offices use.
_LETTER_NAMES = {
    unicodedata.normalize("NFC", spelled): letter
    for letter, spellings in (
        ("a", "এ"),
        ("b", "বি"),
        ("v", "ভি"),
        ("c", "সি"),
        ("d", "ডি"),
        ("e", "ই"),
        ("f", "এফ"),
        ("g", "জি"),
        ("h", "এইচ এইছ"),
        ("i", "আই"),
        ("j", "জে"),
        ("k", "কে"),
        ("l", "এল"),
        ("m", "এম"),
        ("n", "এন"),
        ("o", "ও"),
        ("p", "পি"),
        ("q", "কিউ"),
        ("r", "আর"),
        ("s", "এস"),
        ("t", "টি"),
        ("u", "ইউ"),
        ("w", "ডব্লিউ ডাব্লিউ ডাবলিউ ডব্লু ডাব্লু ডবলিউ"),
        ("x", "এক্স"),
        ("y", "ওয়াই"),
        ("z", "জেড জেট"),
    )
    for spelled in spellings.split()
}
_LETTER = "|".join(sorted(map(re.escape, _LETTER_NAMES), key=len, reverse=True))
_SPELLED = re.compile(f"(?:{_LETTER})+")
_SIZES = sorted({len(spelled) for spelled in _LETTER_NAMES}, reverse=True)

# ------------------------------------------------------------------ Latin

_C = "[b-df-hj-np-tv-xz]"  # a Latin consonant
_END = "(?![a-z])"  # the end of a Latin word
# Latin spellings of one sound, in order, each run only when the name holds its letters
_LATIN_RULES: list[tuple[str, re.Pattern[str] | str, str]] = [
    ("v", "v", "b"),  # one sound before the digraphs: "vh" as "bh", ভি এইচ as BH
    ("z", "z", "j"),
    ("oo", "oo", "u"),  # noor, kahaloo
    ("ee", "ee", "i"),  # committee, grameen
    ("y", re.compile(f"(?<={_C})y{_END}"), "i"),  # samity: the y is the vowel it ends on
    ("a", re.compile(f"(?<![a-z])a(?=id{_END}|{_C}e{_END})"), "e"),  # aid, age: এইড, এজ
    ("c", re.compile("c(?=[eiy])"), "S"),  # service, society
    ("ge", re.compile(f"d?ge{_END}"), "J"),  # age, college, bridge
    ("e", re.compile(f"(?<=[b-df-hj-np-tv-xzA-Z])e{_END}"), ""),  # centre, care: a silent e
    ("isati", "isati", "iJati"),  # organisation as organization
    ("tch", "tch", "C"),
    ("chh", "chh", "C"),
    ("io", re.compile("(?:ss|s|t)i(?=on)"), "S"),  # -tion, -sion, -ssion
    ("tia", re.compile("(?<=[aeiou])ti(?=a[lt])"), "S"),  # initiative, initial
    ("gh", re.compile(f"gh(?=t|{_END})"), ""),  # light, rights
    *((digraph, digraph, "K") for digraph in ("ksh", "ck", "qu", "kh")),
    *(
        (digraph, digraph, sound)
        for digraph, sound in zip(
            ("sh", "ch", "th", "ph", "gh", "bh", "dh", "jh"), "SCTFGBDJ", strict=True
        )
    ),
    ("ng", re.compile("ng(?![aeiouyh])"), "N"),  # bangla, sangstha: ং
]
_LATIN = str.maketrans("bcdfghjklmnpqrstvz", "BKDFGHJKLMNPKRSTBJ", "") | str.maketrans({"x": "KS"})

# ------------------------------------------------------------------ a word's sound

_FIRST = {"a": "A", "o": "A", "e": "I", "i": "I", "y": "I", "u": "U", "w": "U"}
_VOWELS = re.compile("[a-z]+")
_DOUBLED = re.compile(r"([A-Z])\1+")
# "the" is not said in Bangla, nor written the same: "The Hunger Project", "দি হাঙ্গার প্রজেক্ট"
_SILENT = frozenset({"the", "দ্য", "দি"})
_SCRIPTS = re.compile("[a-z]+|[0-9]+|[^a-z0-9]+")
_DIGIT = re.compile("[0-9]")
_OTHER = re.compile("[^A-Za-z0-9]+")
_BANGLA = re.compile("[\u0980-\u09ff]")
_LATIN_LETTER = re.compile("[a-z]")


def spelled(word: str) -> str:
    """The Latin letters a Bangla word spells with their names ("টিএমএসএস" → "tmss"), or ""."""
    return (_read(word, 0) or "") if _SPELLED.fullmatch(word) else ""


def _read(word: str, at: int) -> str | None:
    """The letters from `at` on, the longest names first: "জেডি" is J D, not Z and a sign."""
    if at == len(word):
        return ""
    for size in _SIZES:
        letter = _LETTER_NAMES.get(word[at : at + size])
        if letter is not None and (rest := _read(word, at + size)) is not None:
            return letter + rest
    return None


def key(name: str) -> str:
    """The sound of a name, the same in Bangla and Latin letters; "" for a name of none.
    A run of spelled-out letters ("টি এম এস এস", "এসকেএস", "s k s") sounds as one Latin word;
    one letter alone is a word ("ও", "a")."""
    out: list[str] = []
    run: list[tuple[str, str]] = []  # the words of a run: their sounds and letters
    for word in [*names.name_key(name).split(), ""]:
        if word.isdigit() and word.isascii():
            sound, letters = word, ""
        elif _DIGIT.search(word):  # a code with a number (N00012, সংস্থা২): not kept
            sounds = (
                p if p.isascii() and p.isdigit() else _word(p)[0] for p in _SCRIPTS.findall(word)
            )
            sound, letters = " ".join(filter(None, sounds)), ""
        else:
            sound, letters = _word(word)
        if letters:
            run.append((sound, letters))
            continue
        if len(run) == 1 and len(run[0][1]) == 1:
            out.append(run[0][0])
        elif run:
            out.append(_word("".join(letters for _, letters in run))[0])
        run = []
        if sound:
            out.append(sound)
    return " ".join(filter(None, out))


@functools.lru_cache(maxsize=1 << 16)
def _word(word: str) -> tuple[str, str]:
    """A word's sound, and the Latin letters it spells ("" for a word that spells none).
    Names share their words (উন্নয়ন, sangstha): each is worked out once."""
    if word in _SILENT:
        return "", ""
    letters = word if len(word) == 1 and word.isascii() and word.isalpha() else spelled(word)
    parts = _SCRIPTS.findall(word)
    if len(parts) == 1:
        return _sound(word), letters
    return " ".join(filter(None, map(_sound, parts))), letters  # a word in both scripts


def _sound(word: str) -> str:
    """One word's sound: the first vowel's class, the consonants by sound (a sound doubled
    once), the class of the vowel it ends on."""
    if not word.isascii():
        word = _apply(_BN_SOUNDS, word).translate(_BN)
    for gate, written, sound in _LATIN_RULES:
        if gate in word:
            word = _sub(written, sound, word)
    word = _OTHER.sub("", word.translate(_LATIN))  # signs and letters of no sound here
    if not word:
        return ""
    first, last = word[0], word[-1]
    head = _FIRST.get(first, "") if first.islower() else ""
    tail = last.upper() if last in "iu" and len(word) > 1 else ""
    return head + _DOUBLED.sub(r"\1", _VOWELS.sub("", word)) + tail


def _sub(written: re.Pattern[str] | str, sound: str, text: str) -> str:
    return text.replace(written, sound) if isinstance(written, str) else written.sub(sound, text)


def _apply(rules: list[tuple[tuple[str, ...], re.Pattern[str] | str, str]], text: str) -> str:
    """The rules whose letters the text holds, in order."""
    for gates, written, sound in rules:
        if any(gate in text for gate in gates):
            text = _sub(written, sound, text)
    return text


# The country an NGO's name may end on or leave out: "Caritas Bangladesh", "কারিতাস"
_COUNTRY = " " + key("Bangladesh")


def keys(name: str) -> tuple[str, ...]:
    """The name's key, and the key without the country it ends on ("Caritas Bangladesh")."""
    sound = key(name)
    if sound.endswith(_COUNTRY):
        return (sound, sound[: -len(_COUNTRY)])
    return (sound,) if sound else ()


def script(name: str) -> str:
    """ "bn", "en" or "mixed": which letters a name is written in (no letters: "en")."""
    if name.isascii():
        return "en"
    bangla = bool(_BANGLA.search(name))
    latin = bool(_LATIN_LETTER.search(name.casefold()))
    return "mixed" if bangla and latin else "bn" if bangla else "en"


def across(a: str, b: str) -> bool:
    """May names of these scripts be paired by sound? Only across scripts: two names in one
    script are compared by their letters (names.name_key, the near names of the lookup)."""
    return a != b or a == "mixed"
