"""The data-contract docs are generated from the models and must not drift."""

from __future__ import annotations

from resonanz.io import contract_docs


def test_contract_markdown_is_current():
    md = (contract_docs.DOCS / "data-contract.md").read_text(encoding="utf-8")
    assert md == contract_docs.render(md), "run: python -m resonanz.io.contract_docs"


def test_json_schema_is_current():
    on_disk = (contract_docs.DOCS / "data-contract.schema.json").read_text(encoding="utf-8")
    assert on_disk == contract_docs.schema_text(), "run: python -m resonanz.io.contract_docs"
