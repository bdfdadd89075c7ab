"""The assessment: indicators, criticality, worst-case embargo loss, ranking, sensitivity, exposure.

Pure orchestration of the engines over a typed :class:`~keyparts.dataset.model.Dataset`
(no I/O); the CLI, the report and the web app call :func:`run_assessment` and
:func:`run_scenario`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from keyparts.dataset.model import Dataset
from keyparts.makers.specialisation import SPECIALISED_S, fragmentation, specialisation_by_maker
from keyparts.priority.criticality import (
    EI_THRESHOLD,
    SI_FLOOR,
    SR_THRESHOLD,
    economic_importance,
    is_critical,
    substitution_index_ei,
    substitution_index_sr,
    supply_risk,
)
from keyparts.priority.ranking import DEFAULT_WEIGHTS, METHOD_VERSION, ranks, score
from keyparts.priority.sensitivity import PARAMS, monte_carlo
from keyparts.supply._ids import lookup
from keyparts.supply.bom import CATEGORY
from keyparts.supply.concentration import hhi_wgi_t, shares
from keyparts.supply.exposure import Exposure, exposure
from keyparts.supply.indicators import _plain
from keyparts.supply.model import QUALIFIED, SupplyModel, build_supply_model, default_year
from keyparts.supply.scenario import Scenario, ScenarioResult, lost_by_binding_category, simulate

# Specialised makers (issue 16; docs/methods.md): a judgement, stated as parameters. A maker's
# qualified domestic capacity counts (1 + β·S) times in SI_SR, S its specialisation index
# (keyparts.makers.specialisation): a specialised maker holds its niche and can extend output
# within the horizon; β = 0.25 at S = 1.
SPECIALISED_UPLIFT = 0.25

SOURCES = {
    "supply_risk": "Blengini et al. (2017) EUR 28654 EN, doi:10.2760/73303; EC (2017) CRM guidelines",
    "thresholds": "EU CRM methodology: SR >= 1.0 and EI >= 2.8",
    "import_reliance": "IR = (M - X)/(Q + M - X), EC (2017) CRM guidelines",
    "single_country_cap": "Regulation (EU) 2024/1252 (CRMA) Art. 5(1)(b): no third country > 65 %",
    "extreme_bottleneck": "Trade in a Bottle (Georgitzikis 2023, JRC136041): one partner >= 80 % and >= USD 10 m",
    "propagation": "Leontief production over essential inputs, Inoue & Todo (2019) Nat. Sustain. 2:841",
}


@dataclass(frozen=True)
class Assessment:
    year: int | None
    home: str
    table: pd.DataFrame                  # index category id; every column of the result
    exposure: Exposure | None            # None when run with detail=False
    embargo_losses: dict[str, float]     # single-country embargo -> total lost value (USD)
    worst_scenario: ScenarioResult | None
    method: dict = field(default_factory=dict)
    top_n: int = 10

    def ranked(self) -> pd.DataFrame:
        t = self.table[self.table["rank"].notna()]
        return t.sort_values("rank")

    def to_dict(self) -> dict:
        keys = ["name", "level", "parent_id", "import_reliance", "ir_method", "consumption_usd", "hhi",
                "hhi_risk", "supply_risk", "economic_importance", "critical", "rank", "score",
                "top_origin", "top_origin_share", "flags", "p_top_n", "rank_interval",
                "worst_embargo_country", "worst_embargo_loss_usd", "dependent_products",
                "dependent_industries", "projects", "drivers"]
        t = self.table.copy()
        t["_o"] = t["rank"].fillna(1e9)
        t = t.sort_values(["_o", "supply_risk"], ascending=[True, False])
        cats = []
        for cid, row in t.iterrows():
            d = {"id": cid}
            for k in keys:
                v = row[k]
                d[k] = _plain(v)
            d["rank"] = None if pd.isna(row["rank"]) else int(row["rank"])
            cats.append(d)
        return {"year": self.year, "home_country": self.home, "categories": cats,
                "embargo_losses_usd": {k: float(v) for k, v in self.embargo_losses.items()},
                "method": self.method}


def build_model(ds: Dataset, year: int | None = None) -> SupplyModel:
    """The supply model of ``ds`` for ``year`` (default: the latest year with trade data)."""
    y = year if year is not None else default_year(ds.frames, ds.meta)
    return build_supply_model(ds.frames, home=ds.home_country, year=y)


def run_scenario(ds: Dataset | SupplyModel, scenario: Scenario, *, year: int | None = None) -> ScenarioResult:
    """Simulate ``scenario`` on a dataset (or an already built model)."""
    m = ds if isinstance(ds, SupplyModel) else build_model(ds, year)
    return simulate(m, scenario)


def _money(x: float) -> str:
    for div, unit in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(x) >= div:
            return f"USD {x / div:.1f} {unit}"
    return f"USD {x:.0f}"


def _drivers(r: pd.Series, days: float) -> str:
    parts = []
    if r["top_origin"] is not None and not pd.isna(r["top_origin_share"]):
        parts.append(f"{r['top_origin_share']:.0%} of imports from {r['top_origin']}")
    parts.append(f"import reliance {r['import_reliance']:.0%} ({r['ir_method']})")
    if r["hhi"] > 0:
        parts.append(f"origin HHI {r['hhi']:.2f}")
    parts.append(f"{int(r['qualified_domestic_parts'])} qualified domestic part(s) covering "
                 f"{min(r['domestic_coverage'], 1):.0%} of consumption")
    parts.append(f"needed by {int(r['dependent_products'])} product(s) in {int(r['dependent_industries'])} "
                 f"industr{'y' if r['dependent_industries'] == 1 else 'ies'}")
    if r.get("buyer_qualified_parts", 0) > 0:
        parts.append(f"{int(r['buyer_qualified_parts'])} domestic substitute(s) qualified for "
                     f"{int(r['buyer_qualified_oems'])} OEM(s), covering "
                     f"{min(r.get('buyer_qualified_coverage', 0.0), 1):.0%} of need "
                     "(qualification cases at small_batch or later)")
    if r.get("specialised_domestic_parts", 0) > 0:
        parts.append(f"{int(r['specialised_domestic_parts'])} qualified domestic part(s) from specialised "
                     f"makers (specialisation index >= {SPECIALISED_S:g})")
    if isinstance(r.get("fragmentation_finding"), str):
        parts.append(r["fragmentation_finding"])
    if r["worst_embargo_loss_usd"] > 0:
        parts.append(f"a {days:.0f}-day embargo by {r['worst_embargo_country']} loses "
                     f"{_money(r['worst_embargo_loss_usd'])}")
    if r["flags"]:
        parts.append("flags: " + ", ".join(r["flags"]))
    if r["projects"]:
        parts.append("special projects: " + ", ".join(r["projects"]))
    elif r["rank"] == r["rank"]:  # a ranked category without a project is a gap in the programme
        parts.append("no special project yet")
    return "; ".join(parts)


def _specialisation(ds: Dataset, m: SupplyModel) -> np.ndarray:
    """Per enterprise of the model: its specialisation index S of the latest year up to the
    model's year (0 without ``enterprise_years`` or without an index)."""
    s = specialisation_by_maker(ds.frames.get("enterprise_years"), ds.frames.get("enterprise_categories"),
                                year=m.year)
    return pd.Series(np.asarray(m.enterprises, dtype=object)).map(s).fillna(0.0).to_numpy(float)


