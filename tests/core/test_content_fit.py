"""Content fit: German/English word matching, topics, fit to a brief, earlier partnerships."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.brief import Brief
from resonanz.core.config import load_defaults
from resonanz.core.content.corpus import build_corpus
from resonanz.core.content.fit import content_fit_frame, content_fit_result, match_rules
from resonanz.core.content.text import Lemmatiser, compile_lexicon, find_terms
from resonanz.core.messages import MESSAGES, render
from resonanz.io.text import lemmatiser

D = load_defaults()
NOW = datetime(2024, 6, 1, 12)
LEM = lemmatiser()


def world(
    captions: dict[str, list[str]],
    bios: dict[str, str] | None = None,
    extra: dict[str, dict[str, Any]] | None = None,
    accounts: list[dict[str, Any]] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Accounts with the given captions (newest first); ``extra`` adds columns to posts."""
    acc = accounts or [
        {"account_id": a, "platform": "instagram", "handle": a, "bio": (bios or {}).get(a)}
        for a in captions
    ]
    rows = []
    for aid, texts in captions.items():
        for i, text in enumerate(texts):
            pid = f"{aid}-{i}"
            row = {"post_id": pid, "account_id": aid, "posted_at": NOW - timedelta(days=i)}
            row |= {"caption": text, **(extra or {}).get(pid, {})}
            rows.append(row)
    return pl.DataFrame(acc), pl.DataFrame(rows, infer_schema_length=None)


def fit(
    captions: dict[str, list[str]],
    brief: Brief | None = None,
    lem: Lemmatiser | None = LEM,
    **kw: Any,
) -> pl.DataFrame:
    acc, posts = world(captions, **kw)
    return content_fit_frame(build_corpus(acc, posts, D, lem), D, brief)


def words(text: str, terms: list[str], lem: Lemmatiser | None = LEM) -> set[str]:
    """Which brief-style terms (compound rules) match in ``text``."""
    acc, posts = world({"a": [text]})
    corpus = build_corpus(acc, posts, D, lem)
    lexicon = compile_lexicon([(t, t, True) for t in terms], match_rules(D), lem)
    return set(
        find_terms(corpus.tokens, corpus.surfaces, lexicon).join(
            lexicon.terms.select("term_id", "label"), on="term_id"
        )["label"]
    )


@pytest.mark.parametrize("lem", [LEM, None], ids=["simplemma", "no-lemmatiser"])
@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        ("Ab ins Fitnessstudio!", ["fitness"], {"fitness"}),
        ("Mein liebster Proteinriegel", ["protein"], {"protein"}),
        ("Die Veganerin kocht", ["vegan"], {"vegan"}),
        ("Neue Laufschuhe getestet", ["laufen", "schuh"], {"laufen", "schuh"}),
        ("Drei Laufschuhe im Test", ["laufschuh"], {"laufschuh"}),
        ("Wanderschuhe für die Alpen", ["wandern"], {"wandern"}),
        ("#fitnessmotivation #veganfood", ["fitness", "vegan"], {"fitness", "vegan"}),
        ("Müsli oder #muesli?", ["müsli"], {"müsli"}),
    ],
)
def test_compounds_and_inflections_match(
    text: str, terms: list[str], expected: set[str], lem: Lemmatiser | None
) -> None:
    assert words(text, terms, lem) == expected


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Reisetipps für Lissabon", ["reis"]),  # the longer "reise" is not in this list …
        ("Ein Modell aus Holz", ["mode"]),  # "ll" is no compound part, no ending
        ("Das Gymnasium", ["gym"]),  # three letters match whole words only
        ("Hundert Leute", ["hund"]),  # listed false friend (content.ignore_tokens)
    ],
)
def test_no_match_inside_unrelated_words(text: str, terms: list[str]) -> None:
    if terms == ["reis"]:
        # … but with both in the lexicon the longest match wins
        assert words(text, ["reis", "reise"]) == {"reise"}
        return
    assert words(text, terms) == set()


