"""Every reason the importer writes reads as German on German screens, values kept."""

from __future__ import annotations

import polars as pl
import pytest

from resonanz.core.contracts import ALL_TABLE_MODELS, table_spec
from resonanz.core.import_reasons import translate_reason
from resonanz.io import validate


def _validator_reasons() -> set[str]:
    """The reasons of every check of every column of every table (new checks join in)."""
    out = set()
    e = pl.lit(None)
    for table in ALL_TABLE_MODELS:
        for c in table_spec(table).columns:
            out |= {reason for _, reason in validate._checks(c, e, e, e)}
    return out


OTHER_REASONS = [  # importer.py and sources.py
    "required column missing",
    "required column missing: account_id, platform",
    "unknown account_id: not in accounts of workspace 'Kunde A' (import accounts first)",
    "row has 3 cells, the header has 5",
    "cell longer than 1,000,000 characters",
    "invalid JSON: Expecting value: line 1 column 1 (char 0)",
]


@pytest.mark.parametrize("reason", sorted(_validator_reasons()) + OTHER_REASONS)
def test_reason_is_translated_and_english_kept(reason: str) -> None:
    german = translate_reason(reason, "de")
    assert german != reason
    assert translate_reason(reason, "en") == reason
    assert translate_reason(f"likes: {reason}", "de") == f"likes: {german}"


def test_values_survive_in_german_formats() -> None:
    assert translate_reason("must be ≥ 0.5", "de") == "muss ≥ 0,5 sein"
    assert "1.000.000" in translate_reason("cell longer than 1,000,000 characters", "de")
    assert "„Kunde A“" in translate_reason(OTHER_REASONS[2], "de")


def test_unknown_reasons_stay_as_written() -> None:
    assert translate_reason("something new", "de") == "something new"
    assert translate_reason("", "de") == ""
