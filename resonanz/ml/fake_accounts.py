"""Train, export and measure the fake-account model (scikit-learn and SciPy in, JSON out).

* :func:`train` fits a model on labelled accounts (:mod:`resonanz.ml.labelled`) and exports it to
  the core's JSON format (:class:`~resonanz.core.followers.model.FakeAccountModel`), so what is
  measured is exactly what scores follower samples later.
* :func:`evaluate` scores labelled accounts with a model: accuracy, balanced accuracy, precision,
  recall, F1 (of the fake class) and ROC-AUC. The fake class is rare (InstaFake: 1 fake in 6), so
  accuracy alone misleads — a model that calls everyone real scores 0.83.
* :func:`cross_validate`: stratified k-fold, fixed seed, mean ± sd of every metric.
* :func:`train_default` trains the shipped default on the demo market's follower samples, labelled
  by the generator's own truth (:func:`resonanz.io.generator_followers.follower_truth`). It uses
  no real labelled data: the InstaFake data is CC BY-NC 4.0 and serves for measurement only.
"""

from __future__ import annotations

import platform
from typing import Any, Literal

import numpy as np
import polars as pl
import sklearn
from scipy.optimize import minimize
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold

from resonanz.core.followers.features import FEATURES, SIGNS, feature_columns, profile_columns
from resonanz.core.followers.model import FakeAccountModel, Tree
from resonanz.io.generator import WorldConfig, generate_world
from resonanz.io.generator_followers import follower_truth
from resonanz.ml.labelled import LABEL

Kind = Literal["logistic", "trees"]
METRICS = ("accuracy", "balanced_accuracy", "precision", "recall", "f1", "roc_auc")
DEFAULT_SEED = 20_240
DEFAULT_CREATORS = 2_000
DEFAULT_C = 1.0
"""Inverse L2 strength of the logistic model (scikit-learn's default), on standardised features."""


