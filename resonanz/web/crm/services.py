"""The CRM services: read a workspace's CRM tables as frames and run the advocate analysis.

No domain rules here: the core (:mod:`resonanz.core.advocates`) scores, segments and projects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl

from resonanz.core.advocates.contract import CRM_TABLE_MODELS
from resonanz.core.advocates.frames import conform
from resonanz.core.advocates.referrals import (
    check_fraud,
    per_referrer,
    referral_codes,
    referrals_from_orders,
)
from resonanz.core.advocates.score import score_customers
from resonanz.core.advocates.settings import AdvocateSettings
from resonanz.web.store import sql
from resonanz.web.store.models import Workspace


class NoCrmData(LookupError):
    """The workspace has no rows in a CRM table the analysis needs."""

    def __init__(self, table: str) -> None:
        super().__init__(table)
        self.table = table


def load_crm(workspace: Workspace) -> dict[str, pl.DataFrame]:
    """Every CRM table of the workspace, with the contract's column names."""
    return {t: sql.read_table(t, workspace.pk) for t in CRM_TABLE_MODELS}


def creator_accounts(workspace: Workspace) -> pl.DataFrame:
    """Platform, handle and followers of the workspace's creator accounts (for handle matches)."""
    return sql.read_table("accounts", workspace.pk, ["platform", "handle", "followers"])


def score(
    workspace: Workspace, settings: AdvocateSettings, as_of: date | None = None
) -> pl.DataFrame:
    """Advocate scores of the workspace's customers (see :func:`score_customers`)."""
    crm = load_crm(workspace)
    for table in ("customers", "orders"):
        if crm[table].is_empty():
            raise NoCrmData(table)
    return score_customers(
        crm["customers"],
        crm["orders"],
        crm["products"],
        crm["reviews"],
        settings,
        accounts=creator_accounts(workspace),
        as_of=as_of,
    )


def referral_check(
    workspace: Workspace,
    settings: AdvocateSettings,
    secret: Callable[[], bytes] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The referrals with fraud flags, and the per-advocate rates.

    Besides the imported referral outcomes, orders that carry a referral code count as converted
    referrals of the code's owner (codes from ``secret()``, asked for only when an order has one),
    unless the outcome of that referrer and customer was imported already.
    """
    crm = load_crm(workspace)
    referrals = crm["referrals"]
    coded = crm["orders"].filter(pl.col("referral_code").is_not_null())
    if secret is not None and not coded.is_empty():
        ids = crm["customers"]["customer_id"].to_list()
        codes = referral_codes(ids, secret(), workspace.name, settings.referrals)
        attributed = referrals_from_orders(coded, codes).join(
            referrals.select("referrer_id", "referred_customer_id").drop_nulls(),
            on=["referrer_id", "referred_customer_id"],
            how="anti",
        )
        referrals = pl.concat([conform(referrals, "referrals"), attributed])
    if referrals.is_empty():
        raise NoCrmData("referrals")
    checked = check_fraud(referrals, crm["customers"], settings.referrals)
    return checked, per_referrer(checked, settings.referrals)
