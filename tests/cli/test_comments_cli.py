"""``resonanz comments classify``: any file of comments, no store needed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import resonanz.cli

CSV = (
    "id,Text,likes\n"
    "1,Wo hast du die Lampe her?,3\n"
    '2,"Sehr schön 😍",0\n'
    "\n"
    "3,😍🔥,1\n"
    "4,Check my profile for free followers,0\n"
    '5,"",0\n'
)


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(resonanz.cli.app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_one_object_per_data_row(write: Callable[..., Path]) -> None:
    path = write("comments.csv", CSV)
    code, out, _ = _run("comments", "classify", path, "--text-column", "Text", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["row"] for r in rows] == [1, 2, 3, 4, 5]  # header excluded, blank line skipped
    assert [r["class"] for r in rows] == [
        "meaningful",
        "generic_praise",
        "emoji_only",
        "spam",
        "emoji_only",
    ]
    assert [r["language"] for r in rows] == ["de", "de", None, "en", None]
    assert set(rows[0]) == {"row", "class", "language", "rule"}


def test_german_excel_export_semicolon_cp1252(write: Callable[..., Path]) -> None:
    text = "Kommentar;Likes\nSchööön, wo gibt's das?;3\nGrüße aus Köln;1\n"
    path = write("export.csv", text.encode("cp1252"))
    code, out, _ = _run("comments", "classify", path, "--text-column", "Kommentar", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["class"] for r in rows] == ["meaningful", "generic_praise"]
    assert [r["language"] for r in rows] == ["de", "de"]


def test_column_name_ignores_case_and_spaces(write: Callable[..., Path]) -> None:
    path = write("c.csv", "id, Comment Text \n1,nice\n")
    code, out, _ = _run("comments", "classify", path, "--text-column", "comment text", "--json")
    assert code == 0 and json.loads(out)[0]["class"] == "generic_praise"


def test_missing_column_is_a_usage_error(write: Callable[..., Path]) -> None:
    path = write("comments.csv", CSV)
    code, _, err = _run("comments", "classify", path, "--text-column", "body")
    assert code == 2
    assert "'body'" in err and "Text" in err


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, _ = _run("comments", "classify", tmp_path / "nope.csv", "--text-column", "text")
    assert code == 2


def test_unknown_file_type_cannot_be_read(write: Callable[..., Path]) -> None:
    path = write("comments.xlsx", b"PK\x03\x04")
    code, _, err = _run("comments", "classify", path, "--text-column", "text")
    assert code == 1 and "xlsx" in err


def test_human_table_and_counts(write: Callable[..., Path]) -> None:
    path = write("comments.csv", CSV)
    code, out, _ = _run("--lang", "en", "comments", "classify", path, "--text-column", "Text")
    assert code == 0
    assert "5 comments per class" in out
    for cls in ("meaningful", "generic_praise", "emoji_only", "spam"):
        assert cls in out
    assert "Wo hast du die Lampe her?" in out
    code, out, _ = _run("comments", "classify", path, "--text-column", "Text", "--show", "0")
    assert "Wo hast du" not in out and "Kommentare je Klasse" in out


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_jsonl_and_parquet(tmp_path: Path, fmt: str) -> None:
    frame = pl.DataFrame({"id": [1, 2], "text": ["Rezept bitte 🙏", None]})
    path = tmp_path / f"c.{fmt}"
    if fmt == "jsonl":
        frame.write_ndjson(path)
    else:
        frame.write_parquet(path)
    code, out, _ = _run("comments", "classify", path, "--text-column", "text", "--json")
    assert code == 0
    assert [r["class"] for r in json.loads(out)] == ["meaningful", "emoji_only"]


def test_does_not_touch_the_store(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from resonanz.cli.main import STATE

    def boom() -> None:
        raise AssertionError("the store was opened")

    monkeypatch.setattr(STATE, "store", boom)
    path = write("comments.csv", CSV)
    code, _, _ = _run("comments", "classify", path, "--text-column", "Text", "--json")
    assert code == 0


def test_single_column_keeps_unquoted_commas_and_header_only_is_empty(
    write: Callable[..., Path],
) -> None:
    path = write("one.csv", "text\nHallo, wo gibt es das?\n")
    code, out, _ = _run("comments", "classify", path, "--text-column", "text", "--json")
    assert code == 0 and json.loads(out)[0]["class"] == "meaningful"
    empty = write("empty.csv", "id,text\n")
    code, out, _ = _run("comments", "classify", empty, "--text-column", "text", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = _run("comments", "classify", empty, "--text-column", "text")
    assert code == 0
