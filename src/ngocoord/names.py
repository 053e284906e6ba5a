"""Matching NGO names across spreadsheets and giving NGOs short codes.

The same NGO arrives from the DC office list, the NGOAB list and the monthly
reports spelled slightly differently: extra spaces, "মোঃ" vs "মো:", precomposed
or nukta forms of য়/ড়/ঢ়, zero-width joiners pasted from Word.  name_key() reduces
all of those to one key so that exact matching works on 100,000 rows; suggest()
offers near misses to the clerk; make_code() invents a stable code for an NGO
that has none, so files and commands can name it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# ---------------------------------------------------------------- name_key

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Bidi controls (LRM RLM ALM, LRE RLE PDF LRO RLO, LRI RLI FSI PDI): invisible, and pasted from
# Word or a web page they would otherwise make a second NGO of the same name
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = _ZERO_WIDTH + BIDI_CONTROLS
_PUNCTUATION = ".,:;'\"’‘“”`()[]{}<>-–—‒―/\\|!?*_#+=~।॥"

_PUNCT_RE = re.compile("[" + re.escape(_PUNCTUATION + "&") + r"]+")
_BN_DIGIT_RE = re.compile("[০-৯]")
_BN_DIGITS = tuple(zip("০১২৩৪৫৬৭৮৯", "0123456789", strict=True))
_SPACES = "\u00a0\u202f\u2007"
# Any character that is dropped or made a space below: most names have none, and one search
# of the name is cheaper than a search for each of them
_ODD_RE = re.compile("[" + re.escape(_INVISIBLE + _SPACES) + "]")

# Honorifics: abbreviated with ঃ : or . (a word may follow directly), or bare and
# followed by a space.  Each spelling group becomes one canonical token.
_BEFORE = r"(?:^|(?<=[\s(\[{,;\"'’‘“”/]))"
_BN_FEMALE = re.compile(_BEFORE + r"(?:মোছাঃ|মোছা[:.]|মোসাঃ|মোসা[:.]|মোছা(?=\s)|মোসা(?=\s))")
_BN_MALE = re.compile(_BEFORE + r"(?:মোঃ|মো[:.]|মো(?=\s))")
_EN_FEMALE = re.compile(_BEFORE + r"(?:mst[.:]|mst(?=\s))")
_EN_MALE = re.compile(_BEFORE + r"(?:md[.:]|md(?=\s))")


@functools.lru_cache(maxsize=1 << 18)  # a roster import asks for each name several times
def name_key(name: str) -> str:
    """The form in which two spellings of one NGO name compare equal.

    NFC (which also puts য়/ড়/ঢ় in their nukta form whichever way they were typed),
    no zero-width characters and no bidi controls, one form of the honorifics মোঃ/মো:/মো. and
    Md./Md, punctuation as spaces, whitespace collapsed, casefolded.
    """
    if name.isascii():
        text = name.casefold()
        if "md" in text:
            text = _EN_MALE.sub(" md ", text)
        if "mst" in text:
            text = _EN_FEMALE.sub(" mst ", text)
    else:
        # str.replace and compiled regexes run in C; a translate table with a
        # dict is several times slower on Bangla text.
        text = unicodedata.normalize("NFC", name).casefold()
        if _ODD_RE.search(text):
            for char in _INVISIBLE:
                if char in text:
                    text = text.replace(char, "")
            for char in _SPACES:
                if char in text:
                    text = text.replace(char, " ")
        if "মো" in text:
            text = _BN_FEMALE.sub(" মোছা ", text)
            text = _BN_MALE.sub(" মো ", text)
        if "md" in text:
            text = _EN_MALE.sub(" md ", text)
        if "mst" in text:
            text = _EN_FEMALE.sub(" mst ", text)
        # Visarga left now is inside a word (দুঃস্থ, often written দুস্থ) or a colon:
        # dropping it serves both.
        if "ঃ" in text:
            text = text.replace("ঃ", "")
        if _BN_DIGIT_RE.search(text):  # str.replace of each digit: translate is slower here
            for digit, ascii_digit in _BN_DIGITS:
                if digit in text:
                    text = text.replace(digit, ascii_digit)
    return " ".join(_PUNCT_RE.sub(" ", text).split())


def suggest(query: str, choices: dict[str, str], limit: int = 3) -> list[str]:
    """Display labels of the choices whose keys are closest to the query's key.

    `choices` maps a name_key() to the label to show; used in "did you mean" hints.
    """
    from rapidfuzz import fuzz, process

    key = name_key(query)
    if not key or not choices or limit <= 0:
        return []
    found = process.extract(
        key, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=60, processor=None
    )
    labels: list[str] = []
    for choice, _score, _index in found:
        label = choices[choice]
        if label not in labels:
            labels.append(label)
    return labels


# ---------------------------------------------------------------- make_code

_EN_STOPWORDS = frozenset({"of", "for", "and", "the", "in", "on", "&"})
_BN_STOPWORDS = frozenset({"ও", "এবং", "এর"})
_EN_PAREN = re.compile(r"\(([^()]*)\)")

# First letters of Bangla words; one Latin letter each so codes stay short.
_BN_LATIN = {
    "অ": "A",
    "আ": "A",
    "ই": "I",
    "ঈ": "I",
    "উ": "U",
    "ঊ": "U",
    "ঋ": "R",
    "এ": "E",
    "ঐ": "O",
    "ও": "O",
    "ঔ": "O",
    "ক": "K",
    "খ": "K",
    "গ": "G",
    "ঘ": "G",
    "ঙ": "N",
    "চ": "C",
    "ছ": "C",
    "জ": "J",
    "ঝ": "J",
    "ঞ": "N",
    "ট": "T",
    "ঠ": "T",
    "ড": "D",
    "ঢ": "D",
    "ণ": "N",
    "ত": "T",
    "থ": "T",
    "দ": "D",
    "ধ": "D",
    "ন": "N",
    "প": "P",
    "ফ": "F",
    "ব": "B",
    "ভ": "B",
    "ম": "M",
    "য": "J",
    "র": "R",
    "ল": "L",
    "শ": "S",
    "ষ": "S",
    "স": "S",
    "হ": "H",
    "ৎ": "T",
    "ং": "N",
}
# After NFC, ড় ঢ় য় are the letter plus a nukta (U+09BC), which changes its sound.
_NUKTA = "\u09bc"
_NUKTA_LATIN = {"D": "R", "J": "Y"}
# Vowel signs, for the letters of a one-word name after its first.
_BN_SIGNS = {
    "া": "A",
    "ি": "I",
    "ী": "I",
    "ু": "U",
    "ূ": "U",
    "ৃ": "R",
    "ে": "E",
    "ৈ": "O",
    "ো": "O",
    "ৌ": "O",
}
# English letter names as written in Bangla, for acronyms such as (এমবিএসকে).
_BN_LETTER_NAMES = {
    "এ": "A",
    "বি": "B",
    "সি": "C",
    "ডি": "D",
    "ই": "E",
    "এফ": "F",
    "জি": "G",
    "এইচ": "H",
    "আই": "I",
    "জে": "J",
    "কে": "K",
    "এল": "L",
    "এম": "M",
    "এন": "N",
    "ও": "O",
    "পি": "P",
    "কিউ": "Q",
    "আর": "R",
    "এস": "S",
    "টি": "T",
    "ইউ": "U",
    "ভি": "V",
    "ডব্লিউ": "W",
    "ডাব্লিউ": "W",
    "এক্স": "X",
    "ওয়াই": "Y",
    "জেড": "Z",
}
_LETTER_NAME_LENGTHS = sorted({len(k) for k in _BN_LETTER_NAMES}, reverse=True)
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
# Capitals that are words of a name, not the NGO's acronym ("NGO Forum for Public Health").
_NOT_ACRONYMS = frozenset({"NGO", "BD", "INGO"})
_CAPITAL_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,7}(?![A-Za-z0-9])")


_NOT_CODE = re.compile(r"[^A-Z0-9]")


def _ascii_upper(text: str) -> str:
    """The text's Latin letters and digits, upper-case; accents taken off (NFKD) when it has
    any character beyond ASCII (a roster's hundred thousand English names have none)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_CODE.sub("", text.upper())


def _en_acronym(name: str) -> str:
    for inner in _EN_PAREN.findall(name):
        letters = _ascii_upper(inner)
        if inner.strip() == inner.strip().upper() and _CODE.fullmatch(letters):
            return letters
    return ""


def _en_initials(name: str) -> str:
    plain = unicodedata.normalize("NFKD", _EN_PAREN.sub(" ", name)).encode("ascii", "ignore")
    words = [w for w in re.split(r"[^A-Za-z0-9&]+", plain.decode()) if w]
    words = [w for w in words if w.casefold() not in _EN_STOPWORDS]
    if not words:
        return ""
    if len(words) == 1:
        return _ascii_upper(words[0])[:4]
    return "".join(w[0] for w in words).upper()[:8]


def _spelled(text: str) -> str:
    """Read "এমবিএসকে" as the letters MBSK; "" if it is not spelled-out letters."""
    text = "".join(text.split()).replace(".", "")
    letters, i = [], 0
    while i < len(text):
        for size in _LETTER_NAME_LENGTHS:
            piece = text[i : i + size]
            if len(piece) == size and piece in _BN_LETTER_NAMES:
                letters.append(_BN_LETTER_NAMES[piece])
                i += size
                break
        else:
            break
    code = "".join(letters)
    return code if i == len(text) and _CODE.fullmatch(code) else ""


def _bn_spelled(name: str) -> str:
    """Read "(এমবিএসকে)" as the letters M B S K; "" if it is not spelled-out letters."""
    for inner in _EN_PAREN.findall(unicodedata.normalize("NFC", name)):
        code = _spelled(inner)
        if code:
            return code
    return ""


def acronym(text: str) -> str:
    """The Latin letters a short text stands for: "MBSK" or "M.B.S.K." as written, "এমবিএসকে"
    read letter by letter (the Bangla spelling of an acronym); "" for anything else."""
    text = unicodedata.normalize("NFC", text).strip()
    if text.isascii():
        letters = _ascii_upper(text)
        plain = text.replace(".", "")
        return letters if plain == letters and _CODE.fullmatch(letters) else ""
    return _spelled(text)


def acronyms(name: str) -> list[str]:
    """The acronyms written in brackets in a name: "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)" → ["CTW"]."""
    found = (acronym(inner) for inner in _EN_PAREN.findall(unicodedata.normalize("NFC", name)))
    return list(dict.fromkeys(a for a in found if a))


def written_acronyms(name: str) -> list[str]:
    """The acronyms a name carries: those in its brackets, and a word of Latin capitals in it
    ("RDRS Bangladesh" → RDRS); never initials made from its words."""
    found = acronyms(name)
    plain = _EN_PAREN.sub(" ", unicodedata.normalize("NFC", name))
    found += [w for w in _CAPITAL_WORD.findall(plain) if w not in _NOT_ACRONYMS]
    return list(dict.fromkeys(found))


def without_brackets(name: str) -> str:
    """The name with its bracketed parts taken out: "Come to Work (CTW)" → "Come to Work"."""
    return " ".join(_EN_PAREN.sub(" ", name).split())


def _bn_word_letters(word: str) -> str:
    out: list[str] = []
    previous = ""
    for char in word:
        if char == _NUKTA and out and previous in "ডঢয":
            out[-1] = _NUKTA_LATIN.get(out[-1], out[-1])
        elif char in _BN_LATIN and not (char == "য" and previous == "্"):  # skip য-phala
            out.append(_BN_LATIN[char])
        elif char in _BN_SIGNS:
            out.append(_BN_SIGNS[char])
        previous = char
    return "".join(out)


def _bn_words(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", _EN_PAREN.sub(" ", name))
    words = [w for w in re.split(r"[\s.,:;'\"()\-–—/।]+", text) if w]
    return [w for w in words if w not in _BN_STOPWORDS]


def _bn_acronym_word(name: str) -> str:
    """An acronym written out as a word of the Bangla name: "আরডিআরএস বাংলাদেশ" → RDRS."""
    for word in _bn_words(name):
        code = _spelled(word)
        if code and code not in _NOT_ACRONYMS:
            return code
    return ""


def _bn_initials(name: str) -> str:
    words = _bn_words(name)
    if len(words) == 1:
        return _bn_word_letters(words[0])[:4]
    initials = "".join(_bn_word_letters(w)[:1] for w in words)
    return initials[:8]


_BANGLA_LETTER = re.compile("[\u0980-\u09ff]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def _script(text: str) -> str:
    """ "en", "bn", "mixed" or "" (no letters): which script a name is written in."""
    if text.isascii():  # no normal form to take, no Bangla letter to look for
        return "en" if _LATIN_LETTER.search(text) else ""
    latin = bool(_LATIN_LETTER.search(unicodedata.normalize("NFKD", text)))
    bangla = bool(_BANGLA_LETTER.search(text))
    return "mixed" if latin and bangla else "bn" if bangla else "en" if latin else ""


def _mixed_initials(name: str) -> str:
    """A name in both scripts ("আলোর পথ Society", "সমাজ উন্নয়ন সংস্থা (Samaj Unnayan
    Sangstha)"): the initials of its English part when that is a name of two words or more,
    else of every word, the Bangla ones read as Latin letters (APS)."""
    plain = unicodedata.normalize("NFKD", name)
    latin = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", plain) if w not in _EN_STOPWORDS]
    if len(latin) >= 2:
        return _en_initials(" ".join(latin))
    words = [w for w in _bn_words(name) if w.casefold() not in _EN_STOPWORDS]
    letters = [_bn_word_letters(w)[:1] or _ascii_upper(w)[:1] for w in words]
    return "".join(letters)[:8] if len(words) > 1 else _bn_initials(name) or _en_initials(name)


def _base(en: str, bn: str) -> str:
    """The letters a code is made of: an acronym the names carry, else their initials, each
    name by its script, whichever column it was typed in (a Bangla name under "Name of NGO",
    an English one under "সংস্থার নাম", both in one cell)."""
    scripts = (_script(en), _script(bn))
    if scripts[0] == "en":
        return _en_acronym(en) or _en_initials(en)
    for name in (en, bn):
        if name and (found := _en_acronym(name) or _bn_spelled(name) or _bn_acronym_word(name)):
            return found
    if scripts[1] == "en":
        return _en_initials(bn)
    if scripts[1] == "bn":
        return _bn_initials(bn)
    mixed = next((n for n, s in zip((bn, en), scripts[::-1], strict=True) if s == "mixed"), "")
    return _mixed_initials(mixed) if mixed else _bn_initials(en)


def make_code(
    name_en: str | None,
    name_bn: str | None,
    taken: set[str],
    counters: dict[str, int] | None = None,
) -> str:
    """A short unique code (A-Z, 0-9, 2-8 characters, starts with a letter) for an NGO.

    Prefers the acronym in the English name's parentheses, then the initials of
    the English name; else an acronym the names carry (in brackets, "(এমবিএসকে)", or written
    as a word, "আরডিআরএস বাংলাদেশ" → RDRS), then the Bangla name's initials read as Latin
    letters (টিএমএসএস → TMSS, not the letters of one word), and for a name in both scripts the
    initials of its English part or of all its words (`_base`); a clash with `taken`
    (upper-case codes) gets 2, 3, ... appended.  Deterministic, so re-running an import
    gives the same codes.  A batch passes `counters` so that thousands of names with the
    same initials do not each count up from 2.
    """
    base = _base((name_en or "").strip(), (name_bn or "").strip())
    base = _NOT_CODE.sub("", base.upper())
    base = base.lstrip("0123456789")
    if len(base) < 2:
        base = (base + "NGO")[:8]
    base = base[:8]
    if base not in taken:
        return base
    n = counters.get(base, 2) if counters is not None else 2
    while True:
        suffix = str(n)
        candidate = base[: 8 - len(suffix)] + suffix
        if candidate not in taken:
            if counters is not None:
                counters[base] = n + 1
            return candidate
        n += 1
