"""The offline HTML report: files, links, escaping, charts, languages."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from resonanz.core.vetting.result import ComponentResult, Reason, VettingReport
from resonanz.report import strings
from resonanz.report.charts import growth_events
from resonanz.report.html import (
    AccountSeries,
    page_name,
    reason_text,
    script_json,
    write_report,
)

HOSTILE = "<script>alert(1)</script>"
SPIKE_DAY = "2026-08-12"


def _components(*, spike: bool) -> tuple[ComponentResult, ...]:
    """Components shaped like resonanz.core.vetting's (same evidence keys)."""
    events = [{"date": SPIKE_DAY, "change": 4120, "change_pct": 0.38}] if spike else []
    growth_reasons = tuple(Reason(code="growth_spike", params=e, severity="alert") for e in events)
    return (
        ComponentResult(
            key="tier",
            score=None,
            confidence=1.0,
            weight=0.0,
            value="micro",
            evidence={"followers": 14_520, "followers_source": "account", "lower": 10_000},
            reasons=(Reason(code="tier_assigned_band", params={"tier": "micro"}),),
        ),
        ComponentResult(
            key="engagement",
            score=35 if spike else 75,
            confidence=0.9,
            weight=0.5,
            value=0.021 if spike else 0.058,
            evidence={
                "median_er": 0.021,
                "benchmark": 0.06,
                "posts_used": 12,
                "basis": "followers",
            },
            reasons=(Reason(code="er_below_benchmark", severity="warn"),),
        ),
        ComponentResult(
            key="activity",
            score=70,
            confidence=0.8,
            weight=0.2,
            value=1.5,
            evidence={"posts_per_week": 1.5, "last_post_at": "2026-08-24T18:00:00"},
            reasons=(Reason(code="act_regular", params={"cv": 0.3}, severity="good"),),
        ),
        ComponentResult(
            key="growth",
            score=10 if spike else 65,
            confidence=0.7,
            weight=0.3,
            value=0.41 if spike else 0.03,
            evidence={"growth_30d": 0.41 if spike else 0.03, "spikes": events, "drops": []},
            reasons=growth_reasons,
        ),
    )


def _reports() -> list[VettingReport]:
    return [
        VettingReport(
            account_id="acc-spike",
            handle="lena.fit",
            platform="instagram",
            followers=14_520,
            tier="micro",
            score=38.5,
            confidence=0.82,
            components=_components(spike=True),
            flags=("follower_spike",),
        ),
        VettingReport(
            account_id="../../etc",
            handle=HOSTILE,
            platform="tiktok",
            followers=52_000,
            tier="micro",
            score=71.0,
            confidence=0.9,
            components=_components(spike=False),
        ),
        VettingReport(
            account_id=HOSTILE,
            handle="kochen_mit_ben",
            platform="youtube",
            followers=None,
            tier=None,
            score=None,
            confidence=0.1,
            components=(),
        ),
    ]


