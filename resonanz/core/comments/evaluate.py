"""Quality figures of a labelling: accuracy, macro-F1, per-class precision and recall.

Used by ``benchmarks/comment_quality.py`` (the figures in docs/methodology.md) and by the test
that keeps the classifier at the reported level.

>>> m = classification_metrics(["spam", "meaningful"], ["spam", "generic_praise"])
>>> m["accuracy"], m["per_class"]["spam"]["precision"]
(0.5, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from resonanz.core.comments.settings import CLASSES


def classification_metrics(
    gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = CLASSES
) -> dict[str, Any]:
    """Accuracy, macro-F1 over ``classes``, per-class precision/recall/F1/support, confusion."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    n = len(gold)
    confusion = {g: dict.fromkeys(classes, 0) for g in classes}
    for g, p in zip(gold, predicted, strict=True):
        if g in confusion and p in confusion[g]:
            confusion[g][p] += 1
    per_class: dict[str, dict[str, float | int]] = {}
    for c in classes:
        tp = confusion[c][c]
        predicted_c = sum(confusion[g][c] for g in classes)
        support = sum(confusion[c].values())
        precision = tp / predicted_c if predicted_c else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "macro_f1": sum(float(m["f1"]) for m in per_class.values()) / len(classes),
        "per_class": per_class,
        "confusion": confusion,
    }


def language_accuracy(gold: Sequence[str | None], predicted: Sequence[str | None]) -> float:
    """Share of exact matches, where "no language" (None or "") must be predicted as None."""
    pairs = [(g or None, p or None) for g, p in zip(gold, predicted, strict=True)]
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
