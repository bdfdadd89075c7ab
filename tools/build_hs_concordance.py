"""Build ``src/keyparts/data/hs_concordance.csv`` from the UN Statistics Division HS correlation tables.

Inputs (download from https://unstats.un.org/unsd/classifications/Econ, "HS correlation and
conversion tables"):

* ``HS2022toHS2017ConversionAndCorrelationTables.xlsx``, sheet "HS2022-HS2017 Correlations";
* ``HS2017toHS2012ConversionAndCorrelationTables.xlsx``, sheet "Correlation HS17-HS12".

Rows taken: every correlation row whose older or newer HS6 code lies in a heading of the key
categories (4016, 7318, 8412, 8413, 8466, 8481, 8482, 8483, 8484), plus every row into HS 2022
848590 (parts of additive-manufacturing machines, the one new code that merges an 8466 code
with others). Rows are written older -> newer. ``weight`` is the share of the older code's
trade booked to the newer code: UNSD publishes no trade weights, so the same-numbered code
(the principal correspondence) gets 1 and the "ex" destinations (goods moved out in part) get
0 and are reported by the converter; a code whose only destination is another code gets 1; a
code without a same-numbered destination would be split equally (none among the kept rows).

Usage: python tools/build_hs_concordance.py DIR_WITH_XLSX
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HEADINGS = ("4016", "7318", "8412", "8413", "8466", "8481", "8482", "8483", "8484")
MERGE_EXAMPLES = ("848590",)
OUT = Path(__file__).resolve().parents[1] / "src" / "keyparts" / "data" / "hs_concordance.csv"


def _rows(df: pd.DataFrame, new: str, old: str, new_rev: str, old_rev: str, table: str) -> pd.DataFrame:
    # weights over the whole table (a code's other destinations count even when not kept)
    n_dest = df.groupby(old)[new].transform("nunique")
    has_same = (df[old] == df[new]).groupby(df[old]).transform("any")
    weight = ((df[old] == df[new]) | (n_dest == 1)).astype(float)
    weight = weight.where(has_same | (n_dest == 1), 1.0 / n_dest)   # no principal: equal split
    keep = df[old].str[:4].isin(HEADINGS) | df[new].str[:4].isin(HEADINGS) | df[new].isin(MERGE_EXAMPLES)
    d = df[keep]
    return pd.DataFrame({"from_rev": old_rev, "from_code": d[old], "to_rev": new_rev, "to_code": d[new],
                         "relationship": d["rel"], "weight": weight[keep].round(6), "source": table})


def main(folder: str) -> None:
    f = Path(folder)
    a = pd.read_excel(f / "HS2022toHS2017ConversionAndCorrelationTables.xlsx", sheet_name=1, dtype=str, header=1)
    a.columns = ["hs2022", "hs2017", "rel"]
    b = pd.read_excel(f / "HS2017toHS2012ConversionAndCorrelationTables.xlsx", sheet_name=1, dtype=str, header=1)
    b.columns = ["hs2017", "ex", "hs2012", "rel"]
    out = pd.concat([
        _rows(b, "hs2017", "hs2012", "HS2017", "HS2012", "UNSD HS2017toHS2012 Correlation"),
        _rows(a, "hs2022", "hs2017", "HS2022", "HS2017", "UNSD HS2022toHS2017 Correlations"),
    ])
    cols = ["from_rev", "from_code", "to_rev", "to_code", "relationship", "weight", "source"]
    out[cols].sort_values(cols[:4]).to_csv(OUT, index=False)
    print(f"wrote {len(out)} rows to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
