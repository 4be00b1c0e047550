"""Ad-disclosure compliance: the rules R1–R12 (German, EU and US profiles) on captions and posts.

* :func:`check_post` — one post in, a :class:`DisclosureVerdict` (verdict, findings with the
  offending text and its position) out;
* :func:`resonanz.core.disclosure.batch.check_posts` — a posts frame in, per-post verdicts out;
* :mod:`resonanz.core.disclosure.component` — the per-account vetting component ``disclosure``.

The rules, token lists and severities come from ``[disclosure]`` in ``defaults.toml``;
docs/methodology.md ("Ad disclosure") explains them.
"""

from resonanz.core.disclosure.checker import check_post
from resonanz.core.disclosure.models import DisclosureVerdict, RuleHit, SignalHit

__all__ = ["DisclosureVerdict", "RuleHit", "SignalHit", "check_post"]
