"""`resonanz import`: bad input gets exact row-level reasons, valid rows are kept, nothing lost."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from resonanz.io import sources

ACCOUNTS = "account_id,platform,handle,followers\na1,instagram,lena.kocht,12000\na2,tiktok,max,\n"


def _errors(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _counts(cli) -> dict[str, int]:
    return cli("status", "--json").json()["counts"]


def test_clean_import_takes_every_row(cli, write, tmp_path):
    path = write("accounts.csv", ACCOUNTS)
    result = cli("import", path, "--errors", tmp_path / "e.csv")
    assert result.exit_code == 0, result.stdout
    counts = _counts(cli)
    assert counts["accounts"] == 2
    assert counts["quarantined"] == 0
    assert not (tmp_path / "e.csv").exists()


def test_bad_rows_are_reported_exactly_and_valid_rows_kept(cli, write, tmp_path):
    cli("import", write("accounts.csv", ACCOUNTS))
    posts = write(
        "posts.csv",
        "post_id,account_id,posted_at,likes,comments,format\n"
        "p1,a1,2026-05-01T12:00:00Z,100,5,feed\n"
        "p2,a1,not-a-date,-3,5,feed\n"
        ",a1,2026-05-02T12:00:00Z,1,1,reel\n"
        "p4,a9,2026-05-03T12:00:00Z,1,1,reel\n"
        "p5,a1,2026-05-04T12:00:00Z,7\n"
        "p6,a2,2026-05-05T12:00:00Z,10,2,tweet\n",
    )
    errors = tmp_path / "errors.csv"
    result = cli("import", posts, "--errors", errors)
    assert result.exit_code == 3
    rows = [(r["line"], r["field"], r["value"], r["reason"]) for r in _errors(errors)]
    assert rows == [
        (
            "3",
            "posted_at",
            "not-a-date",
            "not a date-time (e.g. 2026-05-01T12:30:00Z or 01.05.2026 12:30)",
        ),
        ("3", "likes", "-3", "must be ≥ 0"),
        ("4", "post_id", "", "required value missing"),
        (
            "5",
            "account_id",
            "a9",
            "unknown account_id: not in accounts of workspace 'default' (import accounts first)",
        ),
        ("6", "", "", "row has 4 cells, the header has 6"),
        (
            "7",
            "format",
            "tweet",
            "must be one of: feed, carousel, reel, short, story, video, live, article",
        ),
    ]
    assert {r["file"] for r in _errors(errors)} == {str(posts)}
    counts = _counts(cli)
    assert counts["posts"] == 1
    assert counts["quarantined"] == 5
    listed = cli("quarantine", "list", "--json").json()
    assert sorted(r["line"] for r in listed) == [3, 4, 5, 6, 7]


def test_line_numbers_are_physical_lines_with_multiline_captions(cli, write, tmp_path):
    cli("import", write("accounts.csv", ACCOUNTS))
    posts = write(
        "posts.csv",
        "post_id,account_id,posted_at,caption,likes\n"
        'p1,a1,2026-05-01T12:00:00Z,"Zeile eins\nZeile zwei\nZeile drei",10\n'
        "\n"
        'p2,a1,2026-05-01T12:00:00Z,"ok",zehn\n',
    )
    errors = tmp_path / "e.csv"
    assert cli("import", posts, "--errors", errors).exit_code == 3
    assert [(r["line"], r["field"]) for r in _errors(errors)] == [("6", "likes")]


@pytest.mark.parametrize("encoding,bom", [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_german_excel_export(cli, write, tmp_path, encoding, bom):
    text = (
        "account_id;platform;handle;display_name;followers\n"
        "a1;Instagram;jörg.grün;Jörg Grün – Süßes;12.345\n"
        "a2;tiktok;max;Max Müller;1.234.567\n"
    )
    path = write("accounts.csv", bom + text.encode(encoding))
    assert cli("import", path, "--errors", tmp_path / "e.csv").exit_code == 0
    from resonanz.web.store.models import Account

    got = dict(Account.objects.values_list("handle", "followers"))
    assert got == {"jörg.grün": 12345, "max": 1234567}
    assert Account.objects.get(handle="jörg.grün").display_name == "Jörg Grün – Süßes"


def test_decimal_comma_in_float_column(cli, write, tmp_path):
    cli("import", write("accounts.csv", ACCOUNTS))
    path = write(
        "audience.csv", "account_id;dimension;bucket;share\na1;age;18-24;0,31\na1;age;25-34;1,5\n"
    )
    errors = tmp_path / "e.csv"
    assert cli("import", path, "--errors", errors).exit_code == 3
    assert [(r["line"], r["field"], r["reason"]) for r in _errors(errors)] == [
        ("3", "share", "must be ≤ 1")
    ]
    from resonanz.web.store.models import AudienceShare

    assert AudienceShare.objects.get().share == pytest.approx(0.31)


def test_missing_required_column_rejects_all_rows(cli, write, tmp_path):
    path = write("accounts.csv", "account_id,handle\na1,lena\na2,max\n")
    errors = tmp_path / "e.csv"
    assert cli("import", path, "--errors", errors).exit_code == 3
    assert [(r["line"], r["field"], r["reason"]) for r in _errors(errors)] == [
        ("1", "platform", "required column missing")
    ]
    assert _counts(cli)["accounts"] == 0
    assert _counts(cli)["quarantined"] == 2


def test_unreadable_file_is_fatal(cli, tmp_path, write):
    assert cli("import", tmp_path / "nope.csv").exit_code == 1
    assert cli("import", write("x.xlsx", b"PK\x03\x04")).exit_code == 1
    assert cli("import", write("stuff.csv", "a,b\n1,2\n")).exit_code == 1  # which table?


def test_usage_error_is_2(cli):
    assert cli("import").exit_code == 2


def test_reimport_is_idempotent(cli, write, tmp_path):
    cli("import", write("accounts.csv", ACCOUNTS))
    posts = write(
        "posts.csv",
        "post_id,account_id,posted_at,likes\np1,a1,2026-05-01T12:00:00Z,1\np2,a1,bad,1\n",
    )
    cli("import", posts)
    first = _counts(cli)
    assert cli("import", posts).exit_code == 3
    assert _counts(cli) == first


def test_fix_and_reimport_from_quarantine(cli, write, tmp_path):
    cli("import", write("accounts.csv", ACCOUNTS))
    posts = write(
        "posts.csv",
        "post_id,account_id,posted_at,likes\np1,a1,2026-05-01T12:00:00Z,1\np2,a1,gestern,1\n",
    )
    cli("import", posts)
    fix_dir = tmp_path / "fix"
    assert cli("quarantine", "export", fix_dir).exit_code == 0
    fixed = (fix_dir / "posts.csv").read_text(encoding="utf-8").replace("gestern", "2026-05-02")
    (fix_dir / "posts.csv").write_text(fixed, encoding="utf-8")
    assert cli("import", fix_dir / "posts.csv").exit_code == 0
    counts = _counts(cli)
    assert counts["posts"] == 2
    assert counts["quarantined"] == 0


def test_unknown_parent_is_released_once_parent_arrives(cli, write):
    posts = write("posts.csv", "post_id,account_id,posted_at\np1,a1,2026-05-01T12:00:00Z\n")
    assert cli("import", posts).exit_code == 3
    cli("import", write("accounts.csv", ACCOUNTS))
    assert cli("import", posts).exit_code == 0
    assert _counts(cli)["quarantined"] == 0


def test_jsonl_and_parquet_line_numbers(cli, write, tmp_path):
    cli("import", write("accounts.csv", ACCOUNTS))
    jsonl = write(
        "posts.jsonl",
        '{"post_id": "p1", "account_id": "a1", "posted_at": "2026-05-01T12:00:00Z", '
        '"hashtags": ["Fitness", "#vegan"], "likes": 3}\n'
        "{broken json\n"
        '{"post_id": "p2", "account_id": "a1", "posted_at": "2026-05-01T12:00:00Z", "likes": "x"}\n',
    )
    errors = tmp_path / "e.csv"
    assert cli("import", jsonl, "--errors", errors).exit_code == 3
    assert [(r["line"], r["field"]) for r in _errors(errors)] == [("2", ""), ("3", "likes")]
    from resonanz.web.store.models import Post

    assert Post.objects.get(external_id="p1").hashtags == ["fitness", "vegan"]
    parquet = tmp_path / "more_posts.parquet"
    pl.DataFrame(
        {
            "post_id": ["p3", "p4"],
            "account_id": ["a1", "a1"],
            "posted_at": ["2026-05-01T12:00:00Z", "2026-13-01"],
            "likes": [1, -1],
        }
    ).write_parquet(parquet)
    assert cli("import", parquet, "--table", "posts", "--errors", errors).exit_code == 3
    assert [(r["line"], r["field"]) for r in _errors(errors)] == [
        ("2", "posted_at"),
        ("2", "likes"),
    ]


def test_hostile_input_is_data_not_code(cli, write, tmp_path):
    evil = "a1'); DROP TABLE accounts; --"
    path = write(
        "accounts.csv",
        f'account_id,platform,handle,bio\n"{evil}",instagram,"<script>alert(1)</script>",'
        f'"=HYPERLINK(""http://x"")"\n',
    )
    assert cli("import", path).exit_code == 0
    from resonanz.web.store.models import Account

    assert Account.objects.get().external_id == evil
    huge = write(
        "posts.csv",
        "post_id,account_id,posted_at,caption\n"
        f"p1,a1,2026-05-01,{'x' * (sources.MAX_FIELD_CHARS + 1)}\n",
    )
    errors = tmp_path / "e.csv"
    assert cli("import", huge, "--errors", errors).exit_code == 3
    assert _errors(errors)[0]["field"] == "caption"
    garbage = write("comments.csv", bytes(range(256)) * 50)
    assert cli("import", garbage, "--errors", errors).exit_code in (1, 3)


def test_formula_values_are_defused_in_the_error_report(cli, write, tmp_path):
    path = write("accounts.csv", "account_id,platform,handle\na1,=cmd|' /C calc'!A0,x\n")
    errors = tmp_path / "e.csv"
    assert cli("import", path, "--errors", errors).exit_code == 3
    assert _errors(errors)[0]["value"].startswith("'=")


def test_killed_import_keeps_whole_batches_and_rerun_completes(cli, write, monkeypatch):
    cli("import", write("accounts.csv", ACCOUNTS))
    lines = [f"p{i},a1,2026-05-01T12:00:00Z,{i}" for i in range(10)]
    posts = write("posts.csv", "post_id,account_id,posted_at,likes\n" + "\n".join(lines) + "\n")
    monkeypatch.setattr(sources, "BATCH_ROWS", 4)
    from resonanz.web.store import sql

    real = sql._execute_many
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemError("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(sql, "_execute_many", dying)
    with pytest.raises(SystemError):
        cli("import", posts)
    assert _counts(cli)["posts"] == 4  # the first batch, whole; the second rolled back
    monkeypatch.setattr(sql, "_execute_many", real)
    assert cli("import", posts).exit_code == 0
    assert _counts(cli)["posts"] == 10
