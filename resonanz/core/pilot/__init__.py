"""Pilot → scale: update a plan's expectations with what a pilot campaign delivered.

See :func:`~resonanz.core.pilot.update.pilot_update` and docs/planning.md ("Pilot → scale").
"""

from resonanz.core.pilot.update import (
    METRIC_BY_GOAL,
    PilotError,
    PilotSettings,
    PilotUpdate,
    builtin_pilot,
    pilot_update,
)

__all__ = [
    "METRIC_BY_GOAL",
    "PilotError",
    "PilotSettings",
    "PilotUpdate",
    "builtin_pilot",
    "pilot_update",
]
