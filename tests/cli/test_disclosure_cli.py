"""``resonanz disclosure check``: any CSV of captions, no store, JSON for tools, a table for people."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from resonanz.cli import app

CSV = (
    "id,caption,deal,format,has_platform_paid_label,audience_country\n"
    '1,"Werbung | Mein neues Serum von @glowlab, Code ANNA20",paid,feed,,\n'
    '2,"#ad Mein neues Serum von @glowlab",,,,\n'
    "3,Sonnenuntergang 🌅,,,,\n"
    '4,"Tolles Serum ✨ #werbung #skincare #glow",bezahlt,,,\n'
    "5,,gifted,,,\n"
    '6,"Neues Video mit @glowlab",,reel,ja,\n'
    '7,"#ad new post with @glowlab",,,,FR\n'
    '8,"Werbung | Neu\n---\nSwipe up @glowlab",,story,,\n'
)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def check_json(path: Path, *extra: str, column: str = "caption") -> list[dict[str, Any]]:
    code, stdout, stderr = run(
        "disclosure", "check", path, "--text-column", column, *extra, "--json"
    )
    assert code == 0, stderr
    data: list[dict[str, Any]] = json.loads(stdout)
    return data


def test_json_per_row(write: Callable[..., Path]) -> None:
    data = check_json(write("c.csv", CSV), "--consideration-column", "deal", "--profile", "DE")
    assert [r["row"] for r in data] == list(range(1, 9))
    verdicts = [r["verdict"] for r in data]
    assert verdicts == ["ok", "error", "ok", "error", "error", "warn", "error", "error"]
    for r in data:
        for rule in r["rules"]:
            assert set(rule) >= {"id", "severity", "text", "position"}
    r2 = data[1]["rules"]
    assert (r2[0]["id"], r2[0]["text"], r2[0]["position"]) == ("R4", "#ad", 0)
    assert {x["id"] for x in data[3]["rules"]} == {"R5"}
    assert data[4]["rules"][0]["id"] == "R1"  # empty caption, but gifted
    assert data[5]["rules"][0]["id"] == "R10"  # has_platform_paid_label = ja
    assert data[7]["rules"][0]["id"] == "R6"  # format = story, two frames


def test_profiles_and_default_consideration(write: Callable[..., Path]) -> None:
    path = write("c.csv", CSV)
    us = check_json(path, "--profile", "US")
    assert us[1]["verdict"] == "ok"  # "#ad" is a label in the US
    assert us[4]["verdict"] == "ok"  # no consideration column: empty text is unknown → ok
    eu = check_json(path, "--profile", "EU")
    assert eu[6]["verdict"] == "ok"  # French audience: "#ad" satisfies R2
    assert eu[1]["verdict"] == "error"  # German caption: "#ad" is not enough


def test_german_excel_export(write: Callable[..., Path]) -> None:
    text = "Nr;Text\n1;Anzeige: Jacke von @zara\n\n2;Jacke von @zara – Rabattcode ZARA15\n"
    path = write("excel.csv", text.encode("cp1252"))
    data = check_json(path, column="Text")
    assert [(r["row"], r["verdict"]) for r in data] == [(1, "ok"), (2, "error")]


def test_missing_text_column_names_it(write: Callable[..., Path]) -> None:
    code, _, stderr = run("disclosure", "check", write("c.csv", CSV), "--text-column", "Caption2")
    assert code == 2
    assert "Caption2" in stderr and "caption" in stderr


def test_missing_consideration_column(write: Callable[..., Path]) -> None:
    args = ("--text-column", "caption", "--consideration-column", "deal2")
    code, _, stderr = run("--lang", "en", "disclosure", "check", write("c.csv", CSV), *args)
    assert code == 2 and "deal2" in stderr


def test_unreadable_file(tmp_path: Path) -> None:
    code, _, stderr = run("disclosure", "check", tmp_path / "nope.csv", "--text-column", "x")
    assert code == 1 and stderr


def test_unknown_consideration_is_reported(write: Callable[..., Path]) -> None:
    path = write("c.csv", "caption,deal\nKleid von @zara,bribe\n")
    code, stdout, stderr = run("disclosure", "check", path, "--text-column", "caption",
                               "--consideration-column", "deal", "--json")  # fmt: skip
    assert code == 0 and "bribe" in stderr
    assert json.loads(stdout)[0]["verdict"] == "error"


@pytest.mark.parametrize(("lang", "word"), [("de", "Zeile"), ("en", "Row")])
def test_human_table(write: Callable[..., Path], lang: str, word: str) -> None:
    code, stdout, _ = run("--lang", lang, "disclosure", "check", write("c.csv", CSV),
                          "--text-column", "caption")  # fmt: skip
    assert code == 0
    assert word in stdout and "R5" in stdout and "#werbung" in stdout


def test_no_store_needed(write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from resonanz.cli.main import STATE

    def boom() -> None:
        raise AssertionError("the disclosure check must not open the store")

    monkeypatch.setattr(STATE, "store", boom)
    assert check_json(write("c.csv", CSV))
