"""Why a creator is in a plan or left out, as German and English sentences.

The planner gives codes and figures (:class:`~resonanz.core.planning.CreatorReason`,
:class:`~resonanz.core.planning.LeftOut`); these functions turn them into one sentence each, so
the CLI, the API and the report say the same thing:

>>> from resonanz.core.planning.optimize import LeftOut
>>> why_out(LeftOut("a1", "anna", "not_chosen", 24.5, "micro_share_full"), "de")
'Mikro-Anteil schon an der Obergrenze des Briefings (Wert je Euro 24,5)'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from resonanz.core.messages import Lang, Message

if TYPE_CHECKING:
    from resonanz.core.planning.optimize import CreatorReason, LeftOut, Plan

TEXTS: dict[str, Message] = {
    "must_have": Message(
        "Pflicht laut Briefing; {ratio} Wert je Euro (Rang {rank} von {n})",
        "must-have in the brief; {ratio} value per euro (rank {rank} of {n})",
    ),
    "value_per_eur": Message(
        "{ratio} Wert je Euro (Rang {rank} von {n})",
        "{ratio} value per euro (rank {rank} of {n})",
    ),
    "overlap": Message(
        "; Zielgruppe überschneidet sich, {share} des Werts zählt",
        "; audience overlaps, {share} of the value counts",
    ),
    "excluded_by_brief": Message("vom Briefing ausgeschlossen", "excluded by the brief"),
    "over_max_per_creator": Message(
        "teurer als max_per_creator_eur", "costs more than max_per_creator_eur"
    ),
    "not_chosen": Message(
        "nicht gewählt (Wert je Euro {ratio})", "not chosen (value per euro {ratio})"
    ),
    "over_budget": Message(
        "günstigste Leistung teurer als das Budget",
        "cheapest deliverable costs more than the budget",
    ),
    "cluster_saturated": Message(
        "Zielgruppe schon durch andere im Plan erreicht (nur {slope} Zusatzwert)",
        "audience already reached by others in the plan (only {slope} extra value)",
    ),
    "lower_value_per_eur": Message(
        "weniger Wert je Euro ({ratio}) als jeder gewählte Creator (ab {lowest})",
        "less value per euro ({ratio}) than every chosen creator (from {lowest})",
    ),
    "micro_share_full": Message(
        "Mikro-Anteil schon an der Obergrenze des Briefings (Wert je Euro {ratio})",
        "micro share already at the brief's upper limit (value per euro {ratio})",
    ),
    "micro_share_needed": Message(
        "Mikro-Anteil an der Untergrenze: das Budget geht an Mikro-Creator (Wert je Euro {ratio})",
        "micro share at its lower limit: the budget goes to micro creators "
        "(value per euro {ratio})",
    ),
    "platform_mix": Message(
        "Plattform-Mix des Briefings an der Grenze (Wert je Euro {ratio})",
        "the brief's platform mix is at its limit (value per euro {ratio})",
    ),
    "budget_and_shares": Message(
        "passte neben den Gewählten nicht in Budget, Obergrenzen und Anteile "
        "(Wert je Euro {ratio})",
        "did not fit budget, caps and shares next to the chosen ones (value per euro {ratio})",
    ),
}


def _num(x: float, lang: Lang) -> str:
    text = f"{x:,.1f}"
    return text.replace(",", "·").replace(".", ",").replace("·", ".") if lang == "de" else text


def _pct(x: float, lang: Lang) -> str:
    return f"{x:.0%}".replace("%", " %") if lang == "de" else f"{x:.0%}"


def why_in(r: CreatorReason, candidates: int, lang: Lang = "de") -> str:
    """Why a creator is in the plan (``candidates``: creators it was ranked among)."""
    text: str = getattr(TEXTS[r.code], lang).format(
        ratio=_num(r.value_per_eur, lang), rank=r.rank, n=candidates
    )
    if r.credited_share < 0.995:
        text += getattr(TEXTS["overlap"], lang).format(share=_pct(r.credited_share, lang))
    return text


def why_out(lo: LeftOut, lang: Lang = "de") -> str:
    """Why a creator was left out."""
    key = lo.detail if lo.code == "not_chosen" and lo.detail in TEXTS else lo.code
    return str(getattr(TEXTS[key], lang)).format(
        ratio=_num(lo.best_value_per_eur, lang),
        lowest=_num(lo.lowest_chosen_value_per_eur, lang),
        slope=_pct(lo.cluster_slope, lang),
    )


def plan_json(result: Plan, goal: str, lang: Lang = "de") -> dict[str, Any]:
    """The public JSON of a plan: the keys of ``resonanz plan --json`` and the API (an interface;
    docs/planning.md). ``bound`` and ``gap`` are None when no bound was found in time."""
    creators: dict[str, dict[str, Any]] = {}
    for it in result.items:
        c = creators.setdefault(
            it.account_id,
            {"account_id": it.account_id, "handle": it.handle, "platform": it.platform,
             "tier": it.tier, "deliverables": [], "fee_eur": 0.0},
        )  # fmt: skip
        c["deliverables"].append(
            {"type": it.deliverable, "count": it.count, "fee_eur": round(it.fee_eur, 2)}
        )
        c["fee_eur"] += it.cost_eur
    for r in result.chosen:
        if r.account_id in creators:
            creators[r.account_id]["reason"] = {
                "code": r.code, "value_per_eur": r.value_per_eur, "rank": r.rank,
                "credited_share": round(r.credited_share, 4),
                "why": why_in(r, result.candidate_creators, lang),
            }  # fmt: skip
    for c in creators.values():
        c["fee_eur"] = round(c["fee_eur"], 2)
    return {
        "creators": list(creators.values()),
        "total_cost_eur": round(result.total_cost_eur, 2),
        "objective": result.objective,
        "bound": result.bound if math.isfinite(result.bound) else None,
        "gap": result.gap if math.isfinite(result.gap) else None,
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
                "detail": lo.detail,
                "best_value_per_eur": lo.best_value_per_eur,
                "why": why_out(lo, lang),
            }
            for lo in result.left_out
        ],
        "goal": goal,
    }