def _series(account_id: str) -> AccountSeries:
    start = datetime(2026, 6, 1, 18, 0)
    posts = pl.DataFrame(
        {
            "posted_at": [start + timedelta(days=7 * i) for i in range(12)],
            "likes": [400 + 10 * i for i in range(12)],
            "comments": [20, None, 25, 22, 18, 30, 21, 19, 24, 26, 23, 20],
            "views": [None] * 12,
            "engagement_rate": [0.03 + 0.001 * i for i in range(11)] + [None],
        },
        schema_overrides={"views": pl.Int64},
    )
    days = [date(2026, 6, 1) + timedelta(days=i) for i in range(120)]
    followers = [
        10_000 + 5 * i + (4_120 if d >= date(2026, 8, 12) else 0) for i, d in enumerate(days)
    ]
    metrics = pl.DataFrame({"date": days, "followers": followers})
    if account_id == HOSTILE:
        raise KeyError(account_id)
    niches = ("fitness", HOSTILE) if account_id == "../../etc" else ("fitness", "food")
    return AccountSeries(
        posts, metrics, creator_name=f"Name {HOSTILE}", city="München", niches=niches
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report")
    return {
        lang: write_report(root / lang, _reports(), _series, lang=lang, title="Test")
        for lang in ("de", "en")
    }


def _page(index: Path, account_id: str) -> str:
    return (index.parent / "accounts" / f"{page_name(account_id)}.html").read_text("utf-8")


def test_files_and_assets_exist(built: dict[str, Path]) -> None:
    index = built["de"]
    assert index.name == "index.html" and index.is_file()
    assets = index.parent / "assets"
    assert (assets / "plotly.min.js").stat().st_size > 1_000_000
    assert (assets / "report.css").is_file() and (assets / "report.js").is_file()
    pages = sorted((index.parent / "accounts").iterdir())
    assert len(pages) == 3
    assert all(re.fullmatch(r"[a-z0-9-]+\.html", p.name) for p in pages)
    assert {p.parent for p in index.parent.rglob("*.html")} <= {
        index.parent,
        index.parent / "accounts",
    }


def test_index_links_every_account_page(built: dict[str, Path]) -> None:
    html = built["de"].read_text("utf-8")
    for report in _reports():
        href = f'href="accounts/{page_name(report.account_id)}.html"'
        assert href in html
    assert '<html lang="de">' in html
    assert "14.520" in html  # German thousands separator


def test_hostile_strings_are_escaped(built: dict[str, Path]) -> None:
    for index in built.values():
        files = [index, *(index.parent / "accounts").iterdir()]
        for path in files:
            html = path.read_text("utf-8")
            assert "<script>alert" not in html, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in built["de"].read_text("utf-8")
    assert not (built["de"].parent.parent / "etc").exists()


def test_spike_page_has_date_chart_and_banner(built: dict[str, Path]) -> None:
    html = _page(built["de"], "acc-spike")
    assert "12.08.2026" in html
    assert 'class="banner"' in html
    assert "Follower-Sprung" in html
    figures = re.findall(r'<script type="application/json" id="fig-([^"]+)">(.*?)</script>', html)
    by_id = {name: json.loads(body) for name, body in figures}
    growth = next(fig for name, fig in by_id.items() if name.endswith("-growth"))
    assert any(trace["x"] == [SPIKE_DAY] for trace in growth["data"])
    assert growth["layout"]["shapes"][0]["x0"] == SPIKE_DAY
    engagement = next(fig for name, fig in by_id.items() if name.endswith("-engagement"))
    assert any(trace["y"] == [6.0, 6.0] for trace in engagement["data"])  # benchmark line
    assert '<script src="../assets/plotly.min.js"></script>' in html


def test_account_without_data_still_renders(built: dict[str, Path]) -> None:
    html = _page(built["de"], HOSTILE)
    assert "kochen_mit_ben" in html
    assert "nicht bewertbar" in html
    assert "plotly.min.js" not in html


def test_german_and_english_differ(built: dict[str, Path]) -> None:
    de, en = (built[lang].read_text("utf-8") for lang in ("de", "en"))
    assert '<html lang="en">' in en
    assert "Rangliste" in de and "Ranking" in en and "Rangliste" not in en
    assert "14,520" in en
    spike_en = _page(built["en"], "acc-spike")
    assert "12 Aug 2026" in spike_en and "Follower jump" in spike_en


def test_report_is_reproducible(tmp_path: Path, built: dict[str, Path]) -> None:
    again = write_report(tmp_path, _reports(), _series, lang="de", title="Test")
    assert again.read_text("utf-8") == built["de"].read_text("utf-8")


def test_progress_counts_pages(tmp_path: Path) -> None:
    seen: list[int] = []
    write_report(tmp_path, _reports(), _series, progress=seen.append)
    assert seen == [1, 2, 3]


def test_catalogues_have_the_same_keys() -> None:
    assert set(strings.STRINGS) == set(strings.LANGUAGES)
    assert set(strings.STRINGS["de"]) == set(strings.STRINGS["en"])
    for key, text in strings.STRINGS["de"].items():
        fields = set(re.findall(r"{(\w+)}", text))
        assert fields == set(re.findall(r"{(\w+)}", strings.STRINGS["en"][key])), key


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="language"):
        write_report(tmp_path, [], _series, lang="fr")


@pytest.mark.parametrize("account_id", ["../x", "../../etc/passwd", HOSTILE, "", "Ünïcødé/\\:*?"])
def test_page_names_are_safe(account_id: str) -> None:
    name = page_name(account_id)
    assert re.fullmatch(r"[a-z0-9-]+", name)
    assert page_name(account_id) == name != page_name(account_id + " ")


def test_script_json_cannot_close_the_script_tag() -> None:
    text = str(script_json({"caption": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["caption"].startswith("</script>")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1234.5, "de", "1.234,5"),
        (1234.5, "en", "1,234.5"),
        (-1234.5, "de", "\u22121.234,5"),
    ],
)
def test_number_format(value: float, lang: str, expected: str) -> None:
    assert strings.fmt_num(value, lang) == expected


