"""Regenerate the two word lists `ngocoord.bijoy` judges plain-ASCII Bijoy words by.

- src/ngocoord/data/english_trigrams.txt: the letter triples of English words (with ^ and $
  for a word's start and end) found in at least three words of SCOWL's American English list
  (Debian's wamerican, /usr/share/dict/words; permissive licence, by Kevin Atkinson), and every
  triple of the gazetteer's English names (Bangla names written in Latin letters: Rahman,
  Phulbari), so that Latin text, English or romanised Bangla, is told from Bijoy keys.
- src/ngocoord/data/bangla_words.txt: Bangla words a Bijoy-typed word may read as: the
  gazetteer's Bangla names, the Bangla words of the header vocabulary (`ngocoord.meaning`,
  the field labels), and the words of the office documents given (the seeds).

Run: apt-get install wamerican && python scripts/build_word_lists.py SEED.txt ...
"""

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "ngocoord" / "data"
MIN_WORDS = 3  # a triple in fewer English words is a foreign word's or a misspelling's
BANGLA_WORD = re.compile("[\u0980-\u09e3\u09f0-\u09ff]{2,}")  # not the digits or the dari


def triples(word: str) -> list[str]:
    w = f"^{word.lower()}$"
    return [w[i : i + 3] for i in range(len(w) - 2)]


def main(seeds: list[str]) -> None:
    from ngocoord import meaning
    from ngocoord.intake import report_format
    from ngocoord.register import fields

    places = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
    records = [r for kind in ("divisions", "districts", "upazilas") for r in places[kind]]
    words = Path("/usr/share/dict/words").read_text(encoding="utf-8").split()
    counts: Counter[str] = Counter()
    for word in words:
        if word.isascii() and word.isalpha():
            counts.update(set(triples(word)))
    english = {t for t, n in counts.items() if n >= MIN_WORDS}
    for record in records:
        for word in re.findall("[A-Za-z]+", record["en"]):
            english.update(triples(word))
    (DATA / "english_trigrams.txt").write_text(
        "# Letter triples of English words and romanised Bangla names"
        " (scripts/build_word_lists.py; SCOWL, Kevin Atkinson, and the gazetteer)\n"
        + "\n".join(sorted(english))
        + "\n",
        encoding="utf-8",
    )
    texts = [r["bn"] for r in records]
    texts += [w for spellings in meaning.CONCEPTS.values() for w in spellings]
    texts += [bn for bn, _ in [*fields.LABELS.values(), *report_format.LINE_LABELS.values()]]
    texts += [Path(seed).read_text(encoding="utf-8") for seed in seeds]
    bangla = {unicodedata.normalize("NFC", w) for text in texts for w in BANGLA_WORD.findall(text)}
    (DATA / "bangla_words.txt").write_text(
        "# Bangla words of the gazetteer, the header vocabulary and office documents"
        " (scripts/build_word_lists.py)\n" + "\n".join(sorted(bangla)) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
