"""Brand safety: unsafe words are found with the offending text; innocent words are not."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from resonanz.core.brief import Brief
from resonanz.core.config import DomainDefaults, load_defaults, merge_defaults
from resonanz.core.content.brand_safety import brand_safety_frame, brand_safety_result
from resonanz.core.content.corpus import build_corpus
from resonanz.core.messages import MESSAGES, render
from resonanz.io.text import lemmatiser

D = load_defaults()
NOW = datetime(2024, 6, 1, 12)
LEM = lemmatiser()


def screen(
    captions: list[str],
    defaults: DomainDefaults = D,
    brief: Brief | None = None,
    bio: str | None = None,
    hashtags: list[list[str]] | None = None,
) -> dict[str, Any]:
    acc = pl.DataFrame([{"account_id": "a", "platform": "instagram", "bio": bio}])
    rows = [
        {
            "post_id": f"p{i}",
            "account_id": "a",
            "posted_at": NOW - timedelta(days=i),
            "caption": text,
            "hashtags": (hashtags or [[]] * len(captions))[i],
        }
        for i, text in enumerate(captions)
    ]
    posts = pl.DataFrame(rows, schema_overrides={"hashtags": pl.List(pl.String)})
    corpus = build_corpus(acc, posts if rows else None, defaults, LEM)
    return brand_safety_frame(corpus, defaults, brief).row(0, named=True)


def categories(row: dict[str, Any]) -> set[str]:
    return {c["category"] for c in row["brand_safety_categories"]}


@pytest.mark.parametrize(
    ("text", "category", "word"),
    [
        ("Ein Glas Rotwein zum Feierabend", "alcohol", "Rotwein"),
        ("Biergarten mit Freunden", "alcohol", "Biergarten"),
        ("Cheers! Cold beer tonight", "alcohol", "beer"),
        ("Heute Sportwetten-Tipps", "gambling", "Sportwetten"),
        ("Jetzt im Online Casino spielen", "gambling", "Casino"),
        ("Neue Pornos", "adult", "Pornos"),
        ("Link zu meinem OnlyFans", "adult", "OnlyFans"),
        ("Meine neue Schusswaffe", "violence", "Schusswaffe"),
        ("Kokain ist keine Lösung", "drugs", "Kokain"),
        ("Sieg Heil!", "hate", "Sieg"),
        ("Wahlkampf in Bayern", "politics", "Wahlkampf"),
        ("Was für eine Scheiße", "profanity", "Scheiße"),
        ("fucking awesome", "profanity", "fucking"),
        ("Krypto-Signale in meiner Bio", "scams", "Krypto"),
        ("Get rich quick with me", "scams", "Get"),
    ],
)
def test_unsafe_words_are_found_with_their_text(text: str, category: str, word: str) -> None:
    row = screen([text])
    assert categories(row) == {category}
    hit = row["brand_safety_hits"][0]
    assert hit["word"] == word
    assert hit["post_id"] == "p0"
    assert word in hit["snippet"]
    assert row["brand_safety_score"] < 100.0


@pytest.mark.parametrize(
    "text",
    [
        "Meine Analyse der Woche",  # anal
        "Die Schwanzflosse des Wals",  # no tail-word on the list at all
        "Waffeln zum Frühstück",  # Waffe
        "Das war ein Mordsspaß",  # Mord
        "Vor Freude weinen",  # Wein
        "Neu in der Drogerie: drugstore dupes",  # Droge, drug
        "#foodporn Pasta",  # porn* starts the word, not inside it
        "Urlaub in Sussex und Essex",  # sex
        "Scunthorpe United",  # cunt
        "Nude lipstick for summer",  # nude (not listed)
        "Ein Cocktailkleid für die Hochzeit",  # cocktail (whole word only)
        "Shiitake-Pilze anbraten",  # shit
        "Meine Massage Gun nach dem Training",  # allow-listed phrase
        "Pistol squats for strong legs",  # allow-listed phrase
        "Fotoshooting im Studio",  # shooting
        "Unser Kater schläft",  # hangover in German slang, a tomcat here: not listed
        "Das Gras im Garten mähen",  # not listed
        "Eine Party am Wochenende",  # party ≠ Partei
        "Geld sparen mit ETF-Sparplänen",  # finance is no scam
    ],
)
def test_innocent_words_are_not_flagged(text: str) -> None:
    row = screen([text])
    assert row["brand_safety_hits"] == []
    assert row["brand_safety_score"] == 100.0


def test_penalties_per_text_are_capped_per_category() -> None:
    alcohol = D.brand_safety.categories["alcohol"]
    row = screen(["Bier"] * 10)
    cat = row["brand_safety_categories"][0]
    assert cat["texts"] == 10
    assert cat["penalty"] == alcohol.max_penalty
    assert row["brand_safety_score"] == 100.0 - alcohol.max_penalty
    assert row["brand_safety_value"] == 10


def test_severity_is_the_highest_category_and_reasons_follow_it() -> None:
    row = screen(["Bier und Pornos", "Wahlkampf"])
    assert row["brand_safety_severity"] == "alert"
    result = brand_safety_result(row, D)
    severities = {
        r.params["category_en"]: r.severity for r in result.reasons if r.code == "bs_category"
    }
    assert severities == {"Adult content": "alert", "Alcohol": "warn", "Politics": "info"}
    assert result.score == pytest.approx(100 - 25 - 5 - 2)


def test_bio_and_hashtags_are_screened() -> None:
    row = screen(["Guten Morgen"], bio="Gin-Liebhaberin", hashtags=[["wodka"]])
    words = {h["word"] for h in row["brand_safety_hits"]}
    assert words == {"Gin", "wodka"}
    assert {h["post_id"] for h in row["brand_safety_hits"]} == {None, "p0"}


def test_brief_excluded_keywords_are_an_alert() -> None:
    brief = Brief(excluded_keywords=("Diät", "Zucker*"))
    row = screen(["Meine Diät", "Zuckerfrei backen"], brief=brief)
    assert categories(row) == {"brief"}
    assert row["brand_safety_severity"] == "alert"
    assert screen(["Meine Diät"])["brand_safety_hits"] == []


def test_users_extend_the_lists_without_copying_them(tmp_path: Path) -> None:
    extended = merge_defaults(
        D, {"brand_safety": {"categories": {"alcohol": {"extra": ["Jägermeister"]}}}}
    )
    assert len(extended.brand_safety.categories["alcohol"].de) == len(
        D.brand_safety.categories["alcohol"].de
    )
    assert categories(screen(["Ein Jägermeister"], extended)) == {"alcohol"}
    assert screen(["Ein Jägermeister"])["brand_safety_hits"] == []
    override = tmp_path / "mine.toml"
    override.write_text(
        '[brand_safety.categories.energy]\nlabel_de = "Energydrinks"\nlabel_en = "Energy drinks"\n'
        'severity = "warn"\npenalty_per_post = 5.0\nmax_penalty = 20.0\nde = ["energydrink"]\n',
        encoding="utf-8",
    )
    mine = load_defaults(override)
    assert categories(screen(["Zwei Energydrinks am Tag"], mine)) == {"energy"}


def test_no_text_means_no_score_and_few_posts_lower_confidence() -> None:
    empty = screen([])
    assert empty["brand_safety_score"] is None
    assert empty["brand_safety_confidence"] == 0.0
    assert [r.code for r in brand_safety_result(empty, D).reasons] == ["bs_no_text"]
    clean = screen(["Hallo"] * 3)
    assert clean["brand_safety_score"] == 100.0
    assert clean["brand_safety_confidence"] == pytest.approx(3 / 12)
    codes = [r.code for r in brand_safety_result(clean, D).reasons]
    assert codes == ["bs_clean", "bs_few_posts"]


def test_hits_listed_are_capped_counts_are_not() -> None:
    limited = merge_defaults(D, {"brand_safety": {"max_hits": 2}})
    row = screen(["Bier", "Wein", "Sekt", "Schnaps"], limited)
    assert len(row["brand_safety_hits"]) == 2
    assert row["brand_safety_value"] == 4


def test_every_reason_renders() -> None:
    rows = [screen([]), screen(["Hallo"]), screen(["Bier", "Pornos"], bio="Wahlkampf")]
    for row in rows:
        for reason in brand_safety_result(row, D).reasons:
            assert reason.code in MESSAGES
            assert "–" not in render(reason, "de").replace(" – ", "")
            render(reason, "en")
