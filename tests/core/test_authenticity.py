"""Engagement authenticity: like:comment ratio, bought likes, erratic engagement, pods."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resonanz.core.config import DefaultsError, DomainDefaults, load_defaults, merge_defaults
from resonanz.core.messages import LANGS, MESSAGES, placeholders, render
from resonanz.core.vetting.authenticity import (
    AUTHENTICITY_COLUMNS,
    FLAGS,
    authenticity_frame,
    authenticity_result,
    pod_graph,
)

D = load_defaults()
S = D.authenticity
NOW = datetime(2024, 6, 1, 12)
ACC = {"account_id": pl.String, "platform": pl.String, "handle": pl.String, "followers": pl.Int64}
POSTS = {
    "post_id": pl.String,
    "account_id": pl.String,
    "posted_at": pl.Datetime("us"),
    "likes": pl.Int64,
    "comments": pl.Int64,
    "format": pl.String,
}
COMMENTS = {"post_id": pl.String, "author": pl.String, "commented_at": pl.Datetime("us")}


def account(aid: str, platform: str = "instagram", followers: int = 20_000) -> dict[str, Any]:
    return {"account_id": aid, "platform": platform, "handle": aid, "followers": followers}


def posts(
    aid: str,
    likes: Sequence[int | None],
    comments: Sequence[int | None],
    every: float = 3.0,
) -> list[dict[str, Any]]:
    """Posts newest first, the newest two days old, one every ``every`` days."""
    return [
        {
            "post_id": f"{aid}-p{i}",
            "account_id": aid,
            "posted_at": NOW - timedelta(days=2 + every * i),
            "likes": like,
            "comments": comment,
            "format": "feed",
        }
        for i, (like, comment) in enumerate(zip(likes, comments, strict=True))
    ]


def steady(aid: str, n: int = 12, likes: int = 1_000, comments: int = 30) -> list[dict[str, Any]]:
    return posts(aid, [likes] * n, [comments] * n)


def commented(
    post_rows: Sequence[dict[str, Any]], author: str, minutes: float | None, every: int = 1
) -> list[dict[str, Any]]:
    """``author`` comments on every ``every``-th post, ``minutes`` after publishing."""
    return [
        {
            "post_id": p["post_id"],
            "author": author,
            "commented_at": None
            if minutes is None
            else p["posted_at"] + timedelta(minutes=minutes),
        }
        for p in post_rows[::every]
    ]


def crowd(post_rows: Sequence[dict[str, Any]], k: int = 4) -> list[dict[str, Any]]:
    """Ordinary commenters: different people under every post, hours later."""
    return [
        {
            "post_id": p["post_id"],
            "author": f"fan_{p['post_id']}_{j}",
            "commented_at": p["posted_at"] + timedelta(hours=2 + j),
        }
        for p in post_rows
        for j in range(k)
    ]


def run(
    accs: list[dict[str, Any]],
    post_rows: list[dict[str, Any]],
    comment_rows: list[dict[str, Any]] | None = None,
    defaults: DomainDefaults = D,
) -> pl.DataFrame:
    comments = None if comment_rows is None else pl.DataFrame(comment_rows, schema=COMMENTS)
    return authenticity_frame(
        pl.DataFrame(accs, schema=ACC),
        pl.DataFrame(post_rows, schema=POSTS),
        comments,
        defaults,
        now=NOW,
    )


def row_of(frame: pl.DataFrame, aid: str) -> dict[str, Any]:
    return frame.filter(pl.col("account_id") == aid).row(0, named=True)


def pod_world(size: int, minutes: float = 6.0) -> tuple[list[Any], list[Any], list[Any]]:
    """``size`` store accounts commenting on each other's posts within minutes, plus bystanders."""
    members = [f"pod{i}" for i in range(size)]
    accs = [account(m) for m in members] + [account(f"clean{i}") for i in range(3)]
    post_rows = {a["account_id"]: steady(a["account_id"]) for a in accs}
    comment_rows = [c for rows in post_rows.values() for c in crowd(rows)]
    for target in members:
        for i, author in enumerate(m for m in members if m != target):
            comment_rows += commented(post_rows[target], author, minutes + i)
    return accs, [p for rows in post_rows.values() for p in rows], comment_rows


