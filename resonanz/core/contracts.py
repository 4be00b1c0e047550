"""The data contract: what resonanz stores about creators, their accounts and their content.

Each table is a frozen pydantic model (one row), documented field by field. The same models give
the Arrow schema of the bulk tables (:func:`arrow_schema`), the column rules the importers validate
against (:func:`table_spec`) and the JSON Schema in ``docs/data-contract.schema.json``.

Unknown values are explicit: an optional field is ``None`` when the source did not say, never 0.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

from resonanz.core.advocates.contract import CRM_TABLE_KEYS, CRM_TABLE_MODELS, CRM_TABLE_PARENTS

Platform = Literal["instagram", "tiktok", "youtube", "blog", "other"]
PostFormat = Literal["feed", "carousel", "reel", "short", "story", "video", "live", "article"]
AudienceDimension = Literal["age", "gender", "country", "city", "language"]

Count = Annotated[int, Field(ge=0)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]

PLATFORMS: tuple[str, ...] = get_args(Platform)
POST_FORMATS: tuple[str, ...] = get_args(PostFormat)
VIDEO_PLATFORMS: frozenset[str] = frozenset({"tiktok", "youtube"})


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Creator(_Row):
    """A person (or team) who makes content, possibly on several platforms."""

    creator_id: str = Field(
        min_length=1, max_length=200, description="Your stable id of the creator."
    )
    name: str | None = Field(None, max_length=300, description="Display name of the person.")
    city: str | None = Field(None, max_length=200, description="Home city, e.g. 'München'.")
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2 country code.")
    language: str | None = Field(
        None, max_length=8, description="Main content language, ISO 639-1."
    )
    niches: list[str] = Field(default_factory=list, description="Topics, e.g. ['fitness', 'food'].")


class Account(_Row):
    """One creator's presence on one platform."""

    account_id: str = Field(
        min_length=1, max_length=200, description="Your stable id of the account."
    )
    creator_id: str | None = Field(None, max_length=200, description="The creator it belongs to.")
    platform: Platform = Field(description="instagram, tiktok, youtube, blog or other.")
    handle: str = Field(min_length=1, max_length=200, description="Username without '@'.")
    display_name: str | None = Field(None, max_length=300)
    bio: str | None = Field(None, max_length=5000)
    followers: Count | None = Field(None, description="Followers/subscribers now; None = unknown.")
    following: Count | None = Field(None, description="Accounts it follows; None = unknown.")
    media_count: Count | None = Field(None, description="Posts/videos published in total.")
    is_private: bool | None = None
    has_profile_pic: bool | None = None
    is_verified: bool | None = None
    external_url: str | None = Field(None, max_length=2000, description="Link in bio.")
    country: str | None = Field(None, max_length=2, description="ISO country the account targets.")
    language: str | None = Field(
        None, max_length=8, description="Main caption language, ISO 639-1."
    )


class Post(_Row):
    """One published piece of content with its public metrics at collection time."""

    post_id: str = Field(min_length=1, max_length=200)
    account_id: str = Field(min_length=1, max_length=200)
    posted_at: datetime = Field(description="Publication time (UTC if no zone is given).")
    format: PostFormat | None = Field(None, description="feed, carousel, reel, short, story, …")
    caption: str | None = Field(None, max_length=20000)
    hashtags: list[str] = Field(default_factory=list, description="Without '#', lower case.")
    mentions: list[str] = Field(default_factory=list, description="Handles without '@'.")
    links: list[str] = Field(default_factory=list)
    discount_codes: list[str] = Field(default_factory=list)
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None
    saves: Count | None = None
    views: Count | None = None
    reach: Count | None = Field(
        None, description="Unique accounts reached, when the owner shares it."
    )
    has_platform_paid_label: bool | None = Field(
        None, description="The platform's own 'Paid partnership' label was shown."
    )
    on_screen_text: str | None = Field(None, max_length=20000)
    transcript: str | None = Field(None, max_length=100000)


class Comment(_Row):
    """A comment under a post."""

    comment_id: str = Field(min_length=1, max_length=200)
    post_id: str = Field(min_length=1, max_length=200)
    author: str = Field(min_length=1, max_length=200, description="Commenter's handle.")
    text: str | None = Field(None, max_length=10000)
    commented_at: datetime | None = None
    likes: Count | None = None


class FollowerSample(_Row):
    """One follower of an account, from a (random) sample of its followers."""

    account_id: str = Field(min_length=1, max_length=200)
    follower_username: str = Field(min_length=1, max_length=200)
    followers: Count | None = None
    following: Count | None = None
    posts: Count | None = None
    has_profile_pic: bool | None = None
    is_private: bool | None = None
    bio_length: Count | None = None
    has_external_url: bool | None = None
    last_post_at: date | None = None


class AudienceShare(_Row):
    """Share of an account's audience in one bucket of one dimension (e.g. age 18-24: 0.31)."""

    account_id: str = Field(min_length=1, max_length=200)
    dimension: AudienceDimension
    bucket: str = Field(min_length=1, max_length=100, description="e.g. '18-24', 'f', 'DE', 'de'.")
    share: Share