def test_inflected_english_and_german_lemmas() -> None:
    assert words("Running shoes and cooking", ["run", "shoe", "cook"]) == {"run", "shoe", "cook"}
    assert words("Wir kochten Rezepte", ["kochen", "rezept"]) == {"kochen", "rezept"}


def test_topics_without_brief_are_evidence_not_a_score() -> None:
    frame = fit(
        {
            "fit": ["Beintag im Gym #fitness #workout", "Krafttraining zu Hause", "Proteinshake"],
            "cook": ["Rezept für Käsespätzle #kochen", "Ofengemüse, lecker", "Backen mit Kindern"],
        }
    )
    rows = {r["account_id"]: r for r in frame.iter_rows(named=True)}
    assert rows["fit"]["content_fit_top_niche"] == "fitness"
    assert rows["cook"]["content_fit_top_niche"] == "food"
    assert rows["fit"]["content_fit_score"] is None
    result = content_fit_result(rows["fit"], D)
    assert result.score is None
    assert "cf_no_brief" in [r.code for r in result.reasons]
    assert result.evidence["topics"][0]["niche"] == "fitness"
    assert result.evidence["examples"][0]["post_id"] == "fit-0"


def test_fit_to_a_brief_separates_on_and_off_topic() -> None:
    brief = Brief(niches=("fitness",), keywords=("Laufschuhe",))
    frame = fit(
        {
            "on": ["Neue Laufschuhe!", "Beintag #gym", "Krafttraining", "Yoga am Morgen"],
            "half": ["Laufen im Park", "Kuchen backen", "Brot backen", "Pasta"],
            "off": ["Kuchen backen", "Pasta mit Pesto", "Suppe", "Brotzeit"],
        },
        brief,
    )
    rows = {r["account_id"]: r for r in frame.iter_rows(named=True)}
    assert rows["on"]["content_fit_score"] == pytest.approx(100.0)
    assert rows["on"]["content_fit_brief_posts"] == 4
    assert 0 < rows["half"]["content_fit_score"] < rows["on"]["content_fit_score"]
    assert rows["off"]["content_fit_score"] == 0.0
    codes = {a: [r.code for r in content_fit_result(rows[a], D, brief).reasons] for a in rows}
    assert "cf_fit_high" in codes["on"]
    assert "cf_fit_none" in codes["off"]


def test_unknown_brief_niche_is_searched_as_a_keyword() -> None:
    brief = Brief(niches=("kaffee",))
    row = fit({"a": ["Mein Kaffee am Morgen", "Kaffeebohnen aus Kolumbien"]}, brief).row(
        0, named=True
    )
    assert row["content_fit_unknown_niches"] == ["kaffee"]
    assert row["content_fit_brief_posts"] == 2
    result = content_fit_result(row, D, brief)
    assert "cf_unknown_niche" in [r.code for r in result.reasons]


def test_bio_counts_and_missing_text_gives_no_score() -> None:
    brief = Brief(niches=("vegan",))
    acc = [
        {"account_id": "bio", "platform": "instagram", "bio": "Vegane Rezepte 🌱"},
        {"account_id": "none", "platform": "instagram"},
    ]
    frame = fit({"bio": [], "none": []}, brief, accounts=acc)
    rows = {r["account_id"]: r for r in frame.iter_rows(named=True)}
    assert rows["bio"]["content_fit_bio_match"] is True
    assert rows["bio"]["content_fit_confidence"] == pytest.approx(0.2)
    assert rows["none"]["content_fit_score"] is None
    assert rows["none"]["content_fit_confidence"] == 0.0
    result = content_fit_result(rows["none"], D, brief)
    assert next(r.code for r in result.reasons) == "cf_no_text"


def test_few_posts_lower_the_confidence() -> None:
    few = fit({"a": ["#fitness"] * 3}).row(0, named=True)
    many = fit({"a": ["#fitness"] * 12}).row(0, named=True)
    assert few["content_fit_confidence"] == pytest.approx(3 / 12)
    assert many["content_fit_confidence"] == pytest.approx(1.0)
    assert "cf_few_posts" in [r.code for r in content_fit_result(few, D).reasons]


