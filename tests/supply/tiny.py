"""A tiny hand-computable dataset (typed frames) shared by the supply/priority/report tests.

Home country CN. Money in USD. Year 2024.

Trade (USD): HS 848210 (angular-contact ball bearings, BRG-ACBB): imports JP 60 m, DE 30 m,
US 10 m (100 000 pcs), exports US 20 m (40 000 pcs); HS 848220 (BRG-TRB): imports JP 5 m,
exports US 50 m; HS 841350 (HYD-PUMP): imports DE 80 m. Production: ACBB 40 m, TRB 100 m,
PUMP 20 m. Products: EXC (construction, 100 units x USD 100 000) and SPN (machine tools,
50 x USD 200 000). BOM: EXC -> GEARBOX x1 (ess), EXC -> PUMP_DE x2 (ess), GEARBOX ->
ACBB_JP x4 (ess), GEARBOX -> TRB_CN x2 (ess), SPN -> ACBB_JP x6 (ess), SPN -> BRG-TRB x2
(category line, non-essential).
"""

from __future__ import annotations

import pandas as pd

from keyparts.dataset.model import Dataset


def _df(cols: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=cols.split())


def tiny_frames() -> dict[str, pd.DataFrame]:
    return {
        "countries": _df("code name risk export_control", [
            ("CN", "China", 4.0, 1.0), ("JP", "Japan", 1.0, 1.0), ("DE", "Germany", 1.0, 1.0),
            ("US", "United States", 2.0, 1.2)]),
        "categories": _df("id name name_zh parent_id level hs_codes", [
            ("BRG", "Rolling bearings", None, None, "family", "8482"),
            ("BRG-ACBB", "Angular-contact ball bearings", None, "BRG", "category", "848210"),
            ("BRG-TRB", "Tapered roller bearings", None, "BRG", "category", "848220"),
            ("HYD", "Hydraulics", None, None, "family", "8413"),
            ("HYD-PUMP", "Hydraulic piston pumps", None, "HYD", "category", "841350"),
            ("GBX", "Gearboxes", None, None, "family", None)]),
        "enterprises": _df("id name kind country region", [
            ("OEM1", "Excavator & machine-tool OEM", "oem", "CN", None),
            ("MK_CN", "CN bearing and gearbox maker", "parts_maker", "CN", None),
            ("MK_JP", "JP bearing maker", "parts_maker", "JP", None),
            ("MK_DE", "DE pump maker", "parts_maker", "DE", None)]),
        "parts": _df("id maker_id category_id designation status unit_price_usd annual_capacity", [
            ("ACBB_JP", "MK_JP", "BRG-ACBB", "7014C/P4", "production", 100.0, 1e6),
            ("ACBB_CN", "MK_CN", "BRG-ACBB", "H7014C/P4", "qualified", 80.0, 500.0),
            ("PUMP_DE", "MK_DE", "HYD-PUMP", "A4VG", "production", 1000.0, 1e5),
            ("GEARBOX", "MK_CN", "GBX", "GB-1", "production", 5000.0, 1e4),
            ("TRB_CN", "MK_CN", "BRG-TRB", "32210", "production", 20.0, 1e6)]),
        "products": _df("id oem_id name industry annual_units unit_value_usd", [
            ("EXC", "OEM1", "Excavator", "construction", 100.0, 100000.0),
            ("SPN", "OEM1", "Spindle machine", "machine tools", 50.0, 200000.0)]),
        "bom": _df("parent_id child_id qty essential", [
            ("EXC", "GEARBOX", 1.0, True), ("EXC", "PUMP_DE", 2.0, True),
            ("GEARBOX", "ACBB_JP", 4.0, True), ("GEARBOX", "TRB_CN", 2.0, True),
            ("SPN", "ACBB_JP", 6.0, True), ("SPN", "BRG-TRB", 2.0, False)]),
        "sourcing": _df("buyer_id item_id supplier_id origin_country share", [
            ("OEM1", "PUMP_DE", "MK_DE", "DE", 1.0), ("MK_CN", "ACBB_JP", "MK_JP", "JP", 1.0),
            ("OEM1", "ACBB_JP", "MK_JP", "JP", 1.0), ("OEM1", "GEARBOX", "MK_CN", "CN", 1.0)]),
        "trade": _df("hs_code year partner_country flow value_usd quantity unit", [
            ("848210", 2024, "JP", "import", 60e6, 50000.0, "pcs"),
            ("848210", 2024, "DE", "import", 30e6, 40000.0, "pcs"),
            ("848210", 2024, "US", "import", 10e6, 10000.0, "pcs"),
            ("848210", 2024, "US", "export", 20e6, 40000.0, "pcs"),
            ("848220", 2024, "JP", "import", 5e6, None, None),
            ("848220", 2024, "US", "export", 50e6, None, None),
            ("841350", 2024, "DE", "import", 80e6, None, None),
            ("841350", 2023, "DE", "import", 1e6, None, None)]),
        "parameters": _df("category_id name unit kind description", []),
        "part_values": _df("part_id parameter value unit", []),
        "production": _df("category_id year domestic_output_usd", [
            ("BRG-ACBB", 2024, 40e6), ("BRG-TRB", 2024, 100e6), ("HYD-PUMP", 2024, 20e6)]),
    }


def tiny_dataset() -> Dataset:
    return Dataset(meta={"name": "tiny", "year": 2024, "country": "CN"}, frames=tiny_frames())