def test_percent_format() -> None:
    assert strings.fmt_pct(0.042, "de") == "4,2\u00a0%"
    assert strings.fmt_pct(0.042, "en") == "4.2%"
    assert strings.fmt_int(12345, "de") == "12.345"


def test_growth_events_are_read_defensively() -> None:
    evidence = {
        "spikes": [{"date": "2026-08-12", "change_pct": 0.38}, {"no": "date"}, "junk"],
        "drops": [{"day": date(2026, 9, 1), "change": -900}],
        "events": [{"date": "2026-10-01T00:00:00", "delta": -50}],
    }
    events = growth_events(evidence)
    assert [(e.kind, e.day.isoformat()) for e in events] == [
        ("spike", "2026-08-12"),
        ("drop", "2026-09-01"),
        ("drop", "2026-10-01"),
    ]
    assert growth_events({"spikes": "not a list"}) == []


def test_reason_text_falls_back_to_the_code() -> None:
    reason = Reason(code="no_such_code_yet", params={"n": 3})
    assert reason_text(reason, "de") == "no_such_code_yet {'n': 3}"
    assert reason_text(Reason(code="no_such_code_yet"), "en") == "no_such_code_yet"


def test_every_vetting_flag_has_a_label_in_both_languages():
    from resonanz.core.vetting.score import FLAGS
    from resonanz.report import strings

    for catalogue in (strings.STRINGS["de"], strings.STRINGS["en"]):
        missing = [f for f in FLAGS if f"flag.{f}" not in catalogue]
        assert not missing


def _evidence_report(pod: bool) -> VettingReport:
    extra = (
        ComponentResult(
            key="follower_quality",
            score=62.0,
            confidence=0.8,
            weight=0.2,
            value=0.21,
            evidence={
                "sample_size": 200,
                "real_share": 0.55,
                "flagged_share": 0.21,
                "mass_follower_share": 0.14,
                "inactive_share": 0.10,
            },
            reasons=(Reason(code="fq_fake_elevated", severity="warn"),),
        ),
        ComponentResult(
            key="comment_quality",
            score=48.0,
            confidence=0.7,
            weight=0.15,
            value=0.3,
            evidence={
                "comments": 80,
                "shares": {
                    "meaningful": 0.3,
                    "generic_praise": 0.4,
                    "emoji_only": 0.2,
                    "spam": 0.1,
                },
            },
            reasons=(Reason(code="cq_languages"),),
        ),
        ComponentResult(
            key="authenticity",
            score=30.0,
            confidence=0.9,
            weight=0.2,
            value=None,
            evidence={
                "pod_id": "pod:a" if pod else None,
                "pod_members": ["me", "x", "y"] if pod else [],
                "pod_edges": [{"source": "x", "target": "me", "share": 0.9, "mutual": True}]
                if pod
                else [],
            },
            reasons=(Reason(code="auth_pod", severity="alert"),),
        ),
    )
    return VettingReport(
        account_id="a",
        handle="me",
        platform="instagram",
        followers=14_520,
        tier="micro",
        score=50.0,
        confidence=0.8,
        rank_score=50.0,
        components=_components(spike=False) + extra,
        flags=(),
    )


@pytest.mark.parametrize("pod", [True, False])
def test_evidence_charts_follower_quality_comment_classes_and_pod(pod: bool) -> None:
    from resonanz.report.html import chart_views

    empty = AccountSeries(posts=pl.DataFrame(), metrics=pl.DataFrame())
    views = {
        v.chart.key: v.chart
        for v in chart_views(_evidence_report(pod), empty, strings.Catalogue("de"))
    }
    fq = views["follower_quality"].figure["data"][0]
    assert fq["x"] == [0.55, 0.21, 0.14, 0.10]
    assert fq["y"][0] == "Echt"
    assert views["follower_quality"].figure["layout"]["xaxis"]["type"] == "linear"  # not dates
    assert views["comment_quality"].figure["data"][0]["x"] == [0.3, 0.4, 0.2, 0.1]
    assert ("pod" in views) is pod
    if pod:
        nodes = views["pod"].figure["data"][-1]
        assert nodes["text"] == ["@me", "@x", "@y"]
        assert len(views["pod"].figure["data"]) == 2  # one link line + the nodes
        assert nodes["marker"]["color"][0] != nodes["marker"]["color"][1]  # the account stands out
