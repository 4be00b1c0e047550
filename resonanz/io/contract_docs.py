"""Generate the data-contract reference (Markdown tables + JSON Schema) from the models.

``python -m resonanz.io.contract_docs`` rewrites ``docs/data-contract.md`` between its markers
and ``docs/data-contract.schema.json``; a test fails when they are out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from resonanz.core.contracts import (
    ALL_TABLE_KEYS,
    ALL_TABLE_MODELS,
    ALL_TABLE_PARENTS,
    json_schema,
    table_spec,
)

START = "<!-- contract:start -->"
END = "<!-- contract:end -->"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def tables_markdown() -> str:
    """One Markdown table per contract table (creators and CRM): column, type, rule, meaning."""
    parts: list[str] = []
    for name, model in ALL_TABLE_MODELS.items():
        spec = table_spec(name)
        parts.append(f"### `{name}`\n\n{(model.__doc__ or '').strip()}\n")
        key = ", ".join(ALL_TABLE_KEYS[name])
        parent = ALL_TABLE_PARENTS.get(name)
        parts.append(
            f"Key: `{key}`" + (f"; `{parent[0]}` refers to `{parent[1]}`." if parent else ".")
        )
        parts.append("\n| column | type | required | rule | meaning |\n|---|---|---|---|---|")
        for c in spec.columns:
            rules = []
            if c.choices:
                rules.append("one of " + ", ".join(f"`{x}`" for x in c.choices))
            if c.min_value is not None:
                rules.append(f"≥ {c.min_value:g}")
            if c.max_value is not None:
                rules.append(f"≤ {c.max_value:g}")
            if c.max_length is not None:
                rules.append(f"≤ {c.max_length} chars")
            req = "yes" if c.required else ""
            parts.append(
                f"| `{c.name}` | {c.kind} | {req} | {'; '.join(rules)} | {c.description or ''} |"
            )
        parts.append("")
    return "\n".join(parts)


def render(doc: str) -> str:
    """The document with the generated part replaced."""
    head, _, rest = doc.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{tables_markdown()}\n{END}{tail}"


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    md = DOCS / "data-contract.md"
    md.write_text(render(md.read_text(encoding="utf-8")), encoding="utf-8")
    (DOCS / "data-contract.schema.json").write_text(schema_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
