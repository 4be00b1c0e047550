"""Every message of content fit, brand safety, audience fit and cross-platform is emitted by a
scenario and renders in German and English with all its values (nothing shown as "–")."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl

from resonanz.core.brief import Brief
from resonanz.core.config import load_defaults
from resonanz.core.content.brand_safety import brand_safety_frame, brand_safety_result
from resonanz.core.content.corpus import build_corpus
from resonanz.core.content.fit import content_fit_frame, content_fit_result
from resonanz.core.messages import LANGS, MESSAGES, placeholders, render
from resonanz.core.vetting.audience_fit import audience_fit_frame, audience_fit_result
from resonanz.core.vetting.cross_platform import cross_platform_frame, cross_platform_result
from resonanz.core.vetting.result import Reason
from resonanz.io.text import lemmatiser

D = load_defaults()
NOW = datetime(2024, 6, 1, 12)
PREFIXES = ("cf_", "bs_", "af_", "xp_")
FIT = "Beintag im Gym #fitness"
FOOD = "Kuchen backen #rezept"

CAPTIONS: dict[str, list[str]] = {
    "high": [FIT] * 12,
    "partial": [FIT] + [FOOD] * 3,
    "low": [FIT] + [FOOD] * 9,
    "none": [FOOD] * 12,
    "mixed": [FIT, FOOD] * 6,
    "plain": ["Guten Morgen", "Schönes Wetter"],
    "ads": [
        "Werbung | @nordkraft mit Code LENA10",
        "Anzeige: @proteinwerk",
        "#ad @proteinwerk",
        FIT,
    ],
    "unsafe": ["Bier am Abend", FIT],
    "empty": [],
}


def _accounts() -> pl.DataFrame:
    rows: list[dict[str, Any]] = [
        {"account_id": a, "platform": "instagram", "handle": a, "followers": 1000} for a in CAPTIONS
    ]
    rows[0] |= {"bio": "Fitness-Coach", "display_name": "Lena Müller", "creator_id": "c1"}
    rows += [
        {"account_id": "tt", "platform": "tiktok", "handle": "high_de", "followers": 500,
         "display_name": "Lena Müller"},
        {"account_id": "yt", "platform": "youtube", "handle": "lena", "followers": 50,
         "creator_id": "c1"},
    ]  # fmt: skip
    return pl.DataFrame(rows, infer_schema_length=None)


def _posts() -> pl.DataFrame:
    rows = [
        {"post_id": f"{a}{i}", "account_id": a, "posted_at": NOW - timedelta(days=i), "caption": t}
        for a, texts in CAPTIONS.items()
        for i, t in enumerate(texts)
    ]
    return pl.DataFrame(rows)


def _audience() -> pl.DataFrame:
    dims = {
        "high": {
            "age": {"18-24": 0.5, "25-34": 0.5},
            "country": {"DE": 1.0},
            "language": {"de": 1},
        },
        "none": {"age": {"18-24": 0.2, "45-54": 0.8}, "country": {"DE": 0.5}},
    }
    return pl.DataFrame(
        [
            {"account_id": a, "dimension": d, "bucket": b, "share": float(s)}
            for a, by_dim in dims.items()
            for d, buckets in by_dim.items()
            for b, s in buckets.items()
        ]
    )


def _reasons() -> list[Reason]:
    acc, posts = _accounts(), _posts()
    corpus = build_corpus(acc, posts, D, lemmatiser())
    briefs = [
        None,
        Brief(niches=("fitness", "kaffee"), competitors=("nordkraft",), brand="proteinwerk"),
    ]
    target = Brief.model_validate(
        {
            "target": {
                "age": [18, 34],
                "cities": ["Berlin"],
                "countries": ["DE"],
                "languages": ["de"],
            }
        }
    )
    out: list[Reason] = []
    for brief in briefs:
        for row in content_fit_frame(corpus, D, brief).iter_rows(named=True):
            out += content_fit_result(row, D, brief).reasons
        for row in brand_safety_frame(corpus, D, brief).iter_rows(named=True):
            out += brand_safety_result(row, D, brief).reasons
    for brief in (None, target):
        for row in audience_fit_frame(acc, _audience(), D, brief).iter_rows(named=True):
            out += audience_fit_result(row, D, brief).reasons
    for row in cross_platform_frame(acc, D).iter_rows(named=True):
        out += cross_platform_result(row, D).reasons
    return out


def test_every_fit_code_is_emitted_and_renders_completely() -> None:
    reasons = _reasons()
    emitted = {r.code for r in reasons}
    for reason in reasons:
        assert reason.code in MESSAGES, reason.code
        for lang in LANGS:
            render(reason, lang)
            for name in placeholders(getattr(MESSAGES[reason.code], lang)):
                value = reason.params.get(f"{name}_{lang}", reason.params.get(name))
                assert value is not None, (reason.code, name)
    ours = {code for code in MESSAGES if code.startswith(PREFIXES)}
    assert ours - emitted == set()
