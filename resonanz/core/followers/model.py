"""The fake-account model's file format and its scoring, in plain numpy (no ML library).

A model is a JSON document (:class:`FakeAccountModel`), written by ``resonanz.ml.fake_accounts``
after training with scikit-learn and read back here. Two kinds exist:

* ``logistic`` — logistic regression on standardised features: P(fake) = σ(b + Σ wᵢ·zᵢ) with
  zᵢ = (xᵢ − meanᵢ) ÷ scaleᵢ. An unknown feature gets zᵢ = 0: it adds nothing, the score rests on
  the known ones. Every term wᵢ·zᵢ is a readable contribution.
* ``trees`` — gradient-boosted trees (exported from scikit-learn's HistGradientBoosting): P(fake) =
  σ(baseline + Σ leaf values); an unknown feature follows each split's learned missing branch.

JSON, not pickle: loading a model never runs code, so a model file from anyone is safe to read.
The shipped default (``resonanz/models/fake_account_default.json``) was trained on the demo
market only — see docs/methodology.md.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from resonanz.core.followers.features import FEATURES

FORMAT: Literal["resonanz-fake-account-model"] = "resonanz-fake-account-model"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "fake_account_default.json"


class Tree(BaseModel):
    """One regression tree as parallel node arrays (a leaf has ``left == right == -1``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    missing_left: tuple[bool, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]


class FakeAccountModel(BaseModel):
    """A trained fake-account classifier, as stored in its JSON file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["resonanz-fake-account-model"] = FORMAT
    version: int = 1
    kind: Literal["logistic", "trees"]
    features: tuple[str, ...]
    threshold: float = Field(0.5, gt=0.0, lt=1.0)
    # logistic
    mean: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()
    coef: tuple[float, ...] = ()
    intercept: float = 0.0
    # trees
    baseline: float = 0.0
    trees: tuple[Tree, ...] = ()
    # provenance: what it was trained on, how, and its measured quality there
    training: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shapes(self) -> FakeAccountModel:
        unknown = set(self.features) - set(FEATURES)
        if unknown:
            raise ValueError(f"features: unknown {sorted(unknown)}")
        n = len(self.features)
        if self.kind == "logistic" and not (
            len(self.mean) == len(self.scale) == len(self.coef) == n
        ):
            raise ValueError("logistic: mean, scale and coef need one value per feature")
        if self.kind == "trees" and not self.trees:
            raise ValueError("trees: at least one tree is needed")
        return self

    def matrix(self, feats: pl.DataFrame) -> np.ndarray:
        """The model's feature matrix from a :func:`~.features.features` frame (NaN = unknown)."""
        matrix: np.ndarray = np.asarray(
            feats.select(self.features).cast(pl.Float64).to_numpy(), dtype=np.float64
        )
        return matrix

    def margin(self, x: np.ndarray) -> np.ndarray:
        """The log-odds of "fake" for each row of the feature matrix ``x``."""
        if self.kind == "logistic":
            out: np.ndarray = self.intercept + self._standardised(x) @ np.asarray(self.coef)
            return out
        out = np.full(len(x), self.baseline)
        for tree in self.trees:
            out += _tree_values(tree, x)
        return out

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-row, per-feature log-odds terms of a logistic model (0 for unknown features)."""
        if self.kind != "logistic":
            raise ValueError("contributions exist for logistic models only")
        terms: np.ndarray = self._standardised(x) * np.asarray(self.coef)
        return terms

    def _standardised(self, x: np.ndarray) -> np.ndarray:
        """(x − mean) ÷ scale with unknown (NaN) features at 0, in one new array."""
        z: np.ndarray = x - np.asarray(self.mean)
        z /= np.asarray(self.scale)
        np.nan_to_num(z, copy=False, nan=0.0)
        return z

    def predict_proba(self, feats: pl.DataFrame) -> np.ndarray:
        """P(fake) for each row of a :func:`~.features.features` frame."""
        proba: np.ndarray = 1.0 / (1.0 + np.exp(-self.margin(self.matrix(feats))))
        return proba


def _tree_values(tree: Tree, x: np.ndarray) -> np.ndarray:
    """Leaf value of every row: all rows descend one level per step (vectorised)."""
    feature = np.asarray(tree.feature)
    threshold = np.asarray(tree.threshold)
    missing_left = np.asarray(tree.missing_left)
    left, right = np.asarray(tree.left), np.asarray(tree.right)
    node = np.zeros(len(x), dtype=np.int64)
    rows = np.arange(len(x))
    while True:
        inner = left[node] >= 0
        if not inner.any():
            leaves: np.ndarray = np.asarray(tree.value)[node]
            return leaves
        f = feature[node]
        v = x[rows, f]
        go_left = np.where(np.isnan(v), missing_left[node], v <= threshold[node])
        node = np.where(inner, np.where(go_left, left[node], right[node]), node)


def load_model(path: Path | None = None) -> FakeAccountModel:
    """Read a model file; without ``path`` the shipped default (trained on the demo market)."""
    source = DEFAULT_MODEL_PATH if path is None else Path(path)
    return FakeAccountModel.model_validate(json.loads(source.read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1)
def default_model() -> FakeAccountModel:
    """The shipped default model, read once (models are frozen, so sharing it is safe)."""
    return load_model()


def save_model(model: FakeAccountModel, path: Path) -> Path:
    """Write ``model`` as indented JSON (stable key order, so diffs stay readable)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return path
