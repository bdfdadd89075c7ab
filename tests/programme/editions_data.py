"""A two-year dataset whose editions differ in a way derived by hand (tests of editions and back-tests)."""

from __future__ import annotations

import pandas as pd

from keyparts.dataset.model import Dataset


def _df(cols: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=cols.split())


def three_leaves() -> Dataset:
    """Home CN; countries JP (risk 2), DE (risk 4), US (risk 1), export-control factor 1.
    Leaves A (HS 848210), B (848220), C (848230) under family BRG; each has one qualified part
    made in DE (so global supply is all DE: HHI_GS = 1²·4 = 4) and no domestic part (SI_SR = 1).
    One product PR uses P_A through a non-essential line only: EI = 0 and no embargo loss
    (nothing stops), so score = 0.4·SR/max SR.

    Trade and production (USD):
      A: imports from JP 500 (2022), 600 (2023); production 500, 400 → IR 0.5, 0.6; HHI 2.
      B: imports 1 000, all from JP (2022, HHI 2) then all from US (2023, HHI 1); production 0 → IR 1.
      C: imports from JP 800, production 200 both years → IR 0.8, HHI 2.
    """
    trade = []
    for hs, year, partner, value in (("848210", 2022, "JP", 500.0), ("848210", 2023, "JP", 600.0),
                                     ("848220", 2022, "JP", 1000.0), ("848220", 2023, "US", 1000.0),
                                     ("848230", 2022, "JP", 800.0), ("848230", 2023, "JP", 800.0)):
        trade.append((hs, year, partner, "import", value, value / 10, "pcs"))
    prod = [("BRG-A", 2022, 500.0), ("BRG-A", 2023, 400.0), ("BRG-B", 2022, 0.0), ("BRG-B", 2023, 0.0),
            ("BRG-C", 2022, 200.0), ("BRG-C", 2023, 200.0)]
    return Dataset(meta={"name": "three leaves", "year": 2023, "country": "CN"}, frames={
        "countries": _df("code name risk export_control", [("CN", "China", 5.0, 1.0), ("JP", "Japan", 2.0, 1.0),
                                                          ("DE", "Germany", 4.0, 1.0), ("US", "United States", 1.0, 1.0)]),
        "categories": _df("id name name_zh parent_id level hs_codes", [
            ("BRG", "Rolling bearings", None, None, "family", None),
            ("BRG-A", "A bearings", None, "BRG", "category", "848210"),
            ("BRG-B", "B bearings", None, "BRG", "category", "848220"),
            ("BRG-C", "C bearings", None, "BRG", "category", "848230")]),
        "enterprises": _df("id name kind country region", [("MK_DE", "DE maker", "parts_maker", "DE", None),
                                                          ("OEM", "OEM", "oem", "CN", None)]),
        "parts": _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
            (f"P_{c}", "MK_DE", f"BRG-{c}", f"{c}1", "production", 10.0, 1000.0) for c in "ABC"]),
        "products": _df("id oem_id name industry annual_units unit_value_usd", [
            ("PR", "OEM", "Gearbox", "machinery", 1.0, 1000.0)]),
        "bom": _df("parent_id child_id qty essential", [("PR", "P_A", 1.0, False)]),
        "trade": _df("hs_code year partner_country flow value_usd quantity unit", trade),
        "production": _df("category_id year domestic_output_usd", prod),
        "sourcing": _df("buyer_id item_id supplier_id origin_country share", []),
        "parameters": _df("category_id name unit kind description", []),
        "part_values": _df("part_id parameter value unit", []),
    })
