"""A category's supply indicators over the years, beside its localisation rates and targets.

Per year the supply model of that year gives (keyparts.supply.indicators):

* ``import_reliance`` IR = (M − X)/(Q + M − X) (EC 2017 CRM guidelines), with ``ir_method``;
* ``hhi`` — Herfindahl-Hirschman index of the import origins, Σ s_c² (0-1), and ``hhi_risk``,
  the same weighted by country risk (Blengini et al. 2017, HHI_WGI);
* ``origins`` — the import-origin shares s_c (fractions summing to 1 where there are imports).

The localisation rates and their target gaps are :func:`keyparts.programme.localisation.run_localisation`
on the same models (built once). Pure: a dataset in, a frozen result out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.errors import InputError
from keyparts.programme.localisation import Localisation, data_years, run_localisation
from keyparts.supply.indicators import _records
from keyparts.supply.model import build_supply_model

INDICATOR_COLUMNS = ("import_reliance", "ir_method", "hhi", "hhi_risk", "imports_usd", "exports_usd",
                     "consumption_usd")


@dataclass(frozen=True)
class Trend:
    """Per year: supply indicators, import-origin shares; the localisation result; the method."""

    indicators: pd.DataFrame    # category_id, year, INDICATOR_COLUMNS
    origins: pd.DataFrame       # category_id, year, country, share (fraction of imports)
    localisation: Localisation
    method: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"indicators": _records(self.indicators), "origins": _records(self.origins),
                "localisation": self.localisation.to_dict(), "method": self.method}


def run_trend(ds: Dataset, *, years: list[int] | None = None, category: str | None = None) -> Trend:
    """The trend of every category (or of ``category``) over ``years`` (default: every data year);
    targets from the dataset's ``targets`` table."""
    ys = years or data_years(ds)
    if not ys:
        raise InputError("trend: the dataset has no trade or production year; expected trade.csv "
                         "or production.csv with a year column")
    models = {y: build_supply_model(ds.frames, home=ds.home_country, year=y) for y in ys}
    loc = run_localisation(ds, years=ys, category=category, models=models)
    ind, org = [], []
    for y, m in models.items():
        t = m.indicators.table
        keep = [c for c in INDICATOR_COLUMNS if c in t.columns]
        ids = m.tax.ids.to_numpy()
        sel = ids == category if category is not None else slice(None)
        ind.append(pd.DataFrame({"category_id": ids[sel], "year": y,
                                 **{c: t[c].to_numpy()[sel] for c in keep}}))
        S = pd.DataFrame(m.indicators.import_shares[sel], columns=list(m.countries))
        S.insert(0, "category_id", ids[sel])
        long = S.melt(id_vars="category_id", var_name="country", value_name="share")
        long = long[long["share"] > 0]
        long.insert(1, "year", y)
        org.append(long)
    indicators = pd.concat(ind, ignore_index=True).sort_values(["category_id", "year"], kind="stable")
    origins = pd.concat(org, ignore_index=True).sort_values(["category_id", "year", "share"],
                                                           ascending=[True, True, False], kind="stable")
    method = {"import_reliance": "IR = (M - X)/(Q + M - X), EC (2017) CRM guidelines",
              "hhi": "sum of squared import-origin shares (0-1)",
              "hhi_risk": "HHI weighted by country risk (Blengini et al. 2017)",
              "origins": "share of each origin in the category's imports (customs, else foreign sourcing)",
              "years": ys}
    return Trend(indicators.reset_index(drop=True), origins.reset_index(drop=True), loc, method)
