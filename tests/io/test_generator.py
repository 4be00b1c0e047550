"""The demo market generator: determinism, contract conformance, realism and planted frauds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from resonanz.core.contracts import TABLE_KEYS, TABLE_PARENTS, arrow_schema, table_spec
from resonanz.io.generator import (
    GROUND_TRUTH_SCHEMA,
    TABLES,
    WorldConfig,
    generate_world,
    write_world,
)

CREATORS = 300
SEED = 11
CONFIG = WorldConfig(chunk_size=120)  # three chunks: ids must run on across them


def _collect(creators: int, seed: int, config: WorldConfig | None = None) -> dict[str, pa.Table]:
    chunks = list(generate_world(creators, seed, config))
    return {t: pa.concat_tables([c[t] for c in chunks]) for t in TABLES}


@pytest.fixture(scope="module")
def world() -> dict[str, pa.Table]:
    return _collect(CREATORS, SEED, CONFIG)


@pytest.fixture(scope="module")
def frames(world: dict[str, pa.Table]) -> dict[str, pl.DataFrame]:
    out = {}
    for name, table in world.items():
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        out[name] = frame
    return out


@pytest.fixture(scope="module")
def fraud_frames() -> dict[str, pl.DataFrame]:
    """A small world with generous fraud shares, so every kind of fraud shows up."""
    config = WorldConfig(
        bought_followers_share=0.15,
        bot_followers_share=0.1,
        pod_share=0.15,
        bought_likes_share=0.1,
        undisclosed_ads_share=0.1,
        inactive_share=0.1,
    )
    out = {}
    for name, table in _collect(200, 5, config).items():
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        out[name] = frame
    return out


def test_same_seed_gives_the_same_world(world: dict[str, pa.Table]) -> None:
    again = _collect(CREATORS, SEED, CONFIG)
    for name in TABLES:
        assert world[name].equals(again[name]), name


def test_another_seed_gives_another_world(world: dict[str, pa.Table]) -> None:
    other = _collect(CREATORS, SEED + 1, CONFIG)
    assert not world["accounts"].equals(other["accounts"])


def test_chunks_have_the_requested_creators() -> None:
    sizes = [c["creators"].num_rows for c in generate_world(250, 3, WorldConfig(chunk_size=100))]
    assert sizes == [100, 100, 50]
    assert list(generate_world(0, 3)) == []


@pytest.mark.parametrize("name", TABLES)
def test_tables_conform_to_the_arrow_schema(world: dict[str, pa.Table], name: str) -> None:
    schema = GROUND_TRUTH_SCHEMA if name == "ground_truth" else arrow_schema(name)
    table = world[name]
    assert table.schema.names == schema.names
    assert [f.type for f in table.schema] == [f.type for f in schema]
    assert table.num_rows > 0
    for field in schema:
        if not field.nullable:
            assert table.column(field.name).null_count == 0, field.name


@pytest.mark.parametrize("name", list(TABLE_KEYS))
def test_values_respect_the_contract_rules(frames: dict[str, pl.DataFrame], name: str) -> None:
    frame = frames[name]
    for col in table_spec(name).columns:
        values = frame[col.name].drop_nulls()
        if col.choices is not None:
            assert set(values.unique().to_list()) <= set(col.choices), col.name
        if col.min_value is not None:
            assert values.min() >= col.min_value, col.name  # type: ignore[operator]
        if col.max_value is not None:
            assert values.max() <= col.max_value, col.name  # type: ignore[operator]
        if col.kind == "str" and col.max_length is not None and len(values):
            assert values.str.len_chars().max() <= col.max_length, col.name  # type: ignore[operator]


@pytest.mark.parametrize("name", [*TABLE_KEYS, "ground_truth"])
def test_keys_are_unique(frames: dict[str, pl.DataFrame], name: str) -> None:
    key = list(TABLE_KEYS.get(name, ("account_id",)))
    frame = frames[name]
    assert frame.select(key).is_duplicated().sum() == 0


@pytest.mark.parametrize("child", [*TABLE_PARENTS, "ground_truth"])
def test_foreign_keys_resolve(frames: dict[str, pl.DataFrame], child: str) -> None:
    column, parent = TABLE_PARENTS.get(child, ("account_id", "accounts"))
    parent_key = TABLE_KEYS[parent][0]
    missing = frames[child].join(frames[parent], left_on=column, right_on=parent_key, how="anti")
    assert missing.height == 0


def test_ids_and_handles_look_right(frames: dict[str, pl.DataFrame]) -> None:
    assert frames["creators"]["creator_id"][0] == "cr-000001"
    assert frames["accounts"]["account_id"][0] == "acc-000001"
    assert frames["posts"]["post_id"][0] == "p-00000001"
    assert frames["comments"]["comment_id"][0] == "c-000000001"
    accounts = frames["accounts"]
    assert accounts.select("platform", "handle").is_duplicated().sum() == 0
    assert accounts["handle"].str.contains(r"^[a-z0-9._-]+$").all()


def test_post_lists_follow_the_contract_conventions(frames: dict[str, pl.DataFrame]) -> None:
    posts = frames["posts"]
    tags = posts["hashtags"].explode().drop_nulls()
    assert (tags == tags.str.to_lowercase()).all()
    assert not tags.str.starts_with("#").any()
    mentions = posts["mentions"].explode().drop_nulls()
    assert len(mentions) > 0
    assert not mentions.str.starts_with("@").any()
    captions = posts.filter(pl.col("mentions").list.len() > 0)
    first = captions["mentions"].list.first()
    assert all(f"@{m}" in c for m, c in zip(first, captions["caption"], strict=True))


def test_follower_usernames_never_look_like_creator_handles(
    frames: dict[str, pl.DataFrame],
) -> None:
    handles = set(frames["accounts"]["handle"].to_list())
    assert not handles & set(frames["follower_samples"]["follower_username"].to_list())


def test_creators_are_german_market_personas(frames: dict[str, pl.DataFrame]) -> None:
    creators = frames["creators"]
    assert creators["country"].value_counts().sort("count")["country"][-1] == "DE"
    assert set(creators["country"].unique()) <= {"DE", "AT", "CH"}
    assert (creators["language"] == "de").mean() > 0.7  # type: ignore[operator]
    assert creators["niches"].list.len().is_between(1, 2).all()
    assert "Berlin" in creators["city"].to_list()


def _tier(followers: pl.Expr) -> pl.Expr:
    return (
        pl.when(followers < 1_000)
        .then(pl.lit("below"))
        .when(followers < 10_000)
        .then(pl.lit("nano"))
        .when(followers < 100_000)
        .then(pl.lit("micro"))
        .when(followers < 1_000_000)
        .then(pl.lit("mid"))
        .otherwise(pl.lit("mega"))
    )


def test_tier_mix_covers_nano_micro_and_mid(frames: dict[str, pl.DataFrame]) -> None:
    tiers = frames["accounts"].select(_tier(pl.col("followers")).alias("tier"))["tier"]
    counts = dict(tiers.value_counts().iter_rows())
    assert {"nano", "micro", "mid"} <= counts.keys()
    assert counts["nano"] == max(counts.values())
    assert counts["nano"] > counts["micro"] > counts["mid"]


def test_follower_counts_are_heavy_tailed(frames: dict[str, pl.DataFrame]) -> None:
    followers = np.sort(frames["accounts"]["followers"].to_numpy())[::-1]
    median = np.median(followers)
    assert followers.mean() > 5 * median
    assert np.percentile(followers, 99) > 50 * median
    top = followers[: max(len(followers) // 100, 1)]
    assert top.sum() > 0.2 * followers.sum()


def test_each_active_account_has_at_least_twelve_posts(frames: dict[str, pl.DataFrame]) -> None:
    counts = frames["posts"].group_by("account_id").len()
    active = frames["ground_truth"].filter(~pl.col("inactive")).select("account_id")
    assert active.join(counts, on="account_id")["len"].min() >= 12


def test_engagement_rates_follow_the_benchmarks(frames: dict[str, pl.DataFrame]) -> None:
    clean = frames["ground_truth"].filter(
        ~pl.col("bought_followers")
        & ~pl.col("bought_likes")
        & pl.col("pod_id").is_null()
        & (pl.col("fake_follower_share") < 0.2)
    )
    posts = frames["posts"].join(frames["accounts"], on="account_id").join(clean, on="account_id")
    rates = (
        posts.filter(pl.col("likes").is_not_null())
        .with_columns(tier=_tier(pl.col("followers")))
        .group_by("account_id", "platform", "tier")
        .agg(((pl.col("likes") + pl.col("comments")) / pl.col("followers")).median().alias("er"))
        .group_by("platform", "tier")
        .agg(pl.col("er").median())
    )
    er = {(p, t): v for p, t, v in rates.iter_rows()}
    assert 0.04 < er["instagram", "nano"] < 0.09
    assert er["instagram", "nano"] > er["instagram", "micro"] > er["instagram", "mid"]
    assert er["tiktok", "nano"] > 2 * er["instagram", "nano"]


def test_bought_followers_show_a_step_organic_accounts_do_not(
    fraud_frames: dict[str, pl.DataFrame],
) -> None:
    metrics = fraud_frames["metrics_daily"].sort("account_id", "date")
    jumps = metrics.group_by("account_id", maintain_order=True).agg(
        (pl.col("followers") / pl.col("followers").shift(2) - 1).max().alias("jump"),
        pl.col("date").get((pl.col("followers") / pl.col("followers").shift(1)).arg_max()),
    )
    truth = fraud_frames["ground_truth"].join(jumps, on="account_id")
    bought = truth.filter(pl.col("bought_followers"))
    organic = truth.filter(~pl.col("bought_followers"))
    assert bought.height >= 5
    assert bought["jump"].min() >= 0.12  # type: ignore[operator]
    assert organic["jump"].max() < 0.1  # type: ignore[operator]
    days = (bought["date"] - bought["bought_followers_date"]).dt.total_days()
    assert days.is_between(0, 1).all()
    assert (bought["bought_followers_count"] > 0).all()


def test_metrics_end_at_the_account_counters(frames: dict[str, pl.DataFrame]) -> None:
    last = frames["metrics_daily"].group_by("account_id").agg(pl.all().sort_by("date").last())
    joined = frames["accounts"].join(last, on="account_id", suffix="_m")
    assert (joined["followers"] == joined["followers_m"]).all()
    assert joined["following"].eq_missing(joined["following_m"]).all()
    blogs = joined.filter(pl.col("platform") == "blog")
    assert blogs["following"].is_null().all()
    assert (joined["media_count"] == joined["posts"]).all()
    assert frames["metrics_daily"].group_by("account_id").len()["len"].unique().to_list() == [180]


def test_fake_followers_show_in_the_sample(fraud_frames: dict[str, pl.DataFrame]) -> None:
    sample = fraud_frames["follower_samples"].with_columns(
        bad=~pl.col("has_profile_pic") & (pl.col("posts") <= 5) & (pl.col("bio_length") == 0)
    )
    shares = sample.group_by("account_id").agg(pl.col("bad").mean())
    truth = fraud_frames["ground_truth"].join(shares, on="account_id")
    assert truth.select(pl.corr("bad", "fake_follower_share")).item() > 0.7
    fake = truth.filter(pl.col("bought_followers"))["bad"].mean()
    clean = truth.filter(pl.col("fake_follower_share") < 0.1)["bad"].mean()
    assert fake > clean + 0.1  # type: ignore[operator]
    assert sample.group_by("account_id").len()["len"].max() <= 50


def test_pod_members_comment_on_each_other_within_minutes(
    fraud_frames: dict[str, pl.DataFrame],
) -> None:
    accounts = fraud_frames["accounts"].join(fraud_frames["ground_truth"], on="account_id")
    pods = accounts.filter(pl.col("pod_id").is_not_null())
    assert pods["pod_id"].n_unique() >= 1
    assert pods.group_by("pod_id").len()["len"].is_between(5, 12).all()
    posts = fraud_frames["posts"].join(pods.select("account_id", "pod_id"), on="account_id")
    members = pods.select(pl.col("handle").alias("author"), pl.col("pod_id").alias("author_pod"))
    comments = fraud_frames["comments"].join(posts, on="post_id").join(members, on="author")
    same_pod = comments.filter(pl.col("pod_id") == pl.col("author_pod"))
    delay = (same_pod["commented_at"] - same_pod["posted_at"]).dt.total_minutes()
    assert delay.max() <= 15
    commentable = posts.filter(pl.col("format") != "story").height
    assert same_pod["post_id"].n_unique() > 0.9 * commentable


def test_bought_likes_inflate_the_like_comment_ratio(fraud_frames: dict[str, pl.DataFrame]) -> None:
    ratio = (
        fraud_frames["posts"]
        .filter(pl.col("likes").is_not_null() & (pl.col("comments") > 0))
        .group_by("account_id")
        .agg((pl.col("likes") / pl.col("comments")).median().alias("ratio"))
        .join(fraud_frames["ground_truth"], on="account_id")
    )
    inflated = ratio.filter(pl.col("bought_likes"))["ratio"].median()
    normal = ratio.filter(~pl.col("bought_likes") & pl.col("pod_id").is_null())["ratio"].median()
    assert 15 < normal < 60  # type: ignore[operator]
    assert inflated > 2 * normal  # type: ignore[operator]


def test_sponsored_posts_are_disclosed_unless_planted(
    fraud_frames: dict[str, pl.DataFrame],
) -> None:
    planted = set(
        " ".join(fraud_frames["ground_truth"]["undisclosed_ad_post_ids"].to_list()).split()
    )
    assert planted
    posts = fraud_frames["posts"].with_columns(
        sponsored=pl.col("discount_codes").list.len() > 0,
        disclosed=pl.col("caption").str.contains(
            r"^(Werbung|Anzeige|#werbung|#anzeige|\[Werbung\]|#ad|Ad |#sponsored)"
        ),
        planted=pl.col("post_id").is_in(list(planted)),
    )
    assert not posts.filter(pl.col("planted"))["disclosed"].any()
    assert posts.filter(pl.col("sponsored") & ~pl.col("planted"))["disclosed"].all()
    assert (posts.filter(pl.col("planted"))["mentions"].list.len() > 0).all()
    codes = posts.filter(pl.col("sponsored"))
    assert all(c[0] in t for c, t in zip(codes["discount_codes"], codes["caption"], strict=True))


def test_inactive_accounts_stopped_posting(fraud_frames: dict[str, pl.DataFrame]) -> None:
    last = fraud_frames["posts"].group_by("account_id").agg(pl.col("posted_at").max())
    truth = fraud_frames["ground_truth"].join(last, on="account_id")
    now = pl.datetime(2026, 11, 1, time_zone="UTC")
    idle = truth.with_columns(days=(now - pl.col("posted_at")).dt.total_days())
    assert idle.filter(pl.col("inactive"))["days"].min() >= 59  # type: ignore[operator]
    assert idle.filter(~pl.col("inactive"))["days"].max() < 59  # type: ignore[operator]


def test_comments_are_capped_and_mixed(frames: dict[str, pl.DataFrame]) -> None:
    comments = frames["comments"].join(frames["posts"], on="post_id", suffix="_post")
    per_post = comments.group_by("post_id").agg(pl.len(), pl.col("comments").first())
    assert (per_post["len"] <= per_post["comments"]).all()
    assert (comments["commented_at"] > comments["posted_at"]).all()
    texts = comments["text"]
    assert texts.str.contains("(?i)followers|collab|Kooperation").any()
    assert texts.str.contains(r"\?").any()
    assert texts.str.contains(r"^[^\p{L}\d]+$").any()  # emoji-only


def test_audience_shares_sum_to_one(frames: dict[str, pl.DataFrame]) -> None:
    sums = frames["audience"].group_by("account_id", "dimension").agg(pl.col("share").sum())
    assert sums["share"].is_between(0.999, 1.001).all()
    assert set(sums["dimension"].unique()) == {"age", "gender", "country", "city", "language"}


def _csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_write_world_round_trip(tmp_path: Path, fmt: str) -> None:
    seen: list[int] = []
    config = WorldConfig(chunk_size=40)
    paths = write_world(tmp_path, 100, 2, fmt, progress=seen.append, config=config)
    expected = _collect(100, 2, config)
    assert seen == [40, 80, 100]
    assert set(paths) == set(TABLES)
    for name, path in paths.items():
        assert path == tmp_path / f"{name}.{fmt}"
        assert path.exists()
        table = expected[name]
        if fmt == "csv":
            header, rows = _csv_rows(path)
            assert header == table.schema.names
            assert len(rows) == table.num_rows
        elif fmt == "jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            assert len(lines) == table.num_rows
            assert list(json.loads(lines[0])) == table.schema.names
        else:
            assert pq.read_table(path).equals(table)


def test_csv_cells_use_the_documented_formats(tmp_path: Path) -> None:
    paths = write_world(tmp_path, 40, 4, "csv")
    header, rows = _csv_rows(paths["posts"])
    post = dict(zip(header, rows[0], strict=True))
    assert post["posted_at"].endswith("Z") and "T" in post["posted_at"]
    assert post["has_platform_paid_label"] in {"true", "false", ""}
    tags = [dict(zip(header, r, strict=True))["hashtags"] for r in rows]
    assert any(" " in t and "#" not in t and "[" not in t for t in tags)
    header, rows = _csv_rows(paths["metrics_daily"])
    assert rows[0][header.index("date")] == "2026-05-05"
    header, rows = _csv_rows(paths["ground_truth"])
    assert {r[header.index("bought_followers")] for r in rows} <= {"true", "false"}


def test_write_world_rejects_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_world(tmp_path, 1, 1, "xlsx")