@pytest.mark.parametrize("size", [3, 6, 9])
def test_a_pod_is_found_with_all_its_members(size: int) -> None:
    frame = run(*pod_world(size))
    members = sorted(f"pod{i}" for i in range(size))
    pods = frame.filter(pl.col("authenticity_pod"))
    assert sorted(pods["account_id"]) == members
    assert pods["authenticity_pod_id"].unique().to_list() == ["pod:pod0"]
    row = row_of(frame, "pod1")
    assert row["authenticity_pod_members"] == members
    assert row["authenticity_pod_size"] == size
    assert row["authenticity_reciprocal"] == size - 1
    assert row["authenticity_pod_share"] == pytest.approx(1.0)
    assert row["authenticity_pod_delay_min"] < 15
    assert row["authenticity_pod_density"] == pytest.approx(1.0)
    assert "engagement_pod" in row["authenticity_flags"]
    assert row["authenticity_score"] <= 100 - S.pod_penalty
    assert len(row["authenticity_pod_edges"]) == size * (size - 1)
    for clean in ("clean0", "clean1"):
        assert row_of(frame, clean)["authenticity_pod_id"] is None
        assert row_of(frame, clean)["authenticity_flags"] == []


def test_a_loose_pod_is_one_component_with_its_density() -> None:
    names = ("a", "b", "c", "d")
    accs = [account(n) for n in names]
    rows = {n: steady(n) for n in names}
    comment_rows = [c for r in rows.values() for c in crowd(r)]
    ties = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b"), ("c", "d"), ("d", "c"), ("a", "c")]
    for author, target in ties:  # a chain a–b–c–d, plus a one-way tie a → c
        comment_rows += commented(rows[target], author, 5.0)
    frame = run(accs, [p for r in rows.values() for p in r], comment_rows)
    row = row_of(frame, "c")
    assert row["authenticity_pod_members"] == ["a", "b", "c", "d"]
    assert row["authenticity_pod_density"] == pytest.approx(3 / 6)
    edges = {(e["source"], e["target"]): e["mutual"] for e in row["authenticity_pod_edges"]}
    assert len(edges) == 7 and edges[("a", "c")] is False and edges[("b", "c")] is True
    assert row["authenticity_fast_commenters_in_store"] == 3
    assert row["authenticity_reciprocal"] == 2


def test_the_pod_sentence_names_the_other_members() -> None:
    frame = run(*pod_world(4))
    result = authenticity_result(row_of(frame, "pod2"), D)
    pod = next(r for r in result.reasons if r.code == "auth_pod")
    assert pod.severity == "alert"
    assert pod.params["members"] == "@pod0, @pod1, @pod3"
    assert "Engagement-Pod aus 4 Konten" in render(pod, "de")


def test_two_friends_are_no_pod() -> None:
    frame = run(*pod_world(2))
    assert frame["authenticity_pod_id"].null_count() == frame.height
    assert row_of(frame, "pod0")["authenticity_reciprocal"] == 1


def test_slow_mutual_commenting_is_no_pod() -> None:
    frame = run(*pod_world(5, minutes=240.0))
    assert not frame["authenticity_pod"].any()
    assert row_of(frame, "pod0")["authenticity_fast_commenters"] == 0


def test_one_way_comments_from_store_accounts_are_no_pod() -> None:
    accs = [account(a) for a in ("star", "f1", "f2", "f3")]
    rows = {a["account_id"]: steady(a["account_id"]) for a in accs}
    comment_rows = [c for r in rows.values() for c in crowd(r)]
    for fan in ("f1", "f2", "f3"):
        comment_rows += commented(rows["star"], fan, 3.0)
    frame = run(accs, [p for r in rows.values() for p in r], comment_rows)
    star = row_of(frame, "star")
    assert star["authenticity_pod_id"] is None
    assert star["authenticity_fast_commenters_in_store"] == 3
    assert star["authenticity_reciprocal"] == 0
    assert "possible_engagement_pod" in star["authenticity_flags"]


