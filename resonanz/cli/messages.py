"""CLI messages in German (default) and English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "generating": {"de": "Erzeuge Demo-Markt", "en": "Generating demo market"},
    "generated": {
        "de": "{creators} Creator geschrieben nach {out}",
        "en": "Wrote {creators} creators to {out}",
    },
    "importing": {"de": "Importiere {file}", "en": "Importing {file}"},
    "search_index": {"de": "Baue den Suchindex auf", "en": "Building the search index"},
    "search_index_done": {
        "de": "Suchindex neu aufgebaut: {count} Accounts.",
        "en": "Search index rebuilt: {count} accounts.",
    },
    "import_done": {
        "de": "{file}: {imported} übernommen, {rejected} abgelehnt ({table})",
        "en": "{file}: {imported} imported, {rejected} rejected ({table})",
    },
    "import_fatal": {"de": "Nicht lesbar: {reason}", "en": "Unreadable: {reason}"},
    "errors_written": {
        "de": "Fehlerbericht ({count} Fehler): {path}",
        "en": "Error report ({count} errors): {path}",
    },
    "error_table_title": {"de": "Abgelehnte Zeilen", "en": "Rejected rows"},
    "more_errors": {
        "de": "… und {count} weitere, siehe Fehlerbericht",
        "en": "… and {count} more, see the error report",
    },
    "vetting": {"de": "Prüfe Accounts", "en": "Vetting accounts"},
    "vetted": {"de": "{count} Accounts geprüft", "en": "{count} accounts vetted"},
    "no_accounts": {
        "de": "Keine Accounts im Workspace '{workspace}'. Erst importieren: resonanz import DATEI",
        "en": "No accounts in workspace '{workspace}'. Import first: resonanz import FILE",
    },
    "unknown_workspace": {
        "de": "Workspace '{workspace}' gibt es nicht.",
        "en": "Workspace '{workspace}' does not exist.",
    },
    "unknown_account": {"de": "Unbekannter Account: {account}", "en": "Unknown account: {account}"},
    "top_title": {"de": "Top-Creator: {niche}", "en": "Top creators: {niche}"},
    "report_writing": {"de": "Schreibe Bericht", "en": "Writing report"},
    "report_written": {"de": "Bericht: {path}", "en": "Report: {path}"},
    "quarantine_empty": {"de": "Keine Zeilen in Quarantäne.", "en": "No quarantined rows."},
    "quarantine_exported": {
        "de": "{count} Zeilen exportiert nach {out} – korrigieren und neu importieren.",
        "en": "Exported {count} rows to {out} – fix them and import again.",
    },
    "demo_step": {"de": "Schritt {n}/4: {what}", "en": "Step {n}/4: {what}"},
    "store_error": {
        "de": "Datenbank nicht erreichbar: {reason}",
        "en": "Store unavailable: {reason}",
    },
    "col_rank": {"de": "#", "en": "#"},
    "col_handle": {"de": "Account", "en": "Account"},
    "col_platform": {"de": "Plattform", "en": "Platform"},
    "col_tier": {"de": "Stufe", "en": "Tier"},
    "col_followers": {"de": "Follower", "en": "Followers"},
    "col_er": {"de": "Engagement", "en": "Engagement"},
    "col_score": {"de": "Score", "en": "Score"},
    "col_confidence": {"de": "Konfidenz", "en": "Confidence"},
    "col_flags": {"de": "Hinweise", "en": "Flags"},
    "col_table": {"de": "Tabelle", "en": "Table"},
    "col_rows": {"de": "Zeilen", "en": "Rows"},
    "col_file": {"de": "Datei", "en": "File"},
    "col_line": {"de": "Zeile", "en": "Line"},
    "col_field": {"de": "Feld", "en": "Field"},
    "col_value": {"de": "Wert", "en": "Value"},
    "col_reason": {"de": "Grund", "en": "Reason"},
}


def msg(key: str, lang: str, **params: object) -> str:
    """The message ``key`` in ``lang`` (German if unknown), filled with ``params``."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["de"]).format(**params)
