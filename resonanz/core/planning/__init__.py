"""Campaign planning: choose creators and deliverables for a brief (docs/planning.md)."""

from resonanz.core.planning.optimize import (
    CreatorReason,
    LeftOut,
    Plan,
    PlanError,
    PlanInfeasibleError,
    PlanItem,
    plan,
)
from resonanz.core.planning.settings import PlannerSettings, builtin_planner

__all__ = [
    "CreatorReason",
    "LeftOut",
    "Plan",
    "PlanError",
    "PlanInfeasibleError",
    "PlanItem",
    "PlannerSettings",
    "builtin_planner",
    "plan",
]
