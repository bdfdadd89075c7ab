"""Trade and production figures of the bundled sample dataset.

Used only by ``tools/build_sample.py``. Cited totals carry their source; every other figure
(partner splits, HS6 splits, non-bearing totals) is illustrative and says so in
``src/keyparts/data/README.md``.
"""

from __future__ import annotations

YEARS = (2021, 2022, 2023)

# China's bearing trade (HS 8482 as a whole), China Bearing Industry Association (CBIA):
# 2023 profile at html.cbia.com.cn (exports USD 6.581 bn / 6.453 bn sets, imports USD 3.838 bn /
# 2.201 bn sets); 2021 from the CBIA ten-year review (2022-10-19) and the cechina/ahtit 2021
# review (exports USD 6.947 bn, imports USD 5.47 bn / 2.964 bn sets; export quantity not given).
# 2022: no published total found -> illustrative values between the two (flagged in README).
BEARING_TOTALS = {  # year -> (export USD, export sets or None, import USD, import sets)
    2021: (6.947e9, None, 5.470e9, 2.964e9),
    2022: (6.900e9, 6.70e9, 4.600e9, 2.550e9),   # illustrative
    2023: (6.581e9, 6.453e9, 3.838e9, 2.201e9),
}
# Industry revenue (RMB), CBIA: 2021 RMB 227.8 bn, 2023 RMB 218.0 bn; 2022 illustrative.
BEARING_REVENUE_RMB = {2021: 227.8e9, 2022: 223.0e9, 2023: 218.0e9}
# Annual average RMB per USD, NBS statistical communiqués 2021-2023.
RMB_PER_USD = {2021: 6.4515, 2022: 6.7261, 2023: 7.0467}

# Split of the bearing totals over HS6 codes (illustrative): value shares, and quantity shares
# over complete bearings (8482.10-.80, counted in pieces = sets). 8482.91/.99 quantities are in
# kg from illustrative unit values.
BEARING_HS = ("848210", "848220", "848230", "848240", "848250", "848280", "848291", "848299")
IMPORT_VALUE_SPLIT = (0.36, 0.11, 0.06, 0.05, 0.08, 0.07, 0.07, 0.20)
EXPORT_VALUE_SPLIT = (0.42, 0.17, 0.04, 0.06, 0.07, 0.05, 0.06, 0.13)
IMPORT_QTY_SPLIT = (0.80, 0.06, 0.01, 0.10, 0.02, 0.01)
EXPORT_QTY_SPLIT = (0.82, 0.08, 0.005, 0.08, 0.01, 0.005)
PARTS_USD_PER_KG = {"import": 9.0, "export": 3.5}  # illustrative, for 848291/848299

