"""Follower features (both layouts) and the follower-quality component on hand-built samples."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from resonanz.core.config import load_defaults, merge_defaults
from resonanz.core.followers.features import FEATURES, features
from resonanz.core.followers.model import FakeAccountModel, load_model
from resonanz.core.followers.quality import (
    KEY,
    OUTPUT_COLUMNS,
    classify_followers,
    error_rates,
    follower_quality_frame,
    follower_quality_result,
)
from resonanz.core.messages import MESSAGES, render

D = load_defaults()
NOW = date(2026, 11, 1)
MODEL = load_model()

BOT = {
    "followers": 3,
    "following": 4200,
    "posts": 0,
    "has_profile_pic": False,
    "is_private": False,
    "bio_length": 0,
    "has_external_url": False,
    "last_post_at": None,
}
PERSON = {
    "followers": 320,
    "following": 280,
    "posts": 85,
    "has_profile_pic": True,
    "is_private": True,
    "bio_length": 40,
    "has_external_url": False,
    "last_post_at": date(2026, 10, 20),
}


def _sample(
    account: str, rows: list[dict[str, object]], prefix: str = "u"
) -> list[dict[str, object]]:
    return [
        {"account_id": account, "follower_username": f"{prefix}{account}_{i}", **row}
        for i, row in enumerate(rows)
    ]


def test_both_layouts_give_the_same_features() -> None:
    instafake = pl.DataFrame(
        [
            {
                "userFollowerCount": 25,
                "userFollowingCount": 1937,
                "userMediaCount": 0,
                "userHasProfilPic": 1,
                "userIsPrivate": 1,
                "userBiographyLength": 0,
                "usernameLength": 10,
                "usernameDigitCount": 4,
                "isFake": 1,
            }
        ]
    )
    sample = pl.DataFrame(
        [
            {
                "account_id": "a",
                "follower_username": "anna.m1234",
                "followers": 25,
                "following": 1937,
                "posts": 0,
                "has_profile_pic": True,
                "is_private": True,
                "bio_length": 0,
            }
        ]
    )
    a, b = features(instafake, "instafake"), features(sample)
    assert a.columns == list(FEATURES)
    assert a.rows() == b.rows()
    row = a.row(0, named=True)
    assert row["follow_ratio"] == pytest.approx(math.log1p(1937) - math.log1p(25))
    assert row["no_posts"] == 1.0 and row["digit_share"] == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("column", "value", "unknown"),
    [
        ("follower_username", None, ("username_length", "username_digits", "digit_share")),
        ("followers", -5, ("log_followers", "follow_ratio")),
        ("posts", None, ("log_posts", "no_posts")),
        ("has_profile_pic", None, ("has_profile_pic",)),
    ],
)
def test_missing_values_stay_unknown(column: str, value: object, unknown: tuple[str, ...]) -> None:
    row = {"account_id": "a", "follower_username": "lena.k", **PERSON, column: value}
    feats = features(pl.DataFrame([row])).row(0, named=True)
    for name in FEATURES:
        assert (feats[name] is None) == (name in unknown), name


def test_absent_columns_are_unknown_not_zero() -> None:
    feats = features(pl.DataFrame({"account_id": ["a"], "following": [900]})).row(0, named=True)
    assert feats["log_following"] == pytest.approx(math.log1p(900))
    assert feats["log_followers"] is None and feats["has_profile_pic"] is None


def test_model_scores_bots_above_people_and_unknown_features_add_nothing() -> None:
    frame = pl.DataFrame(_sample("a", [BOT, PERSON]))
    p = MODEL.predict_proba(features(frame))
    assert p[0] > 0.9 and p[1] < 0.1
    blank = MODEL.predict_proba(features(pl.DataFrame({"account_id": ["a"]})))
    assert blank[0] == pytest.approx(1 / (1 + math.exp(-MODEL.intercept)))


def test_the_shipped_model_is_plain_json_with_signed_coefficients() -> None:
    assert MODEL.kind == "logistic" and MODEL.features == FEATURES
    assert "demo market" in MODEL.training["data"]
    from resonanz.core.followers.features import SIGNS

    for name, coef in zip(MODEL.features, MODEL.coef, strict=True):
        assert coef * SIGNS[name] >= 0, name


def test_classes_follow_their_precedence() -> None:
    mass = {**PERSON, "following": 3000}
    never = {**PERSON, "posts": 0, "last_post_at": None}
    stale = {**PERSON, "last_post_at": date(2025, 1, 1)}
    frame = pl.DataFrame(_sample("a", [BOT, PERSON, mass, never, stale]))
    out = classify_followers(frame, MODEL, D.follower_quality, NOW)
    assert out["follower_class"].to_list() == [
        "suspicious",
        "real",
        "mass_follower",
        "inactive",
        "inactive",
    ]
    assert out["reachable"].to_list() == [False, True, False, True, True]


def _result(rows: list[dict[str, object]], **kw: object) -> dict[str, object]:
    fq = follower_quality_frame(pl.DataFrame(rows), MODEL, D, NOW, **kw)  # type: ignore[arg-type]
    assert fq.columns == ["account_id", *OUTPUT_COLUMNS, f"{KEY}_model"]
    return {r["account_id"]: r for r in fq.iter_rows(named=True)}  # type: ignore[misc]


def test_bought_audience_scores_low_and_is_flagged() -> None:
    rows = _sample("bought", [BOT] * 60 + [PERSON] * 140) + _sample("clean", [PERSON] * 200)
    res = _result(rows)
    bought, clean = res["bought"], res["clean"]
    assert bought[f"{KEY}_flagged_share"] == pytest.approx(0.3)
    assert bought[f"{KEY}_fake_low"] < bought[f"{KEY}_fake_share"] < bought[f"{KEY}_fake_high"]
    assert bought[f"{KEY}_flag"] and not clean[f"{KEY}_flag"]
    assert clean[f"{KEY}_fake_share"] == 0.0 and clean[f"{KEY}_score"] == 100.0
    assert bought[f"{KEY}_score"] < 50
    assert bought[f"{KEY}_confidence"] == pytest.approx(1.0)
    result = follower_quality_result(bought, D)
    assert result.score == bought[f"{KEY}_score"]
    codes = [r.code for r in result.reasons]
    assert codes[0] == "fq_fake_high" and "fq_reachable" in codes
    for reason in result.reasons:
        assert reason.code in MESSAGES
        assert render(reason, "de") and render(reason, "en")


def test_no_sample_gives_no_score_and_zero_confidence() -> None:
    empty = follower_quality_frame(pl.DataFrame(), MODEL, D, NOW)
    assert empty.height == 0 and empty.columns[0] == "account_id"
    row = {c: None for c in OUTPUT_COLUMNS}
    for given in (row, {}):
        result = follower_quality_result(given, D)
        assert result.score is None and result.confidence == 0.0
        assert [r.code for r in result.reasons] == ["fq_no_sample"]


def test_small_or_anonymous_samples_score_with_lower_confidence() -> None:
    rows = _sample("a", [BOT] * 5 + [PERSON] * 45)
    full = _result(rows)["a"]
    anonymous = _result([{k: v for k, v in r.items() if k != "follower_username"} for r in rows])[
        "a"
    ]
    assert full[f"{KEY}_confidence"] == pytest.approx(math.sqrt(50 / 200))
    assert anonymous[f"{KEY}_score"] is not None
    assert anonymous[f"{KEY}_confidence"] < full[f"{KEY}_confidence"]
    assert anonymous[f"{KEY}_coverage"] == pytest.approx(9 / 12)
    codes = {r.code for r in follower_quality_result(anonymous, D).reasons}
    assert {"fq_small_sample", "fq_fields_missing"} <= codes


def test_error_rate_correction_can_be_switched_off() -> None:
    rows = _sample("a", [BOT] * 20 + [PERSON] * 80)
    corrected = _result(rows)["a"]
    off = merge_defaults(D, {"follower_quality": {"correct_error_rates": False}})
    raw = follower_quality_frame(pl.DataFrame(rows), MODEL, off, NOW).row(0, named=True)
    assert raw[f"{KEY}_fake_share"] == pytest.approx(0.2)
    sens, spec = error_rates(MODEL) or (1.0, 1.0)
    assert corrected[f"{KEY}_fake_share"] == pytest.approx((0.2 - (1 - spec)) / (sens + spec - 1))


def test_trees_model_scores_through_the_same_path() -> None:
    stump = FakeAccountModel.model_validate(
        {
            "kind": "trees",
            "features": FEATURES,
            "baseline": -1.0,
            "trees": [
                {
                    "feature": [1, 0, 0],
                    "threshold": [7.0, 0.0, 0.0],
                    "missing_left": [True, False, False],
                    "left": [1, -1, -1],
                    "right": [2, -1, -1],
                    "value": [0.0, -2.0, 4.0],
                }
            ],
        }
    )
    frame = pl.DataFrame(_sample("a", [BOT, PERSON, {"followers": 5}]))
    p = stump.predict_proba(features(frame))
    assert p == pytest.approx(
        [1 / (1 + math.exp(-3.0)), 1 / (1 + math.exp(3.0))] * 1 + [1 / (1 + math.exp(3.0))]
    )


def test_every_fq_code_is_emitted_and_renders_with_all_parameters() -> None:
    from resonanz.core.messages import LANGS, placeholders

    mass = {**PERSON, "following": 3000}
    never = {**PERSON, "posts": 0, "last_post_at": None}
    rows = (
        _sample("high", [BOT] * 80 + [PERSON] * 120)
        + _sample("elevated", [BOT] * 36 + [PERSON] * 164)
        + _sample("crowd", [mass] * 60 + [never] * 70 + [PERSON] * 70)
        + [
            {k: v for k, v in r.items() if k != "follower_username"}
            for r in _sample("small", [PERSON] * 20)
        ]
    )
    fq = follower_quality_frame(pl.DataFrame(rows), MODEL, D, NOW)
    results = [follower_quality_result(r, D) for r in fq.iter_rows(named=True)]
    results.append(follower_quality_result({}, D))
    emitted = set()
    for result in results:
        for reason in result.reasons:
            emitted.add(reason.code)
            for lang in LANGS:
                text = render(reason, lang)
                assert "{" not in text and "None" not in text
                for name in placeholders(getattr(MESSAGES[reason.code], lang)):
                    assert reason.params.get(name) is not None, (reason.code, name)
    assert emitted == {code for code in MESSAGES if code.startswith("fq_")}
