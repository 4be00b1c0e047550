"""Check one post against the ad-disclosure rules R1–R12: :func:`check_post`.

>>> check_post("Werbung | Mein neues Serum von @glowlab, Code ANNA20 spart 20 %").verdict
'ok'
>>> v = check_post("#ad Mein neues Serum von @glowlab, Code ANNA20 spart 20 %")
>>> v.verdict, [h.id for h in v.rules]
('error', ['R4', 'R9', 'R11'])
>>> check_post("#ad My new serum from @glowlab, code ANNA20", profile="US").verdict
'ok'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from resonanz.core.disclosure.context import PostContext, PostInput, build_context
from resonanz.core.disclosure.lexicon import lexicon
from resonanz.core.disclosure.models import (
    CONSIDERATIONS,
    SEVERITY_RANK,
    DisclosureVerdict,
    RuleHit,
    SignalHit,
    format_kind,
)
from resonanz.core.disclosure.rules import RULES
from resonanz.core.disclosure.settings import PROFILES, DisclosureSettings


def default_settings() -> DisclosureSettings:
    """The shipped ``[disclosure]`` settings."""
    from resonanz.core.config import load_defaults  # late: config imports this package

    return load_defaults().disclosure


def handle_set(values: Iterable[str]) -> frozenset[str]:
    """Handles without '@', case-folded (a frozenset is taken as already normalised)."""
    if isinstance(values, frozenset):
        return values
    return frozenset(h.strip().lstrip("@").casefold() for h in values if h and h.strip())


def worst(hits: Iterable[RuleHit]) -> str:
    """The verdict of a list of findings: the worst severity, ``ok`` when there is none."""
    return max((h.severity for h in hits), key=SEVERITY_RANK.__getitem__, default="ok")


def findings(ctx: PostContext) -> list[RuleHit]:
    """Every rule's findings on an analysed post, in rule order (fills ``ctx.unchecked``)."""
    hits = [hit for rule in RULES for hit in rule(ctx)]
    hits.sort(key=lambda h: int(h.id[1:]))
    return hits


def evaluate(ctx: PostContext) -> DisclosureVerdict:
    """Run every rule on an analysed post."""
    hits = findings(ctx)
    signals = tuple(
        SignalHit(kind=s.kind, strong=s.strong, text=s.text, position=s.pos, field=s.field)
        for s in ctx.signals
        if s.kind != "label"
    )
    return DisclosureVerdict(
        verdict=worst(hits),
        profile=ctx.inp.profile,
        consideration=ctx.inp.consideration,
        requirement=ctx.requirement,
        audience_german=ctx.audience_german,
        rules=tuple(hits),
        signals=signals,
        unchecked=tuple(dict.fromkeys(ctx.unchecked)),
    )


def post_context(
    text: str | None,
    *,
    consideration: str = "unknown",
    profile: str | None = None,
    format: str | None = None,  # the contract's column name
    has_platform_paid_label: bool | None = None,
    audience_country: str | None = None,
    on_screen_text: str | None = None,
    transcript: str | None = None,
    mentions: Sequence[str] = (),
    discount_codes: Sequence[str] = (),
    links: Sequence[str] = (),
    platform: str | None = None,
    story_frames: Sequence[str] | None = None,
    brand_handles: Iterable[str] = (),
    non_brand_handles: Iterable[str] = (),
    settings: DisclosureSettings | None = None,
) -> PostContext:
    """One post analysed for the rules (the arguments of :func:`check_post`)."""
    s = settings or default_settings()
    profile = (profile or s.default_profile).upper()
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    if consideration not in CONSIDERATIONS:
        raise ValueError(f"unknown consideration {consideration!r}; known: {CONSIDERATIONS}")
    inp = PostInput(
        text=text or "",
        consideration=consideration,
        profile=profile,
        kind=format_kind(format),
        platform=(platform or "").casefold() or None,
        platform_label=has_platform_paid_label,
        audience_country=audience_country,
        on_screen_text=on_screen_text,
        transcript=transcript,
        story_frames=story_frames,
        mentions=tuple(mentions),
        discount_codes=tuple(discount_codes),
        links=tuple(links),
        brand_handles=handle_set(brand_handles),
        non_brand_handles=handle_set(non_brand_handles),
    )
    return build_context(inp, s, lexicon(s))


def check_post(
    text: str | None,
    *,
    consideration: str = "unknown",
    profile: str | None = None,
    format: str | None = None,  # the contract's column name
    has_platform_paid_label: bool | None = None,
    audience_country: str | None = None,
    on_screen_text: str | None = None,
    transcript: str | None = None,
    mentions: Sequence[str] = (),
    discount_codes: Sequence[str] = (),
    links: Sequence[str] = (),
    platform: str | None = None,
    story_frames: Sequence[str] | None = None,
    brand_handles: Iterable[str] = (),
    non_brand_handles: Iterable[str] = (),
    settings: DisclosureSettings | None = None,
) -> DisclosureVerdict:
    """The disclosure verdict on one post.

    ``text`` is the caption (None = empty). ``consideration`` is one of paid, gifted, affiliate,
    discount_code, none, unknown; ``profile`` DE, EU or US (default from the settings). The
    other arguments are the post's contract fields; None means unknown, and a rule that needs an
    unknown field is listed in ``unchecked`` instead of guessing. ``brand_handles`` are known
    advertisers; ``non_brand_handles`` (e.g. the creators in the store) are never read as brands.
    """
    ctx = post_context(
        text,
        consideration=consideration,
        profile=profile,
        format=format,
        has_platform_paid_label=has_platform_paid_label,
        audience_country=audience_country,
        on_screen_text=on_screen_text,
        transcript=transcript,
        mentions=mentions,
        discount_codes=discount_codes,
        links=links,
        platform=platform,
        story_frames=story_frames,
        brand_handles=brand_handles,
        non_brand_handles=non_brand_handles,
        settings=settings,
    )
    return evaluate(ctx)
