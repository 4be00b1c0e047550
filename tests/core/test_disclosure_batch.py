"""The batch path of the ad-disclosure checker gives exactly what :func:`check_post` gives.

``check_posts`` skips most posts with a vectorised prefilter and runs a leaner loop on the rest;
these tests compare every output column (verdict, requirement, undisclosed, every finding with its
text and position, unchecked rules) with one-by-one ``check_post`` calls, on a generated market
and on hostile captions, and check the pieces the prefilter's proof rests on.
"""

from __future__ import annotations

import re
from typing import Any

import hypothesis.strategies as st
import polars as pl
import pytest
from hypothesis import given, settings

from resonanz.core.config import load_defaults
from resonanz.core.disclosure import check_post
from resonanz.core.disclosure.batch import (
    _prepare,
    _safe_class,
    check_posts,
    is_safe_char,
    needs_check,
    unsafe_pattern,
)
from resonanz.core.disclosure.lexicon import _NOT_TEXT, _masked
from resonanz.core.disclosure.normalise import _join_spaced, _keep_flags, fold, fold_char
from resonanz.core.disclosure.signals import _URL, _urls
from tests.core.test_disclosure import CASES, FANCY

S = load_defaults().disclosure
FIELDS = ("id", "severity", "text", "position", "field", "code")

HOSTILE = [
    "",
    "   ",
    "Kaffee mit @lisa.m ☕",
    "Kaffee mit @Lisa.M ☕",
    "Kaffee mit @lisa.m.",
    "Kaffee mit @lisa.m... und @lisa.m_",
    "Kaffee mit @.lisa.m",
    "Kaffee mit x@lisa.m und a.b@lisa.m",
    "Kaffee mit @@lisa.m",
    "Kaffee mit @ lisa.m",
    "Kaffee mit @lisa.m/shop",
    "Kaffee mit @lisa.m.de",
    "Kaffee mit @lena.de und @www.lena.de",
    "Danke an @lisa.m für alles!",
    "Danke an @lisa.mx für alles!",
    "Thanks @lisa.m 💛",
    "@max.familienleben.familienleben was für ein Tag",
    "@max.familienleben.familienleben.ok was für ein Tag",
    "Mit @jürgen unterwegs",
    "Mit @jurgen unterwegs",
    "Mit @an\u200dna unterwegs",
    "Mit @an\ufeffna unterwegs",
    "Grüße an @lisa.m! Link in Bio.\n\n#natur #see #sommer",
    "af\ufb01liate link in bio",
    "Wer\ufeffbung | Serum von @glowlab",
    "Werbung\u00a0| Serum von @glowlab, Code ANNA20",
    "Serum von @glowlab … Code ANNA20",
    "Straße, Maße, STRAẞE mit @lisa.m",
    "ΑΣ ΣΑΣ mit @lisa.m",
    "🇩🇪 Urlaub mit @lisa.m",
    "Neues Kleid von @anzeige_hamburg",
    "https://-_ und x.de und mail@lisa.m",
    "Kleid: https://shop.de/ad/werbung?x=1 von @lisa.m",
    "w e r b u n g mit @lisa.m",
    "Sommer\r\nmit @lisa.m\x0b und \x0c",
    "ANNA20 und anna20 mit @lisa.m",
    "#ad #sp #partner mit @lisa.m",
    "Heute: 50 % off bei @lisa.m",
]
"""Edge cases for the prefilter: handles known and unknown, odd handles, invisible characters,
ligatures, length-changing folds, domains inside handles, link-like text."""


def _one_by_one(frame: pl.DataFrame, accounts: pl.DataFrame | None, known: Any) -> list[Any]:
    platform = country = {}
    if accounts is not None:
        platform = dict(zip(accounts["account_id"], accounts["platform"], strict=True))
        country = dict(zip(accounts["account_id"], accounts["country"], strict=True))
    out = []
    for r in frame.iter_rows(named=True):
        v = check_post(
            r["caption"],
            format=r.get("format"),
            has_platform_paid_label=r.get("has_platform_paid_label"),
            audience_country=country.get(r["account_id"]),
            on_screen_text=r.get("on_screen_text"),
            transcript=r.get("transcript"),
            mentions=r.get("mentions") or (),
            links=r.get("links") or (),
            discount_codes=r.get("discount_codes") or (),
            platform=platform.get(r["account_id"]),
            non_brand_handles=known,
            settings=S,
        )
        out.append(
            (
                v.verdict,
                v.requirement,
                v.undisclosed,
                [{k: getattr(h, k) for k in FIELDS} for h in v.rules],
                list(v.unchecked),
            )
        )
    return out


def _assert_same(posts: pl.DataFrame, accounts: pl.DataFrame | None, known: Any) -> None:
    out = check_posts(posts, accounts, settings=S, non_brand_handles=known)
    columns = [
        "disclosure_verdict",
        "disclosure_requirement",
        "disclosure_undisclosed",
        "disclosure_rules",
        "disclosure_unchecked",
    ]
    batch = [tuple(r) for r in out.select(columns).iter_rows()]
    single = _one_by_one(posts, accounts, [] if known is None else known)
    if known is None and accounts is not None:
        single = _one_by_one(posts, accounts, accounts["handle"].to_list())
    assert len(batch) == len(single)
    for caption, b, s in zip(posts["caption"], batch, single, strict=True):
        assert b == s, caption


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    from resonanz.io.generator import write_world  # test-only: the core itself never imports io

    path = tmp_path_factory.mktemp("market")
    write_world(path, 150, 5, "parquet")
    return {n: pl.read_parquet(path / f"{n}.parquet") for n in ("posts", "accounts")}


