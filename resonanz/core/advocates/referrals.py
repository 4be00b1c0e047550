"""The referral programme: codes and links, fraud checks, referral rates and the projected uplift.

Seed 003: "Die Sales-Steigerung erfolgt aus der Anzahl der eingesetzten Influencer multipliziert
mit der Weiterempfehlungsquote pro Influencer." resonanz writes it out as

    uplift orders  = N × r × c        uplift revenue = N × r × c × v

with N advocates to enlist, r referrals per participating advocate, c the conversion rate of a
referral and v the mean first-order value — all three measured from the imported referral
outcomes after the fraud checks. Since N × r × c = N × (mean conversions per advocate), the
interval is a bootstrap over participating advocates (each resample recomputes r, c and v), so
the uncertainty of all three factors and their correlation is kept.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from resonanz.core.advocates.frames import conform
from resonanz.core.advocates.settings import ReferralSettings

FRAUD_FLAGS = (
    "self_referral",
    "same_email_as_referrer",
    "same_address_as_referrer",
    "same_payment_as_referrer",
    "shared_identity",
    "burst",
)
_IDENTITY = (
    ("email_hash", "referred_email_hash", "same_email_as_referrer"),
    ("address_hash", "referred_address_hash", "same_address_as_referrer"),
    ("payment_fingerprint", "referred_payment_fingerprint", "same_payment_as_referrer"),
)


def referral_code(secret: bytes, workspace: str, customer_id: str, length: int) -> str:
    """A customer's code: HMAC-SHA256 of workspace and id under the secret, in base32.

    Deterministic (the same customer always gets the same code) and not guessable without the
    secret; no lookup table is needed to check a code.
    """
    if not secret:
        raise ValueError("the referral secret must not be empty")
    mac = hmac.new(secret, f"{workspace}\x00{customer_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode("ascii").rstrip("=")[:length]


def referral_codes(
    customer_ids: list[str], secret: bytes, workspace: str, settings: ReferralSettings
) -> pl.DataFrame:
    """customer_id, code, link for each customer."""
    codes = [referral_code(secret, workspace, c, settings.code_length) for c in customer_ids]
    return pl.DataFrame(
        {
            "customer_id": customer_ids,
            "code": codes,
            "link": [settings.link_base + c for c in codes],
        },
        schema={"customer_id": pl.String, "code": pl.String, "link": pl.String},
    )


def referrals_from_orders(orders: pl.DataFrame, codes: pl.DataFrame) -> pl.DataFrame:
    """Referral outcomes read off the shop's orders: an order that used an advocate's code.

    ``codes`` maps customer_id → code (:func:`referral_codes`). The first order of each referred
    customer per code becomes one converted referral (``referral_id`` ``order:<order_id>``); an
    order placed by the code's owner stays in, so the fraud check flags it as a self-referral.
    """
    orders = conform(orders, "orders")
    used = (
        orders.filter(pl.col("referral_code").is_not_null())
        .with_columns(pl.col("referral_code").str.strip_chars().str.to_uppercase().alias("code"))
        .join(codes.select(pl.col("customer_id").alias("referrer_id"), "code"), on="code")
        .sort("ordered_at")
        .unique(["code", "customer_id"], keep="first", maintain_order=True)
    )
    frame = used.select(
        pl.concat_str(pl.lit("order:"), pl.col("order_id")).alias("referral_id"),
        "referrer_id",
        "code",
        pl.col("customer_id").alias("referred_customer_id"),
        pl.col("ordered_at").alias("invited_at"),
        pl.lit(True).alias("converted"),
        pl.col("value").alias("order_value"),
    )
    return conform(frame, "referrals")


def _burst(frame: pl.DataFrame, window_minutes: float, min_referrals: int) -> np.ndarray:
    """True where a referral lies in a window of ``window_minutes`` with ≥ ``min_referrals``."""
    flags = np.zeros(frame.height, dtype=bool)
    timed = frame.with_row_index("__i").filter(pl.col("invited_at").is_not_null())
    if timed.is_empty():
        return flags
    timed = timed.sort(["referrer_id", "invited_at"])
    group = timed.get_column("referrer_id").rank("dense").to_numpy().astype(np.float64)
    seconds = timed.get_column("invited_at").dt.epoch("s").to_numpy().astype(np.float64)
    window = window_minutes * 60.0
    key = group * (seconds.max() - seconds.min() + 4 * window + 1.0) + (seconds - seconds.min())
    idx = np.arange(len(key))
    count_back = idx - np.searchsorted(key, key - window, side="left") + 1
    ends = np.where(count_back >= min_referrals, idx, len(key))
    # first burst end at or after each referral (a reversed running minimum)
    nxt = np.minimum.accumulate(ends[::-1])[::-1]
    ok = nxt < len(key)
    in_burst = np.zeros(len(key), dtype=bool)
    in_burst[ok] = key[nxt[ok]] <= key[ok] + window
    flags[timed.get_column("__i").to_numpy()] = in_burst
    return flags


def check_fraud(
    referrals: pl.DataFrame, customers: pl.DataFrame, settings: ReferralSettings
) -> pl.DataFrame:
    """The referrals with ``flags`` (list of :data:`FRAUD_FLAGS`) and ``clean`` (no flag).

    Identity checks compare hashes only, where the export has them: the referral's own
    ``referred_*`` columns, else those of the referred customer's row in ``customers``.
    """
    referrals, customers = conform(referrals, "referrals"), conform(customers, "customers")
    ids = customers.select("customer_id", "email_hash", "address_hash", "payment_fingerprint")
    referrer = ids.rename({c: f"r_{c}" for c in ids.columns if c != "customer_id"})
    referred = ids.rename({c: f"d_{c}" for c in ids.columns if c != "customer_id"})
    work = referrals.join(referrer, left_on="referrer_id", right_on="customer_id", how="left").join(
        referred, left_on="referred_customer_id", right_on="customer_id", how="left"
    )
    work = work.with_columns(
        pl.coalesce(pl.col(ref), pl.col(f"d_{own}")).alias(f"x_{own}") for own, ref, _ in _IDENTITY
    )
    checks = [
        pl.when(pl.col("referred_customer_id") == pl.col("referrer_id")).then(
            pl.lit("self_referral")
        )
    ]
    checks += [
        pl.when(pl.col(f"x_{own}") == pl.col(f"r_{own}")).then(pl.lit(flag))
        for own, _, flag in _IDENTITY
    ]
    # one identity behind several referred people: a hash seen for more than one referral
    person = pl.coalesce("referred_customer_id", "referral_id")
    shared = pl.any_horizontal(
        [
            pl.col(f"x_{own}").is_not_null() & (person.n_unique().over(f"x_{own}") > 1)
            for own, _, _ in _IDENTITY
        ]
    )
    checks.append(pl.when(shared).then(pl.lit("shared_identity")))
    burst = _burst(referrals, settings.burst_window_minutes, settings.burst_min_referrals)
    checks.append(pl.when(pl.Series(burst)).then(pl.lit("burst")))
    flags = pl.concat_list(checks).list.drop_nulls().alias("flags")
    out = work.with_columns(flags).select([*referrals.columns, "flags"])
    return out.with_columns((pl.col("flags").list.len() == 0).alias("clean"))


def per_referrer(checked: pl.DataFrame, settings: ReferralSettings) -> pl.DataFrame:
    """Per advocate: referrals, flagged, conversions (clean ones), rates and revenue.

    ``conversion_rate_shrunk`` is the Beta-Binomial posterior mean with the prior of
    ``[advocates.referrals]``, so an advocate with 1 of 1 is not ranked above one with 9 of 10.
    """
    converted = pl.col("converted").fill_null(False) & pl.col("clean")
    a, b = settings.prior_conversions, settings.prior_failures
    return (
        checked.group_by("referrer_id")
        .agg(
            pl.col("clean").sum().cast(pl.Int64).alias("referrals"),
            (~pl.col("clean")).sum().cast(pl.Int64).alias("flagged"),
            converted.sum().cast(pl.Int64).alias("conversions"),
            pl.col("order_value").filter(converted).sum().alias("revenue"),
            pl.col("order_value")
            .filter(converted)
            .is_not_null()
            .sum()
            .cast(pl.Int64)
            .alias("valued"),
        )
        .with_columns(
            pl.when(pl.col("referrals") > 0)
            .then(pl.col("conversions") / pl.col("referrals"))
            .alias("conversion_rate"),
            ((pl.col("conversions") + a) / (pl.col("referrals") + a + b)).alias(
                "conversion_rate_shrunk"
            ),
        )
        .sort(["conversions", "referrer_id"], descending=[True, False])
    )


@dataclass(frozen=True)
class Uplift:
    """Projected uplift of enlisting ``advocates`` advocates, with a bootstrap interval."""

    advocates: int
    observed_advocates: int
    referrals_per_advocate: float
    conversion_rate: float
    order_value: float | None
    orders: float
    revenue: float | None
    level: float
    orders_interval: tuple[float, float]
    revenue_interval: tuple[float, float] | None

    def as_dict(self) -> dict[str, object]:
        return {
            "advocates": self.advocates,
            "observed_advocates": self.observed_advocates,
            "referrals_per_advocate": self.referrals_per_advocate,
            "conversion_rate": self.conversion_rate,
            "order_value": self.order_value,
            "orders": self.orders,
            "revenue": self.revenue,
            "ci": {
                "level": self.level,
                "orders": list(self.orders_interval),
                "revenue": list(self.revenue_interval) if self.revenue_interval else None,
            },
        }


def _stats(
    ref: np.ndarray, conv: np.ndarray, rev: np.ndarray, valued: np.ndarray
) -> tuple[Any, Any, Any]:
    """r, c, v and orders/revenue per advocate of (resampled) advocates; rows = resamples."""
    n = ref.shape[-1]
    r = ref.sum(-1) / n
    c = np.divide(conv.sum(-1), ref.sum(-1), out=np.zeros(ref.shape[:-1]), where=ref.sum(-1) > 0)
    v = np.divide(
        rev.sum(-1), valued.sum(-1), out=np.full(ref.shape[:-1], np.nan), where=valued.sum(-1) > 0
    )
    return r, c, v


def project_uplift(stats: pl.DataFrame, advocates: int, settings: ReferralSettings) -> Uplift:
    """N × r × c (× v) from the per-advocate ``stats`` of :func:`per_referrer`, with an interval."""
    if stats.is_empty() or int(stats["referrals"].sum()) == 0:
        raise ValueError("no clean referral outcomes: the referral rate cannot be measured")
    if advocates < 0:
        raise ValueError("advocates must be ≥ 0")
    ref = stats["referrals"].to_numpy().astype(np.float64)
    conv = stats["conversions"].to_numpy().astype(np.float64)
    rev = stats["revenue"].fill_null(0.0).to_numpy().astype(np.float64)
    valued = stats["valued"].to_numpy().astype(np.float64)
    r, c, v = _stats(ref, conv, rev, valued)
    orders = advocates * float(r) * float(c)
    has_value = not np.isnan(v)
    revenue = orders * float(v) if has_value else None
    rng = np.random.default_rng(settings.seed)
    n = len(ref)
    draws: list[np.ndarray] = []
    values: list[np.ndarray] = []
    step = max(1, 2_000_000 // max(n, 1))
    for start in range(0, settings.bootstrap_draws, step):
        size = min(step, settings.bootstrap_draws - start)
        idx = rng.integers(0, n, size=(size, n))
        rb, cb, vb = _stats(ref[idx], conv[idx], rev[idx], valued[idx])
        draws.append(advocates * rb * cb)
        ob = advocates * rb * cb
        values.append(np.where(ob == 0, 0.0, ob * vb))  # no conversion: no revenue, any v
    tail = (1.0 - settings.ci_level) / 2.0
    boot = np.concatenate(draws)
    orders_ci = (float(np.quantile(boot, tail)), float(np.quantile(boot, 1.0 - tail)))
    revenue_ci = None
    if has_value:
        vals = np.concatenate(values)
        vals = vals[~np.isnan(vals)]
        revenue_ci = (float(np.quantile(vals, tail)), float(np.quantile(vals, 1.0 - tail)))
    return Uplift(
        advocates=advocates,
        observed_advocates=n,
        referrals_per_advocate=float(r),
        conversion_rate=float(c),
        order_value=float(v) if has_value else None,
        orders=orders,
        revenue=revenue,
        level=settings.ci_level,
        orders_interval=orders_ci,
        revenue_interval=revenue_ci,
    )
