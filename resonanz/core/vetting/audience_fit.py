"""Audience fit: how much of an account's audience is the brief's target, and the wasted reach.

Input: the ``audience`` table (``account_id, dimension, bucket, share``; dimensions age, gender,
country, city, language) and the brief's :class:`~resonanz.core.brief.Target`.

Per targeted dimension the *in-target share* is Σ share of the buckets in the target ÷ max(1, Σ
share of all buckets) — shares that do not add up to 1 leave the rest unknown, and unknown is
never counted in-target:

* age: buckets "18-24", "55+", "<18" are year ranges; a bucket partly inside the target range
  counts in proportion to its overlapping years (ages assumed evenly spread within a bucket;
  an open bucket spans ``open_bucket_years``);
* gender: ``f``/``m``/``d`` and spellings such as "female", "weiblich" (``gender_aliases``);
* place: the target cities when the brief names cities and the data has cities, else the target
  countries (cities lie in countries: the two are not multiplied);
* language: ISO 639-1, "de-AT" counts as "de".

In-target share = the product over the targeted dimensions. This **assumes the dimensions are
independent** (that the 18–34-year-olds are as often women as the audience as a whole) — the
platforms report each dimension separately, so nothing better is known. Wasted reach
("Streuverlust") = 1 − in-target share.

A targeted dimension without data is not assumed to be in target: it counts
``missing_dimension_share`` (0.5, the mean of a uniform prior), its confidence is 0, and the
bounds show the full range (lower: it counts 0; upper: it counts 1). Score = 100 × the geometric
mean of the per-dimension shares (the product's d-th root), so a precise target with four
dimensions is not punished for being precise. Confidence = mean over the targeted dimensions of
(known ? min(1, Σ shares ÷ min_coverage) : 0), halved for countries standing in for cities.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from resonanz.core.brief import Brief, Target
from resonanz.core.config import DomainDefaults
from resonanz.core.content.corpus import ACCOUNT_COLUMNS, select_columns
from resonanz.core.content.text import fold, fold_values
from resonanz.core.fit_settings import AudienceFitSettings
from resonanz.core.vetting.result import ComponentResult, Reason, component_from_row

KEY = "audience_fit"
P = KEY + "_"
AUDIENCE_COLUMNS: dict[str, Any] = {
    "account_id": pl.String,
    "dimension": pl.String,
    "bucket": pl.String,
    "share": pl.Float64,
}
DIMENSIONS_DTYPE = pl.List(
    pl.Struct(
        {
            "dimension": pl.String,
            "basis": pl.String,
            "share": pl.Float64,
            "coverage": pl.Float64,
            "known": pl.Boolean,
        }
    )
)
DIMENSIONS = ("age", "gender", "place", "language")
"""The dimensions a target can constrain (place = city or country)."""


def _age_bounds(s: AudienceFitSettings) -> tuple[pl.Expr, pl.Expr]:
    """Lower (inclusive) and upper (exclusive) age of a bucket; null if unreadable."""
    b = pl.col("bucket").str.strip_chars().str.to_lowercase()
    rng = b.str.extract_groups(r"^(\d+)\s*[-–]\s*(\d+)$")
    plus = b.str.extract(r"^(\d+)\s*\+$", 1).cast(pl.Int64)
    under = b.str.extract(r"^(?:<|unter|under)\s*(\d+)$", 1).cast(pl.Int64)
    single = b.str.extract(r"^(\d+)$", 1).cast(pl.Int64)
    r_lo, r_hi = rng.struct.field("1").cast(pl.Int64), rng.struct.field("2").cast(pl.Int64)
    lo = pl.coalesce(r_lo, plus, pl.when(under.is_not_null()).then(pl.lit(s.youngest_age)), single)
    hi = pl.coalesce(r_hi + 1, plus + s.open_bucket_years, under, single + 1)
    return lo, hi


def _age_fraction(target: tuple[int, int], s: AudienceFitSettings) -> pl.Expr:
    lo, hi = _age_bounds(s)
    t0, t1 = target[0], target[1] + 1
    overlap = (pl.min_horizontal(hi, pl.lit(t1)) - pl.max_horizontal(lo, pl.lit(t0))).clip(0)
    return pl.when(hi > lo).then(overlap / (hi - lo)).otherwise(0.0)


def _aliases(s: AudienceFitSettings) -> dict[str, str]:
    """Folded gender spellings → f/m/d/u (the first spelling of a folded form wins)."""
    folded = fold_values(list(s.gender_aliases))
    out: dict[str, str] = {}
    for key, code in zip(folded, s.gender_aliases.values(), strict=True):
        out.setdefault(key, code)
    return out


def _genders(values: tuple[str, ...], s: AudienceFitSettings) -> list[str]:
    aliases = _aliases(s)
    return [aliases.get(v, v) for v in fold_values(list(values))]


def _fractions(target: Target, s: AudienceFitSettings) -> dict[str, pl.Expr]:
    """Per targeted data dimension: the in-target fraction of a bucket (0–1)."""
    out: dict[str, pl.Expr] = {}
    if target.age is not None:
        out["age"] = _age_fraction(target.age, s)
    if target.genders:
        aliases = _aliases(s)
        code = fold(pl.col("bucket").str.strip_chars()).replace_strict(
            list(aliases), list(aliases.values()), default=None
        )
        out["gender"] = code.is_in(_genders(target.genders, s)).cast(pl.Float64)
    if target.countries:
        country = pl.col("bucket").str.strip_chars().str.to_uppercase()
        out["country"] = country.is_in(list(target.countries)).cast(pl.Float64)
    if target.cities:
        city = fold(pl.col("bucket").str.strip_chars())
        out["city"] = city.is_in(fold_values(list(target.cities))).cast(pl.Float64)
    if target.languages:
        lang = pl.col("bucket").str.strip_chars().str.to_lowercase().str.split_exact("-", 1)
        code = lang.struct.field("field_0").str.split("_").list.first()
        out["language"] = code.is_in([v.lower() for v in target.languages]).cast(pl.Float64)
    return out


def _per_dimension(audience: pl.LazyFrame, target: Target, s: AudienceFitSettings) -> pl.LazyFrame:
    """``account_id, dimension, share_in, coverage`` for the targeted data dimensions."""
    fractions = _fractions(target, s)
    frac: pl.Expr = pl.lit(None, pl.Float64)
    for dim, expr in fractions.items():
        frac = pl.when(pl.col("dimension") == dim).then(expr).otherwise(frac)
    return (
        audience.filter(pl.col("dimension").is_in(list(fractions)))
        .with_columns(_in=pl.col("share") * frac.fill_null(0.0))
        .group_by("account_id", "dimension")
        .agg(_in=pl.col("_in").sum(), coverage=pl.col("share").sum())
        .with_columns(share_in=(pl.col("_in") / pl.max_horizontal("coverage", pl.lit(1.0))))
    )


def _pick(dim: str, column: str) -> pl.Expr:
    return pl.col(column).filter(pl.col("dimension") == dim).first()


def _dimension_exprs(target: Target, s: AudienceFitSettings) -> dict[str, tuple[pl.Expr, ...]]:
    """Per targeted dimension: (basis, share, coverage, confidence factor) expressions."""
    out: dict[str, tuple[pl.Expr, ...]] = {}
    full = pl.lit(1.0)
    for dim, wanted in (("age", target.age is not None), ("gender", bool(target.genders))):
        if wanted:
            out[dim] = (pl.lit(dim), _pick(dim, "share_in"), _pick(dim, "coverage"), full)
    if target.cities or target.countries:
        city_known = _pick("city", "share_in").is_not_null() if target.cities else pl.lit(False)
        use_city = pl.lit(bool(target.cities)) & city_known
        basis: pl.Expr = pl.when(use_city).then(pl.lit("city"))
        if target.countries:
            basis = (
                pl.when(use_city)
                .then(pl.lit("city"))
                .when(_pick("country", "share_in").is_not_null())
                .then(pl.lit("country"))
            )
        share = (
            pl.when(use_city)
            .then(_pick("city", "share_in"))
            .otherwise(_pick("country", "share_in"))
        )
        cover = (
            pl.when(use_city)
            .then(_pick("city", "coverage"))
            .otherwise(_pick("country", "coverage"))
        )
        # countries standing in for the brief's cities say less: half the confidence
        factor = pl.when(pl.lit(bool(target.cities)) & ~use_city).then(0.5).otherwise(1.0)
        out["place"] = (basis, share, cover, factor)
    if target.languages:
        out["language"] = (
            pl.lit("language"),
            _pick("language", "share_in"),
            _pick("language", "coverage"),
            full,
        )
    return out


def _targeted(frame: pl.LazyFrame, target: Target, s: AudienceFitSettings) -> pl.LazyFrame:
    dims = _dimension_exprs(target, s)
    per = frame.group_by("account_id").agg(
        **{f"_{d}_{i}": e for d, exprs in dims.items() for i, e in enumerate(exprs)}
    )
    known = [pl.col(f"_{d}_1").is_not_null() for d in dims]
    share = [pl.col(f"_{d}_1").fill_null(s.missing_dimension_share) for d in dims]
    lower = [pl.col(f"_{d}_1").fill_null(0.0) for d in dims]
    upper = [pl.col(f"_{d}_1").fill_null(1.0) for d in dims]
    conf = [
        pl.when(k)
        .then((pl.col(f"_{d}_2") / s.min_coverage).clip(0.0, 1.0) * pl.col(f"_{d}_3"))
        .otherwise(0.0)
        for d, k in zip(dims, known, strict=True)
    ]
    n = len(dims)
    value = pl.reduce(lambda a, b: a * b, share)
    structs = [
        pl.struct(
            dimension=pl.lit(d),
            basis=pl.col(f"_{d}_0"),
            share=pl.col(f"_{d}_1"),
            coverage=pl.col(f"_{d}_2"),
            known=pl.col(f"_{d}_1").is_not_null(),
        )
        for d in dims
    ]
    missing = [pl.when(~k).then(pl.lit(d)) for d, k in zip(dims, known, strict=True)]
    return per.select(
        "account_id",
        _value=value,
        _lower=pl.reduce(lambda a, b: a * b, lower),
        _upper=pl.reduce(lambda a, b: a * b, upper),
        _score=100.0 * value.pow(1.0 / n),
        _confidence=pl.sum_horizontal(conf) / n,
        _dimensions=pl.concat_list(structs),
        _missing=pl.concat_list(missing).list.drop_nulls(),
    )


def audience_fit_frame(
    accounts: pl.DataFrame | pl.LazyFrame,
    audience: pl.DataFrame | pl.LazyFrame | None,
    defaults: DomainDefaults,
    brief: Brief | None = None,
) -> pl.DataFrame:
    """Per account (``accounts`` order): in-target share and wasted reach against the target.

    Columns: ``audience_fit_score`` (None without a target or without audience data),
    ``_confidence``, ``_value`` (in-target share), ``_wasted`` (1 − value, "Streuverlust"),
    ``_lower``/``_upper`` (bounds when targeted dimensions lack data), ``_has_target``,
    ``_known`` (dimensions present in the data), ``_dimensions`` (list of ``dimension, basis,
    share, coverage, known``) and ``_missing`` (targeted dimensions without data).
    """
    s = defaults.audience_fit
    acc = (
        select_columns(accounts, ACCOUNT_COLUMNS, "accounts")
        .select("account_id")
        .unique(maintain_order=True)
    )
    aud = (
        select_columns(audience, AUDIENCE_COLUMNS, "audience")
        .with_columns(
            dimension=pl.col("dimension").str.strip_chars().str.to_lowercase(),
            share=pl.col("share").fill_nan(None),
        )
        .filter(
            pl.col("share").is_not_null() & (pl.col("share") >= 0) & pl.col("bucket").is_not_null()
        )
    )
    known = aud.group_by("account_id").agg(_known=pl.col("dimension").unique().sort())
    frame = acc.join(known, on="account_id", how="left", maintain_order="left")
    target = brief.target if brief is not None and brief.has_target else None
    if target is not None:
        scored = _targeted(_per_dimension(aud, target, s), target, s)
        frame = frame.join(scored, on="account_id", how="left", maintain_order="left")
    else:
        nulls = {c: pl.lit(None, pl.Float64) for c in ("_value", "_lower", "_upper", "_score")}
        frame = frame.with_columns(
            **nulls,
            _confidence=pl.lit(0.0),
            _dimensions=pl.lit(None, DIMENSIONS_DTYPE),
            _missing=pl.lit(None, pl.List(pl.String)),
        )
    has_data = pl.col("_known").list.len().fill_null(0) > 0
    return frame.select(
        "account_id",
        pl.when(has_data).then(pl.col("_score")).alias(P + "score"),
        pl.when(has_data)
        .then(pl.col("_confidence"))
        .otherwise(0.0)
        .fill_null(0.0)
        .alias(P + "confidence"),
        pl.when(has_data).then(pl.col("_value")).alias(P + "value"),
        pl.when(has_data).then(1.0 - pl.col("_value")).alias(P + "wasted"),
        pl.when(has_data).then(pl.col("_lower")).alias(P + "lower"),
        pl.when(has_data).then(pl.col("_upper")).alias(P + "upper"),
        pl.lit(target is not None).alias(P + "has_target"),
        pl.col("_known").fill_null([]).alias(P + "known"),
        pl.col("_dimensions").alias(P + "dimensions"),
        pl.col("_missing").alias(P + "missing"),
    ).collect()


_DIMENSION_NAMES = {
    "age": ("Alter", "age"),
    "gender": ("Geschlecht", "gender"),
    "city": ("Stadt", "city"),
    "country": ("Land", "country"),
    "place": ("Ort", "place"),
    "language": ("Sprache", "language"),
}


def _names(dim: str) -> dict[str, str]:
    de, en = _DIMENSION_NAMES.get(dim, (dim, dim))
    return {"dimension_de": de, "dimension_en": en}


def _level(share: float, s: AudienceFitSettings) -> str:
    return "good" if share >= s.good_share else "warn" if share < s.low_share else "info"


def _dimension_reasons(row: Mapping[str, Any], s: AudienceFitSettings) -> list[Reason]:
    out = []
    for dim in row[P + "dimensions"] or []:
        if not dim["known"]:
            params = {
                **_names(dim["dimension"]),
                "assumed": s.missing_dimension_share,
                "lower": row[P + "lower"],
                "upper": row[P + "upper"],
            }
            out.append(Reason(code="af_dimension_missing", params=params, severity="warn"))
            continue
        basis = dim["basis"]
        params = {**_names(basis), "share": dim["share"]}
        out.append(Reason(code="af_dimension", params=params, severity=_level(dim["share"], s)))
        if dim["dimension"] == "place" and basis == "country" and row.get("_cities_targeted"):
            out.append(Reason(code="af_city_from_country", severity="info"))
        if dim["coverage"] is not None and dim["coverage"] < s.min_coverage:
            params = {**_names(basis), "coverage": dim["coverage"]}
            out.append(Reason(code="af_low_coverage", params=params))
    return out


def audience_fit_result(
    row: Mapping[str, Any], defaults: DomainDefaults, brief: Brief | None = None
) -> ComponentResult:
    """The explained audience-fit component of one row of :func:`audience_fit_frame`."""
    s = defaults.audience_fit
    reasons: list[Reason] = []
    if not row[P + "has_target"]:
        reasons.append(Reason(code="af_no_target"))
    elif not row[P + "known"]:
        reasons.append(Reason(code="af_no_data", severity="warn"))
    else:
        dims = row[P + "dimensions"] or []
        score = row[P + "score"]
        params = {"share": row[P + "value"], "wasted": row[P + "wasted"]}
        level = _level(score / 100.0, s) if score is not None else "info"
        reasons.append(Reason(code="af_in_target", params=params, severity=level))
        cities = bool(brief and brief.target and brief.target.cities)
        reasons += _dimension_reasons({**row, "_cities_targeted": cities}, s)
        if len(dims) > 1:
            reasons.append(Reason(code="af_independence", params={"n": len(dims)}))
    evidence = {
        "in_target_share": row[P + "value"],
        "wasted_reach": row[P + "wasted"],
        "lower": row[P + "lower"],
        "upper": row[P + "upper"],
        "dimensions": list(row[P + "dimensions"] or []),
        "missing": list(row[P + "missing"] or []),
        "known": list(row[P + "known"] or []),
        "has_target": bool(row[P + "has_target"]),
    }
    weight = defaults.composite.weights.get(KEY, 0.0)
    return component_from_row(KEY, row, weight, evidence, reasons)
