"""The CRM services: read a workspace's CRM tables as frames and run the advocate analysis.

No domain rules here: the core (:mod:`resonanz.core.advocates`) scores, segments and projects.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from resonanz.core.advocates.contract import CRM_TABLE_MODELS
from resonanz.core.advocates.referrals import check_fraud, per_referrer
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
    workspace: Workspace, settings: AdvocateSettings
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The referrals with fraud flags, and the per-advocate rates."""
    crm = load_crm(workspace)
    if crm["referrals"].is_empty():
        raise NoCrmData("referrals")
    checked = check_fraud(crm["referrals"], crm["customers"], settings.referrals)
    return checked, per_referrer(checked, settings.referrals)
