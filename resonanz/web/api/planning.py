"""Vetting a workspace and planning a campaign from a brief (member role).

``POST /api/plans`` takes the brief as JSON (the fields of the YAML brief, docs/planning.md) and
answers the object of ``resonanz plan BRIEF.yaml --json``: same keys, same computation (the
workspace is vetted with the brief, fair fees, candidates, the planner's MIP).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import yaml
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Body, Query, Router, Schema
from pydantic import Field

from resonanz.core.brief import Brief, PlanBrief
from resonanz.web.api.auth import membership, require
from resonanz.web.api.creators import MAX_LIMIT, MAX_OFFSET
from resonanz.web.api.problems import ERROR_RESPONSES, WRITE_ERROR_RESPONSES, ApiProblem, NotFound
from resonanz.web.app.models import CampaignPlan
from resonanz.web.store.services import dedup_reach_json, vet_workspace

router = Router()

_TEXT = {
    "no_accounts": {
        "de": "Der Workspace hat keine Accounts: zuerst importieren (POST /api/imports).",
        "en": "The workspace has no accounts: import first (POST /api/imports).",
    },
    "no_candidates": {
        "de": "Keine buchbaren Creator für dieses Briefing "
        "(Plattformen, Formate, privat, ohne Score).",
        "en": "No bookable creators for this brief (platforms, formats, private, no score).",
    },
    "infeasible": {"de": "Kein Plan möglich: {reason}", "en": "No plan possible: {reason}"},
}


def _t(key: str, **params: object) -> str:
    lang = "en" if (translation.get_language() or "de").startswith("en") else "de"
    return _TEXT[key][lang].format(**params)


class PlanRequest(PlanBrief):
    """A brief to plan: the fields of a brief file (docs/planning.md), ``budget_eur`` required."""

    budget_eur: float = Field(..., gt=0, description="Total budget in EUR.")  # type: ignore[assignment]


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


class ChosenReason(Schema):
    """Why a creator is in the plan: value per euro, its rank, the share of value credited."""

    code: str
    value_per_eur: float
    rank: int
    credited_share: float
    why: str


class PlanCreator(Schema):
    """A creator in the plan with the deliverables booked."""

    account_id: str
    handle: str | None
    platform: str
    tier: str | None
    deliverables: list[PlanDeliverable]
    fee_eur: float
    reason: ChosenReason | None = None


class PlanLeftOut(Schema):
    """A creator not in the plan and why (``detail``: the binding cause, ``why``: a sentence)."""

    account_id: str
    handle: str | None
    reason: str
    detail: str | None = None
    best_value_per_eur: float | None
    why: str | None = None


class DedupReach(Schema):
    """Deduplicated follower reach of the plan's creators (``resonanz overlap``'s estimate)."""

    accounts: list[str]
    followers_total: float
    unique_followers: float
    se: float
    relative_error: float | None
    duplicate_share: float
    exact: bool
    method: str
    without_sample: list[str]


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
    dedup_reach: DedupReach
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
    """The public JSON of a plan in the request's language; keys as ``resonanz plan --json``."""
    from resonanz.core.planning.explain import plan_json as core_plan_json

    lang = "en" if (translation.get_language() or "de").startswith("en") else "de"
    return core_plan_json(result, goal, lang)


class PlanSummary(Schema):
    """A kept plan in the list."""

    plan_id: int
    created_at: datetime
    goal: str | None
    budget_eur: float | None
    total_cost_eur: float | None


class PlanPage(Schema):
    """The workspace's kept plans, newest first."""

    items: list[PlanSummary]
    total: int
    limit: int
    offset: int


class PlanRecord(Schema):
    """A kept plan: the brief as given and the plan (the keys of ``resonanz plan --json``)."""

    plan_id: int
    created_at: datetime
    brief: str
    plan: PlanOut


def _plan_row(request: HttpRequest, plan_id: int) -> CampaignPlan:
    row = CampaignPlan.objects.filter(workspace=membership(request).workspace, pk=plan_id).first()
    if row is None:
        raise NotFound()
    return row


@router.get("/plans", response={200: PlanPage, **ERROR_RESPONSES})
def list_plans(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    """The workspace's plans (made here or on the plan page), newest first."""
    qs = CampaignPlan.objects.filter(workspace=membership(request).workspace).order_by("-pk")
    items = [
        {
            "plan_id": p.pk,
            "created_at": p.created_at,
            "goal": p.result.get("goal"),
            "budget_eur": p.result.get("budget_eur"),
            "total_cost_eur": p.result.get("total_cost_eur"),
        }
        for p in qs[offset : offset + limit]
    ]
    return {"items": items, "total": qs.count(), "limit": limit, "offset": offset}


@router.get("/plans/{plan_id}", response={200: PlanRecord, **ERROR_RESPONSES})
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """One kept plan with its brief."""
    row = _plan_row(request, plan_id)
    plan = {"pilot": False, **row.result}
    return {"plan_id": row.pk, "created_at": row.created_at, "brief": row.brief_yaml, "plan": plan}


@router.post("/plans", response={200: PlanOut, **WRITE_ERROR_RESPONSES})
def create_plan(request: HttpRequest, brief: PlanRequest, response: HttpResponse) -> dict[str, Any]:
    """Plan a campaign for a brief (JSON, with budget_eur): creators, deliverables, value.

    The plan is kept (``Location: /api/plans/{plan_id}``, also shown on the plan page).
    """
    from resonanz.core.fees import fee_frame
    from resonanz.core.planning import PlanError
    from resonanz.core.planning import plan as run_plan
    from resonanz.core.planning.candidates import candidates

    workspace = require(request, "member").workspace
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
    body = {
        **plan_json(result, brief.goal),
        "dedup_reach": dedup_reach_json(workspace, list(result.creators), outcome.defaults),
        "pilot": brief.pilot,
    }
    given = brief.model_dump(mode="json", exclude_defaults=True)
    row = CampaignPlan.objects.create(
        workspace=workspace,
        brief_yaml=yaml.safe_dump(given, allow_unicode=True, sort_keys=False),
        result={**body, "budget_eur": brief.budget_eur},
        created_by=request.user,
    )
    response["Location"] = f"/api/plans/{row.pk}"
    return body
