"""HS revisions: trade rows coded in HS 2012 or HS 2017 carried forward to a later revision.

The correlation rows are data (``keyparts/data/hs_concordance.csv``, built by
``tools/build_hs_concordance.py`` from the UN Statistics Division tables
*HS2017toHS2012ConversionAndCorrelationTables* and *HS2022toHS2017ConversionAndCorrelationTables*;
docs/programme.md lists the rows taken). Each row sends a share ``weight`` of an older HS6
code's value and quantity to a newer code: a split (one code to several, weights summing to 1)
divides it, a merge (several codes to one) adds them up. UNSD publishes no trade weights: in the
packaged table the same-numbered code keeps the whole flow and the "ex" destinations (goods
partly moved out, e.g. HS 2017 846694 -> HS 2022 848590) get 0; they are listed in the result
as ``ex_goods`` rather than dropped silently. Pass your own table (trade-weighted shares) to
``harmonise(concordance=...)`` to split differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd

from keyparts.errors import InputError

REVISIONS = ("HS2012", "HS2017", "HS2022")
# Comtrade+ ``classificationCode`` of the HS editions (H4 = HS 2012, H5 = HS 2017, H6 = HS 2022)
COMTRADE_CLASSIFICATION = {"H4": "HS2012", "H5": "HS2017", "H6": "HS2022"}
KEY = ["hs_code", "year", "partner_country", "flow"]


def revision_of_year(year: int) -> str:
    """The HS edition in force in ``year`` (HS 2012 from 2012, HS 2017 from 2017, HS 2022 from 2022)."""
    if year < 2012:
        raise InputError(f"year {year}: HS editions before HS 2012 are not in the concordance; "
                         "expected a year from 2012 on")
    return "HS2022" if year >= 2022 else "HS2017" if year >= 2017 else "HS2012"


def load_concordance() -> pd.DataFrame:
    """The packaged correlation rows (from_rev, from_code, to_rev, to_code, relationship, weight, source)."""
    with resources.files("keyparts.data").joinpath("hs_concordance.csv").open("rb") as f:
        t = pd.read_csv(f, dtype={"from_code": str, "to_code": str})
    t["weight"] = t["weight"].astype(float)
    return t


@dataclass(frozen=True)
class Harmonised:
    """Trade rows recoded to ``target`` and what the recoding did."""

    rows: pd.DataFrame
    target: str
    # from_rev, from_code, to_code, weight, value_usd (USD moved along a partial correspondence)
    recoded: pd.DataFrame = field(default_factory=pd.DataFrame)
    ex_goods: pd.DataFrame = field(default_factory=pd.DataFrame)  # from_rev, from_code, to_code (weight 0)

    def to_dict(self) -> dict:
        return {"target": self.target, "rows": len(self.rows),
                "recoded": self.recoded.to_dict(orient="records"),
                "ex_goods": self.ex_goods.to_dict(orient="records")}


def harmonise(trade: pd.DataFrame, revision: pd.Series | str | None = None, *, to: str = "HS2022",
              concordance: pd.DataFrame | None = None) -> Harmonised:
    """Recode ``trade`` (the trade.csv columns) to HS edition ``to``, step by step (2012 -> 2017 -> 2022).

    ``revision`` is the edition each row is coded in (a Series aligned with ``trade``, one
    edition for all rows, or None: the edition in force in the row's year). Codes of 8 digits
    (national subheadings) keep their digits where their HS6 code maps only onto itself, else
    become the newer HS6 code. Rows that end on the same key are summed; a quantity is kept
    only where the summed rows share a unit. Codes absent from the concordance pass unchanged.
    """
    if to not in REVISIONS:
        raise InputError(f"HS edition '{to}' is not known; expected one of {', '.join(REVISIONS)}")
    table = load_concordance() if concordance is None else concordance
    df = trade.reset_index(drop=True).copy()
    df["hs_code"] = df["hs_code"].astype(str)
    if revision is None:
        rev = df["year"].astype(int).map(revision_of_year)
    elif isinstance(revision, str):
        rev = pd.Series(revision, index=df.index)
    else:
        rev = pd.Series(np.asarray(revision, dtype=object), index=df.index)
    bad = ~rev.isin(REVISIONS)
    if bad.any():
        raise InputError(f"trade row {int(np.flatnonzero(bad)[0]) + 1}: HS edition '{rev[bad].iloc[0]}' is not "
                         f"known; expected one of {', '.join(REVISIONS)}")
    if (rev.map(REVISIONS.index) > REVISIONS.index(to)).any():
        raise InputError(f"harmonise: rows coded in an edition later than {to}; the concordance "
                         "carries codes forward only (older -> newer)")
    df["_rev"] = rev
    recoded, ex = [], []
    for step in range(REVISIONS.index(to)):
        old, new = REVISIONS[step], REVISIONS[step + 1]
        t = table[(table["from_rev"] == old) & (table["to_rev"] == new)]
        at = df["_rev"] == old
        if not at.any():
            continue
        part = df[at].copy()
        part["_hs6"] = part["hs_code"].str[:6]
        moved = part.merge(t[["from_code", "to_code", "weight"]], left_on="_hs6", right_on="from_code",
                           how="left")
        ex.append(moved.loc[moved["weight"] == 0, ["from_code", "to_code"]].assign(from_rev=old))
        moved = moved[moved["weight"].isna() | (moved["weight"] > 0)]
        w = moved["weight"].fillna(1.0)
        same = moved["to_code"].isna() | ((moved["to_code"] == moved["_hs6"]) & (w == 1.0))
        changed = ~same
        recoded.append(pd.DataFrame({"from_rev": old, "from_code": moved.loc[changed, "hs_code"],
                                     "to_code": moved.loc[changed, "to_code"], "weight": w[changed],
                                     "value_usd": moved.loc[changed, "value_usd"].astype(float) * w[changed]}))
        moved["hs_code"] = np.where(same, moved["hs_code"], moved["to_code"])
        moved["value_usd"] = moved["value_usd"].astype(float) * w.to_numpy()
        moved["quantity"] = pd.to_numeric(moved["quantity"], errors="coerce") * w.to_numpy()
        moved["_rev"] = new
        df = pd.concat([df[~at], moved[df.columns]], ignore_index=True)
    df = _sum_by_key(df.drop(columns="_rev"))
    cols = ["from_rev", "from_code", "to_code"]
    rec = (pd.concat(recoded).groupby(cols + ["weight"], as_index=False)["value_usd"].sum()
           if recoded else pd.DataFrame(columns=cols + ["weight", "value_usd"]))
    exd = pd.concat(ex).drop_duplicates()[cols] if ex else pd.DataFrame(columns=cols)
    return Harmonised(df, to, rec, exd.reset_index(drop=True))


def _sum_by_key(df: pd.DataFrame) -> pd.DataFrame:
    """Rows summed per trade.csv key; quantity only where the summed rows share one unit."""
    df = df.copy()
    df["unit"] = df["unit"].fillna("").astype(str)
    df["quantity"] = pd.to_numeric(df["quantity"], errors="coerce")
    g = df.groupby(KEY, sort=True)
    out = g.agg(value_usd=("value_usd", "sum"), quantity=("quantity", lambda q: q.sum(min_count=1)),
                unit=("unit", "first"), n_units=("unit", "nunique")).reset_index()
    mixed = out["n_units"] > 1
    out.loc[mixed, "quantity"] = np.nan
    out.loc[mixed, "unit"] = ""
    out["unit"] = out["unit"].replace("", None)
    return out.drop(columns="n_units")[KEY + ["value_usd", "quantity", "unit"]]
