"""Render ``docs/data-format.md`` from the schema, so the documentation cannot drift from it.

Run ``python -m keyparts.dataset.docs > docs/data-format.md`` after changing the schema;
a test checks the file is current.
"""

from __future__ import annotations

from keyparts.dataset.schema import META_KEYS, TABLES, Column, bound_text

INTRO = """# The keyparts dataset format

A dataset is a folder of CSV files plus `dataset.toml`, or one XLSX workbook with one sheet
per file (sheet name = file name without `.csv`) and a sheet `dataset` with columns `key`,
`value`. CSV files are best saved as UTF-8 (a byte-order mark is accepted; Chinese text is
welcome); files as spreadsheet programs save them are read too: GBK/GB18030 (Excel on a Chinese
system), UTF-16 ("Unicode text"), and `;` or tab between the columns (Excel in European
locales); the import report says how such a file was read, e.g. `read as GB18030, delimiter ';'`.
Each column may be headed by its name or by one of its Chinese headers (listed below the table).
The column names below are a stable contract: scripts and exports build on them. Add
optional columns freely: unknown columns are reported as warnings, stored, and exported
back unchanged.

Validation runs before anything is written and reports every problem as
`file:row:column: what was found, what was expected`, where `row` is the line number in
the CSV file (the header is line 1, the first data row is line 2). Rules: required files and
columns; types; enumerations; empty cells; ranges (quantities must be > 0); unique keys;
references between files; units (any unit of the parameter's dimension, parsed by pint);
shares of one buyer and item summing to at most 1; BOM cycles (the cycle's path is
printed); taxonomy levels (family → category → grade); life-test time fields; the limits
of parameter values that `parameters.csv` declares in its `limits` column (ranges such as
`>0` and relations to another parameter of the same part such as `>d` for a bearing's outside
diameter; inherited by subcategories; a value is reported once, for the first limit it
breaks). A part whose `category_id` is unknown is reported once, on `parts.csv`; its values
are then not checked (one warning says so) rather than each reported again. If any
error is found, nothing is written (`keyparts data import` exits with code 2).

Import is one transaction: re-importing the same dataset changes nothing (rows are
upserted by their key), `--replace` replaces the stored content. `keyparts data export DIR`
writes the dataset back in normalized form (schema columns first, extra columns after,
rows sorted by key, numbers in their shortest exact form); import → export → import is
lossless.

Kinds: *text*; *number* (decimal point `.`, no thousands separator); *whole number*;
*true/false* (also 1/0, yes/no); *enum* (one of the listed values, case-sensitive);
*list* (`;`-separated); *date* (`YYYY-MM-DD`).
"""

_KIND = {"str": "text", "float": "number", "int": "whole number", "bool": "true/false", "enum": "enum",
         "list": "list", "date": "date"}


def _cell(c: Column) -> str:
    kind = _KIND[c.kind]
    if c.choices:
        kind += ": " + " \\| ".join(f"`{x}`" for x in c.choices)
    return kind


def _rng(c: Column) -> str:
    parts = []
    if c.min is not None:
        parts.append(f"{'>' if c.min_exclusive else '>='} {bound_text(c.min)}")
    if c.max is not None:
        parts.append(f"<= {bound_text(c.max)}")
    if c.pattern:
        parts.append(f"matches `{c.pattern}`")
    return ", ".join(parts)


def render() -> str:
    """The Markdown text of docs/data-format.md."""
    out = [INTRO, "## dataset.toml\n", "| key | meaning |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in META_KEYS.items()]
    for t in TABLES:
        out += ["", f"## {t.file}{'' if t.required else ' (optional)'}", "", t.description, "",
                f"Key: {', '.join(f'`{k}`' for k in t.key)} (unique)."
                + (f" Confidential: each row belongs to the enterprise in `{t.owner}`; others see it only "
                   "when the owner shares it, analysts see aggregates." if t.owner else ""), "",
                "| column | kind | unit | range | empty allowed | refers to | meaning |",
                "|---|---|---|---|---|---|---|"]
        for c in t.columns:
            unit = "the row's `time_unit`" if c.unit == "time_unit" else c.unit
            refs = " or ".join(f"`{r}.csv`" for r in c.refs)
            opt = "yes" if c.nullable else "no"
            if not c.required:
                opt += " (optional column)"
            out.append(f"| `{c.name}` | {_cell(c)} | {unit} | {_rng(c)} | {opt} | {refs} | {c.description} |")
        zh = [f"`{c.name}`: {' / '.join(c.aliases_zh)}" for c in t.columns if c.aliases_zh]
        if zh:
            out += ["", "Chinese headers: " + "; ".join(zh) + "."]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")
