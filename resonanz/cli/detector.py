"""``resonanz detector``: train and measure the fake-account model (no store needed).

    resonanz detector train --data DIR --out model.json          # on your labelled accounts
    resonanz detector train --demo --out model.json              # the shipped default, reproduced
    resonanz detector eval --data DIR [--model model.json] --json
    resonanz detector eval --data DIR --cv 5 --json              # cross-validated fresh model

DIR holds InstaFake fake-account files or labelled follower samples (see
:mod:`resonanz.ml.labelled`). Figures: accuracy, balanced accuracy, precision, recall and F1 of the
fake class, ROC-AUC — the fake class is rare, so accuracy alone misleads.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from resonanz.cli.main import STATE, _print_json, app, err, out

detector_app = typer.Typer(help="Fake-Account-Modell trainieren und messen.", no_args_is_help=True)
app.add_typer(detector_app, name="detector")

_TEXT: dict[str, dict[str, str]] = {
    "loaded": {
        "de": "{n} gelabelte Konten ({fake} fake, {real} echt) aus {path}",
        "en": "{n} labelled accounts ({fake} fake, {real} real) from {path}",
    },
    "skipped": {
        "de": "{file}: {n} Zeilen übersprungen (ungültig oder ohne Label)",
        "en": "{file}: {n} rows skipped (invalid or unlabelled)",
    },
    "saved": {"de": "Modell gespeichert: {path}", "en": "Model saved: {path}"},
    "need_data": {
        "de": "Bitte --data DIR oder --demo angeben.",
        "en": "Give --data DIR or --demo.",
    },
    "title": {"de": "Fake-Account-Erkennung", "en": "Fake-account detection"},
    "extra": {
        "de": "Zusätzliche echte Konten ({file}): {n}, fälschlich als fake erkannt: {rate}",
        "en": "Extra real accounts ({file}): {n}, wrongly flagged as fake: {rate}",
    },
}
_LABELS = {
    "accuracy": ("Genauigkeit", "Accuracy"),
    "balanced_accuracy": ("Balancierte Genauigkeit", "Balanced accuracy"),
    "precision": ("Präzision (fake)", "Precision (fake)"),
    "recall": ("Trefferquote (fake)", "Recall (fake)"),
    "f1": ("F1 (fake)", "F1 (fake)"),
    "roc_auc": ("ROC-AUC", "ROC-AUC"),
}


class Kind(StrEnum):
    logistic = "logistic"
    trees = "trees"


def _t(key: str, **params: object) -> str:
    entry = _TEXT[key]
    return entry.get(STATE.lang, entry["de"]).format(**params)


def _clean(value: Any) -> Any:
    """NaN (a metric undefined for one class) becomes null, so the JSON stays valid."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _load(data: Path) -> Any:
    from resonanz.ml.labelled import DataError, load_labelled

    try:
        labelled = load_labelled(data)
    except DataError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    for name, n in labelled.skipped.items():
        err.print(f"[yellow]{_t('skipped', file=name, n=n)}[/yellow]")
    n = labelled.frame.height
    err.print(_t("loaded", n=n, fake=labelled.n_fake, real=labelled.n_real, path=data))
    return labelled


@detector_app.command("train")
def train_cmd(
    out_path: Path = typer.Option(..., "--out", help="Zieldatei des Modells (JSON)."),
    data: Path | None = typer.Option(None, "--data", help="Ordner mit gelabelten Konten."),
    demo: bool = typer.Option(False, "--demo", help="Auf dem Demo-Markt trainieren (Standard)."),
    kind: Kind = typer.Option(Kind.logistic, "--kind", help="logistic oder trees."),
    seed: int | None = typer.Option(None, "--seed", help="Zufallsstartwert."),
    creators: int | None = typer.Option(None, "--creators", min=100, help="Demo: Creator."),
    as_json: bool = typer.Option(False, "--json", help="Trainingsdaten des Modells als JSON."),
) -> None:
    """Trainiert ein Fake-Account-Modell und speichert es als JSON."""
    from resonanz.core.followers.model import save_model
    from resonanz.ml import fake_accounts as fa

    if demo == (data is not None):
        err.print(f"[red]{_t('need_data')}[/red]")
        raise typer.Exit(2)
    seed = fa.DEFAULT_SEED if seed is None else seed
    if demo:
        model = fa.train_default(creators or fa.DEFAULT_CREATORS, seed, kind.value)
    else:
        assert data is not None
        labelled = _load(data)
        model = fa.train(labelled.frame, kind.value, seed, data=str(data))
    save_model(model, out_path)
    err.print(_t("saved", path=out_path))
    if as_json:
        _print_json(_clean(model.training))


def _print_metrics(result: dict[str, Any]) -> None:
    lang = 0 if STATE.lang == "de" else 1
    table = Table(title=_t("title"), title_justify="left")
    table.add_column("")
    table.add_column("", justify="right")
    for key, labels in _LABELS.items():
        value, sd = result.get(key), result.get(f"{key}_sd")
        text = "–" if value is None or not math.isfinite(value) else f"{value:.3f}"
        if sd is not None:
            text += f" ± {sd:.3f}"
        table.add_row(labels[lang], text)
    out.print(table)
    extra = result.get("extra_real")
    if extra:
        rate = f"{extra['false_positive_rate']:.1%}"
        out.print(_t("extra", file=extra["file"], n=extra["n"], rate=rate))


@detector_app.command("eval")
def eval_cmd(
    data: Path = typer.Option(..., "--data", help="Ordner mit gelabelten Konten."),
    model_path: Path | None = typer.Option(
        None, "--model", help="Modelldatei (JSON); ohne: das mitgelieferte Standardmodell."
    ),
    cv: int = typer.Option(0, "--cv", min=0, help="k-fache Kreuzvalidierung eines neuen Modells."),
    kind: Kind = typer.Option(Kind.logistic, "--kind", help="Bei --cv: logistic oder trees."),
    seed: int | None = typer.Option(None, "--seed", help="Bei --cv: Zufallsstartwert."),
    as_json: bool = typer.Option(False, "--json", help="Ergebnis als JSON."),
) -> None:
    """Misst ein Modell auf gelabelten Konten (oder kreuzvalidiert ein neues mit --cv)."""
    from resonanz.core.followers.model import load_model
    from resonanz.ml import fake_accounts as fa
    from resonanz.ml.labelled import find_nonautomated, read_nonautomated

    labelled = _load(data)
    if cv >= 2:
        result = fa.cross_validate(
            labelled.frame, kind.value, cv, fa.DEFAULT_SEED if seed is None else seed
        )
    else:
        model = load_model(model_path)
        result = fa.evaluate(model, labelled.frame)
        result["model"] = str(model_path) if model_path else "default"
        extra = find_nonautomated(data)
        if extra is not None:
            scored = fa.evaluate(model, read_nonautomated(extra))
            result["extra_real"] = {
                "file": extra.name,
                "n": scored["n"],
                "false_positives": scored["false_positives"],
                "false_positive_rate": scored["false_positive_rate"],
            }
    if as_json:
        _print_json(_clean(result))
    else:
        _print_metrics(result)
