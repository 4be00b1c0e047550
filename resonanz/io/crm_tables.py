"""Recognise the brand's CRM exports (customers, products, orders, …) by name or columns.

The creator tables are recognised by :func:`resonanz.io.sources.guess_table`; this adds the CRM
tables of :mod:`resonanz.core.advocates.contract` without changing how those are found.
"""

from __future__ import annotations

from resonanz.core.advocates.contract import CRM_TABLE_MODELS
from resonanz.io.sources import SourceInfo, guess_table, table_by_columns, table_by_name


def guess_any_table(info: SourceInfo) -> str | None:
    """The table a file holds: CRM file name, else a creator table, else CRM columns."""
    return (
        table_by_name(info, CRM_TABLE_MODELS)
        or guess_table(info)
        or table_by_columns(info, CRM_TABLE_MODELS)
    )
