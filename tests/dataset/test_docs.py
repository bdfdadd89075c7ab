"""docs/data-format.md is rendered from the schema; this test fails when it is stale."""

from pathlib import Path

from keyparts.dataset.docs import render


def test_data_format_doc_matches_the_schema():
    doc = Path(__file__).parents[2] / "docs" / "data-format.md"
    assert doc.read_text(encoding="utf-8") == render(), \
        "docs/data-format.md is stale: run python -m keyparts.dataset.docs > docs/data-format.md"
