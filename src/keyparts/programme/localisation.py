"""Localisation rates (国产化率) per category and product and year, targets, and an LMDI decomposition.

Three definitions, side by side (all fractions 0–1, NaN where the data say nothing):

* ``consumption_share`` — domestic share of apparent consumption, 1 − IR, IR = (M − X)/(Q + M − X)
  as in :func:`keyparts.supply.import_reliance` (EC 2017 CRM guidelines); for a product, the
  input-value-weighted mean over its exploded BOM.
* ``bom_value_share`` — value share of domestically made items in the exploded BOM: every
  item's annual need value (BOM explosion, Leontief total requirement, Miller & Blair 2009
  §2.3) split by origin as in :func:`keyparts.supply.node_origin_value`; for a product, per
  unit over all tiers (= 1 − ``imported_share`` of :func:`keyparts.supply.exposure`).
* ``qualified_capacity_share`` — min(1, annual capacity value of qualified domestic parts /
  the category's need), the need being apparent consumption where known, else the exploded
  BOM need value (the basis of the assessment's ``domestic_coverage``); for a product, the
  input-value-weighted mean over its exploded BOM (capacity shared pro rata among users).

Targets (``targets.csv``: scope, indicator, value, year, source) give the gap to the latest
value and the linear annual change needed. The change of import value M of a category between
two years is split by LMDI-I (see :mod:`keyparts.programme.lmdi`) along
M = (C / p) · (M / C) · p: volume (apparent consumption C deflated by the import unit value p),
substitution (import share of consumption M/C) and price (p). Without import quantities the
identity is M = C · (M/C) and the price effect stays inside volume (reported as null).
With ``project_to``, every target's indicator is projected year by year to that year from the
capacity plans and the projects' end years (:mod:`keyparts.programme.projection`).
Pure: typed frames and supply models in, a frozen result out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.errors import InputError
from keyparts.programme.lmdi import METHOD as LMDI_METHOD
from keyparts.programme.lmdi import lmdi_additive
from keyparts.programme.projection import COLUMNS as PROJECTION_COLUMNS
from keyparts.programme.projection import METHOD as PROJECTION_METHOD
from keyparts.programme.projection import project
from keyparts.supply.bom import PRODUCT
from keyparts.supply.concentration import shares
from keyparts.supply.indicators import _records
from keyparts.supply.model import SupplyModel, build_supply_model, node_origin_value
from keyparts.supply.taxonomy import hs_allocation

INDICATORS = ("consumption_share", "bom_value_share", "qualified_capacity_share")
TARGET_COLUMNS = ("scope", "indicator", "value", "year", "source")


@dataclass(frozen=True)
class Localisation:
    """Series per category and product and year, target gaps, LMDI decompositions, the method."""

    categories: pd.DataFrame      # category_id, year, the three indicators
    products: pd.DataFrame        # product_id, year, the three indicators
    industries: pd.DataFrame      # industry, year, the three indicators
    targets: pd.DataFrame         # scope, indicator, value, year, source, actual, ... on_track
    decomposition: pd.DataFrame   # category_id, year_from, year_to, delta_imports_usd, effects
    method: dict = field(default_factory=dict)
    projection: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROJECTION_COLUMNS))
    # scope, indicator, year, projected, target, target_year, path, gap, on_track, added_capacity_usd

    def to_dict(self) -> dict:
        series = _records(self.categories) + _records(self.products) + _records(self.industries)
        return {"series": series, "targets": _records(self.targets),
                "decomposition": _records(self.decomposition), "projection": _records(self.projection),
                "method": self.method}


def year_shares(m: SupplyModel) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three shares of every category, product and industry for the model's year.

    An industry's share is the ratio of its products' summed annual values (units x per-unit
    roll-up), i.e. the output-weighted mean of its products."""
    tax, g = m.tax, m.graph
    K = tax.k
    t = m.indicators.table
    cons_share = np.where(t["ir_method"].to_numpy() == "none", np.nan,
                          1.0 - t["import_reliance"].to_numpy(dtype=float))
    S = shares(node_origin_value(m))                     # N x C origin shares of each item's need
    dom = S[:, m.home_idx] if m.home_idx >= 0 else np.zeros(g.n)
    known = S.sum(axis=1)                                # 1 where the origin is known, else 0
    items = g.kind != PRODUCT
    cat = np.where(items, m.node_cat, 0)
    need_val = m.need_units * m.price

    def by_cat(w: np.ndarray) -> np.ndarray:
        return tax.aggregate(np.bincount(cat[items], weights=w[items], minlength=K))

    v_dom, v_known, v_all = by_cat(need_val * dom), by_cat(need_val * known), by_cat(need_val)
    bom_share = np.divide(v_dom, v_known, out=np.full(K, np.nan), where=v_known > 0)
    dom_cap = tax.aggregate(np.bincount(m.cap_node_cat, weights=m.cap_value, minlength=K))
    cons = t["consumption_usd"].to_numpy(dtype=float)
    base = np.where(np.isfinite(cons) & (cons > 0), cons, v_all)
    cap_share = np.clip(np.divide(dom_cap, base, out=np.full(K, np.nan), where=base > 0), 0.0, 1.0)
    cats = pd.DataFrame({"category_id": tax.ids.to_numpy(), "year": m.year, "consumption_share": cons_share,
                         "bom_value_share": bom_share, "qualified_capacity_share": cap_share})
    # products: per-unit roll-up over all tiers of (domestic, known, covered, consumption-share) value
    node_cs = np.where(items, cons_share[cat], np.nan)
    node_cap = np.where(items, cap_share[cat], np.nan)
    p = np.where(items, m.price, 0.0)
    U = np.column_stack([p * dom, p * known, p * np.nan_to_num(node_cap), p * np.isfinite(node_cap),
                         p * np.nan_to_num(node_cs), p * np.isfinite(node_cs)])
    Y = g.rollup(U)[m.product_idx]
    prods = _ratios(Y, "product_id", g.ids[m.product_idx].to_numpy(), m.year)
    ind, inv = np.unique(m.product_industry, return_inverse=True)
    units = m.need_units[m.product_idx]
    Yi = np.stack([np.bincount(inv, weights=units * Y[:, j], minlength=len(ind))
                   for j in range(Y.shape[1])], axis=1)
    return cats, prods, _ratios(Yi, "industry", ind, m.year)


