"""`ngo add|edit|list|show|remove|rejoin`: the roster kept by hand."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli, RosterFile, table_dump


def test_add_edit_show(register: Cli) -> None:
    out = register(
        "ngo",
        "add",
        "--name-bn",
        "গ্রাম বিকাশ কেন্দ্র",
        "--name-en",
        "Gram Bikash Kendra (GBK)",
        "--mobile",
        "০১৭১১-০০০০০১",
        "--areas",
        "সদর, ফুলবাড়ি",
        "--joined",
        "২০.০২.২০২১",
    ).output
    assert "Added GBK" in out
    register("ngo", "edit", "GBK", "--head-name", "মোছাঃ রহিমা বেগম", "--email", "gbk@example.org")
    data = json.loads(register("ngo", "show", "GBK", "--format", "json").output)
    assert data["head_name"] == "মোছাঃ রহিমা বেগম"
    assert data["mobile"] == "01711000001"
    assert data["upazilas"] == ["দিনাজপুর সদর", "ফুলবাড়ী"]
    assert data["memberships"][0]["from"] == "2021-02-20"
    assert "Bad value for --email" in register("ngo", "edit", "GBK", "--email", "x", code=1).output
    assert "Nothing to change" in register("ngo", "edit", "GBK", code=1).output


def test_unknown_code_suggests(register: Cli) -> None:
    register("ngo", "add", "--name-en", "Come to Work (CTW)")
    out = register("ngo", "show", "CTV", code=1).output
    assert "No NGO with code 'CTV'" in out and "CTW" in out


def test_add_refuses_duplicates(register: Cli) -> None:
    register("ngo", "add", "--name-en", "Come to Work (CTW)")
    before = table_dump(register.db)
    assert (
        "already has this name"
        in register("ngo", "add", "--name-en", "come to work (ctw)", code=1).output
    )
    assert (
        "already used"
        in register("ngo", "add", "--name-en", "Other", "--code", "ctw", code=1).output
    )
    assert table_dump(register.db) == before


def test_remove_and_rejoin_keep_history(register: Cli) -> None:
    register("ngo", "add", "--name-en", "Dhaka Ahsania Mission (DAM)")
    register("ngo", "remove", "DAM", "--on", "2021-02-10", "--reason", "সভার সিদ্ধান্ত ৩.১")
    listed = json.loads(register("ngo", "list", "--status", "removed", "--format", "json").output)
    assert [n["code"] for n in listed] == ["DAM"]
    assert (
        "not on the list"
        in register("ngo", "remove", "DAM", "--on", "2021-03-01", "--reason", "x", code=1).output
    )
    assert "before that" in register("ngo", "rejoin", "DAM", "--on", "2021-01-01", code=1).output
    register("ngo", "rejoin", "DAM", "--on", "2022-07-01")
    data = json.loads(register("ngo", "show", "DAM", "--format", "json").output)
    assert [(m["from"], m["to"]) for m in data["memberships"]] == [
        (None, "2021-02-10"),
        ("2022-07-01", None),
    ]
    assert data["status"] == "listed"
    assert (
        "already on the list"
        in register("ngo", "rejoin", "DAM", "--on", "2023-01-01", code=1).output
    )


def test_list_filters_and_formats(register: Cli, roster_file: RosterFile) -> None:
    register("ngo", "import", str(roster_file()))
    by_upazila = json.loads(
        register("ngo", "list", "--upazila", "Parbatipur", "--format", "json").output
    )
    assert [n["code"] for n in by_upazila] == ["CTW", "DAM"]
    by_sector = json.loads(register("ngo", "list", "--sector", "শিক্ষা", "--format", "json").output)
    assert [n["code"] for n in by_sector] == ["MBSK"]
    csv_out = register("ngo", "list", "--format", "csv").output.splitlines()
    assert csv_out[0].startswith("code,name_bn,name_en")
    assert len(csv_out) == 4
    table = register("ngo", "list").output
    assert "মহিলা বহুমুখী শিক্ষা কেন্দ্র" in table
    out = register("ngo", "list", "--upazila", "Dhaka", code=1).output
    assert "Dhaka" in out


def test_show_json_is_the_profiles_as_dict_and_the_page_file_follows_the_output_rule(
    register: Cli, tmp_path: Path
) -> None:
    from ngocoord import periods
    from ngocoord.documents.render import output_file
    from ngocoord.register import roster
    from ngocoord.store.db import open_register

    register("ngo", "add", "--name-bn", "গ্রাম বিকাশ কেন্দ্র", "--name-en", "Gram Bikash (GBK)")
    register("ngo", "edit", "GBK", "--sectors", "শিক্ষা, স্বাস্থ্য")
    shown = json.loads(register("ngo", "show", "GBK", "--format", "json").output)
    db = open_register(f"sqlite:///{register.db}")
    try:
        with db.session() as s:
            expected = roster.profile(s, "GBK", periods.today()).as_dict()
    finally:
        db.close()
    assert shown == json.loads(json.dumps(expected, default=str))
    assert shown["sectors"] == ["শিক্ষা", "স্বাস্থ্য"]

    folder = tmp_path / "pages"
    folder.mkdir()
    for out, fmt in ((folder, "html"), (tmp_path / "gbk.htm", "html")):
        printed = register("ngo", "show", "GBK", "--format", fmt, "--out", str(out)).output
        _, path = output_file(fmt, out, ("html", "pdf"), "GBK")
        assert printed.strip() == str(path) and path.is_file()
    assert (folder / "GBK.html").is_file()
