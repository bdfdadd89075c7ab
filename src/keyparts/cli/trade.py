"""``keyparts data trade-import``: customs exports (UN Comtrade+, China customs) to trade.csv rows.

Registered on the ``data`` group of :mod:`keyparts.cli.data`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()


def trade_import_cmd(file: Annotated[Path, typer.Argument(help="A customs export (CSV, UTF-8 or GB18030)")],
                     fmt: Annotated[str, typer.Option("--format", help="comtrade (UN Comtrade+ CSV) or china-customs (GACC query platform export)")],
                     out: Annotated[Path, typer.Option("--out", help="trade.csv to write")],
                     data: Annotated[Path | None, typer.Option("--data", help="Dataset folder whose categories.csv and countries.csv the report checks against (default: the sample)")] = None,
                     flow: Annotated[str | None, typer.Option("--flow", help="import or export, for a China export without a 进出口 column")] = None,
                     year: Annotated[int | None, typer.Option("--year", help="Year, for a China export without a period column")] = None,
                     digits: Annotated[int, typer.Option("--digits", help="HS digits kept: 6 (HS6) or 8 (national)")] = 6,
                     to_hs: Annotated[str | None, typer.Option("--to-hs", help="Recode to this HS edition (HS2017, HS2022) with the packaged concordance")] = None,
                     home: Annotated[str, typer.Option("--home", help="ISO alpha-2 code of the reporting (home) country")] = "CN",
                     as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False) -> None:
    """Map a customs export to trade.csv rows and report rows read, mapped and set aside.

    Example: keyparts data trade-import comtrade.csv --format comtrade --out trade.csv
    """
    import pandas as pd

    from keyparts.errors import InputError
    from keyparts.programme import harmonise, read_trade_export

    if not file.is_file():
        raise InputError(f"{file}: no such file; expected a customs export (CSV)")
    from keyparts.dataset import sample_path

    folder = data or sample_path()
    cats = pd.read_csv(folder / "categories.csv", dtype=str, keep_default_na=False)
    ctry = pd.read_csv(folder / "countries.csv", dtype=str, keep_default_na=False)
    res = read_trade_export(file.read_bytes(), fmt=fmt, source=file.name, home=home, hs_digits=digits, flow=flow,
                            year=year, category_codes=[c for s in cats["hs_codes"] for c in s.split(";")],
                            countries=list(ctry["code"]))
    report = res.to_dict()
    rows = res.rows
    if to_hs:
        h = harmonise(rows, to=to_hs)
        rows, report["harmonised"] = h.rows, h.to_dict()
    rows.to_csv(out, index=False)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console.print(f"[green]wrote[/] {len(rows):,} rows to {out}: {res.rows_read:,} read, {res.rows_mapped:,} mapped "
                  f"({res.encoding})")
    for title, d in (("set aside", res.set_aside), ("unknown partners", res.unknown_partners),
                     ("codes of no category (USD)", res.unmapped_codes),
                     ("units not mapped, quantity left empty", res.units_not_mapped)):
        if d:
            console.print(f"[yellow]{title}[/]: " + "; ".join(f"{k}: {v:,.0f}" for k, v in d.items()))
    if res.partners_not_in_countries:
        console.print("[yellow]partners not in countries.csv[/]: " + ", ".join(res.partners_not_in_countries))
    if to_hs:
        hr = report["harmonised"]
        console.print(f"recoded to {to_hs}: {len(hr['recoded'])} code(s) changed; {len(hr['ex_goods'])} "
                      "ex-goods correspondence(s) not allocated (see --json)")


def register(app: typer.Typer) -> None:
    from keyparts.cli.data import data_app

    data_app.command("trade-import")(trade_import_cmd)
