"""The comment classifier's rules: classes per language, edge cases, settings, labelled set."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resonanz.core.comments.evaluate import classification_metrics
from resonanz.core.comments.lexicon import compile_list, fold_strings, phrase_regex
from resonanz.core.comments.rules import CLASSES, classify_text, classify_texts
from resonanz.core.comments.settings import CommentSettings, builtin_comment_settings
from resonanz.core.config import DefaultsError, load_defaults, merge_defaults

DATA = Path(__file__).resolve().parents[1] / "data"
S = builtin_comment_settings()


@pytest.mark.parametrize(
    "text",
    [
        # questions, requests
        "Wo gibt es die Vase?",
        "wie lange hält sich das im kühlschrank",
        "Hast du das selbst genäht?",
        "Kann man das auch mit Hafermilch machen?",
        "Preis?",
        "Rezept bitte 🙏",
        "where is this from?",
        "link pls?",
        "what size are you wearing",
        "Do you ship to Austria?",
        # personal stories and experiences
        "Hab ich letzte Woche nachgekocht, meine Familie war begeistert",
        "Mein Hund hat genau das gleiche Problem, wir waren deswegen beim Tierarzt",
        "I tried this and my kids loved it",
        "Been using this for two years, still my favourite",
        "War letztes Jahr auch dort, unbedingt den Sonnenaufgang anschauen",
        # opinions with reasons, plans, long specific text
        "Ich finde die Farbe zu grell, weil sie nicht zum Rest der Wohnung passt",
        "Honestly the old version was better because it was quieter",
        "Will try this weekend!",
        "Die Schrauben aus dem Baumarkt halten bei Altbau-Wänden oft nicht, lieber Dübel nehmen",
        # tagging friends is sharing (authentic)
        "@anna @ben",
        "@lisa schau mal, das wär was für uns",
        "@tom we need to go here",
    ],
)
def test_meaningful(text: str) -> None:
    assert classify_text(text) == "meaningful"


@pytest.mark.parametrize(
    "text",
    [
        "Mega!",
        "voll schee",
        "Sehr schön 😍",
        "👏 Klasse",
        "wie geil ist das denn?!",
        "Traumhaft ❤️",
        "Sooo lecker 😋",
        "Gut gemacht, weiter so!",
        "Ich liebe es",
        "Danke dir ❤️",
        "Liebe Grüße aus Wien",
        "nice",
        "love it",
        "amazing",
        "great pic",
        "fire 🔥🔥",
        "slay",
        "obsessed",
        "need this",
        "How cute is this?!",
        "what a view 😍",
        "This made my day 😂",
        "haha",
        "10/10",
        "Really?",
    ],
)
def test_generic_praise(text: str) -> None:
    assert classify_text(text) == "generic_praise"


@pytest.mark.parametrize(
    "text",
    ["😍", "🔥🔥🔥", "👏🏽👏🏽", "❤️‍🔥", "🇩🇪🇦🇹", "!!!", ":)", ";-)", "<3", ":D", "xD", "1️⃣", ""],
)
def test_emoji_only(text: str) -> None:
    assert classify_text(text) == "emoji_only"


@pytest.mark.parametrize(
    "text",
    [
        "Schau auf meinem Profil vorbei 😘",
        "Verdiene 500€ am Tag von zuhause! Infos in meiner Bio",
        "Herzlichen Glückwunsch, du hast gewonnen! Schreib uns eine DM",
        "Folgt mir, ich folge zurück",
        "Gewinnspiel-Team: Du wurdest als Gewinner ausgewählt 🎁 bit.ly/xyz",
        "Nebenverdienst gesucht? WhatsApp +49 170 1234567",
        "Gratis Follower auf meinem Profil",
        "Hey, tolle Bilder! Kooperation? Melde dich per DM",
        "check my profile for more",
        "DM us to collab 💕",
        "Free followers at www.example.com",
        "follow for follow",
        "f4f",
        "I earn $3,000 per week from home, message me",
        "Crypto mentor @trader.x helped me, contact him on telegram",
        "Congratulations you won! Click the link in our bio to claim your prize",
        "Send pic to @feature.page to get featured",
        "@a1 @b2 @c3 @d4 @e5 @f6",
        "#follow #like4like #instagood #followme",
        "follow me follow me follow me follow me follow me",
        "Want more followers? Visit my bio",
        "Hot singles 🔞",
        "mail me: deals@example.com",
    ],
)
def test_spam(text: str) -> None:
    assert classify_text(text) == "spam"


@pytest.mark.parametrize(
    "text",
    [
        "Ich folge dir schon seit Jahren, danke für alles",
        "Schade, dass du die Kooperation nicht kennzeichnest",
        "Wer hat das Gewinnspiel gewonnen?",
        "Du verdienst viel mehr Follower!",
        "Sending this to my sister!!",
        "Was hältst du von Bitcoin als Beimischung?",
        "Ich habe 3.000€ für die Küche bezahlt, war es wert",
    ],
)
def test_genuine_comments_with_spam_words_are_not_spam(text: str) -> None:
    assert classify_text(text) != "spam"


def test_empty_and_missing_text_are_emoji_only() -> None:
    # documented choice: no words at all is the same signal as an emoji-only reply
    out = classify_texts(pl.Series([None, "", "   "], dtype=pl.String))
    assert out["class"].to_list() == ["emoji_only"] * 3
    assert set(out["rule"].to_list()) == {"no_text"}


def test_mentions_alone_are_a_friend_tag_until_mass_tagging() -> None:
    out = classify_texts(pl.Series(["@anna", "@anna @ben 😂", "@a @b @c @d @e"]))
    assert out["class"].to_list() == ["meaningful", "meaningful", "spam"]
    assert out["rule"].to_list() == ["friend_tag", "friend_tag", "mass_mentions"]


def test_spam_wins_over_a_question() -> None:
    out = classify_texts(pl.Series(["Want more followers? Check my page"]))
    assert out.row(0, named=True)["class"] == "spam"


def test_rules_explain_the_label() -> None:
    out = classify_texts(pl.Series(["Wo ist das?", "Mega!", "😍", "www.x.com"]))
    assert out["rule"].to_list() == ["question", "praise", "no_text", "url"]


def test_umlauts_case_and_stretched_letters_fold_alike() -> None:
    assert fold_strings(["Schöööön", "schoen", "SCHÖN"]) == ["schon"] * 3
    assert fold_strings(["Süüüß", "suess"]) == ["sus", "sus"]
    assert classify_text("SOOOO SCHÖÖÖN 😍") == "generic_praise"


@pytest.mark.parametrize(
    ("phrase", "words", "hit"),
    [
        ("folg* mir", "folgt mir bitte", True),
        ("folg* mir", "ich folge dir", False),
        ("schau ... mein profil", "schau doch mal auf mein profil", True),
        ("schau ... mein profil", "schau . mein profil", False),  # no gap across sentences
        ("link|rezept bitte", "rezept bitte", True),
    ],
)
def test_phrase_syntax(phrase: str, words: str, hit: bool) -> None:
    compiled = compile_list((phrase,))
    found = pl.Series(fold_strings([words])).str.contains(compiled.anywhere or "^$").item()
    assert found is hit


def test_alternatives_belong_to_one_word() -> None:
    # "a|b c" is (a or b) followed by c — write multi-word alternatives as separate entries
    assert phrase_regex("a|b c") == "(?:a|b) (?:c)"
    assert phrase_regex("mein* ... profil") == r"(?:mein[^ .]*)(?: [^ .]+){0,3} (?:profil)"


def test_precedence_is_data() -> None:
    reordered = merge_defaults(
        load_defaults(),
        {"comments": {"precedence": ["emoji_only", "meaningful", "spam", "generic_praise"]}},
    )
    text = pl.Series(["Want more followers? Visit my bio"])
    assert classify_texts(text, reordered.comments)["class"][0] == "meaningful"


def test_word_lists_extend_with_an_own_table() -> None:
    changed = merge_defaults(
        load_defaults(), {"comments": {"lexicon": {"custom": {"spam": ["kauft bei uns"]}}}}
    )
    assert classify_text("Kauft bei uns!", changed.comments) == "spam"
    assert classify_text("Kauft bei uns!") != "spam"
    assert "custom" in changed.comments.lexicon and "de" in changed.comments.lexicon


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"precedence": ["spam", "meaningful"]}, "precedence"),
        ({"spam_combos": {"x": [["nonsense"]]}}, "unknown signal"),
        ({"spam_patterns": ["laughter"]}, "spam_patterns"),
        ({"scoring": {"class_values": {"bogus": 0.5}}}, "class_values"),
        ({"language": {"languages": ["deu"]}}, "ISO 639-1"),
    ],
)
def test_malformed_settings_name_the_key(change: dict[str, object], message: str) -> None:
    with pytest.raises(DefaultsError, match=message):
        merge_defaults(load_defaults(), {"comments": change})


def test_defaults_without_a_comments_section_still_load() -> None:
    data = load_defaults().model_dump()
    del data["comments"]
    again = type(load_defaults()).model_validate(data)
    assert isinstance(again.comments, CommentSettings)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=20))
def test_every_text_gets_exactly_one_known_class(texts: list[str]) -> None:
    out = classify_texts(pl.Series(texts, dtype=pl.String), S)
    assert out.height == len(texts)
    assert set(out["class"].to_list()) <= set(CLASSES)
    assert out["rule"].null_count() == 0


# docs/methodology.md reports accuracy 1.000 (development set) and 0.992 (holdout set, after the
# fixes its first run prompted; the first run gave 0.941); these floors leave a small margin.
@pytest.mark.parametrize(
    ("name", "floor"), [("comments_labelled.csv", 0.97), ("comments_holdout.csv", 0.96)]
)
def test_accuracy_on_the_labelled_sets_stays_at_the_reported_level(name: str, floor: float) -> None:
    gold = pl.read_csv(DATA / name, infer_schema=False)
    assert gold.height >= (200 if name == "comments_labelled.csv" else 100)
    predicted = classify_texts(gold["text"], S)["class"].to_list()
    metrics = classification_metrics(gold["class"].to_list(), predicted)
    assert metrics["accuracy"] >= floor
    assert metrics["macro_f1"] >= floor - 0.02
