"""The fast CSV reader gives the same cells, physical lines and problems as Python's csv module."""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.io import sources
from resonanz.io.sources import LINE, inspect, read_batches

PIECES = [
    "plain",
    "",
    " spaced ",
    '"quoted, with comma"',
    '"two\nlines"',
    '"three\r\nlines\nhere"',
    '"say ""hi"""',
    '""',
    "ümlaut €",
    '"lone\rcr"',
    "nul\x00byte",
]
ODD = ['half"quote', '"closed"tail', "x\ry", ' "late"', '"unclosed']


def _row(rng: random.Random, width: int, odd: float) -> str:
    cells = [rng.choice(PIECES) for _ in range(width)]
    if rng.random() < odd:
        cells[rng.randrange(width)] = rng.choice(ODD)
    if rng.random() < odd:
        cells = cells[: rng.randrange(width)] or [""]  # too few cells, or a blank line
    if rng.random() < odd:
        cells.append("extra")
    return ",".join(cells)


def _read(path):
    info = inspect(path)
    problems: list[sources.RowProblem] = []
    frames = list(read_batches(info, problems, batch_rows=3))
    heights = [f.height for f in frames]
    frame = pl.concat(frames) if frames else None
    rows = frame.rows() if frame is not None else []
    return rows, [(p.line, p.field, p.reason, p.raw) for p in problems], heights


def _reference(path):
    info = inspect(path)
    problems: list[sources.RowProblem] = []
    frames = list(sources._python_csv_batches(info, problems, 3))
    rows = pl.concat(frames).rows() if frames else []
    return rows, [(p.line, p.field, p.reason, p.raw) for p in problems]


@pytest.mark.parametrize("seed", range(60))
def test_fast_reader_matches_csv_module(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    monkeypatch.setattr(sources, "CHUNK_BYTES", rng.choice([16, 64, 1 << 20]))
    width = rng.randint(1, 4)
    odd = rng.choice([0.0, 0.0, 0.05, 0.3])
    eol = rng.choice(["\n", "\r\n"])
    header = ",".join(f"c{i}" for i in range(width))
    body = eol.join(_row(rng, width, odd) for _ in range(rng.randint(0, 30)))
    text = header + eol + body + rng.choice(["", eol, eol + eol])
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252"])
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    rows, problems, heights = _read(path)
    assert (rows, problems) == _reference(path)
    assert all(h <= 3 for h in heights)


def test_physical_lines_count_quoted_line_breaks(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\r\n1,"x\r\ny\nz"\r\n\r\n2,"q\rr"\n3,w')
    rows, problems, _ = _read(path)
    assert rows == [("1", "x\r\ny\nz", 2), ("2", "q\rr", 6), ("3", "w", 8)]
    assert problems == []


def test_odd_quote_falls_back_for_the_rest_of_the_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"x\ny"\n2,b"c\n3,"d\ne"\n', encoding="utf-8")
    rows, _, _ = _read(path)
    assert [r[2] for r in rows] == [2, 4, 5]
    assert rows[1] == ("2", 'b"c', 4)


def test_wrong_cell_count_is_a_problem_with_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"x\ny"\n2\n3,z,extra\n4,w\n', encoding="utf-8")
    rows, problems, _ = _read(path)
    assert [r[2] for r in rows] == [2, 6]
    assert [(p[0], p[2]) for p in problems] == [
        (4, "row has 1 cells, the header has 2"),
        (5, "row has 3 cells, the header has 2"),
    ]


def test_line_column_is_int(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    (frame,) = read_batches(inspect(path), [])
    assert frame.schema[LINE] == pl.Int64
    assert frame.rows() == [("1", "2", 2)]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=40),
        st.text(max_size=20).map(lambda t: t.encode("utf-8")),
        st.tuples(st.text(max_size=10), st.binary(max_size=3), st.text(max_size=10)).map(
            lambda p: p[0].encode() + p[1] + p[2].encode()
        ),
    ),
    st.integers(min_value=1, max_value=9),
)
def test_sniff_encoding_agrees_with_pythons_decoder(tmp_path_factory, data, probe):
    """Chunked validation (cut between characters, any chunk size) = decoding the whole file."""
    path = tmp_path_factory.mktemp("sniff") / "f.csv"
    path.write_bytes(data)
    try:
        data.decode("utf-8")
        want = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        want = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "cp1252"
    assert sources.sniff_encoding(path, probe) == want
