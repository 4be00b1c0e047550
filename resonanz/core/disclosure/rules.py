"""The rules R1–R12 of the reference's checker specification (§ 5.5), one function each.

Every function takes the analysed :class:`PostContext` and returns its findings (an empty list
when the rule passes or does not apply). One problem is reported once: a post with no label at all
fails R1 (not also R2); weak-only labels fail R4 (not R2), so the US profile's "#sp is only a
warning" holds; a platform label without a caption label is R10's business. See
docs/methodology.md ("Ad disclosure") for the reading of each rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from resonanz.core.disclosure.context import PostContext
from resonanz.core.disclosure.lexicon import Label
from resonanz.core.disclosure.models import RuleHit, Verdict
from resonanz.core.disclosure.normalise import Folded, fold

_HASHTAG = re.compile(r"#\w+")
_WORD_CHAR = re.compile(r"\w")
_SIGNAL_ORDER = {"code": 0, "affiliate": 1, "shop": 2, "mention": 3, "phrase": 4, "label": 5}
SIGNAL_NAMES: dict[str, tuple[str, str]] = {
    "code": ("ein Rabattcode", "a discount code"),
    "affiliate": ("ein Affiliate-Link", "an affiliate link"),
    "shop": ("ein Shop-Link", "a shop link"),
    "mention": ("eine Marken-Erwähnung", "a brand mention"),
    "phrase": ("ein Hinweis auf eine Kooperation", "a hint at a deal"),
    "label": ("ein Werbewort", "an ad word"),
    "consideration": ("die angegebene Gegenleistung", "the stated consideration"),
}
"""How the signal that made a label necessary is named in the explanation (German, English)."""


def _hit(
    ctx: PostContext,
    rule: str,
    severity: str,
    text: str,
    pos: int | None,
    code: str,
    **params: object,
) -> list[RuleHit]:
    if severity == "off":
        return []
    sev: Verdict = severity  # type: ignore[assignment]
    field = str(params.pop("field", "text"))
    return [
        RuleHit(
            id=rule,
            severity=sev,
            text=text,
            position=pos,
            field=field,
            code=code,
            params={"text": text, **params},
        )
    ]


def _opening(ctx: PostContext) -> tuple[str, int | None]:
    first = ctx.inp.text.strip().splitlines()[0] if ctx.inp.text.strip() else ""
    return first[:60], (ctx.inp.text.find(first) if first else None)


def _any_disclosure(ctx: PostContext) -> bool:
    extra = [ctx.on_screen, ctx.transcript, *(ctx.frames or [])]
    return (
        any(not x.negated for x in ctx.labels)
        or bool(ctx.inp.platform_label)
        or any(ctx.labelled(f) for f in extra)
        or _affiliate_note(ctx) is not None
    )


def _affiliate_note(ctx: PostContext) -> tuple[int, int] | None:
    """The first starred affiliate explanation ("*Affiliate-Link") in the caption."""
    return next(((a, b) for a, b, starred in _explanations(ctx) if starred), None)


def affiliate_labelled(ctx: PostContext) -> bool:
    """Affiliate links are the only deal and each is marked with '*' and explained nearby.

    Medienanstalten (ref § 5.2 no. 7): an affiliate link is labelled by the asterisk and its
    explanation; when the commission is the only consideration, that is the post's label.
    """
    if ctx.affiliate_only is None:
        ctx.affiliate_only = _affiliate_only(ctx)
    return ctx.affiliate_only


def _affiliate_only(ctx: PostContext) -> bool:
    links = [x for x in ctx.links if x.affiliate]
    if not links or ctx.inp.consideration not in ("affiliate", "unknown"):
        return False
    if ctx.inp.consideration == "unknown":
        words = ctx.lex.affiliate_words
        for sig in ctx.signals:
            explained = (
                sig.kind == "phrase" and words is not None and words.search(fold(sig.text).text)
            )
            if sig.strong and sig.kind != "affiliate" and not explained:
                return False
    return not r8_affiliate(ctx)


def _not_needed(ctx: PostContext) -> bool:
    return ctx.requirement == "none" or affiliate_labelled(ctx)


def r1_label_required(ctx: PostContext) -> list[RuleHit]:
    """R1: a label is required (consideration, or unknown with a commercial signal) but none."""
    if _not_needed(ctx) or _any_disclosure(ctx):
        return []
    ranked = sorted(
        (s for s in ctx.signals if s.kind in _SIGNAL_ORDER),
        key=lambda s: (not s.strong, _SIGNAL_ORDER[s.kind], s.pos is None, s.pos or 0),
    )
    if ranked:
        best = ranked[0]
        text, pos, field = best.text, best.pos, best.field
    else:
        (text, pos), field = _opening(ctx), "text"
    kind = ranked[0].kind if ranked else "consideration"
    code = "disc_r1_unclear" if ctx.requirement == "unclear" else "disc_r1"
    if not ranked:
        code = "disc_r1_consideration"
    de, en = SIGNAL_NAMES[kind]
    return _hit(
        ctx,
        "R1",
        ctx.label_severity("R1"),
        text,
        pos,
        code,
        signal=kind,
        signal_de=de,
        signal_en=en,
        consideration=ctx.inp.consideration,
        field=field,
    )


def r2_accepted_token(ctx: PostContext) -> list[RuleHit]:
    """R2: the label must be an accepted word ("Werbung"/"Anzeige"; US also "#ad", …)."""
    if _not_needed(ctx) or not _any_disclosure(ctx):
        return []
    accepted = ctx.accepted()
    sev = ctx.label_severity("R2")
    if accepted:
        if ctx.inp.consideration == "paid" and all(x.unpaid for x in accepted):
            return _hit(ctx, "R2", sev, accepted[0].text, accepted[0].pos, "disc_r2_unpaid")
        return []
    if ctx.platform_ok or ctx.weak or ctx.inp.platform_label:
        return []  # R10 (platform label) or R4 (weak words) say what is wrong
    if ctx.unclear:
        return _hit(ctx, "R2", sev, ctx.unclear[0].text, ctx.unclear[0].pos, "disc_r2_unclear")
    note = _affiliate_note(ctx)
    if note is not None and not ctx.labels:
        text = ctx.inp.text[note[0] : note[1]]
        return _hit(ctx, "R2", sev, text, note[0], "disc_r2_affiliate")
    if ctx.inp.kind == "story":
        return []  # a story has no caption of its own; R6 checks its frames
    text, pos = _opening(ctx)
    return _hit(ctx, "R2", sev, text, pos, "disc_r2_caption")


def trailing_run_start(text: str) -> int | None:
    """Start of a run of ≥ 3 hashtags ending ``text`` after other content, else None."""
    tags = list(_HASHTAG.finditer(text))
    start, count, stop = None, 0, len(text)
    for m in reversed(tags):
        if _WORD_CHAR.search(text, m.end(), stop):
            break
        start, count, stop = m.start(), count + 1, m.start()
    if count < 3 or start is None or not _WORD_CHAR.search(text, 0, start):
        return None
    return start


def r3_r5_position(ctx: PostContext) -> list[RuleHit]:
    """R3: the label stands before the platform's cut; R5: not buried in trailing hashtags."""
    if _not_needed(ctx) or ctx.inp.kind == "story" or ctx.platform_ok:
        return []
    accepted = ctx.accepted()
    if not accepted:
        return []
    trunc = ctx.settings.truncation_for(ctx.inp.platform)
    cut = ctx.lines.cut(trunc.lines, trunc.chars)
    run = trailing_run_start(ctx.f.text)
    buried = [x for x in accepted if run is not None and x.start >= run]
    visible = [x for x in accepted if x.pos + len(x.text) <= cut and x not in buried]
    if visible:
        return []
    if len(buried) == len(accepted):
        first = buried[0]
        return _hit(ctx, "R5", ctx.label_severity("R5"), first.text, first.pos, "disc_r5")
    late = next(x for x in accepted if x not in buried)
    return _hit(
        ctx,
        "R3",
        ctx.label_severity("R3"),
        late.text,
        late.pos,
        "disc_r3",
        chars=trunc.chars,
        lines=trunc.lines,
        platform=ctx.inp.platform,
    )


