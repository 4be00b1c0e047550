"""Cross-platform presence: accounts of the same creator linked with a confidence and evidence."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from resonanz.core.config import load_defaults, merge_defaults
from resonanz.core.messages import MESSAGES, render
from resonanz.core.vetting.cross_platform import (
    cross_platform_frame,
    cross_platform_result,
    handle_key,
    name_key,
)

D = load_defaults()
S = D.cross_platform
COLUMNS = ("account_id", "creator_id", "platform", "handle", "display_name", "bio", "external_url")


def account(aid: str, platform: str, handle: str, **kw: Any) -> dict[str, Any]:
    return {"account_id": aid, "platform": platform, "handle": handle, "followers": 1000, **kw}


def links(
    accounts: list[dict[str, Any]], defaults: Any = D
) -> dict[str, dict[str, dict[str, Any]]]:
    frame = cross_platform_frame(pl.DataFrame(accounts, infer_schema_length=None), defaults)
    return {
        r["account_id"]: {link["account_id"]: link for link in r["cross_platform_links"]}
        for r in frame.iter_rows(named=True)
    }


@pytest.mark.parametrize(
    ("handle", "key"),
    [
        ("Lena.Fit", "lenafit"),
        ("lena_fit_de", "lenafit"),
        ("lenafit.official", "lenafit"),
        ("lenafit123", "lenafit"),
        ("the.lenafit", "lenafit"),
        ("lenafit.de", "lenafit"),  # a blog's domain
        ("https://www.lenafit.at/about", "lenafit"),
        ("@lena.fit_tv", "lenafit"),
        ("lenafitofficial", "lenafit"),
        ("theo_schmidt", "theoschmidt"),  # "the" is only stripped before a dot or underscore
        ("Jörg.Müller", "joergmueller"),
    ],
)
def test_handle_normalisation(handle: str, key: str) -> None:
    assert pl.select(handle_key(pl.lit(handle), S)).item() == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Lena Müller", "lena mueller"),
        ("Lena Müller | Fitness & Training", "lena mueller"),
        ("Lena 💪 Fitness & Training", None),  # a first name only
        ("Lena | Fitness", None),
        (None, None),
    ],
)
def test_display_name_key(name: str | None, key: str | None) -> None:
    assert pl.select(name_key(pl.lit(name, pl.String), S)).item() == key


def test_same_creator_id_is_certain() -> None:
    out = links(
        [
            account("a", "instagram", "sunny.days", creator_id="c1"),
            account("b", "youtube", "totally.different", creator_id="c1"),
            account("c", "tiktok", "sunny.days", creator_id="c2"),
        ]
    )
    assert out["a"]["b"]["confidence"] == 1.0
    assert "creator_id" in out["a"]["b"]["evidence"]
    assert out["b"]["a"]["confidence"] == 1.0  # both directions


@pytest.mark.parametrize(
    ("other", "evidence"),
    [
        ({"bio": "Mehr auf TikTok: @lena.dances"}, "profile_link"),
        ({"external_url": "https://www.tiktok.com/@lena.dances"}, "profile_link"),
        ({"external_url": "https://linktr.ee/lena.dances"}, "url_handle"),
    ],
)
def test_links_from_the_bio(other: dict[str, Any], evidence: str) -> None:
    out = links(
        [
            account("ig", "instagram", "lena_mueller_official", **other),
            account("tt", "tiktok", "lena.dances"),
        ]
    )
    link = out["ig"]["tt"]
    assert evidence in link["evidence"]
    assert link["confidence"] >= S.min_confidence


def test_same_handle_and_full_name_link_without_creator_id() -> None:
    out = links(
        [
            account("ig", "instagram", "lena.fit", display_name="Lena Müller"),
            account("tt", "tiktok", "lenafit_de", display_name="Lena Müller | Fitness"),
            account("yt", "youtube", "other.person", display_name="Max Weber"),
        ]
    )
    assert set(out["ig"]) == {"tt"}
    assert {"handle_exact", "name_exact"} <= set(out["ig"]["tt"]["evidence"])
    assert out["yt"] == {}


def test_conflicting_full_names_and_common_handles_do_not_link() -> None:
    out = links(
        [
            account("ig", "instagram", "lena.fit", display_name="Lena Müller"),
            account("tt", "tiktok", "lena.fit", display_name="Lena Schmidt"),
        ]
    )
    assert out["ig"] == {}  # same handle, but two different people by name
    crowd = [account(f"ig{i}", "instagram", f"anna.fit{i}") for i in range(3)]
    out = links([*crowd, account("tt", "tiktok", "anna.fit")])
    assert out["tt"] == {}  # three Instagram accounts share the key: too ambiguous


def test_one_link_per_platform_and_never_on_the_same_platform() -> None:
    out = links(
        [
            account("ig", "instagram", "lena.fit", external_url="https://lenafit.de"),
            account("tt1", "tiktok", "lena.fit"),
            account("tt2", "tiktok", "lena.fit.de"),
            account("ig2", "instagram", "lenafit"),
        ]
    )
    assert set(out["ig"]) == {"tt1"}  # the better of the two TikTok candidates
    assert "ig2" not in out["ig"]


def test_missing_columns_and_empty_input() -> None:
    frame = cross_platform_frame(pl.DataFrame({"account_id": ["a"], "platform": ["blog"]}), D)
    row = frame.row(0, named=True)
    assert row["cross_platform_value"] == 0
    assert row["cross_platform_score"] is None
    assert row["cross_platform_confidence"] == 0.0  # no handle: nothing to look for
    assert cross_platform_frame(pl.DataFrame(), D).height == 0


def test_threshold_and_weights_come_from_the_defaults() -> None:
    accounts = [
        account("ig", "instagram", "lena.fit", display_name="Lena Müller"),
        account("tt", "tiktok", "lenafit_de"),
    ]
    assert "tt" in links(accounts)["ig"]
    strict = merge_defaults(D, {"cross_platform": {"min_confidence": 0.99}})
    assert links(accounts, strict)["ig"] == {}


def test_result_explains_each_link() -> None:
    accounts = [
        account("ig", "instagram", "lena.fit", creator_id="c1", display_name="Lena Müller"),
        account("tt", "tiktok", "lenafit_de", display_name="Lena Müller"),
        account("yt", "youtube", "lena.fit", creator_id="c1"),
        account("solo", "instagram", "nobody.else"),
    ]
    frame = cross_platform_frame(pl.DataFrame(accounts, infer_schema_length=None), D)
    rows = {r["account_id"]: r for r in frame.iter_rows(named=True)}
    result = cross_platform_result(rows["ig"], D)
    assert result.score is None
    assert result.value == 2
    codes = [r.code for r in result.reasons]
    assert codes == ["xp_link_certain", "xp_link", "xp_reach"]
    assert rows["ig"]["cross_platform_reach"] == 3000
    assert [r.code for r in cross_platform_result(rows["solo"], D).reasons] == ["xp_none"]
    for row in rows.values():
        for reason in cross_platform_result(row, D).reasons:
            assert reason.code in MESSAGES
            render(reason, "de")
            render(reason, "en")
