"""The catalogue of explanation sentences: every Reason code in German (first) and English.

A :class:`~resonanz.core.vetting.result.Reason` carries a code and raw parameters (fractions,
counts, dates); :func:`render` turns it into a sentence with locale-aware numbers:

>>> from resonanz.core.vetting.result import Reason
>>> r = Reason(code="er_below_benchmark", params={"er": 0.021, "benchmark": 0.06,
...     "label_de": "Instagram Micro", "label_en": "Instagram micro", "source": "seed 002",
...     "ratio": 0.35})
>>> render(r, "de")
'Engagement-Rate 2,1 % liegt unter dem Benchmark von 6,0 % (Instagram Micro, Quelle: seed 002).'
>>> render(r, "en")
'Engagement rate 2.1% is below the benchmark of 6.0% (Instagram micro, source: seed 002).'

Placeholders are ``{name:kind}``; kinds: ``pct`` (fraction as percent, 1 decimal), ``pct0``,
``signed_pct``, ``int``, ``signed_int``, ``num1``, ``num2``, ``date``, ``platform``, ``tier``.
A parameter ``x_de``/``x_en`` is used for ``{x}`` in that language. Unknown values show as "–".
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from resonanz.core.vetting.result import Reason

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")


class Message(NamedTuple):
    """One sentence in German and English."""

    de: str
    en: str


_BENCH = "({label}, Quelle: {source})"
_BENCH_EN = "({label}, source: {source})"

MESSAGES: dict[str, Message] = {
    # tier
    "tier_assigned_band": Message(
        "{followers:int} Follower: Stufe {tier:tier} ({lower:int}–{upper:int} Follower).",
        "{followers:int} followers: tier {tier:tier} ({lower:int}–{upper:int} followers).",
    ),
    "tier_assigned": Message(
        "{followers:int} Follower: Stufe {tier:tier} (ab {lower:int} Follower).",
        "{followers:int} followers: tier {tier:tier} (from {lower:int} followers).",
    ),
    "tier_private_user": Message(
        "Nur {followers:int} Follower – unter {threshold:int} gilt ein Konto als Privatnutzer, "
        "nicht als Creator.",
        "Only {followers:int} followers – below {threshold:int} an account counts as a private "
        "user, not a creator.",
    ),
    "tier_followers_unknown": Message(
        "Followerzahl unbekannt – keine Stufe und kein Benchmark.",
        "Follower count unknown – no tier and no benchmark.",
    ),
    "tier_followers_from_history": Message(
        "Followerzahl aus dem Verlauf übernommen ({followers:int}); das Profil nannte keine.",
        "Follower count taken from the history ({followers:int}); the profile gave none.",
    ),
    "account_private": Message(
        "Das Profil ist privat: Beiträge und Follower sind öffentlich nicht sichtbar.",
        "The profile is private: posts and followers are not publicly visible.",
    ),
    # engagement
    "er_no_posts": Message(
        "Keine Beiträge vorhanden – Engagement-Rate nicht berechenbar.",
        "No posts – the engagement rate cannot be computed.",
    ),
    "er_no_counts": Message(
        "Likes oder Kommentare fehlen bei allen {n:int} jüngsten Beiträgen – Engagement-Rate "
        "nicht berechenbar.",
        "Likes or comments are missing on all {n:int} recent posts – the engagement rate "
        "cannot be computed.",
    ),
    "er_followers_unknown": Message(
        "Followerzahl unbekannt – Engagement-Rate der {n:int} jüngsten Beiträge nicht berechenbar.",
        "Follower count unknown – the engagement rate of the {n:int} recent posts cannot be "
        "computed.",
    ),
    "er_few_posts": Message(
        "Nur {n:int} von {wanted:int} Beiträgen mit bekannten Likes und Kommentaren – geringere "
        "Sicherheit.",
        "Only {n:int} of {wanted:int} posts with known likes and comments – lower confidence.",
    ),
    "er_basis_views": Message(
        "{n_views:int} von {n:int} Beiträgen nach Aufrufen statt nach Followern gemessen "
        "(Video-Plattform).",
        "{n_views:int} of {n:int} posts measured by views instead of followers (video platform).",
    ),
    "er_above_benchmark": Message(
        "Engagement-Rate {er:pct} liegt über dem Benchmark von {benchmark:pct} " + _BENCH + ".",
        "Engagement rate {er:pct} is above the benchmark of {benchmark:pct} " + _BENCH_EN + ".",
    ),
    "er_at_benchmark": Message(
        "Engagement-Rate {er:pct} entspricht etwa dem Benchmark von {benchmark:pct} "
        + _BENCH
        + ".",
        "Engagement rate {er:pct} is about the benchmark of {benchmark:pct} " + _BENCH_EN + ".",
    ),
    "er_below_benchmark": Message(
        "Engagement-Rate {er:pct} liegt unter dem Benchmark von {benchmark:pct} " + _BENCH + ".",
        "Engagement rate {er:pct} is below the benchmark of {benchmark:pct} " + _BENCH_EN + ".",
    ),
    "er_far_below_benchmark": Message(
        "Engagement-Rate {er:pct} liegt weit unter dem Benchmark von {benchmark:pct} "
        + _BENCH
        + " – nur {ratio:pct0} davon.",
        "Engagement rate {er:pct} is far below the benchmark of {benchmark:pct} "
        + _BENCH_EN
        + " – only {ratio:pct0} of it.",
    ),
    "er_unusually_high": Message(
        "Engagement-Rate {ratio:num1}-mal so hoch wie der Benchmark – ungewöhnlich; Echtheit "
        "prüfen (Engagement-Pods, gekaufte Likes).",
        "Engagement rate {ratio:num1} times the benchmark – unusual; check its authenticity "
        "(engagement pods, bought likes).",
    ),
    "er_benchmark_nearest": Message(
        "Kein Benchmark deckt {platform:platform} {tier:tier} genau ab; verwendet wird der "
        "nächstliegende ({label}) – geringere Sicherheit.",
        "No benchmark covers {platform:platform} {tier:tier} exactly; the nearest one is used "
        "({label}) – lower confidence.",
    ),
    "er_benchmark_peers": Message(
        "Für {platform:platform} {tier:tier} gibt es keinen veröffentlichten Benchmark; bewertet "
        "wird der Rang unter vergleichbaren Konten – geringere Sicherheit.",
        "There is no published benchmark for {platform:platform} {tier:tier}; the rank among "
        "comparable accounts is scored instead – lower confidence.",
    ),
    "er_no_benchmark": Message(
        "Kein Benchmark und zu wenige vergleichbare Konten für {platform:platform} {tier:tier} – "
        "keine Engagement-Bewertung.",
        "No benchmark and too few comparable accounts for {platform:platform} {tier:tier} – no "
        "engagement score.",
    ),
    "er_percentile": Message(
        "Engagement-Rate höher als bei etwa {percentile:pct0} der {peers:int} vergleichbaren "
        "Konten ({platform:platform} {tier:tier}).",
        "Engagement rate higher than about {percentile:pct0} of {peers:int} comparable accounts "
        "({platform:platform} {tier:tier}).",
    ),
    # activity
    "act_frequency_ok": Message(
        "{rate:num1} Beiträge pro Woche in den letzten {window_days:int} Tagen – auf "
        "{platform:platform} werden mindestens {expected:num1} erwartet.",
        "{rate:num1} posts a week over the last {window_days:int} days – {platform:platform} "
        "expects at least {expected:num1}.",
    ),
    "act_frequency_low": Message(
        "Nur {rate:num1} Beiträge pro Woche in den letzten {window_days:int} Tagen – auf "
        "{platform:platform} werden {expected:num1} erwartet.",
        "Only {rate:num1} posts a week over the last {window_days:int} days – "
        "{platform:platform} expects {expected:num1}.",
    ),
    "act_consistency_unknown": Message(
        "Zu wenige Beiträge ({n:int}) im Zeitraum, um die Regelmäßigkeit zu beurteilen.",
        "Too few posts ({n:int}) in the window to judge consistency.",
    ),
    "act_regular": Message(
        "Regelmäßiges Posten (Variationskoeffizient der Abstände {cv:num2}).",
        "Regular posting (coefficient of variation of the gaps {cv:num2}).",
    ),
    "act_irregular": Message(
        "Unregelmäßiges Posten in Schüben (Variationskoeffizient der Abstände {cv:num2}).",
        "Irregular posting in bursts (coefficient of variation of the gaps {cv:num2}).",
    ),
    "act_inactive": Message(
        "Seit {days:int} Tagen kein Beitrag – inaktiv.",
        "No post for {days:int} days – inactive.",
    ),
    "act_last_post": Message(
        "Tage seit dem letzten Beitrag: {days:int}.", "Days since the last post: {days:int}."
    ),
    "act_short_history": Message(
        "Beiträge erst über {days:int} von {wanted:int} Tagen bekannt – geringere Sicherheit.",
        "Posts known over only {days:int} of {wanted:int} days – lower confidence.",
    ),
    "act_no_posts": Message(
        "Keine Beiträge in den Daten – Aktivität nicht beurteilbar.",
        "No posts in the data – activity cannot be judged.",
    ),
    "act_no_posts_ever": Message(
        "Das Konto hat noch nie etwas gepostet.",
        "The account has never posted anything.",
    ),
    # growth
    "growth_no_history": Message(
        "Kein Follower-Verlauf vorhanden – Wachstum nicht beurteilbar.",
        "No follower history – growth cannot be judged.",
    ),
    "growth_too_short": Message(
        "Nur {n:int} Messpunkt(e) im Follower-Verlauf – Wachstum nicht beurteilbar.",
        "Only {n:int} data point(s) in the follower history – growth cannot be judged.",
    ),
    "growth_rising": Message(
        "Follower wachsen stetig: {growth:signed_pct} pro 30 Tage (über {days:int} Tage).",
        "Followers grow steadily: {growth:signed_pct} per 30 days (over {days:int} days).",
    ),
    "growth_flat": Message(
        "Followerzahl stabil: {growth:signed_pct} pro 30 Tage (über {days:int} Tage).",
        "Follower count stable: {growth:signed_pct} per 30 days (over {days:int} days).",
    ),
    "growth_declining": Message(
        "Followerzahl sinkt: {growth:signed_pct} pro 30 Tage (über {days:int} Tage).",
        "Follower count falls: {growth:signed_pct} per 30 days (over {days:int} days).",
    ),
    "growth_spike": Message(
        "Sprunghafter Follower-Zuwachs am {date:date}: {change:signed_int} "
        "({change_pct:signed_pct}) – Hinweis auf gekaufte Follower.",
        "Sudden follower jump on {date:date}: {change:signed_int} ({change_pct:signed_pct}) – "
        "a sign of bought followers.",
    ),
    "growth_drop": Message(
        "Plötzlicher Follower-Verlust am {date:date}: {change:signed_int} "
        "({change_pct:signed_pct}) – möglicherweise entfernte Fake-Follower.",
        "Sudden follower loss on {date:date}: {change:signed_int} ({change_pct:signed_pct}) – "
        "possibly fake followers removed.",
    ),
    "growth_no_anomalies": Message(
        "Keine auffälligen Sprünge oder Einbrüche im Follower-Verlauf.",
        "No suspicious jumps or drops in the follower history.",
    ),
    "growth_short_history": Message(
        "Follower-Verlauf nur über {days:int} von {wanted:int} Tagen – geringere Sicherheit.",
        "Follower history covers only {days:int} of {wanted:int} days – lower confidence.",
    ),
}
"""Every Reason code resonanz emits, with its German and English sentence."""

PLATFORM_NAMES: dict[Lang, dict[str, str]] = {
    "de": {
        "instagram": "Instagram",
        "tiktok": "TikTok",
        "youtube": "YouTube",
        "blog": "Blog",
        "other": "andere Plattform",
    },
    "en": {
        "instagram": "Instagram",
        "tiktok": "TikTok",
        "youtube": "YouTube",
        "blog": "blog",
        "other": "other platform",
    },
}
TIER_NAMES: dict[Lang, dict[str, str]] = {
    "de": {
        "private": "Privatnutzer",
        "nano": "Nano",
        "micro": "Micro",
        "mid": "Mid",
        "mega": "Mega",
    },
    "en": {
        "private": "private user",
        "nano": "nano",
        "micro": "micro",
        "mid": "mid",
        "mega": "mega",
    },
}
UNKNOWN = "–"
_DE_SEPARATORS = str.maketrans(",.", ".,")


def format_number(value: float, decimals: int, lang: Lang, signed: bool = False) -> str:
    """``12345.6`` → ``'12.345,6'`` (de) or ``'12,345.6'`` (en); optional leading sign."""
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if lang == "de":
        text = text.translate(_DE_SEPARATORS)
    return text


def format_percent(fraction: float, decimals: int, lang: Lang, signed: bool = False) -> str:
    """``0.021`` → ``'2,1 %'`` (de) or ``'2.1%'`` (en)."""
    number = format_number(fraction * 100.0, decimals, lang, signed)
    return f"{number} %" if lang == "de" else f"{number}%"


def _as_date(value: Any) -> date | None:
    """A date from a date/datetime or an ISO string (reports stored as JSON carry strings)."""
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def format_value(value: Any, kind: str, lang: Lang) -> str:
    """One placeholder value in the given format kind and language."""
    if value is None or (isinstance(value, float) and value != value):
        return UNKNOWN
    if kind in ("pct", "pct0", "signed_pct"):
        decimals = 0 if kind == "pct0" else 1
        return format_percent(float(value), decimals, lang, signed=kind == "signed_pct")
    if kind in ("int", "signed_int"):
        return format_number(round(float(value)), 0, lang, signed=kind == "signed_int")
    if kind in ("num1", "num2"):
        return format_number(float(value), int(kind[-1]), lang)
    if kind == "date":
        day = _as_date(value)
        if day is not None:
            return day.strftime("%d.%m.%Y") if lang == "de" else day.isoformat()
    if kind == "platform":
        return PLATFORM_NAMES[lang].get(str(value), str(value))
    if kind == "tier":
        return TIER_NAMES[lang].get(str(value), str(value))
    return str(value)


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str):
            localized = f"{key}_{self.lang}"
            if localized in kwargs:
                return kwargs[localized]
            return kwargs.get(key)
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        return format_value(value, format_spec, self.lang)


def render_code(code: str, params: Mapping[str, Any], lang: Lang = "de") -> str:
    """The sentence for ``code`` with ``params``; KeyError for a code not in the catalogue."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; known: {LANGS}")
    template = getattr(MESSAGES[code], lang)
    return _Formatter(lang).vformat(template, (), params)


def render(reason: Reason, lang: Lang = "de") -> str:
    """The sentence for one Reason in ``lang`` (German by default)."""
    return render_code(reason.code, reason.params, lang)


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses (for catalogue checks)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
