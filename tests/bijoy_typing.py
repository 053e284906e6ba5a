"""Unicode Bangla typed the way a Bijoy typist types it: the keys, in typing order.

The reverse of `ngocoord.bijoy.to_unicode`, for tests that take whole classes of real words
(the gazetteer's places) to Bijoy and back: a pre-base vowel sign (ি ে ৈ, and the first half of
ো ৌ) typed before its consonant cluster, a reph after the cluster, a conjunct by its glyph key
when Bijoy has one, else with the hasanta key (&). `typed` gives None for what it cannot type.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from ngocoord import bijoy

_TABLE = json.loads((Path(bijoy.__file__).parent / "data" / "bijoy.json").read_text("utf-8"))
_KEY: dict[str, str] = {}
for _k, _v in sorted(_TABLE["map"].items(), key=lambda kv: (not kv[0].isascii(), kv[0])):
    _KEY.setdefault(_v, _k)  # the ASCII key first, as most typists type
_KEY.update({"্থ": "’", "ু": "y", "ূ": "~"})
_CONSONANTS = "কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহ\u09dc\u09dd\u09df"
_PRE = {"ি": "w", "ে": "‡", "ৈ": "ˆ", "ো": "‡", "ৌ": "‡"}
_POST = {"া": "v", "ী": "x", "ু": "y", "ূ": "~", "ৃ": "…", "ো": "v", "ৌ": "Š"}


def _cluster_keys(cluster: str) -> str | None:
    """A consonant cluster's keys: the longest pieces Bijoy has one key for."""
    keys, i = "", 0
    while i < len(cluster):
        for size in range(len(cluster) - i, 0, -1):
            piece = cluster[i : i + size]
            if piece in _KEY:
                keys += _KEY[piece]
                i += size
                break
            if piece == "্":
                keys += "&"
                i += 1
                break
        else:
            return None
    return keys


def typed(word: str) -> str | None:
    """The Bijoy keys of a Unicode Bangla word, or None when this typing cannot make it."""
    w = unicodedata.normalize("NFC", word)
    w = w.replace("ড\u09bc", "\u09dc").replace("ঢ\u09bc", "\u09dd").replace("য\u09bc", "\u09df")
    out, i = [], 0
    while i < len(w):
        reph = w.startswith("র্", i) and i + 2 < len(w) and w[i + 2] in _CONSONANTS
        i += 2 if reph else 0
        j = i
        if j < len(w) and w[j] in _CONSONANTS:
            j += 1
            while j + 1 < len(w) and w[j] == "্" and w[j + 1] in _CONSONANTS:
                j += 2
        if j == i:  # a vowel, a sign or a mark on its own
            key = "Av" if w[i] == "আ" else _KEY.get(w[i])
            if key is None:
                return None
            out.append(key)
            i += 1
            continue
        keys = _cluster_keys(w[i:j])
        if keys is None:
            return None
        kar = w[j] if j < len(w) and w[j] in "ািীুূৃেৈোৌ" else ""
        i = j + len(kar)
        out.append(_PRE.get(kar, "") + keys + _POST.get(kar, "") + ("©" if reph else ""))
    keys_typed = "".join(out)
    back = unicodedata.normalize("NFC", bijoy.to_unicode(keys_typed))
    return keys_typed if back == unicodedata.normalize("NFC", word) else None