@pytest.mark.parametrize("known", [None, []], ids=["store-handles", "bare-csv"])
def test_batch_equals_check_post_on_a_market(market: dict[str, pl.DataFrame], known: Any) -> None:
    _assert_same(market["posts"], market["accounts"], known)


def test_the_prefilter_skips_most_posts_of_a_market(market: dict[str, pl.DataFrame]) -> None:
    # not a timing test: the batch path only pays off when most posts skip the full check
    posts, accounts = market["posts"], market["accounts"]
    frame = _prepare(posts, accounts, "caption", "unknown")
    mask = needs_check(frame, S, accounts["handle"].to_list())
    assert 0 < mask.sum() < 0.5 * len(mask)


def _hostile_posts() -> pl.DataFrame:
    captions = [*HOSTILE, *FANCY, *(c[1] for c in CASES)]
    n = len(captions)
    mentions: list[list[str] | None] = [[] for _ in range(n)]
    mentions[0] = ["@lisa.m"]
    mentions[1] = [" LISA.M "]
    mentions[2] = ["lisa.mx"]
    mentions[3] = ["@ lisa.m"]
    mentions[4] = None
    return pl.DataFrame(
        {
            "post_id": [f"p{i}" for i in range(n)],
            "account_id": ["a1" if i % 2 else "a2" for i in range(n)],
            "caption": captions,
            "mentions": mentions,
            "on_screen_text": [
                None if i % 3 else ["Danke @lisa.m", "Werbung", "lena.de", None][i % 4]
                for i in range(n)
            ],
            "format": ["reel" if i % 3 == 0 else "post" for i in range(n)],
        },
        schema_overrides={"mentions": pl.List(pl.String)},
    )


@pytest.mark.parametrize(
    "known", [["lisa.m", "Lena.de", "jürgen", "max.familienleben.familienleben"], [], ["glowlab"]]
)
def test_batch_equals_check_post_on_hostile_captions(known: list[str]) -> None:
    accounts = pl.DataFrame(
        {
            "account_id": ["a1", "a2"],
            "platform": ["instagram", "tiktok"],
            "handle": ["x", "y"],
            "country": ["DE", "US"],
        }
    )
    _assert_same(_hostile_posts(), accounts, known)


def test_safe_characters_fold_to_themselves() -> None:
    body = _safe_class()
    ranges = re.findall(r"\\x\{([0-9a-f]+)\}-\\x\{([0-9a-f]+)\}", body)
    assert ranges
    allowed = {"ä", "ö", "ü", "ß", "Ä", "Ö", "Ü", "\u200d", *map(chr, range(0xFE00, 0xFE10))}
    for a, b in ranges:
        for cp in range(int(a, 16), int(b, 16) + 1):
            char = chr(cp)
            assert char in allowed or (is_safe_char(char) and fold_char(char) == char), hex(cp)
    unsafe = pl.Series(["ﬁ", "\ufeff", "\u00a0", "…", "é", "Σ", "𝐖", "\u00ad", "ẞ", "😀"])
    assert unsafe.str.contains(unsafe_pattern()).to_list() == [True] * 9 + [False]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.:/ h\tw@-+_\nde1xtpsco\u00a0é", max_size=40))
def test_masks_searched_by_run_equal_a_whole_search(text: str) -> None:
    for t in (text, "https://" + text, "www." + text, "a@b." + text):
        spans = [m.span() for m in _NOT_TEXT.finditer(t)]
        inside = _masked(t)
        assert [inside(p) for p in range(len(t))] == [
            any(a <= p < b for a, b in spans) for p in range(len(t))
        ]
        assert [m.span() for m in _urls(t)] == [m.span() for m in _URL.finditer(t)]


def _reference_fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Folding character by character (what fold did before its one-to-one fast path)."""
    if text.isascii():
        f = fold.__wrapped__(text)
        return f.text, f.index
    parts = [fold_char(c) for c in text]
    _keep_flags(text, parts)
    joined = "".join(parts)
    if len(joined) == len(text):  # as fold does: the identity then, even if "\xadß" → "ss"
        index = list(range(len(text)))
    else:
        index = [i for i, p in enumerate(parts) for _ in p]
    folded, index = _join_spaced(joined, index)
    return folded, tuple(index)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_fold_fast_path_equals_char_by_char(text: str) -> None:
    f = fold(text)
    assert (f.text, f.index) == _reference_fold(text)
    assert fold(text) is f  # cached


def test_worker_processes_give_the_same_verdicts(
    market: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Split over spawned processes (threshold lowered so a small market is split), the verdicts
    are those of one process, row for row."""
    import resonanz.core.disclosure.batch as batch

    posts = pl.concat([market["posts"], _hostile_posts()], how="diagonal_relaxed")
    one = check_posts(posts, market["accounts"], settings=S, workers=1)
    monkeypatch.setattr(batch, "PARALLEL_MIN_ROWS", 2)
    split = check_posts(posts, market["accounts"], settings=S, workers=2)
    assert split.equals(one)
    assert (one["disclosure_verdict"] != "ok").sum() > 0