# Partner weights (illustrative). Bearing imports: Japan, Germany and Taiwan together 0.60,
# matching CBIA's "about 60 % of bearing imports" statement for 2021; bearing exports: US,
# Germany and India together about 0.30 ("近3成", CBIA 2021).
W_IMPORT = {
    "bearing": {"JP": 0.30, "DE": 0.20, "TW": 0.10, "SE": 0.06, "US": 0.05, "KR": 0.05,
                "IT": 0.03, "CH": 0.02, "FR": 0.02, "AT": 0.02, "SG": 0.02, "TH": 0.03,
                "IN": 0.02, "GB": 0.02, "VN": 0.04, "MX": 0.01, "BR": 0.01},
    "fastener": {"JP": 0.25, "DE": 0.22, "US": 0.15, "TW": 0.12, "KR": 0.08, "FR": 0.05,
                 "IT": 0.04, "GB": 0.03, "CH": 0.02, "SE": 0.02, "AT": 0.02},
    "aero_fastener": {"US": 0.45, "FR": 0.20, "DE": 0.10, "JP": 0.08, "GB": 0.07, "IT": 0.04,
                      "CH": 0.03, "KR": 0.03},
    "hydraulic": {"JP": 0.32, "DE": 0.30, "US": 0.10, "KR": 0.08, "IT": 0.08, "SE": 0.03,
                  "FR": 0.03, "CH": 0.02, "GB": 0.02, "AT": 0.02},
    "seal": {"DE": 0.25, "JP": 0.25, "US": 0.15, "KR": 0.08, "IT": 0.07, "FR": 0.05,
             "SE": 0.04, "CH": 0.03, "TW": 0.04, "GB": 0.04},
    "gear": {"DE": 0.35, "JP": 0.25, "IT": 0.10, "US": 0.06, "AT": 0.05, "SE": 0.04,
             "CH": 0.04, "KR": 0.04, "TW": 0.04, "GB": 0.03},
    "machine_tool": {"JP": 0.30, "DE": 0.22, "TW": 0.18, "CH": 0.10, "IT": 0.06, "KR": 0.06,
                     "US": 0.04, "AT": 0.02, "GB": 0.02},
}
# Per-HS6 overrides of the bearing import profile (illustrative; the remaining weight is spread
# over the other partners in proportion to the base profile). The value-weighted Japan +
# Germany + Taiwan share over all 8482 codes stays at about 0.59-0.60.
BEARING_IMPORT_BY_HS = {
    "848210": {"JP": 0.34, "DE": 0.16, "TW": 0.10},
    "848220": {"JP": 0.25, "DE": 0.15, "TW": 0.08, "US": 0.12, "SE": 0.06},
    "848230": {"DE": 0.30, "SE": 0.18, "JP": 0.15, "AT": 0.06, "TW": 0.02},
    "848240": {"JP": 0.30, "DE": 0.20, "TW": 0.12, "KR": 0.10},
    "848250": {"DE": 0.28, "JP": 0.25, "SE": 0.12, "TW": 0.05},
    "848280": {"DE": 0.25, "JP": 0.25, "IT": 0.10, "TW": 0.05},
    "848291": {"JP": 0.35, "DE": 0.15, "TW": 0.10},
    "848299": {"JP": 0.30, "DE": 0.22, "TW": 0.15},
}


def bearing_import_weights(hs: str) -> dict[str, float]:
    """Import partner weights of one bearing HS6 code (sum 1)."""
    over = BEARING_IMPORT_BY_HS[hs]
    base = {c: w for c, w in W_IMPORT["bearing"].items() if c not in over}
    scale = (1.0 - sum(over.values())) / sum(base.values())
    return {**over, **{c: w * scale for c, w in base.items()}}


W_EXPORT = {
    "bearing": {"US": 0.13, "DE": 0.09, "IN": 0.08, "JP": 0.07, "KR": 0.06, "VN": 0.07,
                "TH": 0.05, "RU": 0.06, "MX": 0.05, "BR": 0.05, "IT": 0.04, "GB": 0.03,
                "FR": 0.03, "SG": 0.03, "SE": 0.02, "TW": 0.03, "CH": 0.01, "AT": 0.01},
    "general": {"US": 0.16, "DE": 0.07, "JP": 0.07, "KR": 0.06, "VN": 0.08, "IN": 0.08,
                "TH": 0.06, "RU": 0.08, "MX": 0.06, "BR": 0.05, "IT": 0.03, "GB": 0.03,
                "FR": 0.03, "SG": 0.04, "TW": 0.03, "SE": 0.01, "CH": 0.01, "AT": 0.01},
}

# Non-bearing HS6 codes, 2023: (import USD, export USD, unit, import unit value, export unit
# value, import partner profile). Fasteners: China's 7318 exports USD 8.0 bn at USD 2,360/t
# and an import unit value of USD 11.63/kg, and China = 5.1 % of world fastener imports of
# USD 47.5 bn (secondary source: chwang.com report summary, see README); the HS6 split of those
# totals is illustrative. All other values are illustrative orders of magnitude.
OTHER_HS = {
    "731815": (1.45e9, 4.40e9, "kg", 11.63, 2.36, "fastener"),
    "731816": (0.36e9, 1.12e9, "kg", 11.63, 2.36, "fastener"),
    "731823": (0.10e9, 0.16e9, "kg", 11.63, 2.36, "aero_fastener"),
    "841350": (1.40e9, 0.90e9, "pcs", 900.0, 120.0, "hydraulic"),
    "841360": (1.10e9, 1.60e9, "pcs", 300.0, 60.0, "hydraulic"),
    "848120": (1.60e9, 0.70e9, "pcs", 700.0, 90.0, "hydraulic"),
    "841221": (0.40e9, 0.85e9, "pcs", 900.0, 250.0, "hydraulic"),
    "841229": (0.95e9, 0.45e9, "pcs", 2500.0, 600.0, "hydraulic"),
    "401693": (1.20e9, 1.50e9, "kg", 40.0, 8.0, "seal"),
    "848420": (0.30e9, 0.28e9, "kg", 120.0, 30.0, "seal"),
    "848340": (3.40e9, 2.80e9, "pcs", 450.0, 60.0, "gear"),
    "848390": (1.10e9, 1.40e9, "kg", 18.0, 6.0, "gear"),
    "846693": (1.90e9, 1.20e9, "kg", 60.0, 15.0, "machine_tool"),
}
# Year factors for the illustrative non-bearing values (2023 = 1).
YEAR_FACTOR = {2021: (1.10, 0.92), 2022: (1.05, 0.98), 2023: (1.0, 1.0)}  # (import, export)