def test_partnerships_brands_competitors_and_own_brand() -> None:
    brief = Brief(competitors=("Nordkraft",), brand="@proteinwerk")
    acc = [
        {"account_id": "me", "platform": "instagram", "handle": "lena.fit"},
        {"account_id": "friend", "platform": "tiktok", "handle": "max.moves"},
    ]
    captions = {
        "me": [
            "Werbung | Danke an @nordkraft.sports für die Zusammenarbeit @max.moves",
            "Mit meinem Code LENA10 spart ihr bei @proteinwerk",
            "Shop it here: https://amzn.to/abc123 (affiliate link)",
            "Zum Shop: https://kraftriegel.de/?ref=LENA",
            "Danke @nordkraft.sports, ich liebe eure Hosen",  # no commercial signal
        ],
        "friend": ["Training mit @lena.fit"],
    }
    extra = {"me-1": {"discount_codes": ["LENA10"], "mentions": ["proteinwerk"]}}
    extra |= {"me-0": {"mentions": ["nordkraft.sports", "max.moves"]}}
    extra |= {"me-3": {"links": ["https://kraftriegel.de/?ref=LENA"]}}
    extra |= {"me-4": {"mentions": ["nordkraft.sports"]}}
    frame = fit(captions, brief, accounts=acc, extra=extra)
    row = frame.filter(pl.col("account_id") == "me").row(0, named=True)
    brands = {b["key"]: b for b in row["content_fit_brands"]}
    assert set(brands) == {"nordkraftsports", "proteinwerk", "kraftriegel"}
    assert brands["nordkraftsports"]["posts"] == 1  # the organic mention is no partnership
    assert brands["nordkraftsports"]["competitor"]
    assert brands["proteinwerk"]["own_brand"]
    assert row["content_fit_commercial_posts"] == 4
    assert row["content_fit_competitors"] == ["nordkraft.sports"]
    codes = [r.code for r in content_fit_result(row, D, brief).reasons]
    assert {"cf_partners", "cf_competitor_partner", "cf_own_brand_partner"} <= set(codes)


def test_same_input_same_output() -> None:
    captions = {"a": ["#fitness Beintag", "Kuchen"], "b": ["Tech-Review: Smartphone"]}
    assert fit(captions, Brief(niches=("tech",))).equals(fit(captions, Brief(niches=("tech",))))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß #@-.", min_size=0, max_size=60),
        min_size=0,
        max_size=6,
    )
)
def test_scores_and_confidence_stay_in_range(captions: list[str]) -> None:
    row = fit({"a": captions}, Brief(niches=("food",), keywords=("kuchen",))).row(0, named=True)
    score = row["content_fit_score"]
    assert score is None or 0.0 <= score <= 100.0
    assert 0.0 <= row["content_fit_confidence"] <= 1.0
    result = content_fit_result(row, D)
    for reason in result.reasons:
        assert reason.code in MESSAGES
        render(reason, "de")
        render(reason, "en")


def test_flat_exports_and_missing_ids_are_read() -> None:
    acc = pl.DataFrame({"account_id": ["a"], "platform": ["instagram"]})
    posts = pl.DataFrame(
        {
            "account_id": ["a", "a"],
            "posted_at": ["2024-05-01T10:00:00+02:00", "2024-05-02T10:00:00Z"],
            "caption": ["Guten Morgen", "Werbung: neue Schuhe"],
            "hashtags": ["#fitness #gym", "workout, training"],
            "mentions": ["", "nordkraft"],
        }
    )
    corpus = build_corpus(acc, posts, D, LEM)
    row = content_fit_frame(corpus, D).row(0, named=True)
    assert row["content_fit_top_niche"] == "fitness"
    assert row["content_fit_posts_checked"] == 2
    assert [b["key"] for b in row["content_fit_brands"]] == ["nordkraft"]
    assert corpus.posts["post_id"].to_list() == ["a#0", "a#1"]  # newest first
    assert corpus.posts["caption"].to_list() == ["Werbung: neue Schuhe", "Guten Morgen"]
