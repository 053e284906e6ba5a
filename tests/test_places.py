"""Tests for ngocoord.places: the gazetteer and free-text place names."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pytest

from ngocoord import places
from ngocoord.errors import Invalid, UnknownPlace
from ngocoord.places import (
    District,
    Upazila,
    district_by_id,
    districts,
    division_of,
    divisions,
    find_district,
    find_upazila,
    parse_areas,
    upazila_by_id,
    upazilas_of,
)


@pytest.fixture(scope="module")
def dinajpur() -> District:
    return find_district("Dinajpur")


def test_source_is_nfc() -> None:
    text = Path(places.__file__).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_gazetteer_counts_and_cleanliness() -> None:
    assert len(divisions()) == 8
    assert len(districts()) == 64
    total = sum(len(upazilas_of(d)) for d in districts())
    assert total == 494
    for d in districts():
        records: list[District | Upazila] = [d, *upazilas_of(d)]
        for record in records:
            assert record.bn == unicodedata.normalize("NFC", record.bn).strip()
            assert "\t" not in record.bn
            assert "\u09df" not in record.bn


def test_records_are_frozen_and_labelled(dinajpur: District) -> None:
    assert dinajpur.label == "দিনাজপুর (Dinajpur)"
    sadar = find_upazila("সদর", dinajpur)
    assert sadar.label == "দিনাজপুর সদর (Dinajpur Sadar)"
    assert sadar.district_id == dinajpur.id
    with pytest.raises(dataclasses.FrozenInstanceError):
        sadar.en = "x"  # type: ignore[misc, unused-ignore]
    assert division_of(dinajpur).en == "Rangpur"
    assert district_by_id(dinajpur.id) is dinajpur
    assert upazila_by_id(sadar.id) == sadar


def test_dinajpur_has_13_upazilas(dinajpur: District) -> None:
    ups = upazilas_of(dinajpur)
    assert len(ups) == 13
    assert all(isinstance(u, Upazila) and u.district_id == dinajpur.id for u in ups)
    ups.clear()  # a copy: the gazetteer is not changed
    assert len(upazilas_of(dinajpur)) == 13


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Dinajpur", "Dinajpur"),
        ("DINAJPUR", "Dinajpur"),
        ("দিনাজপুর", "Dinajpur"),
        ("দিনাজপুর জেলা", "Dinajpur"),
        ("Dinajpur Zila", "Dinajpur"),
        ("dinajpur district", "Dinajpur"),
        ("Chittagong", "Chattogram"),
        ("Chattogram", "Chattogram"),
        ("চট্টগ্রাম", "Chattogram"),
        ("Comilla", "Comilla"),
        ("Cumilla", "Comilla"),
        ("Bogra", "Bogura"),
        ("Bogura", "Bogura"),
        ("বগুড়া", "Bogura"),
        ("বগু\u09dcা", "Bogura"),
        ("Jessore", "Jashore"),
        ("Jashore", "Jashore"),
        ("Barisal", "Barisal"),
        ("Barishal", "Barisal"),
        ("Cox's Bazar", "Coxsbazar"),
        ("Nilfamari", "Nilphamari"),
        ("নীলফামারি", "Nilphamari"),
        ("নেত্রকোনা", "Netrokona"),
        ("Laxmipur", "Lakshmipur"),
        ("রাঙামাটি", "Rangamati"),
        ("চাদপুর", "Chandpur"),
        ("দিনাজপুর (Dinajpur)", "Dinajpur"),
    ],
)
def test_find_district(name: str, english: str) -> None:
    assert find_district(name).en == english


def test_district_names_never_collide() -> None:
    for d in districts():
        assert find_district(d.en) == d
        assert find_district(d.bn) == d
        assert find_district(d.label) == d


def test_unknown_district_suggests() -> None:
    with pytest.raises(UnknownPlace) as caught:
        find_district("Dinajpor")
    assert isinstance(caught.value, Invalid)
    message = caught.value.message
    assert '"Dinajpor"' in message
    assert "দিনাজপুর (Dinajpur)" in message
    assert message.count("(") == 3  # three suggestions, each Bangla (English)


def test_unknown_bangla_district_suggests() -> None:
    with pytest.raises(UnknownPlace, match="দিনাজপুর \\(Dinajpur\\)"):
        find_district("দিনাজপর")


def test_empty_district() -> None:
    with pytest.raises(UnknownPlace):
        find_district("  ")
    with pytest.raises(UnknownPlace):
        find_district("জেলা")


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("সদর", "Dinajpur Sadar"),
        ("দিনাজপুর সদর", "Dinajpur Sadar"),
        ("Dinajpur Sadar", "Dinajpur Sadar"),
        ("Sadar", "Dinajpur Sadar"),
        ("sadar upazila", "Dinajpur Sadar"),
        ("সদর উপজেলা", "Dinajpur Sadar"),
        ("দিনাজপুর সদর (Dinajpur Sadar)", "Dinajpur Sadar"),
        ("ফুলবাড়ী", "Fulbari"),
        ("ফুলবাড়ি", "Fulbari"),
        ("ফুলবা\u09dcী", "Fulbari"),
        ("Fulbari", "Fulbari"),
        ("Phulbari", "Fulbari"),
        ("বিরল", "Birol"),
        ("Biral", "Birol"),
        ("Birol", "Birol"),
        ("BIROL", "Birol"),
        ("বিরোল", "Birol"),
        ("বিরল উপজেলা", "Birol"),
        ("Biral Upazila", "Birol"),
        ("Biral Thana", "Birol"),
        ("বিরল (Biral)", "Birol"),
        ("চিরিরবন্দর", "Chirirbandar"),
        ("Nababganj", "Nawabganj"),
        ("ঘোড়াঘাট", "Ghoraghat"),
        ("বীরগঞ্জ", "Birganj"),
        ("বিরগঞ্জ", "Birganj"),
    ],
)
def test_find_upazila(dinajpur: District, name: str, english: str) -> None:
    assert find_upazila(name, dinajpur).en == english


def test_sadar_follows_district_spelling() -> None:
    bogura = find_district("Bogra")
    assert find_upazila("Bogura Sadar", bogura).en == "Bogra Sadar"
    assert find_upazila("সদর", bogura).bn == "বগুড়া সদর"
    comilla = find_district("Cumilla")
    assert find_upazila("সদর", comilla).en == "Comilla Sadar"
    assert find_upazila("সদর দক্ষিণ", comilla).en == "Sadarsouth"
    assert find_upazila("Cumilla Sadar", comilla).en == "Comilla Sadar"


def test_every_upazila_found_by_its_own_names() -> None:
    for d in districts():
        for u in upazilas_of(d):
            assert find_upazila(u.en, d) == u
            assert find_upazila(u.bn, d) == u
            assert find_upazila(u.label, d) == u


def test_unknown_upazila_suggests(dinajpur: District) -> None:
    with pytest.raises(UnknownPlace) as caught:
        find_upazila("Biramgur", dinajpur)
    message = caught.value.message
    assert '"Biramgur"' in message
    assert "দিনাজপুর (Dinajpur)" in message
    assert "বিরামপুর (Birampur)" in message


def test_upazila_of_another_district_is_named(dinajpur: District) -> None:
    with pytest.raises(UnknownPlace) as caught:
        find_upazila("সাভার", dinajpur)
    message = caught.value.message
    assert "সাভার (Savar)" in message
    assert "ঢাকা (Dhaka)" in message
    assert "Did you mean" in message


def test_sadar_of_district_without_one() -> None:
    dhaka = find_district("Dhaka")
    with pytest.raises(UnknownPlace, match="Dhaka"):
        find_upazila("সদর", dhaka)


def test_parse_areas_separators(dinajpur: District) -> None:
    got = parse_areas("বিরল, সদর; ফুলবাড়ী/ Birol ও খানসামা", dinajpur)
    assert [u.en for u in got] == ["Birol", "Dinajpur Sadar", "Fulbari", "Khansama"]
    got = parse_areas("বিরল।বোচাগঞ্জ | Kaharol and Hakimpur\nপার্বতীপুর", dinajpur)
    assert [u.en for u in got] == ["Birol", "Bochaganj", "Kaharol", "Hakimpur", "Parbatipur"]
    got = parse_areas("১. বিরল\n২. সদর উপজেলা", dinajpur)
    assert [u.en for u in got] == ["Birol", "Dinajpur Sadar"]


@pytest.mark.parametrize(
    "text",
    [
        "সকল",
        "সকল উপজেলা",
        "সমগ্র জেলা",
        "All",
        "all upazilas",
        "ALL UPAZILAS",
        "দিনাজপুর জেলার সকল উপজেলা",
        "সমগ্র দিনাজপুর",
    ],
)
def test_parse_areas_all(dinajpur: District, text: str) -> None:
    assert parse_areas(text, dinajpur) == upazilas_of(dinajpur)


def test_parse_areas_all_after_some_keeps_order(dinajpur: District) -> None:
    got = parse_areas("বিরল, সকল উপজেলা", dinajpur)
    assert got[0].en == "Birol"
    assert len(got) == 13


def test_parse_areas_empty(dinajpur: District) -> None:
    assert parse_areas("", dinajpur) == []
    assert parse_areas(" , ; ", dinajpur) == []


def test_parse_areas_names_the_bad_part(dinajpur: District) -> None:
    with pytest.raises(UnknownPlace) as caught:
        parse_areas("বিরল, ঢাকাই, সাভার", dinajpur)
    message = caught.value.message
    assert '"ঢাকাই"' in message
    assert "সাভার" not in message
