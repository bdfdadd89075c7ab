"""A tiny typed dataset whose search and matching answers can be worked out by hand.

Catalogue values of the deep-groove bearings are those of the SKF catalogue (6209: d 45,
D 85, B 19 mm, C 35.1 kN, C0 21.6 kN; 6309: 45x100x25, C 55.3 kN, C0 31.5 kN; 6009: 45x75x16,
C 22.1 kN, C0 14.6 kN; 6210: 50x90x20, C 37.1 kN, C0 23.2 kN). Some values are written in
other units on purpose (metres, newtons) to exercise the conversion to canonical units.
"""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.dataset.model import Dataset


def _df(cols: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=cols.split(), dtype=object)


def tiny_dataset() -> Dataset:
    countries = _df("code name risk export_control",
                    [("CN", "China", 3.0, 1.0), ("JP", "Japan", 2.0, 1.0), ("XX", "Riskland", 8.0, 1.5)])
    categories = _df("id name name_zh parent_id level hs_codes", [
        ("BRG", "Rolling bearings", None, None, "family", None),
        ("BRG-DGBB", "Deep-groove ball bearings", None, "BRG", "category", None),
        ("BRG-ACBB", "Angular-contact ball bearings", None, "BRG", "category", None),
        ("BRG-ACBB-P4", "P4 spindle bearings", None, "BRG-ACBB", "grade", None),
        ("VLV", "Hydraulic valves", None, None, "family", None),
    ])
    parameters = _df("category_id name unit kind description", [
        ("BRG", "d", "mm", "number", "bore"), ("BRG", "D", "mm", "number", "outside diameter"),
        ("BRG", "B", "mm", "number", "width"), ("BRG", "C", "kN", "number", "dynamic load rating"),
        ("BRG", "C0", "kN", "number", "static load rating"), ("BRG", "precision", None, "enum", None),
        ("BRG-DGBB", "seal", None, "enum", None),
        ("VLV", "p_max", "bar", "number", None),
    ])
    enterprises = _df("id name kind country region", [
        ("M1", "Luoyang Bearing", "parts_maker", "CN", "Henan"),
        ("M2", "Wafangdian", "parts_maker", "CN", "Liaoning"),
        ("M3", "Nippon Maker", "parts_maker", "JP", None),
        ("M4", "Risky Co", "parts_maker", "XX", None),
        ("O1", "Excavator OEM", "oem", "CN", "Jiangsu"),
    ])
    parts = _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
        ("P1", "M1", "BRG-DGBB", "6209-2RS", "production", 4.0, 100000.0),
        ("P2", "M2", "BRG-DGBB", "6209", "qualified", 3.5, 50000.0),
        ("P3", "M1", "BRG-DGBB", "6309-2Z", "production", 6.0, 80000.0),
        ("P4", "M3", "BRG-DGBB", "6209-2RS", "production", 9.0, 200000.0),
        ("P5", "M4", "BRG-DGBB", "6009", "production", 2.0, 10000.0),
        ("P6", "M2", "BRG-DGBB", "6210", "prototype", 4.5, 30000.0),
        ("P7", "M1", "BRG-ACBB-P4", "7009CD/P4", "qualified", 60.0, 5000.0),
        ("V1", "M2", "VLV", "DBW10", "production", 120.0, 1000.0),
    ])
    pv_rows = []

    def brg(pid, d, D, B, C, C0, prec, seal=None, units=("mm", "mm", "mm", "kN", "kN")):
        for name, v, u in zip(("d", "D", "B", "C", "C0"), (d, D, B, C, C0), units):
            pv_rows.append((pid, name, str(v), u))
        pv_rows.append((pid, "precision", prec, None))
        if seal:
            pv_rows.append((pid, "seal", seal, None))

    brg("P1", 45, 85, 19, 35.1, 21.6, "P6", "2RS")
    brg("P2", 0.045, 0.085, 0.019, 35100, 21600, "P0", None, units=("m", "m", "m", "N", "N"))
    brg("P3", 45, 100, 25, 55.3, 31.5, "P5", "2Z")
    brg("P4", 45, 85, 19, 35.1, 21.6, "P5", "2RS")
    brg("P5", 45, 75, 16, 22.1, 14.6, "P0", None)
    brg("P6", 50, 90, 20, 37.1, 23.2, "P6", None)
    brg("P7", 45, 75, 16, 20.8, 13.4, "P4")
    pv_rows.append(("V1", "p_max", "31.5", "MPa"))
    part_values = _df("part_id parameter value unit", pv_rows)
    demands = _df("id oem_id category_id quantity need_by constraints required_life_h loads", [
        ("DM1", "O1", "BRG-DGBB", 20000.0, None, "d=45mm; D=85mm; B=19mm", 15000.0,
         "Fr=3kN; Fa=0; n=1500rpm"),
        ("DM3", "O1", "BRG-DGBB", 500.0, None, "d=45mm; D=85mm; B=19mm", 20000.0,
         "Fr=3kN; Fa=0; n=1500rpm"),
        ("DM2", "O1", "BRG", 1000.0, None, "d=45mm; C>=100kN", None, None),
    ])
    # P2's endurance test: 10 units, 8 failures (hours), 2 suspended at 60 000 h.
    t_rows = [("T1", "P2", f"U{i}", t, None, "F", None, "h", 1)
              for i, t in enumerate((21000, 28000, 33000, 38000, 42000, 47000, 52000, 58000))]
    t_rows += [("T1", "P2", "U8", 60000, None, "S", None, "h", 1), ("T1", "P2", "U9", 60000, None, "S", None, "h", 1)]
    tests = _df("test_id part_id unit_id time time_upper status stress time_unit count", t_rows)
    for c in ("time", "time_upper"):
        tests[c] = pd.to_numeric(tests[c]).astype(float)
    frames = {"countries": countries, "categories": categories, "parameters": parameters,
              "enterprises": enterprises, "parts": parts, "part_values": part_values,
              "demands": demands, "tests": tests}
    for name in ("parts",):
        for c in ("unit_price_usd", "annual_capacity"):
            frames[name][c] = frames[name][c].astype(float)
    for c in ("risk", "export_control"):
        countries[c] = countries[c].astype(float)
    for c in ("quantity", "required_life_h"):
        demands[c] = demands[c].astype(float)
    return Dataset(meta={"name": "tiny", "country": "CN"}, frames=frames, source="tiny")


@pytest.fixture(scope="session")
def tiny() -> Dataset:
    return tiny_dataset()


@pytest.fixture(scope="session")
def tiny_index(tiny):
    from keyparts.match.index import build_index

    return build_index(tiny)
