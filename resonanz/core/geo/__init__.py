"""Regional tests (geo experiments): augmented synthetic control as in Meta's GeoLift.

Design (:func:`design`: test regions, power, minimum detectable effect) and analysis
(:func:`analyze`: ATT, incremental sales, lift, conformal p-value and CI, iROAS) on a
:class:`Panel` of daily sales per region. See docs/advocates-and-geo.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resonanz.core.geo.analysis import GeoInputError, GeoResult, analyze
    from resonanz.core.geo.design import DesignOption, DesignRequest, design
    from resonanz.core.geo.panel import Panel, PanelError, PanelIssue, panel_from_long
    from resonanz.core.geo.settings import GeoSettings, builtin_geo
    from resonanz.core.geo.synth import GeoFitError, SynthFit, fit_synth, simplex_lstsq

# The analysis pulls in scipy.stats (~0.5 s): loaded on first use, so every CLI start that only
# reads the settings (``resonanz.core.config``) stays fast.
_HOME = {
    "DesignOption": "design",
    "DesignRequest": "design",
    "GeoFitError": "synth",
    "GeoInputError": "analysis",
    "GeoResult": "analysis",
    "GeoSettings": "settings",
    "Panel": "panel",
    "PanelError": "panel",
    "PanelIssue": "panel",
    "SynthFit": "synth",
    "analyze": "analysis",
    "builtin_geo": "settings",
    "design": "design",
    "fit_synth": "synth",
    "panel_from_long": "panel",
    "simplex_lstsq": "synth",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)


__all__ = [
    "DesignOption",
    "DesignRequest",
    "GeoFitError",
    "GeoInputError",
    "GeoResult",
    "GeoSettings",
    "Panel",
    "PanelError",
    "PanelIssue",
    "SynthFit",
    "analyze",
    "builtin_geo",
    "design",
    "fit_synth",
    "panel_from_long",
    "simplex_lstsq",
]
