"""The sales panel of a regional test: one outcome per region and period, checked and balanced.

:func:`panel_from_long` turns a long table (``location, Y, date`` by default) into a
:class:`Panel`; every problem is reported with the row (0-based, in input order), field and reason,
so a caller can name the file's line. Region names are compared case-insensitively and trimmed
(GeoLift lowercases them); periods are ISO dates or integer time indices, sorted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from resonanz.core.geo.synth import Array

_MAX_ISSUES = 20
_INT = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class PanelIssue:
    """One problem in the input: ``row`` is 0-based in input order (None: the whole table)."""

    row: int | None
    field: str
    value: str
    reason: str  # a code: missing_column, not_number, not_period, duplicate, missing_cell, …


class PanelError(ValueError):
    """The table is not a usable panel; ``issues`` lists the first problems."""

    def __init__(self, issues: list[PanelIssue]) -> None:
        super().__init__("; ".join(f"{i.row}:{i.field}:{i.reason}" for i in issues))
        self.issues = issues


@dataclass(frozen=True)
class Panel:
    """Outcomes ``values[i, t]`` of region ``locations[i]`` in period ``periods[t]`` (sorted)."""

    locations: tuple[str, ...]
    periods: tuple[str, ...]  # ISO dates or integer indices as text
    values: Array

    def index_of_period(self, label: str) -> int | None:
        """Position of a period given as an ISO date or, for date panels, a 1-based time index."""
        text = label.strip()
        if text in self.periods:
            return self.periods.index(text)
        if _INT.match(text) and not _INT.match(self.periods[0]):
            pos = int(text) - 1
            return pos if 0 <= pos < len(self.periods) else None
        return None

    def select(self, keep: list[str]) -> Panel:
        """The panel restricted to the regions in ``keep`` (order of the panel kept)."""
        mask = np.array([loc in set(keep) for loc in self.locations])
        locs = tuple(loc for loc, k in zip(self.locations, mask, strict=True) if k)
        return Panel(locs, self.periods, self.values[mask])


def normalise_region(name: str) -> str:
    """Trimmed, lower-case region name (GeoLift's convention)."""
    return " ".join(name.split()).casefold()


def _period_labels(raw: pl.Series) -> tuple[list[str | None], bool]:
    texts = raw.cast(pl.String, strict=False).str.strip_chars().to_list()
    if all(t is not None and _INT.match(t) for t in texts):
        return [str(int(t)) for t in texts if t is not None], True
    out: list[str | None] = []
    for t in texts:
        try:
            out.append(date.fromisoformat(t[:10]).isoformat() if t else None)
        except ValueError:
            out.append(None)
    return out, False


def _check_columns(frame: pl.DataFrame, names: dict[str, str]) -> None:
    missing = [
        PanelIssue(None, col, ", ".join(frame.columns), "missing_column")
        for col in names.values()
        if col not in frame.columns
    ]
    if missing:
        raise PanelError(missing)


def panel_from_long(
    frame: pl.DataFrame, location: str = "location", y: str = "Y", period: str = "date"
) -> Panel:
    """A balanced :class:`Panel` from a long table, or :class:`PanelError` naming the rows."""
    _check_columns(frame, {"location": location, "y": y, "period": period})
    if frame.height == 0:
        raise PanelError([PanelIssue(None, y, "", "empty")])
    issues: list[PanelIssue] = []
    locs = [normalise_region(str(v)) if v is not None else "" for v in frame[location].to_list()]
    values = frame[y].cast(pl.String, strict=False).str.strip_chars()
    numbers = values.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False).to_list()
    periods, _numeric = _period_labels(frame[period])
    raw_values, raw_periods = values.to_list(), frame[period].cast(pl.String).to_list()
    for row, (loc, num, per) in enumerate(zip(locs, numbers, periods, strict=True)):
        if not loc:
            issues.append(PanelIssue(row, location, "", "missing_cell"))
        if num is None or not np.isfinite(num):
            issues.append(PanelIssue(row, y, str(raw_values[row] or ""), "not_number"))
        if per is None:
            issues.append(PanelIssue(row, period, str(raw_periods[row] or ""), "not_period"))
        if len(issues) >= _MAX_ISSUES:
            break
    if issues:
        raise PanelError(issues)
    return _balanced(locs, [p for p in periods if p is not None], numbers, y, period)


def _balanced(
    locs: list[str], periods: list[str], numbers: list[float | None], y: str, period: str
) -> Panel:
    loc_names = sorted(set(locs))
    numeric = all(_INT.match(p) for p in periods)
    per_names = sorted(set(periods), key=(lambda p: int(p)) if numeric else (lambda p: p))
    li = {name: i for i, name in enumerate(loc_names)}
    pi = {name: i for i, name in enumerate(per_names)}
    values = np.full((len(loc_names), len(per_names)), np.nan)
    issues: list[PanelIssue] = []
    for row, (loc, per, num) in enumerate(zip(locs, periods, numbers, strict=True)):
        i, t = li[loc], pi[per]
        if not np.isnan(values[i, t]) and len(issues) < _MAX_ISSUES:
            issues.append(PanelIssue(row, period, f"{loc} {per}", "duplicate"))
        values[i, t] = float(num or 0.0)
    for i, t in zip(*np.nonzero(np.isnan(values)), strict=True):
        if len(issues) >= _MAX_ISSUES:
            break
        issues.append(PanelIssue(None, y, f"{loc_names[i]} {per_names[t]}", "missing_cell"))
    if issues:
        raise PanelError(issues)
    return Panel(tuple(loc_names), tuple(per_names), values)