class MetricDaily(_Row):
    """An account's public counters on one day."""

    account_id: str = Field(min_length=1, max_length=200)
    date: date
    followers: Count | None = None
    following: Count | None = None
    posts: Count | None = None


TABLE_MODELS: dict[str, type[_Row]] = {
    "creators": Creator,
    "accounts": Account,
    "posts": Post,
    "comments": Comment,
    "follower_samples": FollowerSample,
    "audience": AudienceShare,
    "metrics_daily": MetricDaily,
}
"""Tables in dependency order: a table's parent always comes before it."""

TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "creators": ("creator_id",),
    "accounts": ("account_id",),
    "posts": ("post_id",),
    "comments": ("comment_id",),
    "follower_samples": ("account_id", "follower_username"),
    "audience": ("account_id", "dimension", "bucket"),
    "metrics_daily": ("account_id", "date"),
}

TABLE_PARENTS: dict[str, tuple[str, str]] = {
    "accounts": ("creator_id", "creators"),
    "posts": ("account_id", "accounts"),
    "comments": ("post_id", "posts"),
    "follower_samples": ("account_id", "accounts"),
    "audience": ("account_id", "accounts"),
    "metrics_daily": ("account_id", "accounts"),
}
"""Foreign key column of each child table and the table it points at (by that table's key)."""

ALL_TABLE_MODELS: dict[str, type[BaseModel]] = {**TABLE_MODELS, **CRM_TABLE_MODELS}
"""The creator tables and the brand's CRM tables (:mod:`resonanz.core.advocates.contract`)."""
ALL_TABLE_KEYS = {**TABLE_KEYS, **CRM_TABLE_KEYS}
ALL_TABLE_PARENTS = {**TABLE_PARENTS, **CRM_TABLE_PARENTS}


@dataclass(frozen=True)
class ColumnSpec:
    """How one column is typed and checked; derived from the table's pydantic model."""

    name: str
    kind: str  # str | int | float | bool | datetime | date | list
    required: bool
    choices: tuple[str, ...] | None = None
    min_value: float | None = None
    max_value: float | None = None
    max_length: int | None = None
    min_length: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """A table of the contract: columns, key, parent."""

    name: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    parent: tuple[str, str] | None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


_KIND_OF: dict[Any, str] = {str: "str", int: "int", float: "float", bool: "bool"}
_KIND_OF.update({datetime: "datetime", date: "date"})

_ARROW_OF: dict[str, pa.DataType] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
    "list": pa.list_(pa.string()),
}


def _unwrap(annotation: Any) -> tuple[Any, tuple[str, ...] | None, list[Any]]:
    """Strip Optional/Annotated; return the base type, Literal choices and nested metadata."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(args[0])
    if origin is Annotated:
        base, choices, meta = _unwrap(get_args(annotation)[0])
        own = [m for a in annotation.__metadata__ for m in [a, *getattr(a, "metadata", [])]]
        return base, choices, [*meta, *own]
    if origin is Literal:
        return str, tuple(str(a) for a in get_args(annotation)), []
    if origin is list:
        return list, None, []
    return annotation, None, []


def _column_spec(name: str, info: Any) -> ColumnSpec:
    base, choices, nested = _unwrap(info.annotation)
    kind = "list" if base is list else _KIND_OF[base]
    bounds: dict[str, float | int | None] = {
        "ge": None,
        "le": None,
        "max_length": None,
        "min_length": None,
    }
    for meta in [*info.metadata, *nested]:
        for attr in bounds:
            if getattr(meta, attr, None) is not None:
                bounds[attr] = getattr(meta, attr)
    return ColumnSpec(
        name=name,
        kind=kind,
        required=info.is_required(),
        choices=choices,
        min_value=bounds["ge"],
        max_value=bounds["le"],
        max_length=int(bounds["max_length"]) if bounds["max_length"] is not None else None,
        min_length=int(bounds["min_length"]) if bounds["min_length"] is not None else None,
        description=info.description,
    )


def table_spec(table: str) -> TableSpec:
    """The column rules of one table, e.g. ``table_spec("posts").required``."""
    model = ALL_TABLE_MODELS[table]
    columns = tuple(_column_spec(n, f) for n, f in model.model_fields.items())
    return TableSpec(table, columns, ALL_TABLE_KEYS[table], ALL_TABLE_PARENTS.get(table))


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table in the contract (the Parquet layout)."""
    spec = table_spec(table)
    return pa.schema(
        [pa.field(c.name, _ARROW_OF[c.kind], nullable=not c.required) for c in spec.columns]
    )


def json_schema() -> dict[str, Any]:
    """One JSON Schema document describing a row of every table."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "resonanz data contract",
        "description": __doc__.strip().splitlines()[0] if __doc__ else "",
        "$defs": {t: m.model_json_schema() for t, m in ALL_TABLE_MODELS.items()},
        "properties": {t: {"$ref": f"#/$defs/{t}"} for t in ALL_TABLE_MODELS},
    }
