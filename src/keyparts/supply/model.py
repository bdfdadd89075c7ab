"""The supply model: the dataset's frames turned once into arrays the engines share.

Built from typed frames (see :mod:`keyparts.dataset.schema`); no I/O. Money in USD, quantities
in pieces/year. Conventions (documented in ``docs/methods.md``):

* annual need of every node = BOM explosion of the products' ``annual_units``;
* price of a part = its ``unit_price_usd``, else the median price of its category's parts, else
  the median of all parts, else 1; a category used as a BOM line is priced like its parts;
* a sourcing row weighs ``share × need value of (buyer, item)``, the need value being the
  BOM-exploded quantity the buyer's own products/parts consume times the item's price; rows
  whose buyer has no such BOM line weigh ``share × (item's total need value / number of buyers)``;
* a part without sourcing rows is supplied by its maker, from the maker's country (this also
  enters the sourcing-based IR and origin shares);
* a country's risk and export-control factor come from :func:`keyparts.supply.country.risk_factors`
  (a missing risk counts as 5, a missing factor as 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from keyparts.arrays import unique
from keyparts.errors import InputError, InsufficientDataError
from keyparts.supply._ids import lookup
from keyparts.supply.bom import CATEGORY, PART, PRODUCT, BomGraph, build_graph
from keyparts.supply.country import risk_factors
from keyparts.supply.indicators import CategoryIndicators, category_indicators
from keyparts.supply.taxonomy import Taxonomy, build_taxonomy, hs_allocation

QUALIFIED = ("qualified", "production")


@dataclass(frozen=True)
class SupplyModel:
    home: str
    year: int | None
    tax: Taxonomy
    graph: BomGraph
    countries: pd.Index
    risk: np.ndarray                 # C, 0-10 (missing: 5, see supply.country)
    t: np.ndarray                    # C, export-restriction factor (missing: 1)
    enterprises: pd.Index
    ent_country: np.ndarray          # enterprise -> country index
    node_cat: np.ndarray             # N -> category index (-1 for products)
    node_maker: np.ndarray           # N -> enterprise index of a part's maker (-1 otherwise)
    price: np.ndarray                # N, USD per piece (products: unit value)
    need_units: np.ndarray           # N, pieces/year (products: annual units)
    product_idx: np.ndarray          # node indices of products
    product_industry: np.ndarray     # industry per product (aligned with product_idx)
    output_value: np.ndarray         # USD/year per product
    src_node: np.ndarray             # sourcing rows: node index
    src_supplier: np.ndarray         # enterprise index
    src_origin: np.ndarray           # country index
    src_weight: np.ndarray           # USD/year of need covered by the row
    cap_node_cat: np.ndarray         # qualified domestic parts: category index
    cap_maker: np.ndarray            # enterprise index
    cap_units: np.ndarray            # pieces/year
    cap_value: np.ndarray            # USD/year (capacity x price)
    gs_kc: np.ndarray                # K x C capacity value of qualified parts by maker country (aggregated)
    indicators: CategoryIndicators
    src_buyer: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # sourcing rows: buyer
    # domestic parts qualified for one buyer only (a qualification case at small_batch or later,
    # keyparts.qualify; parts already qualified/production for everyone are in cap_* instead)
    bq_node: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))    # part node index
    bq_buyer: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))   # enterprise index
    bq_maker: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))   # enterprise index
    bq_units: np.ndarray = field(default_factory=lambda: np.zeros(0))             # pieces/year
    # domestic parts in an open case for one buyer, not yet qualified (design_review ..
    # field_trial): they may supply that buyer after the category's time to qualify
    pq_node: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    pq_buyer: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    pq_maker: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    pq_units: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pq_delay_days: np.ndarray = field(default_factory=lambda: np.zeros(0))        # KM median, NaN: unknown

    @property
    def home_idx(self) -> int:
        return self.countries.get_loc(self.home) if self.home in self.countries else -1


def _num(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _prices(graph: BomGraph, tax: Taxonomy, parts: pd.DataFrame, products: pd.DataFrame,
            part_cat: np.ndarray) -> np.ndarray:
    n = graph.n
    price = np.full(n, np.nan)
    npr = len(products)
    price[:npr] = _num(products["unit_value_usd"])
    pp = _num(parts["unit_price_usd"])
    ok = np.isfinite(pp)
    overall = float(np.median(pp[ok])) if ok.any() else 1.0
    med = pd.Series(pp).groupby(part_cat).median()
    cat_med = np.full(tax.k, np.nan)
    cat_med[med.index.to_numpy()] = med.to_numpy()
    # a category without priced parts takes the median of its subtree, else the overall median
    sub = pd.DataFrame(tax.up.tocoo().row, columns=["a"]).assign(d=tax.up.tocoo().col)
    sub["p"] = cat_med[sub["d"]]
    sub_med = sub.groupby("a")["p"].median().reindex(range(tax.k)).to_numpy()
    cat_price = np.where(np.isfinite(cat_med), cat_med, np.where(np.isfinite(sub_med), sub_med, overall))
    ipart = np.arange(npr, npr + len(parts))
    price[ipart] = np.where(ok, pp, cat_price[part_cat])
    price[npr + len(parts):] = cat_price
    return np.where(np.isfinite(price), price, overall)


def _trade_arrays(trade: pd.DataFrame | None, tax: Taxonomy, countries: pd.Index, year: int | None,
                  hs_codes: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Imports by partner (K x C), exports (K) booked to the most specific category, and the
    subtree-aggregated import/export unit-value ratio (K)."""
    K, C = tax.k, len(countries)
    empty = (np.zeros((K, C)), np.zeros(K), np.full(K, np.nan))
    if trade is None or len(trade) == 0:
        return empty
    tr = trade
    if year is not None:
        tr = tr[pd.to_numeric(tr["year"], errors="coerce") == year]
    if len(tr) == 0:
        return empty
    W = hs_allocation(tax, hs_codes, tr["hs_code"].astype(str).str.replace(".", "", regex=False).to_numpy())
    val = _num(tr["value_usd"])
    imp = (tr["flow"].astype(str) == "import").to_numpy()
    cidx = lookup(countries, tr["partner_country"])
    rows = np.flatnonzero(imp & (cidx >= 0))
    P = sp.csr_matrix((val[rows], (rows, cidx[rows])), shape=(len(tr), C))
    imports_kc = np.asarray((W.T @ P).todense())
    exports_k = np.asarray(W.T @ np.where(~imp, val, 0.0)).ravel()
    return imports_kc, exports_k, unit_value_ratio(tax, W, tr, val, imp)


