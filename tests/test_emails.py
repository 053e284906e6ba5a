"""One e-mail pattern: an NGO's address and the office's settings accept and refuse the same."""

from __future__ import annotations

from conftest import Cli

GOOD = ["dcdinajpur@mopa.gov.bd", "a.b+c@example.org", "x@y.co", "ngo_1@mail.example.COM"]
BAD = [
    "not-mail",
    "name@example",
    "name@example.c",
    "name@example.c0m",
    "@example.org",
    "name@@example.org",
    "name@exa@mple.org",
]


def test_both_paths_accept_and_refuse_the_same_addresses(office: Cli) -> None:
    for address in GOOD + BAD:
        as_ngo = office("ngo", "edit", "MBSK", "--email", address, code=None)
        as_setting = office("config", "set", "office.email", address, code=None)
        expected = 0 if address in GOOD else 1
        assert (as_ngo.exit_code, as_setting.exit_code) == (expected, expected), (
            address,
            as_ngo.output,
            as_setting.output,
        )
        if expected == 0:
            assert office("config", "get", "office.email").output.strip() == address
        else:
            assert "e-mail" in as_ngo.output and "e-mail" in as_setting.output