def r4_weak_only(ctx: PostContext) -> list[RuleHit]:
    """R4: only weak words (#ad in DE, #sp, #partner, "thanks @brand", …), no accepted label."""
    if _not_needed(ctx) or ctx.accepted():
        return []
    weak = ctx.weak
    if not weak:
        return []
    words = ", ".join(dict.fromkeys(x.text for x in weak))
    # "Danke an @brand" alone is a thank-you, not an attempt at a label: the ad is undisclosed.
    code = "disc_r4_thanks" if all(x.kind == "thanks" for x in weak) else "disc_r4"
    return _hit(ctx, "R4", ctx.label_severity("R4"), words, weak[0].pos, code)


def r6_story_frames(ctx: PostContext) -> list[RuleHit]:
    """R6: every story frame carries a label."""
    if ctx.inp.kind != "story" or ctx.requirement == "none" or ctx.platform_ok:
        return []
    if not ctx.frames:
        ctx.unchecked.append("R6")
        return []
    bare = [f for f in ctx.frames if not ctx.labelled(f)]
    if not bare:
        return []
    text = bare[0].original.strip()[:80]
    return _hit(
        ctx,
        "R6",
        ctx.label_severity("R6"),
        text,
        None,
        "disc_r6",
        n=len(bare),
        total=len(ctx.frames),
    )


