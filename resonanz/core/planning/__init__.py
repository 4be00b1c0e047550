"""Campaign planning: choose creators and deliverables for a brief (docs/planning.md).

The names load on first use (PEP 562): the domain defaults read :mod:`.settings` at every
start-up, which must not load the solver (highspy, SciPy's sparse matrices) for every command.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = "settings" if name in {"PlannerSettings", "builtin_planner"} else "optimize"
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
