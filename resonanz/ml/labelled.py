"""Labelled accounts for training and measuring the fake-account model.

A data folder holds either or both of:

* **InstaFake's fake-account layout** — ``fakeAccountData.json`` and/or ``realAccountData.json``
  (JSON lists of objects with ``userFollowerCount``, …, label ``isFake``), in the folder itself or
  in a sub-folder such as ``fake-v1.0/``. The automated-account files are not read.
* **resonanz's follower-sample format** — any ``.csv``, ``.jsonl`` or ``.parquet`` file with the
  columns of the contract's ``follower_samples`` table plus a label column ``is_fake`` (``1``/``0``,
  ``true``/``false``, ``yes``/``no``; empty = unlabelled, the row is skipped). Cells are checked
  with the importer's rules; rows that fail are skipped and counted.

:func:`load_labelled` returns one frame: the model's :data:`FEATURES`, ``is_fake`` (0/1) and
``source`` (the file each row came from).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from resonanz.core.contracts import table_spec
from resonanz.core.followers.features import (
    FEATURES,
    INSTAFAKE_FIELDS,
    feature_columns,
    profile_columns,
)
from resonanz.io.sources import LINE, RowProblem, SourceError, inspect, read_batches
from resonanz.io.validate import check_batch

INSTAFAKE_FILES = ("fakeAccountData.json", "realAccountData.json")
NONAUTOMATED_FILE = "nonautomatedAccountData.json"
SAMPLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")
LABEL = "is_fake"
_TRUE = ("1", "true", "yes", "ja", "wahr")
_FALSE = ("0", "false", "no", "nein", "falsch")


class DataError(ValueError):
    """The folder holds no labelled accounts, or a file cannot be read."""


@dataclass
class Labelled:
    """Labelled accounts and what was skipped while reading them."""

    frame: pl.DataFrame  # FEATURES + is_fake + source
    skipped: dict[str, int] = field(default_factory=dict)  # file -> rows skipped

    @property
    def n_fake(self) -> int:
        """Accounts labelled fake."""
        return int(self.frame[LABEL].sum())

    @property
    def n_real(self) -> int:
        """Accounts labelled real."""
        return self.frame.height - self.n_fake


def _label(col: pl.Expr) -> pl.Expr:
    text = col.cast(pl.String).str.strip_chars().str.to_lowercase()
    return pl.when(text.is_in(_TRUE)).then(1).when(text.is_in(_FALSE)).then(0).cast(pl.Int8)


def _finish(profiles: pl.LazyFrame, source: str) -> pl.DataFrame:
    return (
        feature_columns(profiles)
        .select(*FEATURES, pl.col(LABEL), pl.lit(source).alias("source"))
        .collect()
    )


def read_instafake(path: Path) -> pl.DataFrame:
    """One InstaFake fake-account file (a JSON list) as features + ``is_fake`` + ``source``."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataError(f"{path}: expected a JSON list of objects")
    frame = pl.DataFrame(records, infer_schema_length=None)
    if "isFake" not in frame.columns:
        raise DataError(f"{path}: no isFake label")
    lazy = profile_columns(frame, "instafake").with_columns(_label(pl.col("isFake")).alias(LABEL))
    return _finish(lazy, path.name)


def read_nonautomated(path: Path) -> pl.DataFrame:
    """InstaFake's ``nonautomatedAccountData.json``: real accounts (``is_fake`` = 0) for a
    false-positive rate. It has no profile-picture or private flag: those features stay unknown.
    """
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    keys = set(INSTAFAKE_FIELDS.values())
    rows = [{k: v for k, v in r.items() if k in keys} for r in records if isinstance(r, dict)]
    frame = pl.DataFrame(rows, infer_schema_length=None)
    lazy = profile_columns(frame, "instafake").with_columns(pl.lit(0, dtype=pl.Int8).alias(LABEL))
    return _finish(lazy, path.name)


def find_nonautomated(folder: Path) -> Path | None:
    """``nonautomatedAccountData.json`` in ``folder`` or one of its sub-folders, if any."""
    folder = Path(folder)
    for d in [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]:
        if (d / NONAUTOMATED_FILE).is_file():
            return d / NONAUTOMATED_FILE
    return None


def read_samples(path: Path) -> tuple[pl.DataFrame, int]:
    """A labelled follower-sample file: features + ``is_fake`` + ``source``, rows skipped."""
    try:
        info = inspect(path)
    except SourceError as exc:
        raise DataError(str(exc)) from exc
    if LABEL not in info.columns:
        raise DataError(f"{path}: no {LABEL} column")
    spec = table_spec("follower_samples")
    problems: list[RowProblem] = []
    parts, skipped = [], 0
    for batch in read_batches(info, problems):
        checked = check_batch(batch, spec, info.decimal_comma)
        labels = batch.select(LINE, _label(pl.col(LABEL)).alias(LABEL))
        valid = checked.valid.join(labels, on=LINE).filter(pl.col(LABEL).is_not_null())
        skipped += batch.height - valid.height
        parts.append(_finish(profile_columns(valid), path.name))
    skipped += len(problems)
    if not parts:
        return _finish(
            profile_columns(pl.DataFrame()).with_columns(pl.lit(None, dtype=pl.Int8).alias(LABEL)),
            path.name,
        ).clear(), skipped
    return pl.concat(parts), skipped


def _files(folder: Path) -> tuple[list[Path], list[Path]]:
    dirs = [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]
    instafake = [d / name for d in dirs for name in INSTAFAKE_FILES if (d / name).is_file()]
    samples = [
        p
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES and LABEL in inspect(p).columns
    ]
    return instafake, samples


def load_labelled(folder: Path) -> Labelled:
    """All labelled accounts in ``folder`` (see the module docstring for the layouts)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder")
    instafake, samples = _files(folder)
    frames = [read_instafake(p) for p in instafake]
    skipped: dict[str, int] = {}
    for path in samples:
        frame, n = read_samples(path)
        frames.append(frame)
        if n:
            skipped[path.name] = n
    frames = [f for f in frames if f.height]
    if not frames:
        raise DataError(
            f"{folder}: no labelled accounts (expected {' / '.join(INSTAFAKE_FILES)} or "
            f"follower-sample files with an {LABEL} column)"
        )
    out = pl.concat(frames, how="vertical_relaxed").with_columns(pl.col(LABEL).cast(pl.Int8))
    return Labelled(out, skipped)
