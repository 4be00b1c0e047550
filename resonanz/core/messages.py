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
    # engagement authenticity (resonanz/core/vetting/authenticity)
    "auth_no_posts": Message(
        "Keine jüngsten Beiträge – Echtheit des Engagements nicht beurteilbar.",
        "No recent posts – the authenticity of the engagement cannot be judged.",
    ),
    "auth_no_counts": Message(
        "Bei keinem der {n:int} jüngsten Beiträge sind Likes und Kommentare bekannt und "
        "mindestens {hours:int} Stunden alt – Verhältnisse nicht beurteilbar.",
        "Not one of the {n:int} recent posts has known likes and comments and is at least "
        "{hours:int} hours old – the ratios cannot be judged.",
    ),
    "auth_few_posts": Message(
        "Nur {n:int} von {wanted:int} Beiträgen mit bekannten Likes und Kommentaren – geringere "
        "Sicherheit.",
        "Only {n:int} of {wanted:int} posts with known likes and comments – lower confidence.",
    ),
    "auth_no_comment_data": Message(
        "Keine Kommentare der jüngsten Beiträge in den Daten – Engagement-Pods nicht prüfbar; "
        "geringere Sicherheit.",
        "No comments of the recent posts in the data – engagement pods cannot be checked; lower "
        "confidence.",
    ),
    "auth_few_comment_posts": Message(
        "Kommentare nur zu {n:int} Beiträgen bekannt (mindestens {wanted:int} nötig) – "
        "Engagement-Pods nicht prüfbar.",
        "Comments known for only {n:int} posts ({wanted:int} needed) – engagement pods cannot "
        "be checked.",
    ),
    "auth_comment_times_unknown": Message(
        "Zeitpunkte der Kommentare unbekannt – ob Kommentare binnen Minuten kommen, ist nicht "
        "prüfbar; geringere Sicherheit.",
        "Comment times unknown – whether comments come within minutes cannot be checked; lower "
        "confidence.",
    ),
    "auth_no_comments": Message(
        "{likes:int} Likes, aber kein einziger Kommentar auf {n:int} Beiträgen – Likes ohne "
        "entsprechende Kommentare.",
        "{likes:int} likes but not a single comment on {n:int} posts – likes without matching "
        "comments.",
    ),
    "auth_ratio_high": Message(
        "{ratio:num1} Likes pro Kommentar – weit mehr als üblich auf {platform:platform} "
        "(höchstens {high:int}, Quelle: {source}) und mehr als bei fast allen vergleichbaren "
        "Konten: Likes ohne entsprechende Kommentare.",
        "{ratio:num1} likes per comment – far more than usual on {platform:platform} (at most "
        "{high:int}, source: {source}) and more than almost all comparable accounts: likes "
        "without matching comments.",
    ),
    "auth_ratio_low": Message(
        "Nur {ratio:num1} Likes pro Kommentar – weniger als üblich auf {platform:platform} "
        "(mindestens {low:num1}, Quelle: {source}): ungewöhnlich viele Kommentare für die Likes "
        "(Pods, Gewinnspiele, gekaufte Kommentare?).",
        "Only {ratio:num1} likes per comment – fewer than usual on {platform:platform} (at "
        "least {low:num1}, source: {source}): unusually many comments for the likes (pods, "
        "giveaways, bought comments?).",
    ),
    "auth_ratio_in_line": Message(
        "{ratio:num1} Likes pro Kommentar – im üblichen Bereich auf {platform:platform} "
        "({low:num1}–{high:int}, Quelle: {source}).",
        "{ratio:num1} likes per comment – in the usual range on {platform:platform} "
        "({low:num1}–{high:int}, source: {source}).",
    ),
    "auth_ratio_outside_norm": Message(
        "{ratio:num1} Likes pro Kommentar – außerhalb des üblichen Bereichs auf "
        "{platform:platform} ({low:num1}–{high:int}, Quelle: {source}), aber unter "
        "vergleichbaren Konten nicht auffällig oder im Rahmen des Zufalls.",
        "{ratio:num1} likes per comment – outside the usual range on {platform:platform} "
        "({low:num1}–{high:int}, source: {source}), but not out of line with comparable "
        "accounts or within chance.",
    ),
    "auth_ratio_no_norm": Message(
        "{ratio:num1} Likes pro Kommentar; für {platform:platform} gibt es keinen Richtwert – "
        "nur der Vergleich mit ähnlichen Konten zählt.",
        "{ratio:num1} likes per comment; there is no norm for {platform:platform} – only the "
        "comparison with similar accounts counts.",
    ),
    "auth_ratio_percentile": Message(
        "Mehr Likes pro Kommentar als etwa {percentile:pct0} der {peers:int} vergleichbaren "
        "Konten ({platform:platform} {tier:tier}).",
        "More likes per comment than about {percentile:pct0} of {peers:int} comparable accounts "
        "({platform:platform} {tier:tier}).",
    ),
    "auth_bought_likes": Message(
        "{n:int} von {total:int} Beiträgen bekamen mindestens das {factor:num1}-Fache der "
        "üblichen Likes, aber nicht die Kommentare, die dazu gehören (sonst "
        "{own_ratio:num1} Likes pro Kommentar) – Hinweis auf gekaufte Likes.",
        "{n:int} of {total:int} posts got at least {factor:num1} times the usual likes but not "
        "the comments that go with them (otherwise {own_ratio:num1} likes per comment) – a "
        "sign of bought likes.",
    ),
    "auth_bought_likes_few": Message(
        "{n:int} von {total:int} Beiträgen mit auffällig vielen Likes ohne Kommentare – zu "
        "wenige für einen Befund.",
        "{n:int} of {total:int} posts with strikingly many likes without comments – too few "
        "for a finding.",
    ),
    "auth_erratic": Message(
        "Sprunghaftes Engagement: die Interaktionen je Beitrag schwanken stark (robuster "
        "Variationskoeffizient {cv:num2}; {outliers:int} von {n:int} Beiträgen Ausreißer).",
        "Erratic engagement: interactions per post vary strongly (robust coefficient of "
        "variation {cv:num2}; {outliers:int} of {n:int} posts are outliers).",
    ),
    "auth_steady": Message(
        "Gleichmäßiges Engagement über die Beiträge (robuster Variationskoeffizient {cv:num2}; "
        "{outliers:int} von {n:int} Beiträgen Ausreißer).",
        "Steady engagement across posts (robust coefficient of variation {cv:num2}; "
        "{outliers:int} of {n:int} posts are outliers).",
    ),
    "auth_pod": Message(
        "Engagement-Pod aus {size:int} Konten im Bestand: {members} kommentieren "
        "{share:pct0} der Beiträge dieses Kontos, im Median {delay:int} Minuten nach "
        "Veröffentlichung, und bekommen dasselbe zurück.",
        "Engagement pod of {size:int} accounts in the store: {members} comment on "
        "{share:pct0} of this account's posts, a median {delay:int} minutes after publishing, "
        "and get the same in return.",
    ),
    "auth_commenter_group": Message(
        "{n:int} Kommentierende kommentieren mindestens {share:pct0} der Beiträge binnen "
        "{minutes:int} Minuten – typisch für einen Engagement-Pod; nur {in_store:int} davon sind "
        "Konten im Bestand, Gegenseitigkeit ist nicht prüfbar.",
        "{n:int} commenters comment on at least {share:pct0} of the posts within {minutes:int} "
        "minutes – typical of an engagement pod; only {in_store:int} of them are accounts in "
        "the store, so reciprocity cannot be checked.",
    ),
    "auth_regular_fans": Message(
        "{n:int} Kommentierende kommentieren mindestens {share:pct0} der Beiträge binnen "
        "{minutes:int} Minuten – zu wenige oder ohne Gegenseitigkeit: kein Pod (treue Fans).",
        "{n:int} commenters comment on at least {share:pct0} of the posts within {minutes:int} "
        "minutes – too few or without reciprocity: no pod (loyal fans).",
    ),
    "auth_no_pod": Message(
        "Keine Gruppe regelmäßiger schneller Kommentierender auf {n:int} Beiträgen – kein "
        "Hinweis auf einen Engagement-Pod.",
        "No group of regular fast commenters on {n:int} posts – no sign of an engagement pod.",
    ),
    # follower quality (resonanz/core/followers/quality.py)
    "fq_no_sample": Message(
        "Keine Follower-Stichprobe – Follower-Qualität nicht beurteilbar.",
        "No follower sample – follower quality cannot be judged.",
    ),
    "fq_fake_high": Message(
        "Geschätzt {share:pct} Fake-Follower (95-%-Intervall {low:pct}–{high:pct}, "
        "Stichprobe {n:int}) – Hinweis auf gekaufte oder Bot-Follower.",
        "An estimated {share:pct} fake followers (95% interval {low:pct}–{high:pct}, "
        "sample {n:int}) – a sign of bought or bot followers.",
    ),
    "fq_fake_elevated": Message(
        "Geschätzt {share:pct} Fake-Follower (95-%-Intervall {low:pct}–{high:pct}, "
        "Stichprobe {n:int}) – erhöht.",
        "An estimated {share:pct} fake followers (95% interval {low:pct}–{high:pct}, "
        "sample {n:int}) – elevated.",
    ),
    "fq_fake_low": Message(
        "Geschätzt nur {share:pct} Fake-Follower (95-%-Intervall {low:pct}–{high:pct}, "
        "Stichprobe {n:int}).",
        "An estimated {share:pct} fake followers only (95% interval {low:pct}–{high:pct}, "
        "sample {n:int}).",
    ),
    "fq_breakdown": Message(
        "Stichprobe: {real:pct} echt, {suspicious:pct} verdächtig, {mass:pct} Massenfollower, "
        "{inactive:pct} inaktiv.",
        "Sample: {real:pct} real, {suspicious:pct} suspicious, {mass:pct} mass followers, "
        "{inactive:pct} inactive.",
    ),
    "fq_mass_followers": Message(
        "{share:pct} der Follower folgen mehr als {limit:int} Konten (Massenfollower) – sie sehen "
        "kaum einen Beitrag.",
        "{share:pct} of the followers follow more than {limit:int} accounts (mass followers) – "
        "they rarely see a post.",
    ),
    "fq_inactive_followers": Message(
        "{share:pct} der Follower sind inaktiv (kein Beitrag seit {days:int} Tagen oder nie).",
        "{share:pct} of the followers are inactive (no post for {days:int} days, or never).",
    ),
    "fq_reachable": Message(
        "Erreichbar: {share:pct} der Follower folgen höchstens {limit:int} Konten.",
        "Reachable: {share:pct} of the followers follow at most {limit:int} accounts.",
    ),
    "fq_small_sample": Message(
        "Nur {n:int} Follower in der Stichprobe (volle Sicherheit ab {wanted:int}).",
        "Only {n:int} followers in the sample (full confidence from {wanted:int}).",
    ),
    "fq_fields_missing": Message(
        "Nicht alle Profilangaben der Follower sind bekannt ({coverage:pct} vorhanden) – "
        "geringere Sicherheit.",
        "Not every profile field of the followers is known ({coverage:pct} present) – "
        "lower confidence.",
    ),
    # ad disclosure (resonanz/core/disclosure): per-post findings R1–R12 …
    "disc_r1": Message(
        "Kein Werbehinweis, obwohl {signal} auf eine Gegenleistung hindeutet: „{text}“. "
        "„Werbung“ oder „Anzeige“ an den Anfang setzen.",
        'No ad label although {signal} points to a deal: "{text}". Put "Werbung" or '
        '"Anzeige" (US: "#ad") at the start.',
    ),
    "disc_r1_consideration": Message(
        "Kein Werbehinweis, obwohl es eine Gegenleistung gab ({consideration}) – „Werbung“ oder "
        "„Anzeige“ an den Anfang setzen.",
        'No ad label although there was a consideration ({consideration}) – put "Werbung" '
        '(US: "#ad") at the start.',
    ),
    "disc_r1_unclear": Message(
        "Kein Werbehinweis; „{text}“ könnte eine Marke sein – "
        "prüfen, ob es eine Gegenleistung gab.",
        'No ad label; "{text}" may be a brand – check whether there was a deal.',
    ),
    "disc_r2_unpaid": Message(
        "„{text}“ als „unbezahlt“ gekennzeichnet, der Beitrag ist aber bezahlt.",
        '"{text}" is labelled as unpaid, but the post is paid.',
    ),
    "disc_r2_unclear": Message(
        "„{text}“ ist keine anerkannte Kennzeichnung – „Werbung“ oder „Anzeige“ verwenden.",
        '"{text}" is not an accepted label – use "Werbung" or "Anzeige" (US: "#ad").',
    ),
    "disc_r2_caption": Message(
        "Die Caption selbst trägt keinen Werbehinweis (nur Bild/Ton): „{text}“.",
        'The caption itself carries no ad label (only the video or audio does): "{text}".',
    ),
    "disc_r2_affiliate": Message(
        "Nur der Affiliate-Hinweis „{text}“ – für die übrige Werbung fehlt „Werbung“/„Anzeige“.",
        'Only the affiliate note "{text}" – the rest of the ad lacks "Werbung"/"Anzeige".',
    ),
    "disc_r3": Message(
        "Werbehinweis „{text}“ steht erst hinter dem „mehr“ (nach {chars:int} Zeichen bzw. "
        "{lines:int} Zeilen) – er gehört an den Anfang.",
        'Ad label "{text}" only appears behind "more" (after {chars:int} characters or '
        "{lines:int} lines) – it belongs at the start.",
    ),
    "disc_r4": Message(
        "Nur schwache Kennzeichnung „{text}“ – in Deutschland nicht ausreichend; „Werbung“ oder "
        "„Anzeige“ verwenden.",
        'Only a weak label "{text}" – not enough (in Germany: use "Werbung" or "Anzeige"; '
        'US: "#ad" or "Sponsored").',
    ),
    "disc_r4_thanks": Message(
        "Nur ein Dank an die Marke („{text}“) – das ist keine Kennzeichnung; „Werbung“ oder "
        "„Anzeige“ an den Anfang setzen.",
        'Only a thank-you to the brand ("{text}") – that is no disclosure; put "Werbung" '
        '(US: "#ad") at the start.',
    ),
    "disc_r5": Message(
        "Werbehinweis „{text}“ versteckt sich in den Hashtags am Ende.",
        'Ad label "{text}" is buried in the hashtags at the end.',
    ),
    "disc_r6": Message(
        "{n:int} von {total:int} Story-Frames ohne Werbehinweis, z. B. „{text}“.",
        '{n:int} of {total:int} story frames carry no ad label, e.g. "{text}".',
    ),
    "disc_r7_screen": Message(
        "Im Video fehlt der eingeblendete Hinweis „Werbung“/„Werbevideo“ (Einblendung: „{text}“).",
        'The video shows no on-screen "Werbung"/ad label (on screen: "{text}").',
    ),
    "disc_r7_audio": Message(
        "Im Ton fehlt der gesprochene Werbehinweis (Anfang: „{text}“).",
        'The audio does not say it is an ad (starts: "{text}").',
    ),
    "disc_r8": Message(
        "Affiliate-Link ohne Sternchen (*) und Erklärung in der Nähe: {text}",
        "Affiliate link without an asterisk (*) and an explanation nearby: {text}",
    ),
    "disc_r9": Message(
        "„{text}“ (Rabattcode bzw. Werbelink) ohne „Werbung“/„Anzeige“ in unmittelbarer Nähe.",
        '"{text}" (discount code or promotional link) has no ad label right next to it.',
    ),
    "disc_r10": Message(
        "Nur das Plattform-Label „Bezahlte Partnerschaft“ – zusätzlich „Werbung“ an den Anfang "
        "der Caption setzen.",
        'Only the platform\'s "Paid partnership" label – add "Werbung" at the start of the '
        "caption for Germany.",
    ),
    "disc_r10_ok": Message(
        "Das Plattform-Label „Bezahlte Partnerschaft“ kennzeichnet den Beitrag.",
        'The platform\'s "Paid partnership" label discloses the post.',
    ),
    "disc_r11": Message(
        "Nur englische Kennzeichnung „{text}“ bei deutschsprachigem Publikum – „Werbung“ "
        "verwenden (optional zusätzlich „#ad“).",
        'Only an English label "{text}" for a German-speaking audience – use "Werbung" '
        '(optionally plus "#ad").',
    ),
    "disc_r12": Message(
        "Politischer Inhalt in Werbung („{text}“) – manuell prüfen.",
        'Political content in an ad ("{text}") – review manually.',
    ),
    # … and the per-account component "disclosure"
    "disc_no_posts": Message(
        "Keine Beiträge in den Daten – Werbekennzeichnung nicht beurteilbar.",
        "No posts in the data – ad disclosure cannot be judged.",
    ),
    "disc_no_commercial": Message(
        "In {n:int} Beiträgen keine Werbung erkannt – Kennzeichnung nicht beurteilbar.",
        "No ads found in {n:int} posts – disclosure cannot be judged.",
    ),
    "disc_all_disclosed": Message(
        "Alle {n:int} Werbebeiträge sind korrekt gekennzeichnet.",
        "All {n:int} sponsored posts are properly disclosed.",
    ),
    "disc_share": Message(
        "{share:pct0} von {n:int} Werbebeiträgen korrekt gekennzeichnet.",
        "{share:pct0} of {n:int} sponsored posts properly disclosed.",
    ),
    "disc_undisclosed": Message(
        "{n:int} Werbebeitrag/-beiträge ganz ohne Kennzeichnung, z. B. „{text}“ ({post}).",
        '{n:int} sponsored post(s) without any disclosure, e.g. "{text}" ({post}).',
    ),
    "disc_insufficient": Message(
        "{n:int} Werbebeitrag/-beiträge unzureichend gekennzeichnet, z. B. „{text}“ ({post}, "
        "{rule}).",
        '{n:int} sponsored post(s) with an insufficient label, e.g. "{text}" ({post}, {rule}).',
    ),
    "disc_warnings": Message(
        "{n:int} Beitrag/Beiträge mit Hinweisen zur Kennzeichnung (z. B. {rule}).",
        "{n:int} post(s) with disclosure warnings (e.g. {rule}).",
    ),
    "disc_review": Message(
        "{n:int} Beitrag/Beiträge zur manuellen Prüfung (unklare Marken-Erwähnung oder Politik).",
        "{n:int} post(s) for manual review (unclear brand mention or politics).",
    ),
    "disc_few_commercial": Message(
        "Nur {n:int} Werbebeitrag/-beiträge – geringere Sicherheit.",
        "Only {n:int} sponsored post(s) – lower confidence.",
    ),
    # content fit, partnerships (resonanz/core/content/fit.py, partnerships.py)
    "cf_no_text": Message(
        "Keine Bildunterschriften und keine Bio zum Lesen – Themen unbekannt.",
        "No captions and no bio to read – topics unknown.",
    ),
    "cf_no_topics": Message(
        "In {n:int} jüngsten Beiträgen wurde keine Nische des Wortschatzes erkannt.",
        "No niche of the lexicon recognised in {n:int} recent posts.",
    ),
    "cf_topics": Message(
        "Hauptthema: {niche} ({share:pct0} der Themen; in {posts:int} von {checked:int} "
        "jüngsten Beiträgen).",
        "Main topic: {niche} ({share:pct0} of the topics; in {posts:int} of {checked:int} "
        "recent posts).",
    ),
    "cf_more_niches": Message("Weitere Themen: {niches}.", "Further topics: {niches}."),
    "cf_no_brief": Message(
        "Kein Briefing: Themen werden gezeigt, aber keine Passung bewertet.",
        "No brief: topics are shown, but no fit is scored.",
    ),
    "cf_unknown_niche": Message(
        "Nische(n) {niches} nicht im Wortschatz – als Stichwort gesucht.",
        "Niche(s) {niches} not in the lexicon – searched as keywords.",
    ),
    "cf_fit_none": Message(
        "Keiner der {checked:int} jüngsten Beiträge handelt von den Themen des Briefings.",
        "None of the {checked:int} recent posts is about the brief's topics.",
    ),
    "cf_fit_high": Message(
        "{posts:int} von {checked:int} jüngsten Beiträgen ({share:pct0}) passen zum Briefing "
        "({terms}).",
        "{posts:int} of {checked:int} recent posts ({share:pct0}) fit the brief ({terms}).",
    ),
    "cf_fit_partial": Message(
        "{posts:int} von {checked:int} jüngsten Beiträgen ({share:pct0}) passen zum Briefing "
        "({terms}) – teilweise passend.",
        "{posts:int} of {checked:int} recent posts ({share:pct0}) fit the brief ({terms}) – "
        "a partial fit.",
    ),
    "cf_fit_low": Message(
        "Nur {posts:int} von {checked:int} jüngsten Beiträgen ({share:pct0}) passen zum "
        "Briefing ({terms}).",
        "Only {posts:int} of {checked:int} recent posts ({share:pct0}) fit the brief ({terms}).",
    ),
    "cf_bio_match": Message(
        "Die Bio nennt Themen des Briefings.", "The bio names topics of the brief."
    ),
    "cf_few_posts": Message(
        "Nur {n:int} von {wanted:int} Beiträgen mit Text – geringere Sicherheit.",
        "Only {n:int} of {wanted:int} posts with text – lower confidence.",
    ),
    "cf_no_partners": Message(
        "Keine Werbebeiträge unter den letzten {checked:int} Beiträgen.",
        "No commercial posts among the last {checked:int} posts.",
    ),
    "cf_partners": Message(
        "{posts:int} Werbebeitrag/-beiträge unter den letzten {checked:int}; "
        "{brands:int} Marke(n): {names}.",
        "{posts:int} commercial post(s) among the last {checked:int}; "
        "{brands:int} brand(s): {names}.",
    ),
    "cf_competitor_partner": Message(
        "Frühere Zusammenarbeit mit Wettbewerbern: {names}.",
        "Earlier partnership with competitors: {names}.",
    ),
    "cf_own_brand_partner": Message(
        "Hat schon mit Ihrer Marke zusammengearbeitet ({names}).",
        "Has worked with your brand before ({names}).",
    ),
    "cf_commercial_heavy": Message(
        "{share:pct0} der jüngsten Beiträge sind Werbung – werbelastiger Feed.",
        "{share:pct0} of the recent posts are commercial – an ad-heavy feed.",
    ),
    # brand safety (resonanz/core/content/brand_safety.py)
    "bs_no_text": Message(
        "Keine Texte zum Prüfen – Markensicherheit nicht beurteilbar.",
        "No texts to screen – brand safety cannot be judged.",
    ),
    "bs_clean": Message(
        "Keine kritischen Begriffe in {posts:int} jüngsten Beiträgen und der Bio.",
        "No critical terms in {posts:int} recent posts and the bio.",
    ),
    "bs_category": Message(
        "{category}: {texts:int} Text(e) mit kritischen Begriffen ({words}) – "
        "{penalty:int} Punkte Abzug.",
        "{category}: {texts:int} text(s) with critical terms ({words}) – "
        "{penalty:int} points deducted.",
    ),
    "bs_few_posts": Message(
        "Nur {n:int} von {wanted:int} Beiträgen geprüft – geringere Sicherheit.",
        "Only {n:int} of {wanted:int} posts screened – lower confidence.",
    ),
    # audience fit (resonanz/core/vetting/audience_fit.py)
    "af_no_target": Message(
        "Keine Zielgruppe im Briefing – Zielgruppen-Passung nicht bewertet.",
        "No target audience in the brief – audience fit not scored.",
    ),
    "af_no_data": Message(
        "Keine Zielgruppendaten (Alter, Geschlecht, Ort, Sprache) für dieses Konto.",
        "No audience data (age, gender, place, language) for this account.",
    ),
    "af_in_target": Message(
        "{share:pct0} des Publikums gehören zur Zielgruppe; Streuverlust {wasted:pct0}.",
        "{share:pct0} of the audience is in the target group; wasted reach {wasted:pct0}.",
    ),
    "af_dimension": Message(
        "{dimension}: {share:pct0} in der Zielgruppe.",
        "{dimension}: {share:pct0} in the target group.",
    ),
    "af_dimension_missing": Message(
        "{dimension}: keine Daten – zählt mit {assumed:pct0} (weder sicher drin noch draußen); "
        "der Anteil in der Zielgruppe liegt zwischen {lower:pct0} und {upper:pct0} – geringere "
        "Sicherheit.",
        "{dimension}: no data – counted at {assumed:pct0} (neither surely in nor out); the "
        "in-target share lies between {lower:pct0} and {upper:pct0} – lower confidence.",
    ),
    "af_city_from_country": Message(
        "Keine Städtedaten: die Länder des Briefings stehen für die Städte – weniger sicher.",
        "No city data: the brief's countries stand in for its cities – lower confidence.",
    ),
    "af_low_coverage": Message(
        "{dimension}: die Anteile ergeben nur {coverage:pct0}; der Rest zählt als außerhalb "
        "der Zielgruppe.",
        "{dimension}: the shares add up to only {coverage:pct0}; the rest counts as outside "
        "the target group.",
    ),
    "af_independence": Message(
        "Die {n:int} Merkmale sind als unabhängig angenommen (die Plattformen berichten sie "
        "einzeln).",
        "The {n:int} dimensions are assumed independent (platforms report them separately).",
    ),
    # cross-platform presence (resonanz/core/vetting/cross_platform.py)
    "xp_link_certain": Message(
        "Gleiche Person auf {platform:platform}: @{handle} ({followers:int} Follower).",
        "Same creator on {platform:platform}: @{handle} ({followers:int} followers).",
    ),
    "xp_link": Message(
        "Wahrscheinlich dieselbe Person auf {platform:platform}: @{handle} ({followers:int} "
        "Follower; Sicherheit {confidence:pct0}; Hinweise: {evidence}).",
        "Probably the same creator on {platform:platform}: @{handle} ({followers:int} "
        "followers; confidence {confidence:pct0}; evidence: {evidence}).",
    ),
    "xp_none": Message(
        "Keine Konten derselben Person auf anderen Plattformen gefunden.",
        "No accounts of the same creator found on other platforms.",
    ),
    "xp_reach": Message(
        "Zusammen {reach:int} Follower auf {n:int} Konten (Publikum kann sich überschneiden).",
        "Together {reach:int} followers on {n:int} accounts (audiences may overlap).",
    ),
    # comment quality (resonanz/core/vetting/comments.py)
    "cq_no_comments": Message(
        "Keine Kommentare in den Daten – Kommentarqualität nicht beurteilbar.",
        "No comments in the data – comment quality cannot be judged.",
    ),
    "cq_shares": Message(
        "{n:int} Kommentare: {meaningful:pct0} aussagekräftig (Fragen, Erfahrungen), "
        "{generic:pct0} allgemeines Lob, {emoji:pct0} nur Emojis, {spam:pct0} Spam.",
        "{n:int} comments: {meaningful:pct0} meaningful (questions, experiences), "
        "{generic:pct0} generic praise, {emoji:pct0} emoji-only, {spam:pct0} spam.",
    ),
    "cq_few_comments": Message(
        "Nur {n:int} Kommentare (volle Sicherheit ab {wanted:int}) – geringere Sicherheit.",
        "Only {n:int} comments (full confidence from {wanted:int}) – lower confidence.",
    ),
    "cq_meaningful_good": Message(
        "{share:pct0} aussagekräftige Kommentare mit Fragen oder persönlichen Erfahrungen – "
        "Zeichen einer echten, interessierten Community.",
        "{share:pct0} meaningful comments with questions or personal experiences – a sign of a "
        "real, interested community.",
    ),
    "cq_meaningful_low": Message(
        "Nur {share:pct0} aussagekräftige Kommentare – fast nur Floskeln und Emojis (typisch "
        "für Engagement-Pods oder gekaufte Kommentare).",
        "Only {share:pct0} meaningful comments – almost only stock phrases and emoji (typical "
        "of engagement pods or bought comments).",
    ),
    "cq_spam_high": Message(
        "{share:pct0} der Kommentare sind Spam (Eigenwerbung, Links, Betrugsmaschen) – "
        "Hinweis auf ein Bot-Publikum.",
        "{share:pct0} of the comments are spam (self-promotion, links, scams) – a sign of a "
        "bot audience.",
    ),
    "cq_emoji_heavy": Message(
        "{share:pct0} der Kommentare sind reine Emoji-Antworten – eine Eitelkeitsmetrik "
        "(Quelle: seed 002).",
        "{share:pct0} of the comments are emoji-only replies – a vanity metric (source: seed 002).",
    ),
    "cq_languages": Message(
        "Sprachen der Kommentare: {de:pct0} Deutsch, {en:pct0} Englisch, {other:pct0} andere, "
        "{unknown:pct0} nicht bestimmbar.",
        "Comment languages: {de:pct0} German, {en:pct0} English, {other:pct0} other, "
        "{unknown:pct0} undetermined.",
    ),
    "cq_owner_replies": Message(
        "{n:int} Antworten des Creators selbst nicht mitgezählt.",
        "{n:int} replies by the creator were not counted.",
    ),
    "cq_save_like": Message(
        "Speicherungen je Like: {ratio:pct} (Median über {n:int} Beiträge) – wer speichert, "
        "findet den Inhalt wertvoll.",
        "Saves per like: {ratio:pct} (median over {n:int} posts) – saving shows the content is "
        "valued.",
    ),
    "cq_save_like_rank": Message(
        "Die Speicher-Quote ist höher als bei etwa {percentile:pct0} der Konten im Datenbestand.",
        "The save-to-like ratio is higher than for about {percentile:pct0} of the accounts in "
        "the data.",
    ),
    # fair fees (resonanz/core/fees)
    "fee_followers_unknown": Message(
        "Followerzahl unbekannt – kein Honorar berechenbar.",
        "Follower count unknown – no fee can be computed.",
    ),
    "fee_base": Message(
        "Basis: {followers:int} Follower × {low:int}–{high:int} $ je 1.000 Follower je Beitrag "
        "(Mitte, Kurs {rate:num2} €/$) = {base:int} € (Quelle: seed 002).",
        "Base: {followers:int} followers × ${low:int}–{high:int} per 1,000 followers per post "
        "(midpoint, rate {rate:num2} €/$) = {base:int} € (source: seed 002).",
    ),
    "fee_in_band": Message(
        "Die Basis {base:int} € liegt im Preisband {low:int}–{high:int} € für {platform:platform} "
        "{tier:tier} (Quelle: seed 002).",
        "The base of {base:int} € lies in the price band {low:int}–{high:int} € for "
        "{platform:platform} {tier:tier} (source: seed 002).",
    ),
    "fee_band_clamped": Message(
        "Die Basis wurde auf das Preisband {low:int}–{high:int} € für {platform:platform} "
        "{tier:tier} begrenzt: {base:int} € (Quelle: seed 002).",
        "The base was clamped to the price band {low:int}–{high:int} € for {platform:platform} "
        "{tier:tier}: {base:int} € (source: seed 002).",
    ),
    "fee_no_band": Message(
        "Für {platform:platform} {tier:tier} nennen die Quellen kein Preisband – die Basis bleibt "
        "ungeprüft.",
        "The sources give no price band for {platform:platform} {tier:tier} – the base is "
        "unchecked.",
    ),
    "fee_engagement": Message(
        "Engagement {ratio:num2} × Benchmark der Stufe: Faktor {factor:num2}.",
        "Engagement {ratio:num2} × the tier benchmark: factor {factor:num2}.",
    ),
    "fee_engagement_unknown": Message(
        "Engagement im Vergleich zum Benchmark unbekannt – keine Anpassung, geringere Sicherheit.",
        "Engagement against the benchmark unknown – no adjustment, lower confidence.",
    ),
    "fee_quality": Message(
        "{fake:pct0} der Follower-Stichprobe sind unecht: Faktor {factor:num2} für das echte "
        "Publikum.",
        "{fake:pct0} of the follower sample are fake: factor {factor:num2} for the real audience.",
    ),
    "fee_quality_unknown": Message(
        "Keine Follower-Stichprobe – Anteil echter Follower unbekannt, keine Anpassung, geringere "
        "Sicherheit.",
        "No follower sample – real follower share unknown, no adjustment, lower confidence.",
    ),
    "fee_multipliers": Message(
        "Plattform {platform:platform}: Faktor {platform_factor:num2}; {deliverable}: Faktor "
        "{format_factor:num2}.",
        "Platform {platform:platform}: factor {platform_factor:num2}; {deliverable}: factor "
        "{format_factor:num2}.",
    ),
    "fee_product_exchange": Message(
        "Produkt im Wert von {value:int} € wird angerechnet: {cash:int} € in bar.",
        "Product worth {value:int} € is counted: {cash:int} € in cash.",
    ),
    # platform advice (core/advice, seed 002)
    "advice_age_match": Message(
        "{share:pct0} der Zielgruppe ({t_lo}–{t_hi} J.) liegt im Alter, für das "
        "{platform:platform} passt ({lo}–{hi} J., Quelle: {source}).",
        "{share:pct0} of the target audience (aged {t_lo}–{t_hi}) is in the age range "
        "{platform:platform} suits ({lo}–{hi}, source: {source}).",
    ),
    "advice_age_mismatch": Message(
        "Nur {share:pct0} der Zielgruppe ({t_lo}–{t_hi} J.) liegt im Alter, für das "
        "{platform:platform} passt ({lo}–{hi} J., Quelle: {source}).",
        "Only {share:pct0} of the target audience (aged {t_lo}–{t_hi}) is in the age range "
        "{platform:platform} suits ({lo}–{hi}, source: {source}).",
    ),
    "advice_niche_match": Message(
        "{platform:platform} passt zu den Nischen {niches} (Quelle: {source}).",
        "{platform:platform} suits the niches {niches} (source: {source}).",
    ),
    "advice_small_budget": Message(
        "Budget {budget:int} EUR: bis {limit:int} EUR holt {platform:platform} mit kleinem Budget "
        "das meiste Engagement heraus (Quelle: {source}).",
        "Budget EUR {budget:int}: up to EUR {limit:int}, {platform:platform} gets the most "
        "engagement out of a small budget (source: {source}).",
    ),
    "advice_goal_match": Message(
        "Ziel „{goal}“: dafür ist {platform:platform} stark (Quelle: {source}).",
        "Goal '{goal}': {platform:platform} is strong at it (source: {source}).",
    ),
    "advice_format_match": Message(
        "Formate {formats}: dafür ist {platform:platform} gemacht (Quelle: {source}).",
        "Formats {formats}: {platform:platform} is made for them (source: {source}).",
    ),
    # pilot → scale (core/pilot)
    "pilot_over_delivered": Message(
        "Pilot: {observed:int} {metric} statt erwartet {expected:int} – Erwartung für den "
        "Folgeplan ×{multiplier:num2}.",
        "Pilot: {observed:int} {metric} against {expected:int} expected – follow-up expectation "
        "×{multiplier:num2}.",
    ),
    "pilot_under_delivered": Message(
        "Pilot: nur {observed:int} {metric} statt erwartet {expected:int} – Erwartung für den "
        "Folgeplan ×{multiplier:num2}.",
        "Pilot: only {observed:int} {metric} against {expected:int} expected – follow-up "
        "expectation ×{multiplier:num2}.",
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
