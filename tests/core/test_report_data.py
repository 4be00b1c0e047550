"""Report data built in worker processes equals the reports built one by one here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resonanz.batch.vetting import vet_parquet
from resonanz.core.config import load_defaults
from resonanz.core.vetting import pipeline

D = load_defaults()


@pytest.fixture(scope="module")
def frame(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from resonanz.io.generator import write_world  # test-only: the core itself never imports io

    path: Path = tmp_path_factory.mktemp("market")
    write_world(path, 60, 11, "parquet")
    return vet_parquet(path, D)


def test_report_data_in_workers_equals_the_reports_in_order(frame, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    expected = [json.loads(r.model_dump_json()) for r in pipeline.reports_from_frame(frame, D)]
    monkeypatch.setattr(pipeline, "REPORTS_PARALLEL_MIN", 2)
    chunks = list(pipeline.report_data(frame, D, chunk=7, workers=2))
    assert [len(c) for c in chunks[:-1]] == [7] * (len(chunks) - 1)
    assert [r for c in chunks for r in c] == expected
    one = [r for c in pipeline.report_data(frame, D, chunk=7, workers=1) for r in c]
    assert one == expected