@pytest.mark.parametrize("minutes", [2.0, 300.0])
def test_a_fan_on_every_post_is_no_pod(minutes: float) -> None:
    post_rows = steady("a")
    comment_rows = crowd(post_rows) + commented(post_rows, "superfan", minutes)
    row = run([account("a")], post_rows, comment_rows).row(0, named=True)
    assert row["authenticity_pod_id"] is None
    assert not row["authenticity_group"]
    assert row["authenticity_fast_commenters"] == (1 if minutes <= S.pod_fast_minutes else 0)
    assert row["authenticity_score"] == 100.0
    codes = {r.code for r in authenticity_result(row, D).reasons}
    assert ("auth_regular_fans" if minutes <= S.pod_fast_minutes else "auth_no_pod") in codes


def test_own_replies_do_not_count_as_commenters() -> None:
    post_rows = steady("a")
    comment_rows = crowd(post_rows)
    for who in ("a", "A", "@a"):
        comment_rows += commented(post_rows, who, 1.0)
    row = run([account("a")], post_rows, comment_rows).row(0, named=True)
    assert row["authenticity_fast_commenters"] == 0


def test_a_group_of_fast_commenters_outside_the_store_is_a_suspicion() -> None:
    post_rows = steady("a")
    comment_rows = crowd(post_rows)
    for i in range(3):
        comment_rows += commented(post_rows, f"helper{i}", 4.0 + i)
    row = run([account("a")], post_rows, comment_rows).row(0, named=True)
    assert row["authenticity_group"]
    assert row["authenticity_flags"] == ["possible_engagement_pod"]
    assert row["authenticity_score"] == 100 - S.group_penalty


def test_bought_likes_posts_are_detected() -> None:
    likes = [1_000] * 12
    comments = [30] * 12
    for i in (1, 3, 5, 8):  # bought: likes ×6, comments as usual
        likes[i] = 6_000
    likes[10], comments[10] = 6_000, 180  # viral: both up — not bought
    likes[11], comments[11] = 1_000, 250  # a conversation: comments up — not bought
    row = run([account("a")], posts("a", likes, comments)).row(0, named=True)
    assert row["authenticity_bought_posts"] == 4
    assert sorted(row["authenticity_bought_post_ids"]) == ["a-p1", "a-p3", "a-p5", "a-p8"]
    assert row["authenticity_own_ratio"] == pytest.approx(1_000 / 30)
    assert row["authenticity_bought_likes"]
    assert "bought_likes" in row["authenticity_flags"]
    reasons = authenticity_result(row, D).reasons
    assert any(r.code == "auth_bought_likes" and r.severity == "alert" for r in reasons)


def test_one_lifted_post_is_too_few_for_a_finding() -> None:
    likes = [1_000] * 12
    likes[4] = 8_000
    row = run([account("a")], posts("a", likes, [30] * 12)).row(0, named=True)
    assert row["authenticity_bought_posts"] == 1
    assert not row["authenticity_bought_likes"]


def test_small_counts_are_never_bought_likes() -> None:
    # 3× the likes without comments, but at 1 comment per post chance explains it
    likes, comments = [30] * 12, [1] * 12
    for i in (0, 2, 4, 6):
        likes[i], comments[i] = 100, 0
    row = run([account("a", followers=1_500)], posts("a", likes, comments)).row(0, named=True)
    assert row["authenticity_bought_posts"] == 0


def peers_world(ratio_of_a: float, n_peers: int = 25) -> tuple[list[Any], list[Any]]:
    accs = [account("a")] + [account(f"peer{i}") for i in range(n_peers)]
    rows = posts("a", [int(30 * ratio_of_a)] * 12, [30] * 12)
    for i in range(n_peers):
        rows += posts(f"peer{i}", [900 + 10 * i] * 12, [30] * 12)
    return accs, rows