def _xy(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    x = frame.select(FEATURES).cast(pl.Float64).to_numpy().astype(np.float64)
    return x, frame[LABEL].cast(pl.Int64).to_numpy()


def _fit_signed(z: np.ndarray, y: np.ndarray, signs: list[int], c: float) -> np.ndarray:
    """Class-balanced L2 logistic regression whose coefficients keep the given signs.

    Minimises Σ wᵢ·log(1 + exp(−sᵢ·mᵢ)) + ‖β‖² ÷ 2C with L-BFGS-B and box bounds (β ≥ 0 for +1,
    β ≤ 0 for −1, free for 0); returns [intercept, β…].
    """
    n, n_fake = len(y), int(y.sum())
    weight = np.where(y == 1, n / (2.0 * n_fake), n / (2.0 * (n - n_fake)))
    sign = 2.0 * y - 1.0

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        beta = params[1:]
        t = -sign * (params[0] + z @ beta)
        grad_m = weight * -sign / (1.0 + np.exp(-t))
        value = float((weight * np.logaddexp(0.0, t)).sum() + 0.5 / c * beta @ beta)
        return value, np.concatenate([[grad_m.sum()], z.T @ grad_m + beta / c])

    bounds = [(None, None)] + [
        (0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs
    ]
    start = np.zeros(z.shape[1] + 1)
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return np.asarray(result.x)


def _logistic(x: np.ndarray, y: np.ndarray, seed: int) -> FakeAccountModel:
    del seed  # deterministic: L-BFGS-B starts from zero
    mean = np.nanmean(x, axis=0)
    scale = np.nanstd(x, axis=0)
    mean = np.where(np.isnan(mean), 0.0, mean)
    scale = np.where(np.isnan(scale) | (scale < 1e-9), 1.0, scale)
    # an unknown value sits at the mean (z = 0), exactly as the core scores it
    z = np.nan_to_num((x - mean) / scale, nan=0.0)
    params = _fit_signed(z, y, [SIGNS[f] for f in FEATURES], DEFAULT_C)
    return FakeAccountModel(
        kind="logistic",
        features=FEATURES,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in params[1:]),
        intercept=float(params[0]),
    )


def _export_tree(nodes: Any) -> Tree:
    leaf = nodes["is_leaf"].astype(bool)
    return Tree(
        feature=tuple(int(v) for v in nodes["feature_idx"]),
        threshold=tuple(float(v) for v in nodes["num_threshold"]),
        missing_left=tuple(bool(v) for v in nodes["missing_go_to_left"]),
        left=tuple(-1 if lf else int(v) for v, lf in zip(nodes["left"], leaf, strict=True)),
        right=tuple(-1 if lf else int(v) for v, lf in zip(nodes["right"], leaf, strict=True)),
        value=tuple(float(v) for v in nodes["value"]),
    )


def _trees(x: np.ndarray, y: np.ndarray, seed: int) -> FakeAccountModel:
    clf = HistGradientBoostingClassifier(
        max_depth=3,
        learning_rate=0.05,
        max_iter=300,
        l2_regularization=1.0,
        class_weight="balanced",
        early_stopping=False,
        random_state=seed,
    )
    clf.fit(x, y)
    # scikit-learn keeps the fitted trees in ``_predictors`` (node arrays with real-valued
    # thresholds and the learned side for missing values); the export is checked against
    # clf.predict_proba in the tests, so a change in that layout fails loudly
    trees = tuple(_export_tree(p[0].nodes) for p in clf._predictors)
    return FakeAccountModel(
        kind="trees",
        features=FEATURES,
        baseline=float(np.ravel(clf._baseline_prediction)[0]),
        trees=trees,
    )


def train(
    frame: pl.DataFrame, kind: Kind = "logistic", seed: int = DEFAULT_SEED, **provenance: Any
) -> FakeAccountModel:
    """Fit a model of ``kind`` on labelled accounts (:data:`FEATURES` + ``is_fake``).

    Classes are weighted to balance, so P(fake) ≥ 0.5 means "more likely fake than real at even
    odds", whatever the share of fakes in the training data. ``provenance`` is stored in the
    model's ``training`` record.
    """
    x, y = _xy(frame)
    if len(np.unique(y)) < 2:
        raise ValueError("training needs both fake and real accounts")
    model = _logistic(x, y, seed) if kind == "logistic" else _trees(x, y, seed)
    record = {
        "n": len(y),
        "n_fake": int(y.sum()),
        "seed": seed,
        "scikit_learn": sklearn.__version__,
        "python": platform.python_version(),
        **provenance,
    }
    return model.model_copy(update={"training": record})


def metrics(y: np.ndarray, proba: np.ndarray, threshold: float) -> dict[str, float]:
    """The six headline figures for labels ``y`` and predicted P(fake)."""
    pred = (proba >= threshold).astype(np.int64)
    both = len(np.unique(y)) == 2
    return {
        "accuracy": float(accuracy_score(y, pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y, pred)) if both else float("nan"),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
        "roc_auc": float(roc_auc_score(y, proba)) if both else float("nan"),
    }


def evaluate(model: FakeAccountModel, frame: pl.DataFrame) -> dict[str, Any]:
    """Score labelled accounts with ``model``: :data:`METRICS` plus counts and confusion."""
    _, y = _xy(frame)
    proba = model.predict_proba(frame)
    pred = proba >= model.threshold
    out: dict[str, Any] = metrics(y, proba, model.threshold)
    out.update(
        n=len(y),
        n_fake=int(y.sum()),
        n_real=int(len(y) - y.sum()),
        true_positives=int((pred & (y == 1)).sum()),
        false_positives=int((pred & (y == 0)).sum()),
        false_negatives=int((~pred & (y == 1)).sum()),
        true_negatives=int((~pred & (y == 0)).sum()),
        false_positive_rate=float((pred & (y == 0)).sum() / max(int((y == 0).sum()), 1)),
        threshold=model.threshold,
        model_kind=model.kind,
    )
    return out


def cross_validate(
    frame: pl.DataFrame, kind: Kind = "logistic", folds: int = 5, seed: int = DEFAULT_SEED
) -> dict[str, Any]:
    """Stratified ``folds``-fold cross-validation: each metric's mean and sd over the folds.

    Every fold trains a fresh model on the other folds and scores only its own, unseen rows.
    """
    x, y = _xy(frame)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    per_fold: dict[str, list[float]] = {m: [] for m in METRICS}
    for train_idx, test_idx in splitter.split(x, y):
        model = train(frame[train_idx], kind, seed)
        result = metrics(y[test_idx], model.predict_proba(frame[test_idx]), model.threshold)
        for m in METRICS:
            per_fold[m].append(result[m])
    out: dict[str, Any] = {m: float(np.mean(v)) for m, v in per_fold.items()}
    out.update({f"{m}_sd": float(np.std(v, ddof=1)) for m, v in per_fold.items()})
    out.update(n=len(y), n_fake=int(y.sum()), folds=folds, seed=seed, model_kind=kind)
    return out


def demo_training_frame(
    creators: int = DEFAULT_CREATORS, seed: int = DEFAULT_SEED, sample_size: int = 50
) -> pl.DataFrame:
    """Follower samples of a generated demo market with the generator's per-follower truth."""
    config = WorldConfig(follower_sample_size=sample_size)
    samples = pl.concat(
        [
            pl.from_arrow(chunk["follower_samples"])  # type: ignore[misc]
            for chunk in generate_world(creators, seed, config)
        ]
    )
    assert isinstance(samples, pl.DataFrame)
    truth = follower_truth(creators, seed).select(
        "follower_username", pl.col("is_fake").cast(pl.Int8).alias(LABEL), "fake_kind"
    )
    labelled = samples.join(truth, on="follower_username", how="left", maintain_order="left")
    if labelled[LABEL].null_count():  # pragma: no cover - every sampled follower is in a pool
        raise RuntimeError("a sampled follower is missing from the generator's truth")
    profiles = feature_columns(profile_columns(labelled))
    return profiles.select(*FEATURES, LABEL, "fake_kind").collect()


def train_default(
    creators: int = DEFAULT_CREATORS, seed: int = DEFAULT_SEED, kind: Kind = "logistic"
) -> FakeAccountModel:
    """The shipped default: trained on one demo market, measured on another (seed + 1).

    Reproduce the shipped file with ``resonanz detector train --demo --out FILE``.
    """
    frame = demo_training_frame(creators, seed)
    model = train(
        frame,
        kind,
        seed,
        data="resonanz demo market (synthetic; generator built from published figures only)",
        creators=creators,
    )
    holdout = evaluate(model, demo_training_frame(creators, seed + 1))
    record = {**model.training, "synthetic_holdout": {m: holdout[m] for m in METRICS}}
    record["synthetic_holdout"].update(
        sensitivity=holdout["recall"], specificity=1.0 - holdout["false_positive_rate"]
    )
    return model.model_copy(update={"training": record})
