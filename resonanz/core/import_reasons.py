"""Import error reasons in the user's language.

The validator and the importer write their reasons in English into the error report CSV
(``file,line,field,value,reason``): a stable, machine-readable contract that scripts match on.
Screens (the CLI's table, the web app's import and quarantine pages) show them translated:
:func:`translate_reason` recognises each reason's fixed wording and fills its values into the
German sentence. A reason it does not know is shown as written.

>>> translate_reason("must be one of: instagram, tiktok", "de")
'muss einer dieser Werte sein: instagram, tiktok'
>>> translate_reason("likes: not a whole number", "de")
'likes: keine ganze Zahl'
"""

from __future__ import annotations

import re

from resonanz.core.messages import Lang

_GERMAN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"^{pattern}$", re.S), german)
    for pattern, german in (
        (r"required value missing", "Pflichtwert fehlt"),
        (r"required column missing", "Pflichtspalte fehlt"),
        (r"required column missing: (?P<columns>.+)", "Pflichtspalte fehlt: {columns}"),
        (r"not a whole number", "keine ganze Zahl"),
        (r"not a number", "keine Zahl"),
        (
            r"not a yes/no value \(true/false, 1/0, ja/nein\)",
            "kein Ja/Nein-Wert (true/false, 1/0, ja/nein)",
        ),
        (
            r"not a date-time \(e\.g\. 2026-05-01T12:30:00Z or 01\.05\.2026 12:30\)",
            "kein Zeitpunkt (z. B. 2026-05-01T12:30:00Z oder 01.05.2026 12:30)",
        ),
        (
            r"not a date \(e\.g\. 2026-05-01 or 01\.05\.2026\)",
            "kein Datum (z. B. 2026-05-01 oder 01.05.2026)",
        ),
        (r"must be one of: (?P<allowed>.+)", "muss einer dieser Werte sein: {allowed}"),
        (r"must be ≥ (?P<num>\S+)", "muss ≥ {num} sein"),
        (r"must be ≤ (?P<num>\S+)", "muss ≤ {num} sein"),
        (r"longer than (?P<n>\d+) characters", "länger als {n} Zeichen"),
        (
            r"unknown (?P<column>\w+): not in (?P<parent>\w+) of workspace '(?P<workspace>.*)' "
            r"\(import \w+ first\)",
            "unbekannte {column}: nicht in {parent} des Arbeitsbereichs „{workspace}“ "
            "(zuerst {parent} importieren)",
        ),
        (
            r"row has (?P<cells>\d+) cells, the header has (?P<header>\d+)",
            "Zeile hat {cells} Zellen, die Kopfzeile {header}",
        ),
        (
            r"cell longer than (?P<thousands>[\d,]+) characters",
            "Zelle länger als {thousands} Zeichen",
        ),
        (r"invalid JSON: (?P<detail>.*)", "ungültiges JSON: {detail}"),
    )
)
_FIELD_PREFIX = re.compile(r"^(?P<field>[^\s:]+): (?P<rest>.+)$", re.S)


def _german(reason: str) -> str | None:
    for pattern, template in _GERMAN:
        m = pattern.match(reason)
        if m:
            values = m.groupdict()
            # German number formats: 1.000.000 (thousands), 0,5 (decimals)
            if "thousands" in values:
                values["thousands"] = values["thousands"].replace(",", ".")
            if "num" in values:
                values["num"] = values["num"].replace(".", ",")
            return template.format(**values)
    return None


def translate_reason(reason: str, lang: Lang) -> str:
    """``reason`` (as the importer writes it, optionally ``field: reason``) in ``lang``."""
    if lang != "de" or not reason:
        return reason
    whole = _german(reason)
    if whole is not None:
        return whole
    m = _FIELD_PREFIX.match(reason)
    if m:
        rest = _german(m["rest"])
        if rest is not None:
            return f"{m['field']}: {rest}"
    return reason