def test_likes_far_above_the_norm_and_the_peers() -> None:
    row = row_of(run(*peers_world(400.0)), "a")
    assert row["authenticity_value"] == pytest.approx(400.0)
    assert row["authenticity_norm_high"] == 100.0
    assert row["authenticity_percentile"] > 0.95
    assert row["authenticity_ratio_high"]
    assert "likes_without_comments" in row["authenticity_flags"]


def test_the_peers_keep_a_high_ratio_in_line() -> None:
    # everyone is above the norm: the percentile alone keeps the crowd from being flagged
    accs, rows = peers_world(400.0)
    rows = [{**p, "likes": p["likes"] * 10} for p in rows]
    frame = run(accs, rows)
    assert frame.filter(pl.col("authenticity_ratio_high")).height == 1  # only the very top


def test_comments_out_of_line_with_likes() -> None:
    row = row_of(run(*peers_world(1.0)), "a")
    assert row["authenticity_ratio_low"]
    assert "comments_without_likes" in row["authenticity_flags"]


def test_erratic_engagement() -> None:
    likes = [100, 3_000] * 6
    row = run([account("a")], posts("a", likes, [n // 30 for n in likes])).row(0, named=True)
    assert row["authenticity_robust_cv"] > S.erratic_cv
    assert row["authenticity_erratic"]
    assert "erratic_engagement" in row["authenticity_flags"]


def test_young_posts_and_stories_are_not_counted() -> None:
    rows = steady("a")
    rows[0] = {**rows[0], "posted_at": NOW - timedelta(hours=3), "likes": 99_999}
    rows[1] = {**rows[1], "format": "story", "likes": 99_999}
    row = run([account("a")], rows).row(0, named=True)
    assert row["authenticity_posts_recent"] == 11
    assert row["authenticity_posts_measured"] == 10
    assert row["authenticity_likes_total"] == 10_000


def test_missing_comments_lower_the_confidence_but_invent_nothing() -> None:
    post_rows = steady("a")
    with_comments = run([account("a")], post_rows, crowd(post_rows)).row(0, named=True)
    without = run([account("a")], post_rows, None).row(0, named=True)
    untimed = run([account("a")], post_rows, commented(post_rows, "x", None)).row(0, named=True)
    assert with_comments["authenticity_confidence"] == pytest.approx(1.0)
    assert without["authenticity_confidence"] == pytest.approx(S.counts_confidence_weight)
    assert without["authenticity_confidence"] < untimed["authenticity_confidence"] < 1.0
    assert without["authenticity_comment_posts"] is None
    assert without["authenticity_fast_commenters"] is None
    assert without["authenticity_score"] == with_comments["authenticity_score"] == 100.0
    codes = {r.code for r in authenticity_result(without, D).reasons}
    assert "auth_no_comment_data" in codes


def test_comments_without_post_ids_cannot_be_linked() -> None:
    post_rows = [{**p, "post_id": None} for p in steady("a")]
    row = run([account("a")], post_rows, crowd(steady("a"))).row(0, named=True)
    assert row["authenticity_comment_posts"] is None
    assert row["authenticity_confidence"] == pytest.approx(S.counts_confidence_weight)


def test_missing_likes_give_no_ratio() -> None:
    post_rows = posts("a", [None] * 12, [30] * 12)
    row = run([account("a")], post_rows, crowd(post_rows)).row(0, named=True)
    assert row["authenticity_value"] is None
    assert row["authenticity_posts_measured"] is None
    assert row["authenticity_score"] == 100.0  # the pod check still ran
    assert row["authenticity_confidence"] == pytest.approx(1 - S.counts_confidence_weight)
    nothing = run([account("a")], post_rows, None).row(0, named=True)
    assert nothing["authenticity_score"] is None
    assert nothing["authenticity_confidence"] == 0.0
    result = authenticity_result(nothing, D)
    assert result.score is None and result.value is None


def test_no_posts_and_no_tables() -> None:
    frame = authenticity_frame(
        pl.DataFrame([account("a")], schema=ACC), pl.DataFrame(), None, D, now=NOW
    )
    row = frame.row(0, named=True)
    assert row["authenticity_score"] is None
    assert row["authenticity_confidence"] == 0.0
    assert [r.code for r in authenticity_result(row, D).reasons] == [
        "auth_no_posts",
        "auth_no_comment_data",
    ]


def test_columns_and_flags_are_documented() -> None:
    frame = run(*pod_world(3))
    assert frame.columns == ["account_id", "handle", "platform", "tier", *AUTHENTICITY_COLUMNS]
    emitted = {f for flags in frame["authenticity_flags"] for f in flags}
    assert emitted <= set(FLAGS)


def test_time_zones_and_string_times_are_read_as_utc() -> None:
    post_rows = steady("a")
    comment_rows = crowd(post_rows) + commented(post_rows, "fan", 5.0)
    tz_posts = pl.DataFrame(post_rows, schema=POSTS).with_columns(
        pl.col("posted_at").dt.replace_time_zone("UTC").dt.convert_time_zone("Europe/Berlin")
    )
    str_comments = pl.DataFrame(comment_rows, schema=COMMENTS).with_columns(
        pl.col("commented_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    accs = pl.DataFrame([account("a")], schema=ACC)
    now = NOW.replace(tzinfo=UTC)
    row = authenticity_frame(accs, tz_posts, str_comments, D, now=now).row(0, named=True)
    assert row["authenticity_fast_commenters"] == 1
    assert row["authenticity_posts_measured"] == 12


def test_pod_graph_nodes_and_edges() -> None:
    frame = run(*pod_world(4))
    graph = pod_graph(row_of(frame, "pod1"))
    assert graph is not None
    assert graph["pod_id"] == "pod:pod0"
    assert [n["id"] for n in graph["nodes"]] == ["pod0", "pod1", "pod2", "pod3"]
    assert [n["is_self"] for n in graph["nodes"]] == [False, True, False, False]
    assert len(graph["edges"]) == 12
    edge = graph["edges"][0]
    assert set(edge) == {"source", "target", "share", "delay_min", "mutual"}
    assert all(e["mutual"] for e in graph["edges"])
    assert edge["share"] == pytest.approx(1.0)
    assert pod_graph(row_of(frame, "clean0")) is None
    evidence = authenticity_result(row_of(frame, "pod1"), D).evidence  # a stored report
    assert pod_graph(evidence, handle="pod1") == graph


def test_settings_without_the_section_and_bad_norms() -> None:
    data = D.model_dump()
    data.pop("authenticity")
    assert DomainDefaults.model_validate(data).authenticity == S
    with pytest.raises(DefaultsError, match="low must be below high"):
        merge_defaults(
            D,
            {
                "authenticity": {
                    "norms": [{"platform": "instagram", "low": 50.0, "high": 10.0, "source": "x"}]
                }
            },
        )
    stricter = merge_defaults(D, {"authenticity": {"pod_min_size": 7}})
    assert not run(*pod_world(6), defaults=stricter)["authenticity_pod"].any()


def catalogue_world() -> tuple[list[Any], list[Any], list[Any]]:
    """Accounts that together walk through every authenticity explanation."""
    accs, rows, comments = pod_world(3)
    accs += [account(a) for a in ("nopost", "nolikes", "few", "times", "zero", "outside")]
    accs += [account("blog", "blog"), account("bought"), account("one"), account("erratic")]
    accs += [account("group"), account("fan")] + [account(f"peer{i}") for i in range(3)]
    rows += posts("nolikes", [None] * 12, [3] * 12) + steady("few", 8) + steady("times")
    rows += steady("zero", likes=500, comments=0) + steady("outside", likes=120, comments=1)
    rows += steady("blog") + steady("group") + steady("fan")
    rows += posts("bought", [1_000, 6_000] * 6, [30] * 12)
    rows += posts("one", [1_000] * 11 + [8_000], [30] * 12)
    rows += posts("erratic", [100, 3_000] * 6, [3, 100] * 6)
    rows += steady("peer0", likes=30, comments=30) + steady("peer1") + steady("peer2")
    rows += posts("peer2", [400 * 30] * 12, [30] * 12)
    by_id = {}
    for p in rows:
        by_id.setdefault(p["account_id"], []).append(p)
    comments += crowd(by_id["few"][:3]) + commented(by_id["times"], "x", None)
    comments += crowd(by_id["group"]) + crowd(by_id["fan"]) + commented(by_id["fan"], "fan1", 3)
    for i in range(3):
        comments += commented(by_id["group"], f"g{i}", 2.0)
    return accs, rows, comments


def test_every_authenticity_code_is_emitted_and_renders() -> None:
    frame = run(*catalogue_world())
    emitted: set[str] = set()
    for row in frame.iter_rows(named=True):
        for reason in authenticity_result(row, D).reasons:
            emitted.add(reason.code)
            for lang in LANGS:
                text = render(reason, lang)
                assert "{" not in text and "None" not in text, (reason, text)
                for name in placeholders(getattr(MESSAGES[reason.code], lang)):
                    value = reason.params.get(f"{name}_{lang}", reason.params.get(name))
                    assert value is not None, (reason.code, name)
    catalogue = {code for code in MESSAGES if code.startswith("auth_")}
    assert catalogue - emitted == set()


@st.composite
def random_world(draw: st.DrawFn) -> tuple[list[Any], list[Any], list[Any] | None]:
    n = draw(st.integers(1, 5))
    handles = [f"h{i}" for i in range(n)]
    platform = st.sampled_from(["instagram", "tiktok", "youtube", "blog"])
    accs = [account(h, draw(platform), draw(st.integers(0, 10**7))) for h in handles]
    count = st.one_of(st.none(), st.integers(0, 10**6))
    rows: list[dict[str, Any]] = []
    for h in handles:
        k = draw(st.integers(0, 14))
        rows += posts(
            h,
            draw(st.lists(count, min_size=k, max_size=k)),
            draw(st.lists(count, min_size=k, max_size=k)),
            every=draw(st.floats(0.1, 5)),
        )
    if draw(st.booleans()):
        return accs, rows, None
    authors = st.sampled_from([*handles, "fan", "bot1", "bot2"])
    delay = st.one_of(st.none(), st.floats(0, 10_000))
    comments = [
        c for p in rows for c in commented([p], draw(authors), draw(delay)) if draw(st.booleans())
    ]
    return accs, rows, comments


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_world())
def test_scores_and_confidences_stay_in_range(world: Any) -> None:
    frame = run(*world)
    assert frame.height == len(world[0])
    for row in frame.iter_rows(named=True):
        score, conf = row["authenticity_score"], row["authenticity_confidence"]
        assert score is None or 0.0 <= score <= 100.0
        assert 0.0 <= conf <= 1.0
        assert (score is None) == (conf == 0.0)
        result = authenticity_result(row, D)  # validates ranges and builds every reason
        assert all(r.code in MESSAGES for r in result.reasons)


def test_vet_frame_reads_only_the_comments_on_the_recent_posts() -> None:
    """vet_frame hands authenticity the recent posts and their comments only (a lazy comments
    table is read no further): the pods and counts stay those of all posts and comments."""
    from resonanz.core.vetting.pipeline import vet_frame

    accs, post_rows, comment_rows = pod_world(4)
    # older posts, regularly and fast commented by the same group: outside the recent window
    old = [
        {**p, "post_id": "old-" + p["post_id"], "posted_at": p["posted_at"] - timedelta(days=60)}
        for p in post_rows
    ]
    comment_rows += [c for p in old for c in commented([p], "clean0", 3.0)]
    post_frame = pl.DataFrame(post_rows + old, schema=POSTS)
    comments = pl.DataFrame(comment_rows, schema=COMMENTS)
    alone = authenticity_frame(pl.DataFrame(accs, schema=ACC), post_frame, comments, D, now=NOW)
    columns = ["account_id", *AUTHENTICITY_COLUMNS]
    for given_comments in (comments, comments.lazy()):
        vetted = vet_frame(
            pl.DataFrame(accs, schema=ACC),
            post_frame,
            pl.DataFrame(),
            D,
            now=NOW,
            comments=given_comments,
        )
        assert vetted.select(columns).equals(alone.select(columns))
    assert row_of(alone, "pod0")["authenticity_pod_size"] == 4