def r7_video(ctx: PostContext) -> list[RuleHit]:
    """R7: a video shows the label on screen; US (and audio formats) also say it."""
    if ctx.inp.kind not in ("video", "audio") or ctx.requirement == "none":
        return []
    out: list[RuleHit] = []
    sev = ctx.label_severity("R7")
    if ctx.inp.kind == "video":
        if ctx.on_screen is None:
            ctx.unchecked.append("R7")
        elif not ctx.labelled(ctx.on_screen):
            text = ctx.on_screen.original.strip()[:80]
            out += _hit(ctx, "R7", sev, text, 0, "disc_r7_screen", field="on_screen_text")
    if ctx.inp.kind == "audio" or ctx.inp.profile == "US":
        if ctx.transcript is None:
            ctx.unchecked.append("R7")
        elif not ctx.labelled(ctx.transcript):
            text = ctx.transcript.original.strip()[:80]
            out += _hit(ctx, "R7", sev, text, 0, "disc_r7_audio", field="transcript")
    return out


def _blank_lines(ctx: PostContext) -> list[bool]:
    if ctx.blank_lines is None:
        starts, text = ctx.lines.starts, ctx.inp.text
        ends = [*starts[1:], len(text)]
        ctx.blank_lines = [not text[a:b].strip() for a, b in zip(starts, ends, strict=True)]
    return ctx.blank_lines


def near(ctx: PostContext, a: tuple[int, int], b: tuple[int, int], blanks: Sequence[bool]) -> bool:
    """Spans ``a`` and ``b`` lie within ``near_chars`` or ``near_lines`` non-blank lines."""
    gap = max(0, max(a[0], b[0]) - min(a[1], b[1]))
    if gap <= ctx.settings.near_chars:
        return True
    la, lb = sorted((ctx.lines.line(a[0]), ctx.lines.line(b[0])))
    return sum(not blanks[i] for i in range(la + 1, lb + 1)) <= ctx.settings.near_lines


def _explanations(ctx: PostContext) -> list[tuple[int, int, bool]]:
    """Affiliate explanations in the caption: (start, end, starts with '*')."""
    if ctx.explanations is None:
        ctx.explanations = _find_explanations(ctx)
    return ctx.explanations


def _find_explanations(ctx: PostContext) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    pattern = ctx.lex.affiliate_words
    if pattern is None:
        return out
    f: Folded = ctx.f
    for m in pattern.finditer(f.text, f.words):
        line_head = f.text[: m.start()].rsplit("\n", 1)[-1]
        starred = "*" in f.text[max(0, m.start() - 3) : m.start()] or line_head.lstrip().startswith(
            "*"
        )
        out.append((*f.span(m.start(), m.end()), starred))
    return out


