"""A seeded demo CRM for the consumer-influencer analysis, with its ground truth.

Customers of a German snack brand: a latent enthusiasm per customer drives how often they buy
(Poisson), whether they buy new products within days of launch, how many reviews they write and
how many friends they refer. Planted on purpose, and listed in ``ground_truth_crm.json``:

* advocates (high enthusiasm, frequent, early, positive reviews, some with a creator account of
  the demo market as their Instagram handle), brand critics (active, negative reviews) and brand
  mavens (many reviews, positive overall with some critical ones);
* referral fraud: self-referrals through a second account with the same payment fingerprint,
  one referred e-mail behind several sign-ups, and bursts of scripted referrals;
* regional daily sales (Bundesländer) with a campaign effect of known size in the test regions
  (:func:`resonanz.io.geo_demo.demo_sales`).

    frames, truth = demo_crm(customers=3000, seed=7)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from resonanz.core.advocates.cities import city_table
from resonanz.core.advocates.contract import CRM_TABLE_MODELS
from resonanz.core.contracts import arrow_schema
from resonanz.io.generator_base import NOW
from resonanz.io.geo_demo import demo_sales
from resonanz.io.writers import EXTENSIONS, write_table

HISTORY_DAYS = 730
_STATES = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg",
    "HB": "Bremen", "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz",
    "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}  # fmt: skip
_TOWNS = (
    ("Bad Tölz", "83646", "BY"), ("Husum", "25813", "SH"), ("Wernigerode", "38855", "ST"),
    ("Lindau", "88131", "BY"), ("Meißen", "01662", "SN"), ("Tuttlingen", "78532", "BW"),
    ("Cuxhaven", "27472", "NI"), ("Weimar", "99423", "TH"), ("Waren (Müritz)", "17192", "MV"),
    ("Eberswalde", "16225", "BB"), ("Marburg", "35037", "HE"), ("Bad Kreuznach", "55543", "RP"),
    ("Merzig", "66663", "SL"), ("Soest", "59494", "NW"), ("Rheine", "48431", "NW"),
    ("Passau", "94032", "BY"), ("Stade", "21680", "NI"), ("Görlitz", "02826", "SN"),
)  # fmt: skip
_PRODUCTS = (
    "Hafer-Riegel Kakao", "Hafer-Riegel Beere", "Nuss-Mix Classic", "Nuss-Mix Chili",
    "Protein-Crunch", "Dinkel-Cracker", "Apfel-Chips", "Mango-Chips", "Kakao-Drink",
    "Matcha-Riegel", "Erdnuss-Creme", "Mandel-Creme", "Granola Zimt", "Granola Schoko",
    "Reiswaffeln Meersalz", "Linsen-Chips", "Feigen-Riegel", "Kokos-Bites",
    "Espresso-Bohnen", "Winter-Edition Lebkuchen", "Sommer-Edition Zitrone", "Vegan-Box",
)  # fmt: skip
_REVIEWS = {
    "de": {
        "pos": ("Super lecker, gerne wieder!", "Toll, ich empfehle es allen Freunden.",
                "Perfekt für unterwegs, bin begeistert.", "Richtig gut und frisch."),
        "mixed": ("Gut, aber leider etwas teuer.", "Schmeckt gut, Verpackung leider kaputt.",
                  "Ganz lecker, aber die alte Sorte war besser, schade."),
        "neg": ("Enttäuschend, schmeckt fad.", "Leider schlecht, nie wieder.",
                "Viel zu teuer und langweilig.", "Kam kaputt an, Ärger mit der Reklamation."),
    },
    "en": {
        "pos": ("Great taste, I love it!", "Excellent snack, highly recommend.",
                "Perfect for the gym, amazing quality."),
        "mixed": ("Good, but a bit expensive.", "Nice flavour, but the box was broken.",
                  "Tasty, though the old recipe was better, disappointing change."),
        "neg": ("Disappointing, tastes bland.", "Terrible, a waste of money.",
                "Arrived broken and slow refund. Awful."),
    },
}  # fmt: skip


@dataclass
class CrmTruth:
    """What the generator planted."""

    advocates: list[str] = field(default_factory=list)
    critics: list[str] = field(default_factory=list)
    mavens: list[str] = field(default_factory=list)
    fraud_referrals: list[str] = field(default_factory=list)
    as_of: str = ""
    geo: dict[str, object] = field(default_factory=dict)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _postal_codes(rng: np.random.Generator, n: int) -> tuple[list[str], list[str], list[str]]:
    """Postal code, city and state code: about half in a city over 100k (by population)."""
    cities = city_table()
    weights = cities["population"].to_numpy().astype(float)
    weights /= weights.sum()
    metro = rng.random(n) < 0.5
    pick = rng.choice(cities.height, size=n, p=weights)
    town = rng.integers(0, len(_TOWNS), n)
    codes, names, states = [], [], []
    rows = cities.rows(named=True)
    for i in range(n):
        if metro[i]:
            row = rows[int(pick[i])]
            lo, hi = int(row["plz_from"]), int(row["plz_to"])
            codes.append(f"{int(rng.integers(lo, hi + 1)):05d}")
            names.append(row["city"])
            states.append(row["state"])
        else:
            name, code, state = _TOWNS[int(town[i])]
            codes.append(code)
            names.append(name)
            states.append(state)
    return codes, names, states


def _tri(rng: np.random.Generator, n: int, p_yes: float, p_no: float) -> list[bool | None]:
    u = rng.random(n)
    return [True if x < p_yes else False if x < p_yes + p_no else None for x in u]


def demo_crm(
    customers: int = 3000,
    seed: int = 7,
    accounts: pl.DataFrame | None = None,
    lift: float = 0.08,
) -> tuple[dict[str, pl.DataFrame], CrmTruth]:
    """The CRM tables (contract columns) and ``sales`` (location, Y, date), plus the truth.

    ``accounts`` (platform, handle, followers of a demo market) lets some advocates use a real
    creator handle, so the social-reach match has something to find.
    """
    if customers < 20:
        raise ValueError("customers must be ≥ 20")
    rng = np.random.default_rng(seed)
    as_of = NOW.date()
    start = as_of - timedelta(days=HISTORY_DAYS)
    n = customers
    ids = [f"cu-{i + 1:06d}" for i in range(n)]
    kind = rng.choice(
        4, size=n, p=[0.86, 0.07, 0.04, 0.03]
    )  # 0 plain, 1 advocate, 2 critic, 3 maven
    enthusiasm = np.where(kind == 1, rng.beta(6, 2, n), rng.beta(1.3, 5, n))
    enthusiasm = np.where(kind >= 2, rng.beta(4, 3, n), enthusiasm)
    signup_offset = rng.integers(0, HISTORY_DAYS - 30, n)
    signup = [start + timedelta(days=int(d)) for d in signup_offset]
    codes, cities, states = _postal_codes(rng, n)
    consent_m = _tri(rng, n, 0.7, 0.1)
    consent_p = _tri(rng, n, 0.85, 0.04)
    for i in np.flatnonzero(kind > 0):  # planted segments may be profiled
        consent_p[i] = True
        consent_m[i] = True if kind[i] != 2 else consent_m[i]
    insta: list[str | None] = [None] * n
    social = np.flatnonzero((rng.random(n) < 0.06) | ((kind == 1) & (rng.random(n) < 0.5)))
    creator_handles: list[str] = []
    if accounts is not None and not accounts.is_empty():
        small = accounts.filter(
            (pl.col("platform") == "instagram") & (pl.col("followers") < 50_000)
        )
        creator_handles = small["handle"].to_list()
    for j, i in enumerate(social):
        if creator_handles and kind[i] == 1 and j % 2 == 0:
            insta[i] = creator_handles[int(rng.integers(0, len(creator_handles)))]
        else:
            insta[i] = f"{ids[i].replace('-', '_')}_snacks"
    pay = [_hash(f"pay-{i}") for i in range(n)]
    customers_frame = pl.DataFrame(
        {
            "customer_id": ids,
            "postal_code": codes,
            "city": cities,
            "country": ["DE"] * n,
            "signup_date": signup,
            "consent_marketing": consent_m,
            "consent_profiling": consent_p,
            "email_hash": [_hash(f"mail-{i}") for i in range(n)],
            "address_hash": [_hash(f"addr-{i}") for i in range(n)],
            "payment_fingerprint": pay,
            "instagram": insta,
            "tiktok": [None] * n,
            "youtube": [None] * n,
        },
        schema_overrides={"tiktok": pl.String, "youtube": pl.String},
    )

    # products: launches spread over the history, a few older ones
    n_prod = len(_PRODUCTS)
    launch_offset = np.sort(rng.integers(-400, HISTORY_DAYS - 45, n_prod))
    launches = [start + timedelta(days=int(d)) for d in launch_offset]
    prices = np.round(rng.uniform(1.99, 14.99, n_prod), 2)
    products = pl.DataFrame(
        {
            "product_id": [f"P{i + 1:03d}" for i in range(n_prod)],
            "name": list(_PRODUCTS),
            "category": ["Snacks"] * n_prod,
            "launch_date": launches,
            "price": prices,
        }
    )

    orders = _orders(rng, ids, kind, enthusiasm, signup, launches, prices, states)
    reviews = _reviews(rng, ids, kind, enthusiasm, signup, as_of, n_prod)
    referrals, fraud, extra = _referrals(rng, ids, kind, enthusiasm, pay, as_of)
    customers_frame = pl.concat([customers_frame, extra], how="diagonal_relaxed")
    sales, geo_truth = demo_sales(
        regions=16, days=180, test_days=21, lift=lift, treated=3, seed=seed,
        start=as_of - timedelta(days=180),
    )  # fmt: skip
    truth = CrmTruth(
        advocates=[ids[i] for i in np.flatnonzero(kind == 1)],
        critics=[ids[i] for i in np.flatnonzero(kind == 2)],
        mavens=[ids[i] for i in np.flatnonzero(kind == 3)],
        fraud_referrals=fraud,
        as_of=as_of.isoformat(),
        geo=asdict(geo_truth),
    )
    frames = {
        "customers": customers_frame,
        "products": products,
        "orders": orders,
        "reviews": reviews,
        "referrals": referrals,
        "sales": sales,
    }
    return frames, truth


def _orders(
    rng: np.random.Generator,
    ids: list[str],
    kind: np.ndarray,
    enthusiasm: np.ndarray,
    signup: list[date],
    launches: list[date],
    prices: np.ndarray,
    states: list[str],
) -> pl.DataFrame:
    """Poisson orders by enthusiasm after signup; advocates also buy most launches within days."""
    as_of = NOW.date()
    n_prod = len(launches)
    n = len(ids)
    order_rows: list[tuple[str, datetime, list[str], float, str | None, str]] = []
    for i in range(n):
        days_active = (as_of - signup[i]).days
        k = rng.poisson(0.3 + 14 * enthusiasm[i] * days_active / HISTORY_DAYS)
        offs = rng.integers(0, max(days_active, 1), k)
        for off in offs:
            day = signup[i] + timedelta(days=int(off))
            avail = [p for p in range(n_prod) if launches[p] <= day]
            if not avail:
                continue
            items = rng.choice(avail, size=min(len(avail), int(rng.integers(1, 4))), replace=False)
            order_rows.append(_order(rng, ids[i], day, items, prices, states[i]))
        early_p = 0.75 if kind[i] == 1 else 0.05 * enthusiasm[i]
        for p in range(n_prod):
            if launches[p] >= signup[i] and launches[p] < as_of and rng.random() < early_p:
                day = launches[p] + timedelta(days=int(rng.integers(0, 14)))
                if day < as_of:
                    order_rows.append(_order(rng, ids[i], day, np.array([p]), prices, states[i]))
    order_rows.sort(key=lambda r: (r[1], r[0]))
    orders = pl.DataFrame(
        {
            "order_id": [f"o-{j + 1:07d}" for j in range(len(order_rows))],
            "customer_id": [r[0] for r in order_rows],
            "ordered_at": [r[1] for r in order_rows],
            "products": [r[2] for r in order_rows],
            "value": [r[3] for r in order_rows],
            "promo_code": [r[4] for r in order_rows],
            "referral_code": [None] * len(order_rows),
            "region": [r[5] for r in order_rows],
        },
        schema_overrides={
            "ordered_at": pl.Datetime("us", "UTC"),
            "referral_code": pl.String,
            "promo_code": pl.String,
        },
    )

    return orders


def _order(
    rng: np.random.Generator,
    customer: str,
    day: date,
    items: np.ndarray,
    prices: np.ndarray,
    state: str,
) -> tuple[str, datetime, list[str], float, str | None, str]:
    at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        minutes=int(rng.integers(7 * 60, 23 * 60))
    )
    value = float(np.round(prices[items].sum() * rng.uniform(1.0, 3.0), 2))
    promo = "SOMMER10" if rng.random() < 0.08 else None
    return customer, at, [f"P{int(p) + 1:03d}" for p in items], value, promo, _STATES[state]


def _reviews(
    rng: np.random.Generator,
    ids: list[str],
    kind: np.ndarray,
    enthusiasm: np.ndarray,
    signup: list[date],
    as_of: date,
    n_prod: int,
) -> pl.DataFrame:
    rows: list[tuple[str, str, int, str, datetime, str]] = []
    for i, cid in enumerate(ids):
        if kind[i] == 2:
            moods = ["neg"] * int(rng.integers(2, 5))
        elif kind[i] == 3:
            moods = ["pos"] * int(rng.integers(2, 4)) + ["mixed"] * int(rng.integers(1, 3))
        elif kind[i] == 1:
            moods = ["pos"] * int(rng.poisson(1.5))
        else:
            k = int(rng.poisson(0.4 * enthusiasm[i]))
            moods = [
                str(rng.choice(["pos", "mixed", "neg"], p=[0.6, 0.25, 0.15])) for _ in range(k)
            ]
        for mood in moods:
            lang = "de" if rng.random() < 0.75 else "en"
            bank = _REVIEWS[lang][mood]
            text = bank[int(rng.integers(0, len(bank)))]
            lo, hi = {"pos": (4, 6), "mixed": (2, 4), "neg": (1, 3)}[mood]
            rating = int(rng.integers(lo, hi))
            span = max((as_of - signup[i]).days, 1)
            day = signup[i] + timedelta(days=int(rng.integers(0, span)))
            at = datetime(day.year, day.month, day.day, 20, tzinfo=UTC)
            product = f"P{int(rng.integers(1, n_prod + 1)):03d}"
            rows.append((cid, product, rating, text, at, lang))
    return pl.DataFrame(
        {
            "review_id": [f"rv-{j + 1:06d}" for j in range(len(rows))],
            "customer_id": [r[0] for r in rows],
            "product_id": [r[1] for r in rows],
            "rating": [r[2] for r in rows],
            "text": [r[3] for r in rows],
            "reviewed_at": [r[4] for r in rows],
            "language": [r[5] for r in rows],
        },
        schema_overrides={"reviewed_at": pl.Datetime("us", "UTC"), "rating": pl.Int64},
    )


def _referrals(
    rng: np.random.Generator,
    ids: list[str],
    kind: np.ndarray,
    enthusiasm: np.ndarray,
    pay: list[str],
    as_of: date,
) -> tuple[pl.DataFrame, list[str], pl.DataFrame]:
    """Referral outcomes of the advocates (and a few others), with planted fraud."""
    rows: list[dict[str, object]] = []
    fraud: list[str] = []
    extra: list[dict[str, object]] = []
    base = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC) - timedelta(days=120)

    def add(referrer: str, at: datetime, converted: bool, **kw: object) -> str:
        rid = f"rf-{len(rows) + 1:06d}"
        value = float(np.round(rng.lognormal(np.log(35.0), 0.4), 2)) if converted else None
        row: dict[str, object] = {
            "referral_id": rid,
            "referrer_id": referrer,
            "referred_customer_id": None,
            "referred_email_hash": _hash(f"new-{rid}"),
            "referred_address_hash": None,
            "referred_payment_fingerprint": None,
            "invited_at": at,
            "converted": converted,
            "order_value": value,
        }
        row.update(kw)
        rows.append(row)
        return rid

    for i in np.flatnonzero((kind == 1) | (rng.random(len(ids)) < 0.03)):
        lam = 2.5 * enthusiasm[i] + (1.0 if kind[i] == 1 else 0.0)
        for _ in range(int(rng.poisson(lam))):
            at = base + timedelta(minutes=int(rng.integers(0, 120 * 24 * 60)))
            add(ids[i], at, bool(rng.random() < 0.3))
    cheaters = rng.choice(np.flatnonzero(kind == 0), size=6, replace=False)
    for j, i in enumerate(cheaters[:3]):  # self-referral through a second account, same card
        alt = f"cu-alt-{j + 1:03d}"
        extra.append({"customer_id": alt, "payment_fingerprint": pay[i], "country": "DE"})
        at = base + timedelta(days=int(rng.integers(1, 100)))
        fraud.append(add(ids[i], at, True, referred_customer_id=alt))
    for i in cheaters[3:5]:  # a burst of scripted sign-ups within half an hour
        at = base + timedelta(days=int(rng.integers(1, 100)))
        for k in range(8):
            fraud.append(add(ids[i], at + timedelta(minutes=3 * k), bool(k % 2)))
    shared = _hash("same-person@example.org")  # one person signing up through several codes
    for i in rng.choice(np.flatnonzero(kind == 1), size=3, replace=False):
        at = base + timedelta(days=int(rng.integers(1, 100)))
        fraud.append(add(ids[i], at, True, referred_email_hash=shared))
    frame = pl.DataFrame(
        rows,
        schema={
            "referral_id": pl.String,
            "referrer_id": pl.String,
            "referred_customer_id": pl.String,
            "referred_email_hash": pl.String,
            "referred_address_hash": pl.String,
            "referred_payment_fingerprint": pl.String,
            "invited_at": pl.Datetime("us", "UTC"),
            "converted": pl.Boolean,
            "order_value": pl.Float64,
        },
    ).with_columns(pl.lit(None, dtype=pl.String).alias("code"))
    extra_frame = pl.DataFrame(
        extra,
        schema={"customer_id": pl.String, "payment_fingerprint": pl.String, "country": pl.String},
    )
    return frame, fraud, extra_frame


def write_crm(
    out_dir: Path,
    customers: int = 3000,
    seed: int = 7,
    fmt: str = "csv",
    accounts: pl.DataFrame | None = None,
    lift: float = 0.08,
) -> dict[str, Path]:
    """Write the CRM tables (``fmt``), geo/sales.csv and ground_truth_crm.json; returns paths."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(EXTENSIONS)}")
    frames, truth = demo_crm(customers, seed, accounts, lift)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for table in CRM_TABLE_MODELS:
        schema = arrow_schema(table)
        frame = frames[table]
        for name in schema.names:
            if name not in frame.columns:
                frame = frame.with_columns(pl.lit(None).alias(name))
        data = frame.select(schema.names).to_arrow(compat_level=pl.CompatLevel.oldest())
        paths[table] = write_table(out_dir / f"{table}{EXTENSIONS[fmt]}", data.cast(schema), fmt)
    # outside what `resonanz import FOLDER` picks up: sales in a sub-folder, truth as ground_truth*
    paths["sales"] = out_dir / "geo" / "sales.csv"
    paths["sales"].parent.mkdir(exist_ok=True)
    frames["sales"].write_csv(paths["sales"])
    paths["truth"] = out_dir / "ground_truth_crm.json"
    paths["truth"].write_text(json.dumps(asdict(truth), indent=2, default=str) + "\n")
    return paths
