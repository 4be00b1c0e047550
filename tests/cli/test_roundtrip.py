"""Import → export → import round-trips, for any valid rows (hypothesis)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonanz.core.contracts import arrow_schema
from resonanz.io.writers import write_table

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=40)
_token = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß0123456789_", min_size=1, max_size=12)
_count = st.one_of(st.none(), st.integers(min_value=0, max_value=10**12))
_when = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC)
)

_post = st.fixed_dictionaries(
    {
        "account_id": st.sampled_from(["a1", "a2"]),
        "posted_at": _when,
        "format": st.one_of(st.none(), st.sampled_from(["feed", "reel", "story", "video"])),
        "caption": st.one_of(st.none(), _text.filter(lambda s: s.strip() != "")),
        "hashtags": st.lists(_token, max_size=4),
        "mentions": st.lists(_token, max_size=3),
        "likes": _count,
        "comments": _count,
        "has_platform_paid_label": st.one_of(st.none(), st.booleans()),
    }
)
_ws = itertools.count()
_ACCOUNTS = pl.DataFrame(
    {"account_id": ["a1", "a2"], "platform": ["instagram", "tiktok"], "handle": ["x", "y"]}
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(_post, min_size=1, max_size=15), fmt=st.sampled_from(["csv", "jsonl", "parquet"])
)
def test_import_export_import_round_trips(cli, tmp_path, rows, fmt):
    n = next(_ws)
    src, out1, out2 = tmp_path / f"src{n}", tmp_path / f"out{n}", tmp_path / f"out{n}b"
    src.mkdir()
    schema = arrow_schema("posts")
    posts = pl.DataFrame([{"post_id": f"p{i}", **r} for i, r in enumerate(rows)])
    table = posts.to_arrow().select([f for f in schema.names if f in posts.columns])
    write_table(src / f"posts.{fmt}", _complete(table, schema), fmt)
    write_table(
        src / f"accounts.{fmt}", _complete(_ACCOUNTS.to_arrow(), arrow_schema("accounts")), fmt
    )

    ws1, ws2 = f"rt{n}a", f"rt{n}b"
    assert cli("--workspace", ws1, "import", src, "--errors", tmp_path / "e.csv").exit_code == 0
    assert cli("--workspace", ws1, "export", out1, "--format", fmt).exit_code == 0
    assert cli("--workspace", ws2, "import", out1, "--errors", tmp_path / "e.csv").exit_code == 0
    assert cli("--workspace", ws2, "export", out2, "--format", fmt).exit_code == 0

    for name in ("posts", "accounts"):
        a = (out1 / f"{name}.{fmt}").read_bytes()
        b = (out2 / f"{name}.{fmt}").read_bytes()
        assert a == b, name
    exported = _read(out1 / f"posts.{fmt}", fmt).sort("post_id")
    original = posts.sort("post_id")
    assert exported["post_id"].to_list() == original["post_id"].to_list()
    for column in ("likes", "comments", "caption", "format", "has_platform_paid_label"):
        assert exported[column].to_list() == original[column].to_list(), column
    assert exported["posted_at"].to_list() == original["posted_at"].to_list()
    assert [sorted(x) for x in exported["hashtags"].to_list()] == [
        sorted(x) for x in original["hashtags"].to_list()
    ]


def _complete(table, schema):
    import pyarrow as pa

    cols = []
    for field in schema:
        if field.name in table.column_names:
            cols.append(table.column(field.name).cast(field.type))
        else:
            cols.append(pa.nulls(table.num_rows, field.type))
    return pa.table(cols, schema=schema)


def _read(path, fmt):
    if fmt == "parquet":
        return pl.read_parquet(path)
    from pathlib import Path

    from resonanz.core.contracts import table_spec
    from resonanz.io.sources import inspect, read_batches
    from resonanz.io.validate import check_batch

    info = inspect(Path(path))
    frames = [
        check_batch(b, table_spec("posts"), info.decimal_comma).valid
        for b in read_batches(info, [])
    ]
    return pl.concat(frames)
