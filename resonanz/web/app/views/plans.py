"""Brief → plan: the campaign planner on the workspace, its plans kept and shown.

The same steps as ``resonanz plan`` and ``POST /api/plans``: vet with the brief, fair fees,
candidates, the planner's MIP (docs/planning.md).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resonanz.web.app import bridge
from resonanz.web.app.models import CampaignPlan
from resonanz.web.app.views.common import workspace_required
from resonanz.web.app.views.creators import lang
from resonanz.web.store.models import Account, Workspace
from resonanz.web.team.models import Role
from resonanz.web.team.scoping import current_workspace, require_role, scoped

EXAMPLE_BRIEF = """goal: awareness
budget_eur: 10000
niches: [fitness, food]
platforms: [instagram, tiktok]
target: {countries: [DE, AT, CH], languages: [de]}
max_per_creator_eur: 2500
"""


class BriefForm(forms.Form):
    """A brief in YAML (the same fields as a brief file for ``resonanz plan``)."""

    brief = forms.CharField(
        label=gettext_lazy("Brief (YAML)"),
        widget=forms.Textarea(attrs={"rows": 12, "cols": 70, "spellcheck": "false"}),
        initial=EXAMPLE_BRIEF,
        help_text=gettext_lazy(
            "Fields as in a brief file: goal, budget_eur (required), niches, platforms, formats, "
            "target, max_per_creator_eur, min_creators, max_creators, must_have, "
            "excluded_creators."
        ),
    )


class PlanFailed(ValueError):
    """The brief cannot be planned; the message says why (translated)."""


def make_plan(workspace: Workspace, text: str) -> dict[str, Any]:
    """Vet the workspace with the brief and plan; the plan's JSON as ``resonanz plan --json``."""
    from resonanz.core.brief import BriefError, parse_brief
    from resonanz.core.fees import fee_frame
    from resonanz.core.planning import PlanError
    from resonanz.core.planning import plan as run_plan
    from resonanz.core.planning.candidates import candidates
    from resonanz.web.api.planning import plan_json
    from resonanz.web.store.services import vet_workspace

    try:
        brief = parse_brief(text, source="brief")
    except BriefError as exc:
        raise PlanFailed(str(exc)) from None
    if brief.budget_eur is None:
        raise PlanFailed(
            _("budget_eur is missing – a plan needs a budget (e.g. 'budget_eur: 10000').")
        )
    outcome = vet_workspace(workspace, brief=brief)
    if outcome.frame.height == 0:
        raise PlanFailed(_("The workspace has no accounts yet: import data first."))
    fees = fee_frame(outcome.frame, outcome.defaults)
    options = candidates(outcome.frame, fees, brief, outcome.defaults)
    if options.height == 0:
        raise PlanFailed(
            _("No bookable creators for this brief (platforms, formats, private, no score).")
        )
    try:
        result = run_plan(options, brief, outcome.defaults)
    except PlanError as exc:
        raise PlanFailed(_("No plan possible: %(reason)s") % {"reason": exc}) from None
    return {**plan_json(result, brief.goal), "pilot": brief.pilot, "budget_eur": brief.budget_eur}


@workspace_required
def plan_index(request: HttpRequest) -> HttpResponse:
    """Write a brief, get a plan; earlier plans of the workspace."""
    form = BriefForm(request.POST or None)
    if request.method == "POST":
        require_role(request, Role.MEMBER)
        if form.is_valid():
            text = form.cleaned_data["brief"]
            try:
                result = make_plan(current_workspace(request), text)
            except PlanFailed as exc:
                form.add_error("brief", str(exc))
            else:
                plan = CampaignPlan.objects.create(
                    workspace=current_workspace(request),
                    brief_yaml=text,
                    result=result,
                    created_by=request.user,
                )
                messages.success(request, _("Plan ready."))
                return redirect("plan", plan_id=plan.pk)
    plans = scoped(request, CampaignPlan).order_by("-pk")[:20]
    return render(request, "webapp/plans.html", {"form": form, "plans": plans})


def _split_chart(title: str, split: dict[str, float], labels: dict[str, str]) -> dict[str, Any]:
    items = sorted(split.items(), key=lambda kv: -kv[1])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [labels.get(k, k) for k, _v in items],
                "x": [v for _k, v in items],
                "marker": {"color": "#3730a3"},
                "hovertemplate": "%{y}: %{x:,.0f} EUR<extra></extra>",
            }
        ],
        "layout": {
            "title": {"text": title, "font": {"size": 14}},
            "height": 220,
            "margin": {"l": 110, "r": 20, "t": 40, "b": 40},
            "xaxis": {"title": {"text": "EUR"}, "rangemode": "tozero"},
            "yaxis": {"autorange": "reversed"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }


@workspace_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan: creators and deliverables with fees, value, budget split, who was left out."""
    plan = get_object_or_404(scoped(request, CampaignPlan), pk=plan_id)
    data = plan.result
    language = lang()
    ids = [c["account_id"] for c in data["creators"]]
    links = dict(
        scoped(request, Account).filter(external_id__in=ids).values_list("external_id", "pk")
    )
    tiers = {k: bridge.label("tier", k, language) for k in data["spend_by_tier"]}
    platforms = {k: bridge.label("platform", k, language) for k in data["spend_by_platform"]}
    total = data["total_cost_eur"] or 0.0
    budget = data.get("budget_eur") or 0.0
    reasons = {
        "excluded_by_brief": _("excluded by the brief"),
        "over_max_per_creator": _("costs more than max_per_creator_eur"),
        "not_chosen": _("not chosen"),
    }
    context = {
        "plan": plan,
        "data": data,
        "creators": [
            {
                **c,
                "pk": links.get(c["account_id"]),
                "tier_name": bridge.label("tier", c["tier"], language) if c["tier"] else "–",
                "platform_name": bridge.label("platform", c["platform"], language),
            }
            for c in data["creators"]
        ],
        "left_out": [
            {**lo, "why": reasons.get(lo["reason"], lo["reason"])} for lo in data["left_out"]
        ],
        "used_pct": round(100 * total / budget) if budget else None,
        "gap_pct": 100 * (data.get("gap") or 0.0),
        "charts": [
            ("fig-split-tier", _split_chart(_("Budget by tier"), data["spend_by_tier"], tiers)),
            (
                "fig-split-platform",
                _split_chart(_("Budget by platform"), data["spend_by_platform"], platforms),
            ),
        ],
    }
    return render(request, "webapp/plan.html", context)
