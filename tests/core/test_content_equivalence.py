"""The vectorised content fit (distinct text/term pairs, gathers) gives the frames of the
per-occurrence reference (:mod:`tests.core.content_reference`, the code before the rewrite).

Floats are compared to 1e-12: the reference summed topic weights in hash order (its shares
differed in the last bits from run to run); the new code sums in a fixed order. Where a share
lies within rounding of ``min_niche_share`` the reference's decision was float noise, so the
detected niches may differ there and only there.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults, load_defaults
from resonanz.core.content.corpus import Corpus, build_corpus
from resonanz.core.content.fit import brief_lexicon, content_fit_frame, niche_lexicon
from resonanz.core.content.text import Lemmatiser
from resonanz.io.text import lemmatiser
from tests.core import content_reference as reference

D = load_defaults()
NOW = datetime(2024, 6, 1, 12)
LEM = lemmatiser()
BRIEFS = [
    None,
    Brief(niches=("fitness", "food"), keywords=("proteinriegel", "homeoffice setup")),
    Brief(niches=("travel", "no-such-niche"), keywords=("reise*", "*schuh", "ganz neue")),
]
HOSTILE = {
    "a": [
        "Neue Laufschuhe getestet! #laufen #fitness #fitness",
        "",
        "Reisetipps: Lissabon, Reis und Reise – Reise Reise",
        "Proteinriegel Proteinriegel 💪 homeoffice Setup ganz neue Schuhe",
    ],
    "b": ["Hundert Leute, ein Modell aus Holz", "#veganfood Müsli oder #muesli?", "12 34 _ __"],
    "c": [],  # a bio only
    "d": ["ein Satz ohne Thema"] * 40,  # more posts than the window
    "e": ["Fitness " * 50, "Kochen Rezept vegan Kochen", "Reisen! Reisen!"],
}
BIOS = {"a": "Läuferin & Köchin", "c": "Fitness und Reisen, vegan", "e": None}


def _hostile() -> tuple[pl.DataFrame, pl.DataFrame]:
    accounts = [
        {"account_id": a, "platform": "instagram", "handle": a, "bio": BIOS.get(a)} for a in HOSTILE
    ]
    rows: list[dict[str, Any]] = []
    for aid, texts in HOSTILE.items():
        for i, text in enumerate(texts):
            rows.append(
                {
                    "post_id": f"{aid}-{i}",
                    "account_id": aid,
                    "posted_at": NOW - timedelta(days=i),
                    "caption": text or None,
                    "hashtags": ["fitness", "reisen"] if i % 3 == 0 else [],
                }
            )
    return pl.DataFrame(accounts), pl.DataFrame(rows, infer_schema_length=None)


def _near_threshold(topics: list[dict[str, Any]] | None, defaults: DomainDefaults) -> bool:
    return any(abs(t["share"] - defaults.content.min_niche_share) < 1e-9 for t in topics or [])


def assert_fit_equal(old: pl.DataFrame, new: pl.DataFrame, defaults: DomainDefaults) -> None:
    """Equal frames (floats to 1e-12); detected niches may differ only at the threshold."""
    niches = "content_fit_niches"
    assert_frame_equal(old.drop(niches), new.drop(niches), rel_tol=1e-12, abs_tol=1e-15)
    topics = old["content_fit_topics"].to_list()
    rows = zip(old[niches].to_list(), new[niches].to_list(), topics, strict=True)
    for before, after, shares in rows:
        assert before == after or _near_threshold(shares, defaults), (before, after)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(sorted(frame.columns)).sort(pl.all())


def _check(corpus: Corpus, defaults: DomainDefaults) -> None:
    docs = corpus.doc_ids(("post", "bio"), defaults.content.recent_posts)
    for brief in BRIEFS:
        new = content_fit_frame(corpus, defaults, brief)
        assert_fit_equal(reference.content_fit_frame(corpus, defaults, brief), new, defaults)
        lexicons = [niche_lexicon(defaults, corpus)]
        if brief is not None:
            lexicons.append(brief_lexicon(brief, defaults, corpus))
        for lexicon in lexicons:
            old_hits = reference.find(corpus, lexicon, docs)
            assert_frame_equal(
                _sorted(old_hits), _sorted(corpus.find(lexicon, docs).select(old_hits.columns))
            )
            pairs = corpus.doc_terms(lexicon, docs)
            expected = old_hits.select("_doc", "term_id").unique().sort("_doc", "term_id")
            assert_frame_equal(expected, pairs.select("_doc", "term_id"))
            assert pairs.height == 0 or pairs["_doc"].is_sorted()


@pytest.mark.parametrize("lem", [LEM, None], ids=["simplemma", "no-lemmatiser"])
def test_hostile_texts_give_the_reference_frames(lem: Lemmatiser | None) -> None:
    accounts, posts = _hostile()
    _check(build_corpus(accounts, posts, D, lem, now=NOW), D)


def test_niches_at_the_threshold_are_detected() -> None:
    # fitness: 3 of the 5 niche words of one of 3 posts → 0.6 / 3.0 = 1/5 exactly, which
    # floats give as 0.19999999999999998: still min_niche_share = 0.2
    accounts = pl.DataFrame({"account_id": ["a"], "handle": ["a"]})
    posts = pl.DataFrame(
        {
            "post_id": ["p0", "p1", "p2"],
            "account_id": ["a"] * 3,
            "posted_at": [NOW - timedelta(days=i) for i in range(3)],
            "caption": ["Rezept", "Rezept", "Fitness Workout Hanteln Rezept kochen"],
        }
    )
    content = D.content.model_copy(update={"min_niche_share": 0.2, "min_niche_posts": 1})
    defaults = D.model_copy(update={"content": content})
    row = content_fit_frame(build_corpus(accounts, posts, defaults, LEM), defaults).row(
        0, named=True
    )
    shares = {t["niche"]: t["share"] for t in row["content_fit_topics"]}
    assert shares == pytest.approx({"food": 0.8, "fitness": 0.2})
    assert row["content_fit_niches"] == ["food", "fitness"]


def test_generated_market_gives_the_reference_frames(tmp_path: Path) -> None:
    from resonanz.io.generator import write_world  # test-only: the core never imports io

    write_world(tmp_path, 150, seed=5, fmt="parquet")
    accounts = pl.read_parquet(tmp_path / "accounts.parquet")
    posts = pl.read_parquet(tmp_path / "posts.parquet")
    _check(build_corpus(accounts, posts, D, LEM), D)
