"""The domain defaults file and its loader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from resonanz.core.config import (
    DEFAULTS_PATH,
    DefaultsError,
    deep_merge,
    load_defaults,
    merge_defaults,
)


def test_seed_figures_are_the_default_benchmarks() -> None:
    d = load_defaults()
    assert d.benchmarks.default_set == "seeds"
    seeds = {f.id: f.value for f in d.benchmarks.sets["seeds"].figures}
    assert seeds == {
        "instagram_micro": 0.06,
        "tiktok_micro": 0.18,
        "instagram_10m": 0.0177,
        "tiktok_10m": 0.0288,
        "instagram_under_100k": 0.0365,
        "tiktok_under_100k": 0.075,
    }
    hype = [f.value for f in d.benchmarks.sets["hypeauditor_2018"].figures]
    assert hype == [0.0426, 0.0228, 0.0162, 0.0155]


def test_tier_band_sets() -> None:
    tiers = load_defaults().tiers
    default = tiers.band_set("default")
    assert [(b.name, b.min_followers) for b in default.bands] == [
        ("private", 0),
        ("nano", 1_000),
        ("micro", 10_000),
        ("mid", 100_000),
        ("mega", 1_000_000),
    ]
    assert default.bounds("micro") == (10_000, 100_000)
    assert default.bounds("mega") == (1_000_000, None)
    insta = tiers.band_set("instagram_micro_5k_50k")
    assert insta.bounds("micro") == (5_000, 50_000)
    assert tiers.bands_for("instagram_micro_5k_50k", "tiktok") is default
    assert tiers.bands_for("instagram_micro_5k_50k", "instagram") is insta


def test_other_defaults() -> None:
    d = load_defaults()
    assert d.engagement.recent_posts == 12
    assert d.growth.window_days == 180
    assert d.composite.weights["tier"] == 0.0
    assert d.currency.usd_eur == pytest.approx(0.92)
    assert d.activity.expected_posts_per_week["tiktok"] == 7.0


def test_defaults_are_frozen() -> None:
    d = load_defaults()
    with pytest.raises(ValidationError):
        d.engagement.recent_posts = 3  # type: ignore[misc]


def test_every_value_in_the_file_is_commented() -> None:
    self_explaining = re.compile(r"^(description|source|usd_eur_source|bands|figures) = ")
    for number, line in enumerate(DEFAULTS_PATH.read_text().splitlines(), 1):
        if re.match(r"^[a-z_]+ *= ", line) and not self_explaining.match(line):
            assert "#" in line, f"defaults.toml:{number}: value without a comment: {line}"


def test_override_is_deep_merged(tmp_path: Path) -> None:
    override = tmp_path / "mine.toml"
    override.write_text("[engagement]\nrecent_posts = 9\n\n[composite.weights]\ngrowth = 0.5\n")
    d = load_defaults(override)
    assert d.engagement.recent_posts == 9
    assert d.engagement.ratio_low == load_defaults().engagement.ratio_low
    assert d.composite.weights == {**load_defaults().composite.weights, "growth": 0.5}
    assert d.composite.weights["growth"] != load_defaults().composite.weights["growth"]


def test_override_replaces_lists(tmp_path: Path) -> None:
    override = tmp_path / "mine.toml"
    override.write_text(
        "[benchmarks.sets.seeds]\nfigures = [\n"
        '  { id = "x", platform = "youtube", value = 0.05, label_de = "Y", label_en = "Y",'
        ' source = "me" },\n]\n'
    )
    figures = load_defaults(override).benchmarks.sets["seeds"].figures
    assert [f.id for f in figures] == ["x"]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[engagement]\nrecent_posts = 0\n", "engagement.recent_posts"),
        ("[engagement]\nrecent_post = 5\n", "engagement.recent_post"),
        ("[composite.weights]\ntier = 0.2\n", "weights.tier"),
        ("[growth]\nwindow_days = 'x'\n", "growth.window_days"),
        ("[tiers]\ndefault_band_set = 'nope'\n", "default_band_set"),
        (
            "[tiers.band_sets.default]\nbands = [{ name = 'a', min_followers = 0 },"
            " { name = 'b', min_followers = 0 }]\n",
            "tiers.band_sets.default",
        ),
        ("[benchmarks.sets.seeds]\nfallback = 'guess'\n", "benchmarks.sets.seeds.fallback"),
        ("[activity.expected_posts_per_week]\nmyspace = 1.0\n", "myspace"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, toml: str, expected: str) -> None:
    override = tmp_path / "bad.toml"
    override.write_text(toml)
    with pytest.raises(DefaultsError) as err:
        load_defaults(override)
    assert expected in str(err.value)
    assert "bad.toml" in str(err.value)


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[engagement\n")
    with pytest.raises(DefaultsError, match=r"broken\.toml: invalid TOML"):
        load_defaults(broken)
    with pytest.raises(DefaultsError, match="cannot read"):
        load_defaults(tmp_path / "missing.toml")


def test_unknown_set_names() -> None:
    d = load_defaults()
    with pytest.raises(KeyError, match="known"):
        d.tiers.band_set("nope")
    with pytest.raises(KeyError, match="known"):
        d.benchmarks.benchmark_set("nope")


def test_merge_defaults_and_deep_merge() -> None:
    d = merge_defaults(load_defaults(), {"growth": {"spike_min_share": 0.1}})
    assert d.growth.spike_min_share == 0.1
    assert d.growth.window_days == 180
    assert deep_merge({"a": {"b": 1, "c": [1]}}, {"a": {"c": [2]}}) == {"a": {"b": 1, "c": [2]}}
