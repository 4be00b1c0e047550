"""Recognise the brand's CRM exports (customers, products, orders, …) by name or columns.

The creator tables are recognised by :func:`resonanz.io.sources.guess_table`; this adds the CRM
tables of :mod:`resonanz.core.advocates.contract` without changing how those are found.
"""

from __future__ import annotations

from resonanz.core.advocates.contract import CRM_TABLE_MODELS
from resonanz.core.contracts import table_spec
from resonanz.io.sources import SourceInfo, guess_table


def _by_name(info: SourceInfo) -> str | None:
    stem = info.path.name.split(".")[0].lower()
    for table in CRM_TABLE_MODELS:
        if stem == table or stem.startswith((table + "_", table + "-")):
            return table
    return None


def _by_columns(info: SourceInfo) -> str | None:
    cols = set(info.columns)
    best, best_score = None, 0.0
    for table in CRM_TABLE_MODELS:
        spec = table_spec(table)
        if not set(spec.required) <= cols:
            continue
        score = len(cols & set(spec.column_names)) / len(cols | set(spec.column_names))
        if score > best_score:
            best, best_score = table, score
    return best


def guess_any_table(info: SourceInfo) -> str | None:
    """The table a file holds: CRM file name, else a creator table, else CRM columns."""
    return _by_name(info) or guess_table(info) or _by_columns(info)