def unit_value_ratio(tax: Taxonomy, W: sp.csr_matrix, tr: pd.DataFrame, val: np.ndarray,
                     imp: np.ndarray) -> np.ndarray:
    """Import unit value / export unit value per category (subtree), over rows with a quantity.

    Units are never mixed: per category the unit (pcs, kg, ...) with the largest traded value
    among those present on both flows is used. NaN where no unit has quantities on both flows.
    """
    K = tax.k
    if "quantity" not in tr:
        return np.full(K, np.nan)
    qty = np.nan_to_num(_num(tr["quantity"]))
    unit = tr["unit"].fillna("").astype(str).to_numpy() if "unit" in tr else np.full(len(tr), "")
    best_val = np.zeros(K)
    ratio = np.full(K, np.nan)
    for u in pd.unique(unit[qty > 0]):
        r = (unit == u) & (qty > 0)
        agg = [tax.aggregate(np.asarray(W.T @ np.where(r & f, x, 0.0)).ravel())
               for f in (imp, ~imp) for x in (val, qty)]
        mv, mq, xv, xq = agg
        ok = (mq > 0) & (xq > 0) & (xv > 0)
        better = ok & (mv + xv > best_val)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(better, (mv / mq) / (xv / xq), ratio)
        best_val = np.where(better, mv + xv, best_val)
    return ratio


