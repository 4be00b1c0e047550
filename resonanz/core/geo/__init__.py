"""Regional tests (geo experiments): augmented synthetic control as in Meta's GeoLift.

Design (:func:`design`: test regions, power, minimum detectable effect) and analysis
(:func:`analyze`: ATT, incremental sales, lift, conformal p-value and CI, iROAS) on a
:class:`Panel` of daily sales per region. See docs/advocates-and-geo.md.
"""

from resonanz.core.geo.analysis import GeoInputError, GeoResult, analyze
from resonanz.core.geo.design import DesignOption, DesignRequest, design
from resonanz.core.geo.panel import Panel, PanelError, PanelIssue, panel_from_long
from resonanz.core.geo.settings import GeoSettings, builtin_geo
from resonanz.core.geo.synth import GeoFitError, SynthFit, fit_synth, simplex_lstsq

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
