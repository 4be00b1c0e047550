"""Engagement authenticity (spec C2): likes without comments, like:comment ratios out of line with
the tier, erratic engagement, bought likes and engagement pods — each with its evidence.

* :func:`authenticity_frame` — every account at once, one row each (:data:`AUTHENTICITY_COLUMNS`);
* :func:`authenticity_result` — one row explained as a ``ComponentResult`` with reasons;
* :func:`pod_graph` — nodes and edges of a row's pod, for a network chart.

See docs/methodology.md ("Engagement authenticity and pods") for the rules and measured quality.
"""

from resonanz.core.vetting.authenticity.explain import authenticity_result
from resonanz.core.vetting.authenticity.frame import (
    AUTHENTICITY_COLUMNS,
    FLAGS,
    KEY,
    authenticity_frame,
    poisson_chance,
)
from resonanz.core.vetting.authenticity.pods import pod_graph

__all__ = [
    "AUTHENTICITY_COLUMNS",
    "FLAGS",
    "KEY",
    "authenticity_frame",
    "authenticity_result",
    "pod_graph",
    "poisson_chance",
]
