"""Platform advice for a brief: seed 002's rules, scored with their reasons.

Each platform with a rule in ``[advice.platforms]`` gets a score in [0, 1]: the weighted share of
the evidence that speaks for it (audience age, niche, budget, goal, formats). Evidence the brief
does not give (no target age, no budget …) is left out of every platform's score alike, and the
confidence says how much of the evidence was there. Where the seed names no condition for a
platform (TikTok names no niche), that platform scores a neutral 0.5 on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from resonanz.core.advice.settings import AdviceSettings, PlatformRule
from resonanz.core.brief import Brief, PlanBrief
from resonanz.core.vetting.result import Reason

NEUTRAL = 0.5  # the seed says nothing about this platform on this point
Evidence = tuple[float | None, list[Reason]]  # a component's value (None: not given) and reasons


@dataclass(frozen=True)
class PlatformScore:
    """One platform's fit for the brief, with its components and reasons."""

    platform: str
    score: float
    share: float  # suggested share of the budget: score / sum of the scores
    components: dict[str, float | None]
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class PlatformAdvice:
    """Platforms ranked best first, with how much of the evidence the brief provided."""

    scores: list[PlatformScore]
    confidence: float  # share of the evidence weight the brief gave

    @property
    def recommended(self) -> str | None:
        """The best-scoring platform (None when no platform has a rule)."""
        return self.scores[0].platform if self.scores else None


def _overlap(target: tuple[int, int], suited: tuple[int, int]) -> float:
    """Share of the target's ages (inclusive) inside the suited range."""
    lo, hi = max(target[0], suited[0]), min(target[1], suited[1])
    return max(0, hi - lo + 1) / (target[1] - target[0] + 1)


def _age(brief: Brief, platform: str, rule: PlatformRule) -> Evidence:
    age = brief.target.age if brief.target else None
    if age is None:
        return None, []
    if rule.ages is None:
        return NEUTRAL, []
    share = _overlap(age, rule.ages)
    params = {"platform": platform, "share": share, "lo": rule.ages[0], "hi": rule.ages[1],
              "t_lo": age[0], "t_hi": age[1], "source": rule.source}  # fmt: skip
    code = "advice_age_match" if share >= 0.5 else "advice_age_mismatch"
    return share, [Reason(code=code, params=params, severity="good" if share >= 0.5 else "warn")]


def _niche(brief: Brief, platform: str, rule: PlatformRule) -> Evidence:
    if not brief.niches:
        return None, []
    if not rule.niches:
        return NEUTRAL, []
    hits = [n for n in brief.niches if n in rule.niches]
    if not hits:
        return 0.0, []
    params = {"platform": platform, "niches": ", ".join(hits), "source": rule.source}
    return len(hits) / len(brief.niches), [
        Reason(code="advice_niche_match", params=params, severity="good")
    ]


def _budget(budget: float | None, platform: str, rule: PlatformRule) -> Evidence:
    if budget is None:
        return None, []
    if rule.small_budget_eur is None:
        return NEUTRAL, []
    if budget <= rule.small_budget_eur:
        params = {"platform": platform, "budget": budget, "limit": rule.small_budget_eur,
                  "source": rule.source}  # fmt: skip
        return 1.0, [Reason(code="advice_small_budget", params=params, severity="good")]
    return 0.0, []


def _goal(goal: str | None, platform: str, rule: PlatformRule) -> Evidence:
    if goal is None:
        return None, []
    if not rule.goals:
        return NEUTRAL, []
    if goal in rule.goals:
        params = {"platform": platform, "goal": goal, "source": rule.source}
        return 1.0, [Reason(code="advice_goal_match", params=params, severity="good")]
    return 0.0, []


def _formats(formats: tuple[str, ...], platform: str, rule: PlatformRule) -> Evidence:
    if not formats:
        return None, []
    if not rule.formats:
        return NEUTRAL, []
    hits = [f for f in formats if f in rule.formats]
    if not hits:
        return 0.0, []
    params = {"platform": platform, "formats": ", ".join(hits), "source": rule.source}
    return len(hits) / len(formats), [
        Reason(code="advice_format_match", params=params, severity="good")
    ]


def advise_platforms(brief: Brief, settings: AdviceSettings) -> PlatformAdvice:
    """Rank the platforms with a rule (restricted to the brief's platforms, if it names any)."""
    plan = brief if isinstance(brief, PlanBrief) else None
    budget = plan.budget_eur if plan else None
    goal = plan.goal if plan else None
    formats = plan.formats if plan else ()
    wanted = set(plan.platforms) if plan and plan.platforms else None
    weights = settings.weights.model_dump()
    raw: list[tuple[str, float, dict[str, float | None], list[Reason]]] = []
    given = 0.0
    for platform, rule in settings.platforms.items():
        if wanted is not None and platform not in wanted:
            continue
        parts = {
            "age": _age(brief, platform, rule),
            "niche": _niche(brief, platform, rule),
            "budget": _budget(budget, platform, rule),
            "goal": _goal(goal, platform, rule),
            "format": _formats(formats, platform, rule),
        }
        components = {name: value for name, (value, _) in parts.items()}
        used = {n: v for n, v in components.items() if v is not None}
        given = sum(weights[n] for n in used)
        score = sum(weights[n] * v for n, v in used.items()) / given if given else NEUTRAL
        reasons = [r for _, rs in parts.values() for r in rs]
        raw.append((platform, score, components, reasons))
    total = sum(score for _, score, _, _ in raw)
    scores = [
        PlatformScore(p, s, s / total if total else 1.0 / len(raw), c, r) for p, s, c, r in raw
    ]
    scores.sort(key=lambda x: (-x.score, x.platform))
    return PlatformAdvice(scores=scores, confidence=given)
