"""Reference test: the EU 2023 criticality screen.

Source of the SR/EI values: Grohol & Veeh (2023) *Study on the critical raw materials for the EU
2023 — final report*, as transcribed in meyerdata/CritMAT ``input_data/seeds/eureport_results.csv``
(copied to ``data/eu2023_sr_ei.csv``). Expected list: the 34 critical raw materials of Regulation
(EU) 2024/1252, Annex II, minus copper and nickel, which the EU added by policy although they
fail the thresholds (SR 0.1 / 0.5 < 1).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from keyparts.priority.criticality import EI_THRESHOLD, SR_THRESHOLD, is_critical

CRMA_ANNEX_II_34 = {
    "Aluminium", "Antimony", "Arsenic", "Baryte", "Beryllium", "Bismuth", "Boron", "Cobalt",
    "Coking coal", "Copper", "Feldspar", "Fluorspar", "Gallium", "Germanium", "Hafnium", "Helium",
    "HREE", "LREE", "Lithium", "Magnesium", "Manganese", "Natural graphite", "Nickel", "Niobium",
    "Phosphate rock", "Phosphorus", "PGM", "Scandium", "Silicon metal", "Strontium", "Tantalum",
    "Titanium metal", "Tungsten", "Vanadium",
}


def test_eu2023_thresholds_reproduce_the_32_threshold_based_crms():
    df = pd.read_csv(Path(__file__).parent / "data" / "eu2023_sr_ei.csv")
    assert len(df) == 70
    assert (SR_THRESHOLD, EI_THRESHOLD) == (1.0, 2.8)
    crit = is_critical(df["supply_risk"].to_numpy(), df["economic_importance"].to_numpy())
    got = set(df.loc[crit, "material_name"])
    assert len(got) == 32
    assert got == CRMA_ANNEX_II_34 - {"Copper", "Nickel"}
    assert not np.any(crit[df["material_name"].isin(["Copper", "Nickel"]).to_numpy()])