def default_year(frames: dict[str, pd.DataFrame], meta: dict) -> int | None:
    """The latest year present in trade (or production), else the dataset's reference year."""
    for name in ("trade", "production"):
        df = frames.get(name)
        if df is not None and len(df):
            y = pd.to_numeric(df["year"], errors="coerce").dropna()
            if len(y):
                return int(y.max())
    y = meta.get("year")
    return int(y) if y is not None else None


def build_supply_model(frames: dict[str, pd.DataFrame], *, home: str, year: int | None) -> SupplyModel:
    """Arrays for the engines from typed frames (``frames[name]`` as in the dataset schema)."""
    for need in ("countries", "categories", "enterprises", "parts", "products", "bom"):
        if need not in frames:
            raise InsufficientDataError(f"the dataset has no {need}.csv; the assessment needs it")
    cty, cats, ents = frames["countries"], frames["categories"], frames["enterprises"]
    parts, products, bom = frames["parts"], frames["products"], frames["bom"]
    countries, risk, t = risk_factors(cty)
    tax = build_taxonomy(cats)
    graph = build_graph(products, parts, cats, bom)
    enterprises = pd.Index(ents["id"].astype(str).to_numpy())
    ent_country = lookup(countries, ents["country"])
    npr, npt = len(products), len(parts)
    part_cat = lookup(tax.ids, parts["category_id"])
    if (part_cat < 0).any():
        i = int(np.flatnonzero(part_cat < 0)[0])
        raise InputError(f"parts.csv:{i + 1}:category_id: '{parts['category_id'].iloc[i]}' is not a category id")
    node_cat = np.concatenate([np.full(npr, -1), part_cat, np.arange(tax.k)])
    maker = lookup(enterprises, parts["maker_id"])
    node_maker = np.concatenate([np.full(npr, -1), maker, np.full(tax.k, -1)])
    price = _prices(graph, tax, parts, products, part_cat)
    units = _num(products["annual_units"])
    f = np.zeros(graph.n)
    f[:npr] = units
    need_units = graph.explode(f)
    product_idx = np.arange(npr)
    output_value = units * price[:npr]
    # owner of each BOM parent: the OEM of a product, the maker of a part
    owner = np.concatenate([lookup(enterprises, products["oem_id"]), maker, np.full(tax.k, -1)])
    e_val = graph.qty * need_units[graph.parent] * price[graph.child]
    # need of each (owner, child) pair, USD/year: integer keys (owner + 1)·n + child, sorted once
    need_key, need_inv = np.unique((owner[graph.parent].astype(np.int64) + 1) * graph.n + graph.child,
                                   return_inverse=True)
    need_val = np.bincount(need_inv.ravel(), weights=e_val, minlength=len(need_key))
    src = frames.get("sourcing")
    if src is None or len(src) == 0:
        src_node = src_sup = src_org = src_buy = np.zeros(0, dtype=np.int64)
        src_w = np.zeros(0)
    else:
        src_node = lookup(graph.ids, src["item_id"])
        src_sup = lookup(enterprises, src["supplier_id"])
        src_org = lookup(countries, src["origin_country"])
        buyer = lookup(enterprises, src["buyer_id"])
        # import reliance is the home country's: a foreign maker's purchases (a Japanese pump
        # maker buying Japanese rollers) reach the home country inside the sub-assembly it
        # sells, which exposure through the BOM accounts for; they are not home imports.
        home_buyer = ent_country[np.maximum(buyer, 0)] == (countries.get_loc(home) if home in countries else -2)
        keep = (src_node >= 0) & (src_org >= 0) & (buyer >= 0) & home_buyer
        share = _num(src["share"])
        qk = (buyer.astype(np.int64) + 1) * graph.n + src_node
        pos = np.minimum(np.searchsorted(need_key, qk), max(len(need_key) - 1, 0))
        found = (src_node >= 0) & (len(need_key) > 0) & (need_key[pos] == qk if len(need_key) else False)
        nv = np.where(found, need_val[pos] if len(need_key) else np.nan, np.nan)
        # distinct buyers of each item among the sourcing rows
        E1 = len(enterprises) + 1
        pairs = unique((src_node.astype(np.int64) + 1) * E1 + (buyer + 1))
        nb_node = np.bincount(pairs // E1, minlength=graph.n + 1)
        nbuyers = nb_node[src_node + 1]
        fallback = need_units[np.maximum(src_node, 0)] * price[np.maximum(src_node, 0)] / np.maximum(nbuyers, 1)
        fallback = np.where(fallback > 0, fallback, price[np.maximum(src_node, 0)])
        src_w = share * np.where(np.isfinite(nv) & (nv > 0), nv, fallback)
        src_node, src_sup, src_org, src_w = src_node[keep], src_sup[keep], src_org[keep], src_w[keep]
        src_buy = buyer[keep]
    # qualified capacity (domestic subset used for SI and ramp-up; all countries for GS shares)
    status = parts["status"].astype(str).to_numpy()
    cap = np.nan_to_num(_num(parts["annual_capacity"]))
    q = np.isin(status, QUALIFIED) & (cap > 0) & (maker >= 0)
    cap_country = np.where(maker >= 0, ent_country[np.maximum(maker, 0)], -1)
    cap_val = cap * price[npr:npr + npt]
    C = len(countries)
    gs_rows = q & (cap_country >= 0)
    gs_direct = sp.csr_matrix((cap_val[gs_rows], (part_cat[gs_rows], cap_country[gs_rows])), shape=(tax.k, C))
    gs_kc = tax.aggregate(gs_direct)
    home_i = countries.get_loc(home) if home in countries else -2
    dom = q & (cap_country == home_i)
    bq = _buyer_qualified(frames.get("qualification_cases"), parts, enterprises, npr,
                          ok=~q & (cap > 0) & (cap_country == home_i), cap=cap)
    pq = _pending_substitutes(frames, parts, enterprises, npr, ok=~q & (cap > 0) & (cap_country == home_i),
                              cap=cap)
    sourcing_kc = _sourcing_kc(graph, tax.k, len(countries), node_cat, node_maker, ent_country, need_units, price,
                               src_node, src_org, src_w)
    ind = _year_indicators(frames, tax, countries, risk, t, home, year, sourcing_kc)
    return SupplyModel(home, year, tax, graph, countries, risk, t, enterprises, ent_country,
                       node_cat, node_maker, price, need_units, product_idx,
                       products["industry"].astype(str).to_numpy(), output_value,
                       src_node, src_sup, src_org, src_w,
                       part_cat[dom], maker[dom], cap[dom], cap_val[dom], gs_kc, ind, src_buy, *bq, *pq)


def _pending_substitutes(frames: dict[str, pd.DataFrame], parts: pd.DataFrame, enterprises: pd.Index,
                         npr: int, *, ok: np.ndarray, cap: np.ndarray) -> tuple[np.ndarray, ...]:
    """(part node, buyer, maker, capacity, delay days) of each domestic part with capacity in an
    open case (not rejected, before small_batch) for one buyer. The delay is the Kaplan–Meier
    median days from opening to small_batch of the part's category, else of the nearest
    category above it with a median (:func:`keyparts.qualify.summary.median_days_to_qualify`);
    NaN when no history reaches it (the scenario's ``qualify_days`` then decides)."""
    empty = (np.zeros(0, np.int64),) * 3 + (np.zeros(0), np.zeros(0))
    cases = frames.get("qualification_cases")
    if cases is None or len(cases) == 0:
        return empty
    from keyparts.qualify.stages import REJECTED, is_qualified

    open_ = cases[~cases["stage"].map(is_qualified).astype(bool) & (cases["stage"] != REJECTED)]
    if open_.empty:
        return empty
    median: dict[str, float] = {}
    if {"id", "opened"} <= set(cases.columns) and "categories" in frames:
        from keyparts.qualify.summary import ancestors, median_days_to_qualify
        median = median_days_to_qualify(frames)
        up = ancestors(frames["categories"])
    pid = pd.Index(parts["id"].astype(str).to_numpy())
    pi = lookup(pid, open_["part_id"])
    bi = lookup(enterprises, open_["oem_id"])
    keep = (pi >= 0) & (bi >= 0)
    keep[keep] = ok[pi[keep]]
    pi, bi = pi[keep], bi[keep]
    cats = parts["category_id"].astype(str).to_numpy()[pi]
    delay = np.array([next((median[a] for a in up.get(c, [c]) if a in median), np.nan) if median else np.nan
                      for c in cats], dtype=float)
    maker = lookup(enterprises, parts["maker_id"])[pi]
    return ((pi + npr).astype(np.int64), bi.astype(np.int64), maker.astype(np.int64), cap[pi].astype(float),
            delay)


def _buyer_qualified(cases: pd.DataFrame | None, parts: pd.DataFrame, enterprises: pd.Index, npr: int,
                     *, ok: np.ndarray, cap: np.ndarray) -> tuple[np.ndarray, ...]:
    """(part node, buyer, maker, capacity) of each domestic part with capacity that a case at
    small_batch or later qualifies for one buyer (issue 13's loop); rows whose part is already
    qualified/production for everyone, or not domestic, are left out (``ok``)."""
    empty = (np.zeros(0, np.int64),) * 3 + (np.zeros(0),)
    if cases is None or len(cases) == 0:
        return empty
    from keyparts.qualify.stages import is_qualified

    qc = cases[cases["stage"].map(is_qualified).astype(bool)][["part_id", "oem_id"]].drop_duplicates()
    pi = lookup(pd.Index(parts["id"].astype(str).to_numpy()), qc["part_id"])
    bi = lookup(enterprises, qc["oem_id"])
    keep = (pi >= 0) & (bi >= 0)
    pi, bi = pi[keep], bi[keep]
    keep = ok[pi]
    pi, bi = pi[keep], bi[keep]
    maker = lookup(enterprises, parts["maker_id"])[pi]
    return (pi + npr).astype(np.int64), bi.astype(np.int64), maker.astype(np.int64), cap[pi].astype(float)


def _sourcing_kc(graph: BomGraph, k: int, c: int, node_cat: np.ndarray, node_maker: np.ndarray,
                 ent_country: np.ndarray, need_units: np.ndarray, price: np.ndarray, src_node: np.ndarray,
                 src_org: np.ndarray, src_w: np.ndarray) -> np.ndarray:
    """K x C sourcing value (USD/year): the rows, plus parts without rows bought from their
    maker's country (weighted by their annual need value)."""
    has_rows = np.zeros(graph.n, dtype=bool)
    has_rows[src_node] = True
    implied = np.flatnonzero((graph.kind == PART) & ~has_rows & (node_maker >= 0))
    implied = implied[ent_country[node_maker[implied]] >= 0]
    r_cat = np.concatenate([node_cat[src_node], node_cat[implied]]).astype(np.int64)
    r_org = np.concatenate([src_org, ent_country[node_maker[implied]]]).astype(np.int64)
    r_w = np.concatenate([src_w, need_units[implied] * price[implied]])
    okc = (r_cat >= 0) & (r_w > 0)
    return np.asarray(sp.csr_matrix((r_w[okc], (r_cat[okc], r_org[okc])), shape=(k, c)).todense())


def _year_indicators(frames: dict[str, pd.DataFrame], tax: Taxonomy, countries: pd.Index, risk: np.ndarray,
                     t: np.ndarray, home: str, year: int | None, sourcing_kc: np.ndarray) -> CategoryIndicators:
    """The category indicators of ``year``: trade and production of that year, sourcing."""
    cats = frames["categories"]
    trade_arrays = _trade_arrays(frames.get("trade"), tax, countries, year, cats["hs_codes"])
    prod = frames.get("production")
    production_k = np.full(tax.k, np.nan)
    if prod is not None and len(prod):
        pr = prod if year is None else prod[pd.to_numeric(prod["year"], errors="coerce") == year]
        pi = lookup(tax.ids, pr["category_id"])
        ok = pi >= 0
        s = pd.Series(_num(pr["domestic_output_usd"])[ok]).groupby(pi[ok]).sum()
        production_k[s.index.to_numpy()] = s.to_numpy()
    return category_indicators(tax, countries, home=home, imports_kc=trade_arrays[0],
                               exports_k=trade_arrays[1], unit_value_ratio=trade_arrays[2],
                               production_k=production_k, sourcing_kc=sourcing_kc, risk=risk, t=t)


def for_year(m: SupplyModel, frames: dict[str, pd.DataFrame], year: int | None) -> SupplyModel:
    """The model of another year without rebuilding it: only trade and production depend on the
    year (the BOM, sourcing, prices and capacities are one snapshot), so only the category
    indicators are recomputed; equal to ``build_supply_model(frames, home=m.home, year=year)``."""
    from dataclasses import replace

    shared = snapshot_cache(m)
    if "sourcing_kc" not in shared:
        shared["sourcing_kc"] = _sourcing_kc(m.graph, m.tax.k, len(m.countries), m.node_cat, m.node_maker,
                                             m.ent_country, m.need_units, m.price, m.src_node, m.src_origin,
                                             m.src_weight)
    out = replace(m, year=year, indicators=_year_indicators(frames, m.tax, m.countries, m.risk, m.t, m.home,
                                                            year, shared["sourcing_kc"]))
    out.__dict__["_cache"] = shared      # the snapshot is the same: share what depends on it only
    return out


def snapshot_cache(m: SupplyModel) -> dict:
    """A dict for results that depend on the model's snapshot only (graph, sourcing, prices,
    capacities; not on the year's trade and production). Models re-dated by :func:`for_year`
    share it, so such a result is computed once for all years."""
    return m.__dict__.setdefault("_cache", {})


def node_origin_value(m: SupplyModel) -> np.ndarray:
    """N x C annual need value (USD/year) of every part/category node by origin country.

    Sourcing rows where present; a part without rows comes from its maker's country; a
    category line without rows is split by the category's IR and import-origin shares
    (domestic share 1 − IR). Products have no row (they are not bought).
    """
    N, C = m.graph.n, len(m.countries)
    direct = sp.csr_matrix((m.src_weight, (m.src_node, m.src_origin)), shape=(N, C)).toarray()
    has = direct.sum(axis=1) > 0
    need_val = m.need_units * m.price
    kind = m.graph.kind
    maker_c = np.where(m.node_maker >= 0, m.ent_country[np.maximum(m.node_maker, 0)], -1)
    part_rows = np.flatnonzero((kind == PART) & ~has & (maker_c >= 0))
    direct[part_rows, maker_c[part_rows]] = need_val[part_rows]
    cat_rows = np.flatnonzero((kind == CATEGORY) & ~has)
    if len(cat_rows):
        k = m.node_cat[cat_rows]
        ir = m.indicators.table["import_reliance"].to_numpy()[k]
        split = m.indicators.import_shares[k] * ir[:, None]
        if m.home_idx >= 0:
            split[:, m.home_idx] += 1.0 - split.sum(axis=1)
        direct[cat_rows] = split * need_val[cat_rows, None]
    direct[kind == PRODUCT] = 0.0
    return direct