# Domestic output. Bearings: CBIA revenue converted at the NBS average rate, split over the
# bearing leaf categories with illustrative weights. Others: illustrative USD per leaf, 2023;
# other years scaled by OUTPUT_FACTOR.
BEARING_OUTPUT_SPLIT = {
    "BRG-BALL-DG0": 0.30, "BRG-BALL-DG5": 0.03, "BRG-BALL-AC0": 0.04, "BRG-BALL-ACP4": 0.006,
    "BRG-BALL-ACP2": 0.0005, "BRG-BALL-AERO": 0.002, "BRG-BALL-FLEX": 0.004,
    "BRG-TRB-STD": 0.19, "BRG-TRB-RAIL": 0.0015, "BRG-SRB-STD": 0.05, "BRG-SRB-WIND": 0.012,
    "BRG-NRB": 0.07, "BRG-CRB-STD": 0.06, "BRG-CRB-P4": 0.003, "BRG-CRB-AERO": 0.001,
    "BRG-CRB-GBX": 0.015, "BRG-OTH-SLEW": 0.03, "BRG-OTH-XRB": 0.004, "BRG-ELEM-G3": 0.09,
    "BRG-ELEM-CER": 0.002, "BRG-ELEM-ROL": 0.085,
}
OTHER_OUTPUT_2023 = {
    "FST-BOLT-88": 9.0e9, "FST-BOLT-109": 6.0e9, "FST-BOLT-AEROTI": 0.25e9,
    "FST-BOLT-AERONI": 0.08e9, "FST-NUT-STD": 3.5e9, "FST-NUT-AERO": 0.06e9,
    "FST-RIVET-AERO": 0.05e9,
    "HYD-PPUMP-HP": 0.9e9, "HYD-PPUMP-AERO": 0.03e9, "HYD-RPUMP-GEAR": 1.5e9,
    "HYD-VALVE-MCV": 0.8e9, "HYD-VALVE-PROP": 0.25e9, "HYD-VALVE-DIR": 1.2e9,
    "HYD-CYL-STD": 2.5e9, "HYD-CYL-HP": 2.0e9, "HYD-MOTOR-TRAVEL": 0.7e9, "HYD-MOTOR-SWING": 0.3e9,
    "SEAL-RUB-ORING": 1.8e9, "SEAL-RUB-HP": 0.6e9, "SEAL-MECH-STD": 0.9e9, "SEAL-MECH-SHIP": 0.02e9,
    "GEAR-BOX-WIND": 4.0e9, "GEAR-BOX-RAIL": 0.5e9, "GEAR-BOX-MARINE": 0.4e9,
    "GEAR-BOX-RV": 0.25e9, "GEAR-BOX-HARM": 0.15e9, "GEAR-BOX-AGB": 0.05e9,
    "GEAR-WHEEL-GRND": 6.0e9,
    "BSC-BALL-C3": 0.12e9, "BSC-BALL-C7": 0.5e9, "LGD-RAIL-BALL": 0.5e9, "LGD-RAIL-ROLL": 0.08e9,
    "SPN-SPDL-MOTOR": 0.25e9, "SPN-SPDL-MECH": 0.4e9,
}
OUTPUT_FACTOR = {2021: 0.92, 2022: 0.95, 2023: 1.0}
