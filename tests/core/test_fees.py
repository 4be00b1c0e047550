"""Fair fee ranges (resonanz/core/fees): invariants, bands, missing data, reasons in both languages."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.config import DEFAULTS_PATH, defaults_from_mapping, load_defaults
from resonanz.core.fees import DELIVERABLES, fee_frame, fee_result
from resonanz.core.messages import LANGS, MESSAGES, placeholders, render
from resonanz.core.tiers import tier_of

D = load_defaults()
BANDS = D.tiers.band_set("default")
PLATFORMS = ("instagram", "tiktok", "youtube", "blog", "other")


def rows(**columns: list[object]) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    data: dict[str, list[object]] = {"account_id": [f"a{i}" for i in range(n)], **columns}
    if "tier" not in columns and "followers" in columns:
        data["tier"] = [tier_of(f, BANDS) for f in columns["followers"]]  # type: ignore[arg-type]
    return pl.DataFrame(data, strict=False)


def one(followers: float, platform: str = "instagram", ratio: float | None = 1.0,
        fake: float | None = 0.0, deliverable: str = "feed_post", product: float = 0.0
        ) -> dict[str, object]:  # fmt: skip
    frame = rows(followers=[followers], platform=[platform], engagement_ratio=[ratio],
                 follower_quality_fake_share=[fake])  # fmt: skip
    return fee_frame(frame, D, (deliverable,), product).row(0, named=True)


followers_st = st.floats(min_value=1_000, max_value=5e7, allow_nan=False)
ratio_st = st.one_of(st.none(), st.floats(min_value=0.0, max_value=10.0, allow_nan=False))
fake_st = st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0, allow_nan=False))


@settings(max_examples=150, deadline=None)
@given(followers_st, st.sampled_from(PLATFORMS), ratio_st, fake_st, st.sampled_from(DELIVERABLES))
def test_low_fair_high_are_ordered_and_non_negative(f, platform, ratio, fake, deliverable) -> None:
    r = one(f, platform, ratio, fake, deliverable)
    assert 0 <= r["fee_low_eur"] <= r["fee_eur"] <= r["fee_high_eur"]
    assert 0 <= r["fee_confidence"] <= 1


@settings(max_examples=150, deadline=None)
@given(followers_st, followers_st, st.sampled_from(PLATFORMS), ratio_st, fake_st,
       st.sampled_from(DELIVERABLES))  # fmt: skip
def test_more_followers_never_lower_the_fee(a, b, platform, ratio, fake, deliverable) -> None:
    lo, hi = sorted((a, b))
    small, big = (
        one(lo, platform, ratio, fake, deliverable),
        one(hi, platform, ratio, fake, deliverable),
    )
    for col in ("fee_low_eur", "fee_eur", "fee_high_eur"):
        assert big[col] >= small[col] - 1e-9, (col, lo, hi)


@settings(max_examples=150, deadline=None)
@given(followers_st, st.sampled_from(PLATFORMS),
       st.floats(min_value=0.0, max_value=10.0, allow_nan=False),
       st.floats(min_value=0.0, max_value=10.0, allow_nan=False), fake_st)  # fmt: skip
def test_higher_engagement_never_lowers_the_fee(f, platform, r1, r2, fake) -> None:
    lo, hi = sorted((r1, r2))
    assert one(f, platform, hi, fake)["fee_eur"] >= one(f, platform, lo, fake)["fee_eur"] - 1e-9


@settings(max_examples=100, deadline=None)
@given(followers_st, st.sampled_from(PLATFORMS), st.floats(min_value=0.0, max_value=10.0))
def test_missing_follower_quality_lowers_confidence_not_the_fee(f, platform, ratio) -> None:
    known, missing = one(f, platform, ratio, 0.0), one(f, platform, ratio, None)
    assert missing["fee_eur"] == pytest.approx(known["fee_eur"])
    assert missing["fee_eur"] > 0 and missing["fee_low_eur"] > 0
    assert missing["fee_confidence"] < known["fee_confidence"]
    assert (
        missing["fee_high_eur"] - missing["fee_low_eur"]
        > known["fee_high_eur"] - known["fee_low_eur"]
    )


def test_industry_rate_is_the_base_for_a_typical_instagram_post() -> None:
    r = one(50_000)  # micro, benchmark engagement, no fakes: no adjustment
    s = D.fees
    mid = (s.usd_per_1k_low + s.usd_per_1k_high) / 2
    assert r["fee_eur"] == pytest.approx(50 * mid * D.currency.usd_eur)
    assert r["fee_low_eur"] == pytest.approx(50 * s.usd_per_1k_low * D.currency.usd_eur)
    assert r["fee_high_eur"] == pytest.approx(50 * s.usd_per_1k_high * D.currency.usd_eur)


def test_base_is_clamped_to_the_seed_price_band() -> None:
    _, high = D.fees.bands_usd["instagram"]["micro"]
    top = one(99_000)  # 99k × $15 / 1000 = $1,485 > the micro band's $1,000
    assert top["fee_base_raw_eur"] > top["fee_band_high_eur"]
    assert top["fee_base_eur"] == pytest.approx(high * D.currency.usd_eur)
    bottom = one(10_000, "tiktok")  # tiktok micro band $50–$800; $150 lies inside
    assert bottom["fee_base_eur"] == pytest.approx(bottom["fee_base_raw_eur"])
    assert one(20_000, "blog")["fee_band_low_eur"] is None  # no seed figure: unchecked


def test_fake_followers_and_product_exchange() -> None:
    clean, faked = one(50_000, fake=0.0), one(50_000, fake=0.4)
    assert faked["fee_eur"] == pytest.approx(clean["fee_eur"] * 0.6)
    swap = one(50_000, product=200.0)
    assert swap["product_value_eur"] == 200.0
    assert swap["cash_fee_eur"] == pytest.approx(swap["fee_eur"] - 200.0)
    assert one(50_000, product=1e6)["cash_fee_eur"] == 0.0
    with pytest.raises(ValueError, match="product_value_eur"):
        one(50_000, product=-1.0)


def test_format_and_platform_multipliers_and_unknown_deliverable() -> None:
    frame = rows(followers=[50_000.0], platform=["instagram"], engagement_ratio=[1.0])
    out = fee_frame(frame, D)
    assert out["deliverable"].to_list() == list(DELIVERABLES)
    by = dict(zip(out["deliverable"], out["fee_eur"], strict=True))
    assert by["story"] == pytest.approx(by["feed_post"] * D.fees.format["story"])
    assert one(50_000, "tiktok")["fee_eur"] == pytest.approx(
        one(50_000)["fee_eur"] * D.fees.platform["tiktok"]
    )
    with pytest.raises(ValueError, match="podcast"):
        fee_frame(frame, D, ("podcast",))


def test_unknown_followers_give_no_fee_and_say_why() -> None:
    out = fee_frame(rows(followers=[None], platform=["instagram"], tier=[None]), D)
    assert out["fee_eur"].null_count() == out.height
    result = fee_result(out.row(0, named=True), D)
    assert [r.code for r in result.reasons] == ["fee_followers_unknown"]
    assert result.confidence == 0.0


def test_every_fee_code_is_emitted_and_renders_in_both_languages() -> None:
    frame = rows(
        followers=[50_000.0, 99_000.0, 3_000.0, 2e6, None],
        platform=["instagram", "instagram", "blog", "youtube", "tiktok"],
        engagement_ratio=[1.3, 0.5, None, 1.0, None],
        follower_quality_fake_share=[0.1, None, 0.0, None, None],
    )
    emitted: set[str] = set()
    for row in fee_frame(frame, D, product_value_eur=50.0).iter_rows(named=True):
        for reason in fee_result(row, D).reasons:
            emitted.add(reason.code)
            for lang in LANGS:
                text = render(reason, lang)
                assert "{" not in text and "None" not in text, text
                for name in placeholders(getattr(MESSAGES[reason.code], lang)):
                    value = reason.params.get(f"{name}_{lang}", reason.params.get(name))
                    assert value is not None, (reason.code, name)
    assert emitted == {code for code in MESSAGES if code.startswith("fee_")}


def test_fees_section_is_validated() -> None:
    import tomllib

    data = tomllib.loads(DEFAULTS_PATH.read_text())
    data["fees"]["usd_per_1k_low"] = 30.0
    with pytest.raises(ValueError, match="fees"):
        defaults_from_mapping(data)
    data = tomllib.loads(DEFAULTS_PATH.read_text())
    data["fees"]["bands_usd"]["instagram"]["micro"] = [500.0, 100.0]
    with pytest.raises(ValueError, match="bands_usd"):
        defaults_from_mapping(data)
