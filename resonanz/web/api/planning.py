"""Vetting a workspace and planning a campaign from a brief (member role).

``POST /api/plans`` takes the brief as JSON (the fields of the YAML brief, docs/planning.md) and
answers the object of ``resonanz plan BRIEF.yaml --json``: same keys, same computation (the
workspace is vetted with the brief, fair fees, candidates, the planner's MIP).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Router, Schema

from resonanz.core.brief import Brief, PlanBrief
from resonanz.web.api.auth import require
from resonanz.web.api.problems import WRITE_ERROR_RESPONSES, ApiProblem
from resonanz.web.store.services import vet_workspace

router = Router()

_TEXT = {
    "no_accounts": {
        "de": "Der Workspace hat keine Accounts: zuerst importieren (POST /api/imports).",
        "en": "The workspace has no accounts: import first (POST /api/imports).",
    },
    "no_budget": {
        "de": "budget_eur fehlt – ein Plan braucht ein Budget.",
        "en": "budget_eur is missing – a plan needs a budget.",
    },
    "no_candidates": {
        "de": "Keine buchbaren Creator für dieses Briefing "
        "(Plattformen, Formate, privat, ohne Score).",
        "en": "No bookable creators for this brief (platforms, formats, private, no score).",
    },
    "infeasible": {"de": "Kein Plan möglich: {reason}", "en": "No plan possible: {reason}"},
}


def _t(key: str, **params: object) -> str:
    from django.utils import translation

    lang = "en" if (translation.get_language() or "de").startswith("en") else "de"
    return _TEXT[key][lang].format(**params)


class VetOut(Schema):
    """What a vetting run did."""

    workspace: str
    vetted: int
    computed_at: datetime


class PlanDeliverable(Schema):
    """Booked deliverables of one type."""

    type: str
    count: int
    fee_eur: float


class PlanCreator(Schema):
    """A creator in the plan with the deliverables booked."""

    account_id: str
    handle: str | None
    platform: str
    tier: str | None
    deliverables: list[PlanDeliverable]
    fee_eur: float


class PlanLeftOut(Schema):
    """A creator not in the plan and why."""

    account_id: str
    handle: str | None
    reason: str
    best_value_per_eur: float | None


class PlanOut(Schema):
    """The plan: the keys of ``resonanz plan --json`` (docs/planning.md)."""

    creators: list[PlanCreator]
    total_cost_eur: float
    objective: float
    bound: float | None
    gap: float | None
    status: str
    value_low: float | None
    value_high: float | None
    spend_by_tier: dict[str, float]
    spend_by_platform: dict[str, float]
    left_out: list[PlanLeftOut]
    goal: str
    pilot: bool


@router.post("/vet", response={200: VetOut, **WRITE_ERROR_RESPONSES})
def vet(request: HttpRequest, brief: Brief | None = Body(None)) -> dict[str, Any]:
    """Vet every account of the workspace (with an optional brief) and store the results."""
    workspace = require(request, "member").workspace
    outcome = vet_workspace(workspace, brief=brief)
    return {
        "workspace": workspace.name,
        "vetted": outcome.frame.height,
        "computed_at": timezone.now(),
    }


def plan_json(result: Any, goal: str) -> dict[str, Any]:
    """The public JSON of a plan; keys as ``resonanz plan --json`` (resonanz/cli/plan.py)."""
    creators: dict[str, dict[str, Any]] = {}
    for it in result.items:
        c = creators.setdefault(
            it.account_id,
            {
                "account_id": it.account_id,
                "handle": it.handle,
                "platform": it.platform,
                "tier": it.tier,
                "deliverables": [],
                "fee_eur": 0.0,
            },
        )
        c["deliverables"].append(
            {"type": it.deliverable, "count": it.count, "fee_eur": round(it.fee_eur, 2)}
        )
        c["fee_eur"] += it.cost_eur
    for c in creators.values():
        c["fee_eur"] = round(c["fee_eur"], 2)
    return {
        "creators": list(creators.values()),
        "total_cost_eur": round(result.total_cost_eur, 2),
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "status": result.status,
        "value_low": result.value_low,
        "value_high": result.value_high,
        "spend_by_tier": {k: round(v, 2) for k, v in result.spend_by_tier.items()},
        "spend_by_platform": {k: round(v, 2) for k, v in result.spend_by_platform.items()},
        "left_out": [
            {
                "account_id": lo.account_id,
                "handle": lo.handle,
                "reason": lo.code,
                "best_value_per_eur": lo.best_value_per_eur,
            }
            for lo in result.left_out
        ],
        "goal": goal,
    }


@router.post("/plans", response={200: PlanOut, **WRITE_ERROR_RESPONSES})
def create_plan(request: HttpRequest, brief: PlanBrief) -> dict[str, Any]:
    """Plan a campaign for a brief (JSON, with budget_eur): creators, deliverables, value."""
    from resonanz.core.fees import fee_frame
    from resonanz.core.planning import PlanError
    from resonanz.core.planning import plan as run_plan
    from resonanz.core.planning.candidates import candidates

    workspace = require(request, "member").workspace
    if brief.budget_eur is None:
        errors = [{"field": "body.budget_eur", "message": "Field required", "type": "missing"}]
        raise ApiProblem(422, _t("no_budget"), slug="validation-error", errors=errors)
    outcome = vet_workspace(workspace, brief=brief)
    if outcome.frame.height == 0:
        raise ApiProblem(409, _t("no_accounts"), slug="no-accounts")
    fees = fee_frame(outcome.frame, outcome.defaults)
    options = candidates(outcome.frame, fees, brief, outcome.defaults)
    if options.height == 0:
        raise ApiProblem(422, _t("no_candidates"), slug="no-candidates")
    try:
        result = run_plan(options, brief, outcome.defaults)
    except PlanError as exc:
        raise ApiProblem(422, _t("infeasible", reason=str(exc)), slug="no-plan") from None
    return {**plan_json(result, brief.goal), "pilot": brief.pilot}
