"""``resonanz geo``: analysis on GeoLift's example, design, demo, and clear errors for bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resonanz.cli import app

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "geolift" / "GeoLift_Test.csv"
needs_data = pytest.mark.skipif(not DATA.exists(), reason="GeoLift fixture not available")
WINDOW = ["--start", "2021-04-01", "--end", "2021-04-15"]


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@needs_data
def test_analyze_json(tmp_path: Path) -> None:
    code, stdout, _ = run("geo", "analyze", "--data", DATA, "--treated", "chicago,portland",
                          *WINDOW, "--spend", "2000", "--json")  # fmt: skip
    assert code == 0
    d = json.loads(stdout)
    assert d["att"] == pytest.approx(155.556, rel=1e-3)
    assert d["incremental"] == pytest.approx(4667, rel=1e-3)
    assert round(d["lift"], 3) == 0.054
    assert 0.005 <= d["p_value"] <= 0.025
    assert d["ci"]["level"] == 0.9 and d["ci"]["lower"] < d["incremental"] < d["ci"]["upper"]
    assert d["weights"]["cincinnati"] == pytest.approx(0.2272, abs=1e-3)
    assert all(w > 0 for w in d["weights"].values())
    assert d["l2_imbalance"] == pytest.approx(909.489, rel=1e-3)
    assert d["iroas"] == pytest.approx(d["incremental"] / 2000)


@needs_data
def test_analyze_table_html_and_mapping(tmp_path: Path) -> None:
    mapped = tmp_path / "sales.csv"
    text = DATA.read_text(encoding="utf-8").replace("location,Y,date", "stadt;umsatz;tag", 1)
    mapped.write_text(text.replace(",", ";"), encoding="utf-8")
    html = tmp_path / "out" / "geo.html"
    code, stdout, stderr = run("--lang", "en", "geo", "analyze", "--data", mapped,
                               "--treated", "Chicago, Portland", "--start", "91", "--end", "105",
                               "--location-column", "stadt", "--y-column", "umsatz",
                               "--date-column", "tag", "--model", "ridge", "--html", html)  # fmt: skip
    assert code == 0, stderr
    assert "Incremental Y" in stdout and "4,704" in stdout
    page = html.read_text(encoding="utf-8")
    assert "geo-series" in page and "Test window" in page and "cincinnati" in page
    assert (html.parent / "assets" / "plotly.min.js").exists()


@pytest.mark.parametrize(
    ("content", "args", "code", "expected"),
    [
        ("location,Y\na,1\n", [], 1, "Spalte 'date' fehlt"),
        (
            "location,Y,date\na,1,2021-01-01\na,x,2021-01-02\n",
            [],
            3,
            "Zeile 3, Feld 'Y': keine Zahl",
        ),
        ("location,Y,date\na,1,2021-01-01\na,2,gestern\n", [], 3, "Zeile 3, Feld 'date'"),
        (None, ["--treated", "atlantis"], 1, "Unbekannte Testregion(en): atlantis"),
        (None, ["--start", "2021-02-30"], 1, "--start '2021-02-30'"),
        (None, ["--end", "2021-03-01"], 1, "liegt vor --start"),
    ],
)
def test_bad_input(
    write: Callable[..., Path], content: str | None, args: list[str], code: int, expected: str
) -> None:
    if content is None and not DATA.exists():
        pytest.skip("GeoLift fixture not available")
    path = write("sales.csv", content) if content is not None else DATA
    base = {"--treated": "chicago", "--start": "2021-04-01", "--end": "2021-04-15"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for kv in base.items() for x in kv]
    exit_code, _, stderr = run("geo", "analyze", "--data", path, *flat)
    assert exit_code == code
    assert expected in " ".join(stderr.split()), stderr
    assert "Traceback" not in stderr


def test_missing_file(tmp_path: Path) -> None:
    code, _, stderr = run("geo", "analyze", "--data", tmp_path / "nope.csv", "--treated", "a",
                          "--start", "1", "--end", "2")  # fmt: skip
    assert code == 1 and "nicht lesbar" in stderr


def test_demo_then_design_and_analyze(tmp_path: Path) -> None:
    sales = tmp_path / "demo.csv"
    code, _, stderr = run("geo", "demo", "--out", sales, "--regions", "12", "--days", "80",
                          "--lift", "0.1", "--seed", "3")  # fmt: skip
    assert code == 0 and "Lift" in stderr
    truth = json.loads(sales.with_suffix(".truth.json").read_text(encoding="utf-8"))
    code, stdout, _ = run("geo", "design", "--data", sales, "--days", "14", "--counts", "2",
                          "--budget", "5000", "--cpic", "1", "--json")  # fmt: skip
    assert code == 0
    options = json.loads(stdout)
    assert options and all(len(o["treated"]) == 2 for o in options)
    code, stdout, _ = run("geo", "analyze", "--data", sales, "--treated", ",".join(truth["treated"]),
                          "--start", truth["start"], "--end", truth["end"], "--json")  # fmt: skip
    d = json.loads(stdout)
    assert d["att_ci"]["lower"] <= truth["att"] <= d["att_ci"]["upper"]
    code, stdout, _ = run("geo", "design", "--data", sales, "--days", "14", "--counts", "2")
    assert code == 0 and "MDE" in stdout