def _ratios(Y: np.ndarray, key: str, ids: np.ndarray, year: int | None) -> pd.DataFrame:
    """Shares from roll-up columns (domestic, known, covered, known, domestic-consumption, known)."""
    r = lambda a, b: np.divide(Y[:, a], Y[:, b], out=np.full(len(Y), np.nan), where=Y[:, b] > 0)
    return pd.DataFrame({key: ids, "year": year, "consumption_share": r(4, 5), "bom_value_share": r(0, 1),
                         "qualified_capacity_share": r(2, 3)})


def _import_price(m: SupplyModel, trade: pd.DataFrame | None, hs_codes: pd.Series,
                  unit_of: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    """Import unit value p (USD per unit) per category for the model's year, and its unit.

    The unit per category is ``unit_of`` (chosen once for all years) else the unit with the
    largest import value; rows with another unit or no quantity are left out of p.
    """
    K = m.tax.k
    p, unit = np.full(K, np.nan), np.full(K, None, dtype=object)
    if trade is None or not len(trade) or "quantity" not in trade:
        return p, unit
    in_year = pd.to_numeric(trade["year"], errors="coerce") == m.year
    tr = trade[in_year & (trade["flow"].astype(str) == "import")]
    if not len(tr):
        return p, unit
    W = hs_allocation(m.tax, hs_codes, tr["hs_code"].astype(str).str.replace(".", "", regex=False).to_numpy())
    val = pd.to_numeric(tr["value_usd"], errors="coerce").fillna(0).to_numpy()
    qty = pd.to_numeric(tr["quantity"], errors="coerce").fillna(0).to_numpy()
    u = tr["unit"].fillna("").astype(str).to_numpy() if "unit" in tr else np.full(len(tr), "")
    best = np.zeros(K)
    for un in pd.unique(u[qty > 0]):
        r = (u == un) & (qty > 0)
        v = m.tax.aggregate(np.asarray(W.T @ np.where(r, val, 0.0)).ravel())
        q = m.tax.aggregate(np.asarray(W.T @ np.where(r, qty, 0.0)).ravel())
        want = (unit_of.to_numpy() == un) if unit_of is not None else (v > best)
        take = want & (q > 0)
        p = np.where(take, v / np.where(q > 0, q, 1.0), p)
        unit = np.where(take, un, unit)
        best = np.where(take, v, best)
    return p, unit


def decompose(models: dict[int, SupplyModel], trade: pd.DataFrame | None, hs_codes: pd.Series) -> pd.DataFrame:
    """LMDI-I split of the change of import value of every category between consecutive years.

    Only categories whose IR comes from trade in both years (``ir_method`` trade or trade_only)
    and whose M and C are positive in both years are decomposed (M/C must be a customs ratio).
    """
    years = sorted(models)
    cols = ["category_id", "level", "year_from", "year_to", "imports_from_usd", "imports_to_usd",
            "delta_imports_usd",
            "volume_effect_usd", "substitution_effect_usd", "price_effect_usd", "price_unit"]
    out = []
    for y0, y1 in zip(years, years[1:]):
        m0, m1 = models[y0], models[y1]
        t0, t1 = m0.indicators.table, m1.indicators.table
        customs = ["trade", "trade_only"]
        by_trade = (t0["ir_method"].isin(customs) & t1["ir_method"].isin(customs)).to_numpy()
        M0, M1 = (t["imports_usd"].to_numpy(dtype=float) for t in (t0, t1))
        C0, C1 = (t["consumption_usd"].to_numpy(dtype=float) for t in (t0, t1))
        p0, u0 = _import_price(m0, trade, hs_codes, None)
        p1, _ = _import_price(m1, trade, hs_codes, pd.Series(u0))
        has_p = np.isfinite(p0) & np.isfinite(p1)
        one = np.ones_like(M0)
        eff = lmdi_additive(
            {"volume": np.where(has_p, C0 / np.where(has_p, p0, 1), C0), "substitution": M0 / C0,
             "price": np.where(has_p, p0, one)},
            {"volume": np.where(has_p, C1 / np.where(has_p, p1, 1), C1), "substitution": M1 / C1,
             "price": np.where(has_p, p1, one)})
        ok = by_trade & (M0 > 0) & (M1 > 0) & (C0 > 0) & (C1 > 0)
        for i in np.flatnonzero(ok):
            out.append((m0.tax.ids[i], m0.tax.level[i], y0, y1, M0[i], M1[i], M1[i] - M0[i], eff["volume"][i],
                        eff["substitution"][i], eff["price"][i] if has_p[i] else np.nan,
                        u0[i] if has_p[i] else None))
    return pd.DataFrame(out, columns=cols)


def check_targets(targets: pd.DataFrame, scopes: set[str], source: str = "targets.csv") -> pd.DataFrame:
    """Typed targets; errors name ``source:row:column`` and what was expected."""
    missing = [c for c in TARGET_COLUMNS if c not in targets.columns]
    if missing:
        raise InputError(f"{source}:1: no column {', '.join(missing)}; expected {', '.join(TARGET_COLUMNS)}")
    t = targets.reset_index(drop=True).copy()
    for i, r in t.iterrows():
        where = f"{source}:{i + 2}"
        if str(r["scope"]) not in scopes:
            raise InputError(f"{where}:scope: '{r['scope']}' is not a category or product id")
        if str(r["indicator"]) not in INDICATORS:
            raise InputError(f"{where}:indicator: '{r['indicator']}' is not one of {', '.join(INDICATORS)}")
        v = pd.to_numeric(pd.Series([r["value"]]), errors="coerce").iloc[0]
        if not (0 <= v <= 1):
            raise InputError(f"{where}:value: '{r['value']}' is not a share 0-1 (write 70 % as 0.7)")
        y = pd.to_numeric(pd.Series([r["year"]]), errors="coerce").iloc[0]
        if not (1900 <= y <= 2100) or y != int(y):
            raise InputError(f"{where}:year: '{r['year']}' is not a year (YYYY)")
    t["value"] = pd.to_numeric(t["value"]).astype(float)
    t["year"] = pd.to_numeric(t["year"]).astype(int)
    t["scope"] = t["scope"].astype(str)
    return t


def target_gaps(targets: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """Per target: latest actual, gap = target − actual, years left, linear change needed per year,
    the observed change per year (least-squares slope over the series) and whether that trend
    reaches the target by its year (shares as fractions, changes in fraction points per year)."""
    rows = []
    for r in targets.itertuples(index=False):
        s = series[(series["id"] == r.scope)][["year", r.indicator]].dropna().sort_values("year")
        s = s[s["year"] <= r.year] if (s["year"] <= r.year).any() else s
        if not len(s):
            rows.append({**r._asdict(), "actual": None, "actual_year": None, "gap": None, "years_left": None,
                         "needed_per_year": None, "observed_per_year": None, "on_track": None})
            continue
        y_last, actual = int(s["year"].iloc[-1]), float(s[r.indicator].iloc[-1])
        left = r.year - y_last
        gap = r.value - actual
        slope = float(np.polyfit(s["year"], s[r.indicator], 1)[0]) if len(s) >= 2 else None
        needed = gap / left if left > 0 else None
        on_track = gap <= 0 or (slope is not None and left > 0 and actual + slope * left >= r.value)
        rows.append({**r._asdict(), "actual": actual, "actual_year": y_last, "gap": gap, "years_left": left,
                     "needed_per_year": needed, "observed_per_year": slope, "on_track": bool(on_track)})
    return pd.DataFrame(rows, columns=list(TARGET_COLUMNS) + ["actual", "actual_year", "gap", "years_left",
                                                             "needed_per_year", "observed_per_year", "on_track"])


def data_years(ds: Dataset) -> list[int]:
    """Years present in trade or production."""
    ys: set[int] = set()
    for name in ("trade", "production"):
        df = ds.frames.get(name)
        if df is not None and len(df):
            ys |= set(pd.to_numeric(df["year"], errors="coerce").dropna().astype(int))
    return sorted(ys)


def run_localisation(ds: Dataset, *, years: list[int] | None = None, category: str | None = None,
                     product: str | None = None, industry: str | None = None,
                     targets: pd.DataFrame | None = None, project_to: int | None = None,
                     models: dict[int, SupplyModel] | None = None) -> Localisation:
    """Localisation series of ``ds`` for ``years`` (default: every year in trade or production).

    ``targets``: a targets.csv frame; None takes the dataset's ``targets`` table, if any.
    ``project_to``: project every target year by year from the last year to this year from the
    capacity plans and projects (:mod:`keyparts.programme.projection`).
    ``models``: supply models of ``ds`` per year already built (the others are built here)."""
    ys = years or data_years(ds)
    if not ys:
        raise InputError("localisation: the dataset has no trade or production year; expected trade.csv "
                         "or production.csv with a year column")
    if targets is None and ds.frames.get("targets") is not None and len(ds.frames["targets"]):
        targets = ds.frames["targets"][list(TARGET_COLUMNS)]
    models = {y: (models or {}).get(y) or build_supply_model(ds.frames, home=ds.home_country, year=y) for y in ys}
    parts = [year_shares(models[y]) for y in ys]
    cats, prods, inds = (pd.concat([p[i] for p in parts], ignore_index=True) for i in range(3))
    any_m = models[ys[0]]
    ids = set(any_m.tax.ids) | set(prods["product_id"])
    for kind, v, known in (("--category", category, set(any_m.tax.ids)),
                           ("--product", product, set(prods["product_id"])),
                           ("--industry", industry, set(inds["industry"]))):
        if v is not None and v not in known:
            what = {"--category": "a category id", "--product": "a product id", "--industry": "an industry"}[kind]
            raise InputError(f"localisation {kind} {v}: not {what} of the dataset (e.g. {sorted(known)[0]})")
    series = pd.concat([cats.rename(columns={"category_id": "id"}), prods.rename(columns={"product_id": "id"})])
    typed = check_targets(targets, ids) if targets is not None else pd.DataFrame(columns=TARGET_COLUMNS)
    tg = target_gaps(typed, series)
    y_last = max(ys)
    if project_to is not None and project_to <= y_last:
        raise InputError(f"localisation --project-to {project_to}: not after the last data year {y_last}; "
                         f"expected a year > {y_last}")
    proj = project(models[y_last], ds.frames, series, typed, project_to) if project_to is not None else \
        pd.DataFrame(columns=PROJECTION_COLUMNS)
    dec = decompose(models, ds.frames.get("trade"), ds.frames["categories"]["hs_codes"]) if len(ys) > 1 else \
        decompose({}, None, ds.frames["categories"]["hs_codes"])
    if category is not None or product is not None or industry is not None:
        cats = cats[cats["category_id"] == category] if category is not None else cats.iloc[0:0]
        prods = prods[prods["product_id"] == product] if product is not None else prods.iloc[0:0]
        inds = inds[inds["industry"] == industry] if industry is not None else inds.iloc[0:0]
        keep = {category, product} - {None}
        tg = tg[tg["scope"].isin(keep)]
        proj = proj[proj["scope"].isin(keep)]
        dec = dec[dec["category_id"].isin(keep)]
    method = {
        "consumption_share": "1 - IR, IR = (M - X)/(Q + M - X), EC (2017) CRM guidelines; products: "
                             "input-value-weighted mean over the exploded BOM",
        "bom_value_share": "domestic share of the exploded BOM need value by origin (Leontief total "
                           "requirement, Miller & Blair 2009 s. 2.3); products per unit over all tiers",
        "qualified_capacity_share": "min(1, capacity value of qualified domestic parts / apparent "
                                    "consumption, else exploded need value)",
        "industries": "output-weighted over the industry's products (units x per-unit roll-up)",
        "targets": "gap = target - latest actual; needed_per_year = gap / years left (linear); "
                   "observed_per_year = least-squares slope of the series",
        "decomposition": LMDI_METHOD + ": M = (C/p) * (M/C) * p, volume, substitution, price",
        "years": ys, "home_country": ds.home_country,
    }
    if project_to is not None:
        method["projection"] = PROJECTION_METHOD
        method["project_to"] = int(project_to)
    return Localisation(cats.reset_index(drop=True), prods.reset_index(drop=True), inds.reset_index(drop=True),
                        tg.reset_index(drop=True),
                        dec.reset_index(drop=True), method, proj.reset_index(drop=True))
