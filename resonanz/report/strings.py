"""UI strings and number/date formatting of the offline HTML report, in German and English.

Reason sentences are not here: they come from :func:`resonanz.core.messages.render`. This
catalogue holds the report's own labels (headings, column names, component and tier names, …).
Both languages must have exactly the same keys (a test checks it).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

LANGUAGES: tuple[str, ...] = ("de", "en")

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "report.subtitle": "Creator-Vetting: erklärte Bewertung jedes Kontos",
        "report.footer": "Erstellt mit resonanz. Jeder Score zeigt seine Komponenten, Gewichte, "
        "Belege und Konfidenz.",
        "nav.skip": "Zum Inhalt springen",
        "nav.back": "Zur Übersicht",
        "index.accounts": "Konten",
        "index.scored": "bewertet",
        "index.flagged": "mit Warnsignalen",
        "index.median_score": "Median-Score",
        "index.platforms": "Plattformen",
        "index.ranking": "Rangliste",
        "index.ranking_caption": "Alle Konten, sortiert nach resonanz-Score",
        "index.top_per_niche": "Top-Creator je Nische",
        "index.top_per_niche_intro": "Die bestbewerteten Konten jeder Nische "
        "(bis zu {n} je Nische).",
        "index.no_niches": "Keine Nischen angegeben.",
        "index.filter": "Suchen",
        "index.filter_placeholder": "Handle, Name, Stadt, Nische …",
        "index.all": "Alle",
        "index.only_flagged": "Nur mit Warnsignalen",
        "index.shown": "{shown} von {total} Konten angezeigt",
        "index.empty": "Keine Konten im Bericht.",
        "col.rank": "Rang",
        "col.handle": "Konto",
        "col.platform": "Plattform",
        "col.tier": "Stufe",
        "col.followers": "Follower",
        "col.score": "resonanz-Score",
        "col.confidence": "Konfidenz",
        "col.flags": "Warnsignale",
        "col.niches": "Nischen",
        "col.city": "Stadt",
        "col.component": "Komponente",
        "col.weight": "Gewicht",
        "col.value": "Kennzahl",
        "col.contribution": "Beitrag",
        "sort.by": "Sortieren nach {col}",
        "account.rank": "Platz {rank} von {total}",
        "account.score": "resonanz-Score",
        "account.of_100": "von 100",
        "account.confidence": "Konfidenz",
        "account.not_scored": "nicht bewertbar",
        "account.name": "Name",
        "account.city": "Stadt",
        "account.niches": "Nischen",
        "account.unknown": "unbekannt",
        "account.alerts": "Warnsignale",
        "account.summary": "Auf einen Blick",
        "account.strengths": "Was für das Konto spricht",
        "account.weaknesses": "Was den Score senkt",
        "account.none": "Nichts Auffälliges.",
        "account.composition": "Zusammensetzung des Scores",
        "account.composition_caption": "Komponenten, Gewichte, Konfidenz und Beitrag zum "
        "resonanz-Score",
        "account.total": "Gesamt",
        "account.contribution_note": "Beitrag = Score × Gewicht ÷ Summe der Gewichte aller "
        "bewerteten Komponenten. Komponenten ohne Score zählen nicht.",
        "account.reasons": "Begründung",
        "account.no_reasons": "Keine Begründung hinterlegt.",
        "account.evidence": "Belege",
        "account.no_evidence": "Keine Belege hinterlegt.",
        "account.history": "Verlauf",
        "account.more": "… und {n} weitere",
        "score.band.good": "stark",
        "score.band.medium": "mittel",
        "score.band.weak": "schwach",
        "severity.good": "Positiv",
        "severity.warn": "Hinweis",
        "severity.alert": "Warnsignal",
        "severity.info": "Info",
        "chart.engagement.title": "Engagement-Rate je Beitrag",
        "chart.engagement.aria": "Diagramm: Engagement-Rate von {n} Beiträgen über die "
        "Zeit{bench}.",
        "chart.engagement.aria_bench": ", verglichen mit dem Benchmark von {value}",
        "chart.engagement.series": "Engagement-Rate",
        "chart.engagement.benchmark": "Benchmark ({value})",
        "chart.engagement.median": "Median ({value})",
        "chart.followers.title": "Follower-Verlauf",
        "chart.followers.aria": "Diagramm: Follower von {start} bis {end}, von {first} auf "
        "{last}{events}.",
        "chart.followers.aria_events": "; markiert: {n} auffällige Sprünge oder Einbrüche",
        "chart.followers.series": "Follower",
        "chart.activity.title": "Beiträge je Woche",
        "chart.activity.aria": "Diagramm: {n} Beiträge in {weeks} Wochen, gezählt je Woche.",
        "chart.activity.series": "Beiträge",
        "chart.follower_quality.title": "Follower-Qualität (Stichprobe)",
        "chart.follower_quality.aria": "Diagramm: Anteile echter, verdächtiger, Massen- und "
        "inaktiver Follower in einer Stichprobe von {n} Followern.",
        "chart.follower_quality.real": "Echt",
        "chart.follower_quality.suspicious": "Verdächtig (Bot-artig)",
        "chart.follower_quality.mass": "Massen-Follower",
        "chart.follower_quality.inactive": "Inaktiv",
        "chart.comment_quality.title": "Kommentar-Klassen",
        "chart.comment_quality.aria": "Diagramm: Anteile der Kommentar-Klassen unter {n} "
        "Kommentaren.",
        "chart.comment_quality.meaningful": "Echtes Gespräch",
        "chart.comment_quality.generic_praise": "Floskel-Lob",
        "chart.comment_quality.emoji_only": "Nur Emojis",
        "chart.comment_quality.spam": "Spam",
        "chart.pod.title": "Engagement-Pod",
        "chart.pod.aria": "Netzwerk: {n} Konten, die einander in {links} Verbindungen "
        "systematisch kommentieren.",
        "chart.date": "Datum",
        "chart.see": "Begründung: {name}",
        "chart.week": "Woche ab",
        "chart.likes": "Likes",
        "chart.comments": "Kommentare",
        "chart.views": "Aufrufe",
        "event.spike": "Auffälliger Follower-Sprung am {date} ({change})",
        "event.drop": "Auffälliger Follower-Einbruch am {date} ({change})",
        "event.spike_short": "Sprung {change}",
        "event.drop_short": "Einbruch {change}",
        "event.followers": "{n} Follower",
        "component.tier": "Stufe",
        "component.engagement": "Engagement",
        "component.activity": "Aktivität",
        "component.growth": "Wachstum",
        "component.follower_quality": "Follower-Qualität",
        "component.authenticity": "Echtheit des Engagements",
        "component.comment_quality": "Kommentarqualität",
        "component.content_fit": "Inhaltliche Passung",
        "component.audience_fit": "Zielgruppen-Passung",
        "component.disclosure": "Werbekennzeichnung",
        "component.cross_platform": "Plattformübergreifende Präsenz",
        "tier.private": "Privatperson",
        "tier.nano": "Nano",
        "tier.micro": "Micro",
        "tier.mid": "Mid",
        "tier.macro": "Macro",
        "tier.mega": "Mega",
        "platform.instagram": "Instagram",
        "platform.tiktok": "TikTok",
        "platform.youtube": "YouTube",
        "platform.blog": "Blog",
        "platform.other": "Andere",
        "flag.follower_spike": "Follower-Sprung",
        "flag.follower_drop": "Follower-Einbruch",
        "flag.declining_followers": "Sinkende Follower",
        "flag.inactive": "Inaktiv",
        "flag.low_engagement": "Niedriges Engagement",
        "flag.unusually_high_engagement": "Ungewöhnlich hohes Engagement",
        "flag.private_user": "Privatperson",
        "flag.private_account": "Privates Konto",
        "flag.low_confidence": "Unsichere Datenlage",
        "flag.fake_followers": "Fake-Follower",
        "flag.brand_unsafe": "Markensicherheit",
        "flag.competitor_partner": "Partner der Konkurrenz",
        "flag.engagement_pod": "Engagement-Pod",
        "flag.possible_engagement_pod": "Möglicher Pod",
        "flag.bought_likes": "Gekaufte Likes",
        "flag.likes_without_comments": "Likes ohne Kommentare",
        "flag.comments_without_likes": "Kommentare ohne Likes",
        "flag.erratic_engagement": "Sprunghaftes Engagement",
        "flag.spam_comments": "Spam-Kommentare",
        "flag.few_meaningful_comments": "Wenig echte Gespräche",
        "flag.emoji_only_comments": "Viele Nur-Emoji-Kommentare",
        "flag.undisclosed_ads": "Ungekennzeichnete Werbung",
        "evidence.median_er": "Median-Engagement-Rate",
        "evidence.posts_used": "Beiträge ausgewertet",
        "evidence.posts_recent": "Neueste Beiträge",
        "evidence.posts_by_views": "Davon nach Aufrufen",
        "evidence.basis": "Bezugsgröße",
        "evidence.benchmark": "Benchmark",
        "evidence.benchmark_id": "Benchmark-Kennung",
        "evidence.benchmark_label": "Benchmark-Gruppe",
        "evidence.benchmark_source": "Benchmark-Quelle",
        "evidence.benchmark_statistic": "Benchmark-Statistik",
        "evidence.benchmark_match": "Benchmark-Zuordnung",
        "evidence.benchmark_set": "Benchmark-Satz",
        "evidence.ratio": "Verhältnis zum Benchmark",
        "evidence.percentile": "Perzentil unter Vergleichskonten",
        "evidence.peers": "Vergleichskonten",
        "evidence.growth_30d": "Trend je 30 Tage",
        "evidence.growth_total": "Wachstum im Zeitraum",
        "evidence.observations": "Messpunkte",
        "evidence.span_days": "Zeitraum (Tage)",
        "evidence.first_date": "Erster Messpunkt",
        "evidence.last_date": "Letzter Messpunkt",
        "evidence.window_days": "Betrachtungsfenster (Tage)",
        "evidence.trend_score": "Trend-Score",
        "evidence.spikes": "Sprünge",
        "evidence.drops": "Einbrüche",
        "evidence.posts_per_week": "Beiträge je Woche",
        "evidence.expected_per_week": "Erwartet je Woche",
        "evidence.posts_in_window": "Beiträge im Fenster",
        "evidence.observed_days": "Beobachtete Tage",
        "evidence.gap_cv": "Schwankung der Abstände (VK)",
        "evidence.days_since_last_post": "Tage seit letztem Beitrag",
        "evidence.last_post_at": "Letzter Beitrag",
        "evidence.frequency_score": "Score Häufigkeit",
        "evidence.consistency_score": "Score Regelmäßigkeit",
        "evidence.inactive": "Inaktiv",
        "evidence.followers": "Follower",
        "evidence.followers_source": "Follower-Quelle",
        "evidence.band_set": "Stufen-Satz",
        "evidence.lower": "Untergrenze",
        "evidence.upper": "Obergrenze",
        "evidence.median": "Median",
        "evidence.date": "Datum",
        "evidence.change": "Veränderung",
        "evidence.change_pct": "Veränderung relativ",
        "term.views": "Aufrufe",
        "term.followers": "Follower",
        "term.mixed": "gemischt",
        "term.exact": "genau",
        "term.nearest": "nächstliegend",
        "term.peers": "Vergleichskonten",
        "term.none": "keine",
        "term.account": "Kontoangabe",
        "term.profile": "Profil",
        "term.history": "Verlauf",
        "term.mean": "Mittelwert",
        "term.median": "Median",
        "unit.activity": "je Woche",
        "unit.growth": "je 30 Tage",
        "unit.authenticity": "Likes je Kommentar",
        "niche.fitness": "Fitness",
        "niche.beauty": "Beauty",
        "niche.food": "Food",
        "niche.vegan": "Vegan",
        "niche.tech": "Technik",
        "niche.travel": "Reisen",
        "niche.fashion": "Mode",
        "niche.parenting": "Familie",
        "niche.gaming": "Gaming",
        "niche.finance": "Finanzen",
        "niche.sustainability": "Nachhaltigkeit",
        "value.yes": "ja",
        "value.no": "nein",
        "value.none": "–",
    },
    "en": {
        "report.subtitle": "Creator vetting: an explained assessment of every account",
        "report.footer": "Made with resonanz. Every score shows its components, weights, evidence "
        "and confidence.",
        "nav.skip": "Skip to content",
        "nav.back": "Back to overview",
        "index.accounts": "Accounts",
        "index.scored": "scored",
        "index.flagged": "with red flags",
        "index.median_score": "Median score",
        "index.platforms": "Platforms",
        "index.ranking": "Ranking",
        "index.ranking_caption": "All accounts, sorted by resonanz score",
        "index.top_per_niche": "Top creators per niche",
        "index.top_per_niche_intro": "The best-scored accounts of each niche "
        "(up to {n} per niche).",
        "index.no_niches": "No niches given.",
        "index.filter": "Search",
        "index.filter_placeholder": "Handle, name, city, niche …",
        "index.all": "All",
        "index.only_flagged": "Only with red flags",
        "index.shown": "Showing {shown} of {total} accounts",
        "index.empty": "No accounts in this report.",
        "col.rank": "Rank",
        "col.handle": "Account",
        "col.platform": "Platform",
        "col.tier": "Tier",
        "col.followers": "Followers",
        "col.score": "resonanz score",
        "col.confidence": "Confidence",
        "col.flags": "Red flags",
        "col.niches": "Niches",
        "col.city": "City",
        "col.component": "Component",
        "col.weight": "Weight",
        "col.value": "Key figure",
        "col.contribution": "Contribution",
        "sort.by": "Sort by {col}",
        "account.rank": "Rank {rank} of {total}",
        "account.score": "resonanz score",
        "account.of_100": "out of 100",
        "account.confidence": "Confidence",
        "account.not_scored": "not scorable",
        "account.name": "Name",
        "account.city": "City",
        "account.niches": "Niches",
        "account.unknown": "unknown",
        "account.alerts": "Red flags",
        "account.summary": "At a glance",
        "account.strengths": "What speaks for this account",
        "account.weaknesses": "What lowers the score",
        "account.none": "Nothing notable.",
        "account.composition": "How the score is made",
        "account.composition_caption": "Components, weights, confidence and contribution to the "
        "resonanz score",
        "account.total": "Total",
        "account.contribution_note": "Contribution = score × weight ÷ sum of the weights of all "
        "scored components. Components without a score do not count.",
        "account.reasons": "Reasons",
        "account.no_reasons": "No reasons recorded.",
        "account.evidence": "Evidence",
        "account.no_evidence": "No evidence recorded.",
        "account.history": "History",
        "account.more": "… and {n} more",
        "score.band.good": "strong",
        "score.band.medium": "medium",
        "score.band.weak": "weak",
        "severity.good": "Positive",
        "severity.warn": "Note",
        "severity.alert": "Red flag",
        "severity.info": "Info",
        "chart.engagement.title": "Engagement rate per post",
        "chart.engagement.aria": "Chart: engagement rate of {n} posts over time{bench}.",
        "chart.engagement.aria_bench": ", compared with the benchmark of {value}",
        "chart.engagement.series": "Engagement rate",
        "chart.engagement.benchmark": "Benchmark ({value})",
        "chart.engagement.median": "Median ({value})",
        "chart.followers.title": "Follower history",
        "chart.followers.aria": "Chart: followers from {start} to {end}, from {first} to "
        "{last}{events}.",
        "chart.followers.aria_events": "; marked: {n} conspicuous jumps or drops",
        "chart.followers.series": "Followers",
        "chart.follower_quality.title": "Follower quality (sample)",
        "chart.follower_quality.aria": "Chart: shares of real, suspicious, mass and inactive "
        "followers in a sample of {n} followers.",
        "chart.follower_quality.real": "Real",
        "chart.follower_quality.suspicious": "Suspicious (bot-like)",
        "chart.follower_quality.mass": "Mass followers",
        "chart.follower_quality.inactive": "Inactive",
        "chart.comment_quality.title": "Comment classes",
        "chart.comment_quality.aria": "Chart: shares of the comment classes among {n} comments.",
        "chart.comment_quality.meaningful": "Meaningful",
        "chart.comment_quality.generic_praise": "Generic praise",
        "chart.comment_quality.emoji_only": "Emoji only",
        "chart.comment_quality.spam": "Spam",
        "chart.pod.title": "Engagement pod",
        "chart.pod.aria": "Network: {n} accounts commenting on each other systematically, "
        "{links} links.",
        "chart.activity.title": "Posts per week",
        "chart.activity.aria": "Chart: {n} posts in {weeks} weeks, counted per week.",
        "chart.activity.series": "Posts",
        "chart.date": "Date",
        "chart.see": "Reasons: {name}",
        "chart.week": "Week of",
        "chart.likes": "Likes",
        "chart.comments": "Comments",
        "chart.views": "Views",
        "event.spike": "Conspicuous follower jump on {date} ({change})",
        "event.drop": "Conspicuous follower drop on {date} ({change})",
        "event.spike_short": "Jump {change}",
        "event.drop_short": "Drop {change}",
        "event.followers": "{n} followers",
        "component.tier": "Tier",
        "component.engagement": "Engagement",
        "component.activity": "Activity",
        "component.growth": "Growth",
        "component.follower_quality": "Follower quality",
        "component.authenticity": "Engagement authenticity",
        "component.comment_quality": "Comment quality",
        "component.content_fit": "Content fit",
        "component.audience_fit": "Audience fit",
        "component.disclosure": "Ad disclosure",
        "component.cross_platform": "Cross-platform presence",
        "tier.private": "Private user",
        "tier.nano": "Nano",
        "tier.micro": "Micro",
        "tier.mid": "Mid",
        "tier.macro": "Macro",
        "tier.mega": "Mega",
        "platform.instagram": "Instagram",
        "platform.tiktok": "TikTok",
        "platform.youtube": "YouTube",
        "platform.blog": "Blog",
        "platform.other": "Other",
        "flag.follower_spike": "Follower jump",
        "flag.follower_drop": "Follower drop",
        "flag.declining_followers": "Declining followers",
        "flag.inactive": "Inactive",
        "flag.low_engagement": "Low engagement",
        "flag.unusually_high_engagement": "Unusually high engagement",
        "flag.private_user": "Private user",
        "flag.private_account": "Private account",
        "flag.low_confidence": "Thin data",
        "flag.fake_followers": "Fake followers",
        "flag.brand_unsafe": "Brand safety",
        "flag.competitor_partner": "Competitor partner",
        "flag.engagement_pod": "Engagement pod",
        "flag.possible_engagement_pod": "Possible pod",
        "flag.bought_likes": "Bought likes",
        "flag.likes_without_comments": "Likes without comments",
        "flag.comments_without_likes": "Comments without likes",
        "flag.erratic_engagement": "Erratic engagement",
        "flag.spam_comments": "Spam comments",
        "flag.few_meaningful_comments": "Few meaningful comments",
        "flag.emoji_only_comments": "Many emoji-only comments",
        "flag.undisclosed_ads": "Undisclosed ads",
        "evidence.median_er": "Median engagement rate",
        "evidence.posts_used": "Posts analysed",
        "evidence.posts_recent": "Recent posts",
        "evidence.posts_by_views": "Of these by views",
        "evidence.basis": "Basis",
        "evidence.benchmark": "Benchmark",
        "evidence.benchmark_id": "Benchmark id",
        "evidence.benchmark_label": "Benchmark group",
        "evidence.benchmark_source": "Benchmark source",
        "evidence.benchmark_statistic": "Benchmark statistic",
        "evidence.benchmark_match": "Benchmark match",
        "evidence.benchmark_set": "Benchmark set",
        "evidence.ratio": "Ratio to benchmark",
        "evidence.percentile": "Percentile among peers",
        "evidence.peers": "Peer accounts",
        "evidence.growth_30d": "Trend per 30 days",
        "evidence.growth_total": "Growth over the period",
        "evidence.observations": "Data points",
        "evidence.span_days": "Period (days)",
        "evidence.first_date": "First data point",
        "evidence.last_date": "Last data point",
        "evidence.window_days": "Window (days)",
        "evidence.trend_score": "Trend score",
        "evidence.spikes": "Jumps",
        "evidence.drops": "Drops",
        "evidence.posts_per_week": "Posts per week",
        "evidence.expected_per_week": "Expected per week",
        "evidence.posts_in_window": "Posts in window",
        "evidence.observed_days": "Days observed",
        "evidence.gap_cv": "Variation of gaps (CV)",
        "evidence.days_since_last_post": "Days since last post",
        "evidence.last_post_at": "Last post",
        "evidence.frequency_score": "Frequency score",
        "evidence.consistency_score": "Consistency score",
        "evidence.inactive": "Inactive",
        "evidence.followers": "Followers",
        "evidence.followers_source": "Follower source",
        "evidence.band_set": "Tier band set",
        "evidence.lower": "Lower bound",
        "evidence.upper": "Upper bound",
        "evidence.median": "Median",
        "evidence.date": "Date",
        "evidence.change": "Change",
        "evidence.change_pct": "Relative change",
        "term.views": "views",
        "term.followers": "followers",
        "term.mixed": "mixed",
        "term.exact": "exact",
        "term.nearest": "nearest",
        "term.peers": "peer accounts",
        "term.none": "none",
        "term.account": "account",
        "term.profile": "profile",
        "term.history": "history",
        "term.mean": "mean",
        "term.median": "median",
        "unit.activity": "per week",
        "unit.growth": "per 30 days",
        "unit.authenticity": "likes per comment",
        "niche.fitness": "Fitness",
        "niche.beauty": "Beauty",
        "niche.food": "Food",
        "niche.vegan": "Vegan",
        "niche.tech": "Tech",
        "niche.travel": "Travel",
        "niche.fashion": "Fashion",
        "niche.parenting": "Parenting",
        "niche.gaming": "Gaming",
        "niche.finance": "Finance",
        "niche.sustainability": "Sustainability",
        "value.yes": "yes",
        "value.no": "no",
        "value.none": "–",
    },
}

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MINUS = "\u2212"
_NBSP = "\u00a0"


def check_lang(lang: str) -> str:
    """Return ``lang`` if the report speaks it, else raise ``ValueError``."""
    if lang not in STRINGS:
        raise ValueError(f"unsupported report language {lang!r}; choose one of {LANGUAGES}")
    return lang


class Catalogue:
    """The report strings of one language: ``t("col.rank")``, ``t("account.rank", rank=3)``."""

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self._strings = STRINGS[lang]

    def __call__(self, key: str, **params: Any) -> str:
        text = self._strings[key]
        return text.format(**params) if params else text

    def get(self, key: str, default: str) -> str:
        """The string for ``key``, or ``default`` when the catalogue has none."""
        return self._strings.get(key, default)

    def label(self, prefix: str, code: str | None) -> str:
        """Translated name of a code (``label("tier", "micro")``), else the code made readable."""
        if code is None or code == "":
            return self._strings["value.none"]
        return self._strings.get(f"{prefix}.{code}", humanize(code))


def humanize(code: str) -> str:
    """``"follower_quality"`` → ``"Follower quality"``: a readable fallback for unknown codes."""
    text = code.replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:] if text else code


def _swap_separators(text: str, lang: str) -> str:
    if lang != "de":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _finite(x: float | int | None) -> bool:
    return x is not None and not (isinstance(x, float) and not math.isfinite(x))


def fmt_int(n: float | int | None, lang: str) -> str:
    """Whole number with thousands separators: ``12.345`` (de), ``12,345`` (en)."""
    if n is None or not _finite(n):
        return "–"
    text = f"{round(n):,}"
    return _swap_separators(text, lang).replace("-", _MINUS)


def fmt_num(x: float | int | None, lang: str, digits: int = 1, *, signed: bool = False) -> str:
    """Decimal number: ``1.234,5`` (de), ``1,234.5`` (en); ``signed`` adds a ``+``."""
    if x is None or not _finite(x):
        return "–"
    text = f"{x:+,.{digits}f}" if signed else f"{x:,.{digits}f}"
    return _swap_separators(text, lang).replace("-", _MINUS)


def fmt_pct(frac: float | int | None, lang: str, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: ``0.042`` → ``4,2 %`` (de), ``4.2%`` (en)."""
    if frac is None or not _finite(frac):
        return "–"
    number = fmt_num(frac * 100, lang, digits, signed=signed)
    return f"{number}{_NBSP}%" if lang == "de" else f"{number}%"


def fmt_date(value: date | datetime | None, lang: str) -> str:
    """``12.08.2026`` (de), ``12 Aug 2026`` (en)."""
    if value is None:
        return "–"
    if lang == "de":
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