def _affiliate_ok(ctx: PostContext, pos: int, end: int, blanks: Sequence[bool]) -> bool:
    text = ctx.inp.text
    line_start = ctx.lines.starts[ctx.lines.line(pos)]
    marker = "*" in text[max(line_start, pos - 15) : pos] or text[end : end + 3].startswith("*")
    for a, b, starred in _explanations(ctx):
        same_line = ctx.lines.line(a) == ctx.lines.line(pos)
        if same_line and min(abs(a - end), abs(pos - b)) <= ctx.settings.affiliate_direct_chars:
            return True
        if marker and starred and near(ctx, (pos, end), (a, b), blanks):
            return True
    return False


def r8_affiliate(ctx: PostContext) -> list[RuleHit]:
    """R8: an affiliate link is marked with '*' and explained nearby ("*Affiliate-Link")."""
    blanks = _blank_lines(ctx)
    bad = []
    for link in (x for x in ctx.links if x.affiliate):
        if link.pos is None or link.end is None:
            if not _explanations(ctx):
                bad.append(link)
        elif not _affiliate_ok(ctx, link.pos, link.end, blanks):
            bad.append(link)
    if not bad:
        return []
    field = "text" if bad[0].pos is not None else "links"
    return _hit(
        ctx, "R8", ctx.severity("R8"), bad[0].url, bad[0].pos, "disc_r8", n=len(bad), field=field
    )


def r9_code_near_label(ctx: PostContext) -> list[RuleHit]:
    """R9: "Werbung"/"Anzeige" next to a discount code or promotional link."""
    blanks = _blank_lines(ctx)
    labels: list[Label] = ctx.accepted()
    spans = [(x.pos, x.pos + len(x.text)) for x in labels]
    targets: list[tuple[str, int]] = [(c, p) for c, p in ctx.codes if p is not None]
    targets += [(x.url, x.pos) for x in ctx.links if x.promotional and x.pos is not None]
    bad = [
        (t, p) for t, p in targets if not any(near(ctx, (p, p + len(t)), s, blanks) for s in spans)
    ]
    if not bad:
        return []
    bad.sort(key=lambda tp: tp[1])
    return _hit(ctx, "R9", ctx.severity("R9"), bad[0][0], bad[0][1], "disc_r9", n=len(bad))


def r10_platform_label(ctx: PostContext) -> list[RuleHit]:
    """R10: the platform's paid-partnership label without a caption label (DE: warn)."""
    if not ctx.inp.platform_label or ctx.accepted():
        return []
    sev = ctx.severity("R10")
    code = "disc_r10_ok" if sev == "ok" else "disc_r10"
    return _hit(ctx, "R10", sev, "", None, code, field="has_platform_paid_label")


def r11_language(ctx: PostContext) -> list[RuleHit]:
    """R11: a German-speaking audience but only English labels → recommend "Werbung"."""
    if not ctx.audience_german:
        return []
    # "Thanks @brand" is no label attempt, so its language says nothing about the labels.
    english = [x for x in ctx.labels if x.english and not x.negated and x.kind != "thanks"]
    if not english or any(x.kind == "de" and not x.negated for x in ctx.labels):
        return []
    return _hit(ctx, "R11", ctx.severity("R11"), english[0].text, english[0].pos, "disc_r11")


def r12_political(ctx: PostContext) -> list[RuleHit]:
    """R12: politically themed sponsored content goes to manual review."""
    pattern = ctx.lex.political
    if pattern is None or (ctx.requirement == "none" and not ctx.inp.platform_label):
        return []
    sources = [("text", ctx.f), ("on_screen_text", ctx.on_screen), ("transcript", ctx.transcript)]
    for field, f in sources:
        m = pattern.search(f.text, f.words) if f is not None else None
        if m and f is not None:
            pos, stop = f.span(m.start(), m.end())
            return _hit(
                ctx, "R12", ctx.severity("R12"), f.original[pos:stop], pos, "disc_r12", field=field
            )
    return []


RULES: tuple[Callable[[PostContext], list[RuleHit]], ...] = (
    r1_label_required,
    r2_accepted_token,
    r3_r5_position,
    r4_weak_only,
    r6_story_frames,
    r7_video,
    r8_affiliate,
    r9_code_near_label,
    r10_platform_label,
    r11_language,
    r12_political,
)
"""All rules in order (R3 and R5 share one function: a label is either late or buried)."""