def _fragmentation_findings(ds: Dataset, m: SupplyModel) -> list[str | None]:
    """Per category: the fragmentation finding of its domestic capacity in the latest year up
    to the model's year ("many small makers of low-end parts"), None when there is none."""
    ec = ds.frames.get("enterprise_categories")
    if ec is None or not len(ec):
        return [None] * m.tax.k
    rows = pd.DataFrame(fragmentation(ec, ds.frames["enterprises"], ds.frames["categories"], country=m.home).rows)
    if m.year is not None:
        rows = rows[rows["year"] <= m.year]
    latest = rows.sort_values("year").groupby("category_id").tail(1).set_index("category_id")["finding"]
    return [latest.get(c) if isinstance(latest.get(c), str) else None for c in m.tax.ids]


_DEPENDENTS: dict[int, tuple] = {}   # id(graph) -> (weak reference to the graph, result): the last one


def _dependents(m: SupplyModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per category: output of the end products that need it through essential BOM lines, their
    number and their industries. It depends on the BOM only, not on the year, so the result for
    the last graph is kept (a model re-dated by ``keyparts.supply.model.for_year`` shares it)."""
    g, tax, K = m.graph, m.tax, m.tax.k
    hit = _DEPENDENTS.get(id(g))
    if hit is not None and hit[0]() is g and hit[1] is tax and np.array_equal(hit[2], m.output_value):
        return hit[3]
    reach = sp.csr_matrix(_essential_reach(m), dtype=float)
    dep_out = np.asarray(reach.T @ m.output_value).ravel()
    dep_n = np.asarray(reach.sum(axis=0)).ravel().astype(np.int64)
    ind_codes, ind_idx = np.unique(m.product_industry, return_inverse=True)
    ind_mat = sp.csr_matrix((np.ones(len(ind_idx)), (np.arange(len(ind_idx)), ind_idx)),
                            shape=(len(ind_idx), len(ind_codes)))
    dep_ind = np.asarray(((reach.T @ ind_mat) > 0).sum(axis=1)).ravel()
    out = (dep_out, dep_n, dep_ind)
    _DEPENDENTS.clear()
    _DEPENDENTS[id(g)] = (weakref.ref(g), tax, m.output_value, out)
    return out


def _essential_reach(m: SupplyModel) -> np.ndarray:
    """P x K booleans: product p needs an item of category k (or of a category below k) through
    essential BOM lines only, itself included; the reachability of ``graph.rollup(...,
    essential_only=True, pattern=True)``, computed as bit sets (one bit per category) OR-ed up
    the essential edges level by level, children before parents."""
    from keyparts.supply.scenario import _propagator

    g, tax, K = m.graph, m.tax, m.tax.k
    W = (K + 63) // 64
    up = tax.up.tocoo()                                    # up[a, d] = 1: a is d or an ancestor of d
    catmask = np.zeros((K, W), dtype=np.uint64)
    np.bitwise_or.at(catmask, (up.col, up.row // 64), np.left_shift(np.uint64(1), (up.row % 64).astype(np.uint64)))
    bits = np.zeros((g.n, W), dtype=np.uint64)
    it = np.flatnonzero(g.kind != 0)
    bits[it] = catmask[m.node_cat[it]]
    prop = _propagator(m)                                  # essential edges, parents by height
    for lo, hi, parents, starts, _ in prop.levels:
        bits[parents] |= np.bitwise_or.reduceat(bits[prop.ch[lo:hi]], starts, axis=0)
    pb = np.ascontiguousarray(bits[m.product_idx]).view(np.uint8)
    return np.unpackbits(pb, axis=1, bitorder="little")[:, :K].astype(bool)


def _qualified_by_buyers(ds: Dataset, m: SupplyModel) -> tuple[np.ndarray, np.ndarray]:
    """Per category (its subtree): domestic parts with a qualification case at small_batch or
    later (issue 13), and the number of distinct OEMs that qualified them."""
    K = m.tax.k
    cases = ds.frames.get("qualification_cases")
    if cases is None or len(cases) == 0:
        return np.zeros(K), np.zeros(K)
    from keyparts.qualify.cases import qualified_for

    q = qualified_for(ds.frames)
    parts = ds.frames["parts"].set_index("id")
    q = q[q["part_id"].isin(parts.index)]
    ent_c = dict(zip(ds.frames["enterprises"]["id"], ds.frames["enterprises"]["country"]))
    q = q[np.array([ent_c.get(parts.at[p, "maker_id"]) == m.home for p in q["part_id"]], dtype=bool)]
    k = lookup(m.tax.ids, parts.loc[q["part_id"], "category_id"])
    o = lookup(m.enterprises, q["oem_id"])
    ok = (k >= 0) & (o >= 0)
    pk = pd.DataFrame({"k": k[ok], "p": q["part_id"].to_numpy()[ok]}).drop_duplicates()
    n_parts = m.tax.aggregate(np.bincount(pk["k"].to_numpy(), minlength=K).astype(float))
    ko = sp.csr_matrix((np.ones(int(ok.sum())), (k[ok], o[ok])), shape=(K, len(m.enterprises)))
    n_oems = np.asarray((m.tax.up @ ko > 0).sum(axis=1), float).ravel()
    return n_parts, n_oems


def _buyer_qualified_cover(m: SupplyModel) -> np.ndarray:
    """Per category (subtree): USD/year of the buyers' need that domestic parts qualified for
    them only (cases at small_batch or later) can cover.

    Buyer b's need in the category of part p: the value of b's sourcing rows of items in p's
    category or below, need_bp (USD/year). Part p's capacity value cap_p = units × price is
    shared among its buyers pro rata of need_bp (one pool, not one per case); buyer b is
    covered min(Σ_p share_bp, need_b,k) in category k, summed over buyers and aggregated up
    the taxonomy. The supply-risk substitution index counts it with the domestic capacity
    qualified for everyone."""
    K = m.tax.k
    if m.bq_node.size == 0 or m.src_node.size == 0:
        return np.zeros(K)
    kp = m.node_cat[m.bq_node]
    k_row = m.node_cat[m.src_node]
    ok_row = k_row >= 0
    # need_bp: rows of buyer b whose item category lies in the subtree of p's category
    below = np.asarray(m.tax.up[kp][:, np.maximum(k_row, 0)].todense()) > 0          # P x rows
    mine = (m.src_buyer[None, :] == m.bq_buyer[:, None]) & below & ok_row[None, :]
    need_bp = (mine * m.src_weight[None, :]).sum(axis=1)
    cap_p = m.bq_units * m.price[m.bq_node]
    parts, inv = np.unique(m.bq_node, return_inverse=True)
    tot = np.bincount(inv, weights=need_bp, minlength=parts.size)
    share = np.divide(need_bp, tot[inv], out=np.zeros(need_bp.size), where=tot[inv] > 0) * cap_p
    key = m.bq_buyer * K + kp
    cover_bk = np.minimum(np.bincount(key, weights=share, minlength=len(m.enterprises) * K),
                          np.bincount(key, weights=need_bp, minlength=len(m.enterprises) * K)
                          / np.maximum(np.bincount(key, minlength=len(m.enterprises) * K), 1))
    return m.tax.aggregate(cover_bk.reshape(len(m.enterprises), K).sum(axis=0))


def _projects(ds: Dataset, ids: pd.Index) -> list[list[str]]:
    """Per category: its special projects as "id (status, TRL n)" (projects.csv, optional)."""
    pr = ds.frames.get("projects")
    out: dict[str, list[str]] = {}
    if pr is not None:
        for r in pr.itertuples(index=False):
            trl = "" if pd.isna(r.readiness_level) else f", TRL {int(r.readiness_level)}"
            out.setdefault(r.category_id, []).append(f"{r.id} ({r.status}{trl})")
    return [out.get(c, []) for c in ids]


def run_assessment(ds: Dataset, *, year: int | None = None, top_n: int = 10, n_samples: int = 500,
                   seed: int = 0, weights: tuple[float, float, float] = DEFAULT_WEIGHTS,
                   embargo_days: float = 90.0, max_embargo_countries: int = 12,
                   model: SupplyModel | None = None, detail: bool = True,
                   specialised_uplift: float = SPECIALISED_UPLIFT) -> Assessment:
    """Full assessment of ``ds`` (see docs/methods.md for every formula and source).

    ``detail=False`` leaves out what the ranked list does not need (the exposure of end
    products and the worst embargo's full scenario): editions, back-tests and challenge effects.
    ``specialised_uplift`` β: the qualified domestic capacity of a maker with specialisation
    index S counts as capacity·(1 + β·S) in SI_SR (docs/methods.md, "Specialised makers").
    """
    m = model if model is not None else build_model(ds, year)
    tax, g = m.tax, m.graph
    t = m.indicators.table.copy()
    K = tax.k
    s_imp = m.indicators.import_shares
    s_gs = shares(m.gs_kc)
    no_gs = s_gs.sum(axis=1) == 0
    s_gs[no_gs] = s_imp[no_gs]
    hhi_gs = hhi_wgi_t(s_gs, m.risk, m.t)
    items = g.kind != 0
    cat = np.where(items, m.node_cat, 0)
    need_val_k = tax.aggregate(np.bincount(cat[items], weights=(m.need_units * m.price)[items], minlength=K))
    cons = t["consumption_usd"].to_numpy(dtype=float)
    cons_si = np.where(np.isfinite(cons) & (cons > 0), cons, need_val_k)
    spec = _specialisation(ds, m)
    dom_cap_plain = tax.aggregate(np.bincount(m.cap_node_cat, weights=m.cap_value, minlength=K))
    dom_cap = tax.aggregate(np.bincount(m.cap_node_cat, weights=m.cap_value * (1 + specialised_uplift
                                                                               * spec[m.cap_maker]),
                                        minlength=K))
    n_spec = tax.aggregate(np.bincount(m.cap_node_cat, weights=(spec[m.cap_maker] >= SPECIALISED_S).astype(float),
                                       minlength=K))
    n_dom_parts = tax.aggregate(np.bincount(m.cap_node_cat, minlength=K).astype(float))
    bq_cov = _buyer_qualified_cover(m)        # USD/year of buyers' need their own substitutes cover
    si_sr = substitution_index_sr(dom_cap + bq_cov, cons_si)
    ir = t["import_reliance"].to_numpy(dtype=float)
    sr = supply_risk(hhi_gs, t["hhi_risk"].to_numpy(dtype=float), ir, 0.0, si_sr)
    dep_out, dep_n, dep_ind = _dependents(m)
    x = m.need_units
    catline_units = tax.aggregate(np.bincount(cat[items], weights=(x * (g.kind == CATEGORY))[items], minlength=K))
    all_units = tax.aggregate(np.bincount(cat[items], weights=x[items], minlength=K))
    parts = ds.frames["parts"]
    qual = parts[parts["status"].astype(str).isin(QUALIFIED)]
    qc = lookup(tax.ids, qual["category_id"])
    qm = lookup(m.enterprises, qual["maker_id"])
    okq = (qc >= 0) & (qm >= 0)
    mk = sp.csr_matrix((np.ones(okq.sum()), (qc[okq], qm[okq])), shape=(K, len(m.enterprises)))
    n_makers = np.asarray(((tax.up @ mk) > 0).sum(axis=1)).ravel()
    sub_share = np.divide(catline_units, all_units, out=np.zeros(K), where=all_units > 0) * (n_makers >= 2)
    si_ei = substitution_index_ei(sub_share)
    total_out = float(m.output_value.sum())
    ei = economic_importance(dep_out, total_out, si_ei)
    crit = is_critical(sr, ei)
    # worst single-country embargo, attributed through binding items
    foreign = np.ones(len(m.countries), dtype=bool)
    if m.home_idx >= 0:
        foreign[m.home_idx] = False
    w_c = (s_imp * np.nan_to_num(t["imports_usd"].to_numpy())[:, None]).sum(axis=0) \
        + np.bincount(m.src_origin, weights=m.src_weight, minlength=len(m.countries))
    cand = [i for i in np.argsort(-w_c) if foreign[i] and w_c[i] > 0][:max_embargo_countries]
    loss_kc = np.zeros((K, len(cand)))
    totals: dict[str, float] = {}
    for j, ci in enumerate(cand):
        code = str(m.countries[ci])
        loss_kc[:, j], totals[code] = lost_by_binding_category(m, Scenario(embargo=(code,),
                                                                           duration_days=embargo_days))
    worst_j = loss_kc.argmax(axis=1) if cand else np.zeros(K, dtype=int)
    worst_loss = loss_kc.max(axis=1) if cand else np.zeros(K)
    worst_country = np.array([str(m.countries[cand[j]]) if cand and worst_loss[i] > 0 else None
                              for i, j in enumerate(worst_j)], dtype=object)
    worst_scn = None
    if detail and totals and max(totals.values()) > 0:
        wc = max(totals, key=totals.get)
        worst_scn = simulate(m, Scenario(embargo=(wc,), duration_days=embargo_days))
    # ranking of the most specific categories (taxonomy leaves)
    ranked = tax.is_leaf
    ri = np.flatnonzero(ranked)
    sc = np.full(K, np.nan)
    rk = np.full(K, np.nan)
    p_top = np.full(K, np.nan)
    interval: list = [None] * K
    if len(ri):
        sc[ri] = score(sr[ri], ei[ri], worst_loss[ri], weights)
        rk[ri] = ranks(sc[ri])
    if len(ri) and n_samples > 0:   # n_samples=0: no rank sensitivity (editions, back-tests)
        sens = monte_carlo(s_imp=s_imp[ri], s_gs=s_gs[ri], risk=m.risk, t=m.t, ir=ir[ri], si=si_sr[ri],
                           ei=ei[ri], loss=worst_loss[ri], weights=weights, top_n=top_n,
                           n_samples=n_samples, seed=seed)
        p_top[ri] = sens.p_top_n
        for j, i in enumerate(ri):
            interval[i] = [round(float(sens.rank_lo[j])), round(float(sens.rank_hi[j]))]
    t["hhi_global"] = hhi_gs
    t["si_sr"] = si_sr
    t["si_ei"] = si_ei
    t["supply_risk"] = sr
    t["economic_importance"] = ei
    t["critical"] = crit
    t["dependent_output_usd"] = dep_out
    t["dependent_products"] = dep_n
    t["dependent_industries"] = dep_ind
    t["qualified_domestic_parts"] = n_dom_parts
    t["domestic_coverage"] = np.divide(dom_cap_plain, cons_si, out=np.zeros(K), where=cons_si > 0)
    t["specialised_domestic_parts"] = n_spec
    t["fragmentation_finding"] = _fragmentation_findings(ds, m)
    t["worst_embargo_country"] = worst_country
    t["worst_embargo_loss_usd"] = worst_loss
    t["score"] = sc
    t["rank"] = rk
    t["p_top_n"] = p_top
    t["rank_interval"] = interval
    t["projects"] = _projects(ds, t.index)
    t["buyer_qualified_parts"], t["buyer_qualified_oems"] = _qualified_by_buyers(ds, m)
    t["buyer_qualified_coverage"] = np.divide(bq_cov, need_val_k, out=np.zeros(K), where=need_val_k > 0)
    t["drivers"] = [_drivers(r, embargo_days) for _, r in t.iterrows()]
    method = {
        "version": METHOD_VERSION,
        "supply_risk": "SR = [HHI_WGI,t(GS)*IR/2 + HHI_WGI,t(import sources)*(1 - IR/2)]*(1 - EOL_RIR)*SI_SR",
        "global_supply_stand_in": "qualified production capacity of all known makers by maker country; "
                                  "import-origin shares where no capacity is known",
        "eol_rir": 0.0, "si_floor": SI_FLOOR,
        "economic_importance": "EI = 10 * SI_EI * output of end products needing the category via "
                               "essential BOM lines / output of all end products",
        "sr_threshold": SR_THRESHOLD, "ei_threshold": EI_THRESHOLD,
        "score": "w_SR*SR/max SR + w_EI*EI/10 + w_L*L/max L, L = worst single-country embargo loss",
        "weights": list(weights), "ranked_level": "taxonomy leaves",
        "embargo_days": embargo_days, "inventory_days": Scenario().inventory_days,
        "ramp_up_days": Scenario().ramp_up_days, "embargo_countries": list(totals),
        "sensitivity": {"n_samples": n_samples, "seed": seed, "top_n": top_n, "perturbations": PARAMS},
        "year": m.year, "home_country": m.home, "sources": SOURCES,
        "specialised_makers": f"qualified domestic capacity of a maker with specialisation index S counts "
                              f"(1 + {specialised_uplift:g}*S) times in SI_SR; specialised = S >= {SPECIALISED_S:g}",
    }
    return Assessment(m.year, m.home, t, exposure(m) if detail else None, totals, worst_scn, method, top_n)
