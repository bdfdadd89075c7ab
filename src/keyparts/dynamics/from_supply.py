"""A plant network for the daily model built from keyparts data (sourcing, BOM, production).

Firms are *plants*: one per (enterprise, part category of its output, country it ships from),
and one per product line of an OEM. Sectors are part categories, so a buyer's inputs of one
category from several suppliers are substitutes (used in proportion to the stock held from
each) and inputs of different categories are complements (Leontief), as in Inoue & Todo (2019).

Amounts are USD per day, from the supply model's conventions (:mod:`keyparts.supply.model`):

- a product line sells ``annual_units x unit_value_usd / 365`` to final demand;
- a BOM line ``parent -> child`` uses ``qty x annual need of the parent x price of the child``
  per year; a product line is its parent's only plant; a part's plants are those that supply
  it (its sourcing rows, weighted by their value; without rows its maker in the maker's
  country); each plant of the parent uses the line in proportion to its share;
- the line is bought from the suppliers of the sourcing rows of (owner of the parent, child),
  in proportion to their shares; without rows a part comes from its maker, from the maker's
  country; a category line without rows has no supplier in the data and stays outside the
  network (``unsourced_usd_per_year``);
- a link is essential when any BOM line it carries is (``bom.csv`` ``essential``): only those
  inputs limit output (non-essential inputs are bought but do not bind).

Like the supply model, only the home country's buyers' sourcing rows are used.
Pure: takes a built :class:`~keyparts.supply.model.SupplyModel`, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from keyparts.dynamics.engine import Simulation, simulate
from keyparts.dynamics.network import Network, network
from keyparts.errors import InputError
from keyparts.supply.bom import PART, PRODUCT
from keyparts.supply.model import SupplyModel
from keyparts.supply.scenario import Scenario

DAYS_PER_YEAR = 365.0


@dataclass(frozen=True, eq=False)
class PlantNetwork:
    """The network and, per firm row, what the plant is."""

    network: Network
    enterprise: np.ndarray     # per firm: enterprise index of the model
    category: np.ndarray       # per firm: category index of its output (-1: a product line)
    origin: np.ndarray         # per firm: country index it ships from
    product: np.ndarray        # per firm: product position (index into model.product_idx), -1
    product_ids: tuple[str, ...]
    enterprise_ids: tuple[str, ...]
    country_ids: tuple[str, ...]
    unsourced_usd_per_year: float
    input_plant: np.ndarray = None    # per (plant, BOM child) it buys: the plant's firm row
    input_node: np.ndarray = None     # the child's node index in the model's BOM graph
    product_industry: tuple[str, ...] = ()   # per product, as product_ids
    category_ids: tuple[str, ...] = ()       # per category index
    enterprise_region: tuple[str, ...] = ()  # per enterprise: enterprises.csv region ("" if none)
    enterprise_country: tuple[str, ...] = ()  # per enterprise: enterprises.csv country

    @property
    def product_rows(self) -> np.ndarray:
        """Firm row of each product line, in the order of ``product_ids``."""
        rows = np.full(len(self.product_ids), -1, dtype=np.int64)
        f = np.flatnonzero(self.product >= 0)
        rows[self.product[f]] = f
        return rows


def plant_network(m: SupplyModel, product_oem) -> PlantNetwork:
    """Build the plant network of a supply model (see the module docstring).

    ``product_oem``: the OEM enterprise id of each product, in the model's product order (the
    ``oem_id`` column of ``products.csv``)."""
    g = m.graph
    n_prod = len(m.product_idx)
    owner_ent = np.full(g.n, -1, dtype=np.int64)
    oem = _product_oems(m, product_oem)
    owner_ent[:n_prod] = oem
    owner_ent[g.kind == PART] = m.node_maker[g.kind == PART]

    # plants: key (enterprise, category, origin) for suppliers; product lines keyed apart
    keys: dict[tuple, int] = {}
    ent, cat, org, prod = [], [], [], []

    def plant(e: int, c: int, o: int, p: int = -1) -> int:
        k = ("P", p) if p >= 0 else (e, c, o)
        if k not in keys:
            keys[k] = len(ent)
            ent.append(e), cat.append(c), org.append(o), prod.append(p)
        return keys[k]

    for i in range(n_prod):
        plant(int(oem[i]), -1, int(m.ent_country[oem[i]]) if oem[i] >= 0 else -1, i)

    src = pd.DataFrame({"buyer": m.src_buyer, "item": m.src_node, "sup": m.src_supplier,
                        "org": m.src_origin, "w": m.src_weight})
    src = src[(src["sup"] >= 0) & (src["w"] > 0)]
    src["plant"] = [plant(int(s), int(m.node_cat[i]), int(o))
                    for s, i, o in zip(src["sup"], src["item"], src["org"], strict=True)]
    maker_country = np.where(m.node_maker >= 0, m.ent_country[np.maximum(m.node_maker, 0)], -1)

    def own_plant(node: int) -> int:   # a part bought without rows: its maker, maker's country
        return plant(int(m.node_maker[node]), int(m.node_cat[node]), int(maker_country[node]))

    # plants producing each part parent (share of the part's output)
    by_item = src.groupby("item")
    made_by: dict[int, list[tuple[int, float]]] = {}
    for node, grp in by_item:
        w = grp.groupby("plant")["w"].sum()
        made_by[int(node)] = list(zip(w.index.astype(int), (w / w.sum()).to_numpy(), strict=True))
    by_pair = {k: grp.groupby("plant")["w"].sum() for k, grp in src.groupby(["buyer", "item"])}

    e_val = g.qty * m.need_units[g.parent] * m.price[g.child]
    sup_l, cus_l, flow_l, ess_l = [], [], [], []
    unsourced = 0.0
    inputs: list[tuple[int, int]] = []
    for par, ch, val, ess in zip(g.parent, g.child, e_val, g.essential, strict=True):
        if not val > 0:
            continue
        if g.kind[par] == PRODUCT:
            parents = [(keys[("P", int(par))], 1.0)]
        elif int(par) in made_by:
            parents = made_by[int(par)]
        elif m.node_maker[par] >= 0:
            parents = [(own_plant(int(par)), 1.0)]
        else:
            continue
        rows = by_pair.get((int(owner_ent[par]), int(ch)))
        if rows is not None:
            suppliers = list(zip(rows.index.astype(int), (rows / rows.sum()).to_numpy(), strict=True))
        elif g.kind[ch] == PART and m.node_maker[ch] >= 0 and maker_country[ch] >= 0:
            suppliers = [(own_plant(int(ch)), 1.0)]
        else:
            unsourced += float(val)
            continue
        for cp, cw in parents:
            inputs.append((cp, int(ch)))
            for sp_, sw in suppliers:
                sup_l.append(sp_), cus_l.append(cp), flow_l.append(val * cw * sw / DAYS_PER_YEAR)
                ess_l.append(bool(ess))

    n = len(ent)
    links = pd.DataFrame({"s": sup_l, "c": cus_l, "f": flow_l, "e": ess_l})
    links = links[links["s"] != links["c"]]
    agg = links.groupby(["s", "c"], sort=True).agg(f=("f", "sum"), e=("e", "any")).reset_index()
    agg = agg[agg["f"] > 0]
    fd = np.zeros(n)
    prod_a = np.asarray(prod, dtype=np.int64)
    isp = prod_a >= 0
    fd[isp] = m.output_value[prod_a[isp]] / DAYS_PER_YEAR
    cat_a = np.asarray(cat, dtype=np.int64)
    sector = np.where(isp, m.tax.k + prod_a, cat_a)
    ent_a, org_a = np.asarray(ent, dtype=np.int64), np.asarray(org, dtype=np.int64)
    pids = tuple(str(x) for x in m.graph.ids[m.product_idx])
    eids, cids = tuple(str(x) for x in m.enterprises), tuple(str(x) for x in m.countries)
    catids = tuple(str(x) for x in m.tax.ids)
    ids = [f"{pids[p]}" if p >= 0 else
           f"{eids[e] if e >= 0 else '?'}|{catids[c]}|{cids[o] if o >= 0 else '?'}"
           for e, c, o, p in zip(ent_a, cat_a, org_a, prod_a, strict=True)]
    net = network(agg["s"].to_numpy(), agg["c"].to_numpy(), agg["f"].to_numpy(), fd, sector,
                  firm_ids=ids, essential=agg["e"].to_numpy())
    inp = np.array(sorted(set(inputs)), dtype=np.int64).reshape(-1, 2)
    return PlantNetwork(net, ent_a, cat_a, org_a, prod_a, pids, eids, cids, unsourced,
                        inp[:, 0], inp[:, 1], tuple(str(x) for x in m.product_industry),
                        catids)


def _product_oems(m: SupplyModel, product_oem) -> np.ndarray:
    from keyparts.supply._ids import lookup

    ids = pd.Series([str(x) for x in product_oem])
    if len(ids) != len(m.product_idx):
        raise InputError(f"plant network: {len(ids)} OEM ids for {len(m.product_idx)} products")
    oem = lookup(m.enterprises, ids)
    if (oem < 0).any():
        i = int(np.flatnonzero(oem < 0)[0])
        raise InputError(f"products.csv:{i + 1}:oem_id: {ids.iloc[i]!r} is not an enterprise id")
    return oem.astype(np.int64)


def plants_of_dataset(ds, year: int | None = None) -> tuple[SupplyModel, PlantNetwork]:
    """The supply model of a typed dataset and its plant network."""
    from keyparts.priority.assess import build_model

    m = build_model(ds, year)
    return m, plants_of_model(m, ds.frames)


def plants_of_model(m: SupplyModel, frames: dict[str, pd.DataFrame]) -> PlantNetwork:
    """The plant network of a built supply model, with the enterprises' regions and countries
    (``enterprises.csv``) of the dataset's ``frames``."""
    import dataclasses

    pn = plant_network(m, frames["products"]["oem_id"].astype(str).tolist())
    ents = frames["enterprises"].set_index(frames["enterprises"]["id"].astype(str))
    region = ents["region"] if "region" in ents else pd.Series("", index=ents.index)
    region = region.fillna("").astype(str).reindex(list(pn.enterprise_ids)).fillna("")
    country = ents["country"].astype(str).reindex(list(pn.enterprise_ids)).fillna("")
    return dataclasses.replace(pn, enterprise_region=tuple(region.str.strip()),
                               enterprise_country=tuple(country))


PARTS_INDUSTRY = "parts and components"


def value_added_labels(pn: PlantNetwork) -> dict[str, list[str | None]]:
    """Labels per plant for :func:`~keyparts.dynamics.engine.simulate`'s ``value_added_by``:

    - ``product``: the product id of a product line (part plants: in no product group);
    - ``category``: the part category a plant makes (product lines: in no category group);
    - ``industry``: a product line's industry (``products.csv``); part plants are counted as
      one industry, ``parts and components``;
    - ``region``: ``COUNTRY/REGION`` from ``enterprises.csv`` when the plant ships from its
      enterprise's country and the enterprise names a region, else the country it ships from.
    """
    n = pn.network.n_firms
    cats = pn.category_ids
    prod, ind, cat, reg = [], [], [], []
    for i in range(n):
        p, c, e, o = int(pn.product[i]), int(pn.category[i]), int(pn.enterprise[i]), int(pn.origin[i])
        prod.append(pn.product_ids[p] if p >= 0 else None)
        ind.append((pn.product_industry[p] if pn.product_industry else "") if p >= 0
                   else PARTS_INDUSTRY)
        cat.append(None if p >= 0 or c < 0 else (cats[c] if cats else str(c)))
        ctry = pn.country_ids[o] if 0 <= o < len(pn.country_ids) else "?"
        r = pn.enterprise_region[e] if 0 <= e < len(pn.enterprise_region) else ""
        home = pn.enterprise_country[e] if 0 <= e < len(pn.enterprise_country) else ""
        reg.append(f"{ctry}/{r}" if r and home == ctry else ctry)
    return {"product": prod, "category": cat, "industry": ind, "region": reg}


def scenario_delta(pn: PlantNetwork, scenario: Scenario) -> np.ndarray:
    """Share of capacity lost per plant: 1 for plants shipping from an embargoed country or
    belonging to a failed enterprise (a failed OEM's product lines too), else -1 (no shock)."""
    emb = set(scenario.embargo)
    for c in emb:
        if c not in pn.country_ids:
            raise InputError(f"--embargo: '{c}' is not a country code of the dataset")
    bad = set(scenario.failed_suppliers)
    for s in bad:
        if s not in pn.enterprise_ids:
            raise InputError(f"--supplier: '{s}' is not an enterprise id of the dataset")
    o_hit = np.array([c in emb for c in pn.country_ids] + [False])[pn.origin]
    e_hit = np.array([e in bad for e in pn.enterprise_ids] + [False])[pn.enterprise]
    return np.where(o_hit | e_hit, 1.0, -1.0)


@dataclass(frozen=True)
class DynamicScenario:
    """A scenario run day by day on the plant network: per product line, daily output as a
    fraction of its pre-shock output and the value lost (USD) over the run."""

    scenario: Scenario
    days: tuple[int, ...]
    product_ids: tuple[str, ...]
    output_fraction: tuple[tuple[float, ...], ...]   # per product, per day
    lost_value_usd: tuple[float, ...]                # per product, over the run
    total_lost_value_usd: float
    time_to_survive_days: tuple[int | None, ...]     # per product: first day below 1 - 1e-9
    simulation: Simulation
    # per product: first day from which output stays at its pre-shock level to the end of the
    # run (0: never short; None: still short on the last day)
    time_to_recover_days: tuple[int | None, ...] = ()
    industry_lost_value_usd: dict[str, float] = None  # per industry of the products

    def to_dict(self) -> dict:
        return {"scenario": self.scenario.to_dict(), "days": list(self.days),
                "products": [{"id": p, "output_fraction": list(f), "lost_value_usd": lv,
                              "time_to_survive_days": tts, "time_to_recover_days": ttr}
                             for p, f, lv, tts, ttr in zip(
                                 self.product_ids, self.output_fraction, self.lost_value_usd,
                                 self.time_to_survive_days, self.time_to_recover_days,
                                 strict=True)],
                "total_lost_value_usd": self.total_lost_value_usd,
                "industries": [{"industry": k, "lost_value_usd": v}
                               for k, v in (self.industry_lost_value_usd or {}).items()],
                "simulation": self.simulation.to_dict()}


def run_dynamic_scenario(pn: PlantNetwork, scenario: Scenario, *, days: int | None = None,
                         rationing: str = "proportional", tau: float = 6.0, **kw) -> DynamicScenario:
    """Run ``scenario`` on the plant network: the hit plants lose all capacity on day 0 and
    regain it at once after ``duration_days`` (rounded up); ``scenario.inventory_days`` is the
    target inventory. ``days`` defaults to the duration plus 30 days."""
    dur = max(1, math.ceil(scenario.duration_days))
    n_days = dur + 30 if days is None else days
    delta = scenario_delta(pn, scenario)
    rows = pn.product_rows
    kw.setdefault("value_added_by", value_added_labels(pn))
    res = simulate(pn.network, days=n_days, delta=delta, rationing=rationing, tau=tau,
                   inventory_days=scenario.inventory_days, recovery="immediate", recovery_days=1,
                   recovery_delay_days=dur - 1, track_firms=rows, **kw)
    p0 = pn.network.output[rows]
    daily = np.asarray(res.tracked_production).reshape(n_days, len(rows))
    frac = np.divide(daily, p0, out=np.ones_like(daily), where=p0 > 0)
    lost = (p0 - daily).sum(axis=0)
    below = frac < 1 - 1e-9
    tts = tuple(int(np.argmax(below[:, j])) if below[:, j].any() else None
                for j in range(len(rows)))
    ttr = tuple(0 if not below[:, j].any() else
                (None if below[-1, j] else int(n_days - np.argmax(below[::-1, j])))
                for j in range(len(rows)))
    ind: dict[str, float] = {}
    for k, v in zip(pn.product_industry or ("",) * len(rows), lost.tolist(), strict=True):
        ind[k] = ind.get(k, 0.0) + float(v)
    ind = dict(sorted(ind.items(), key=lambda kv: (-kv[1], kv[0])))
    return DynamicScenario(scenario, res.days, pn.product_ids,
                           tuple(tuple(float(x) for x in frac[:, j]) for j in range(len(rows))),
                           tuple(float(x) for x in lost), float(lost.sum()), tts, res, ttr, ind)


DEFAULT_QUALIFY_DAYS = 180.0  # a buyer's qualification of a new source, when no history says


def substitution_options(pn: PlantNetwork, m: SupplyModel, parts: pd.DataFrame, *,
                         interchangeable: pd.DataFrame | None = None,
                         qualified_for: pd.DataFrame | None = None,
                         qualify_days: dict[str, float] | None = None,
                         default_qualify_days: float = DEFAULT_QUALIFY_DAYS,
                         ramp_days: float = 60.0):
    """Substitution options of the plant network: ``(plant network with the substitute plants
    added, Substitution)``.

    For each part ``p`` a plant buys (its BOM lines), a part ``q`` of a maker with capacity
    (``parts.annual_capacity`` > 0, status qualified or production, or qualified for that buyer)
    may replace it when

    - ``q`` is qualified for the buyer: a row ``(q, buyer enterprise)`` of ``qualified_for`` (a
      qualification case at small_batch or later), or ``q`` is a part the buyer already buys
      (``q == p``, from its maker's plant): no delay;
    - or ``q`` is rated interchangeable for ``p`` (a row ``(p, q)`` of ``interchangeable``, e.g.
      the grades identical and drop-in upgrade of :mod:`keyparts.match.interchange`): after
      the time to qualify of ``q``'s category (``qualify_days``, else ``default_qualify_days``).

    The substitute is the plant of ``q``'s maker in the maker's country (added without links
    when the network lacks it); its spare capacity is the capacity value of its parts
    (``annual_capacity x price / 365``) minus its pre-shock output, never below 0; it ramps up
    linearly over ``ramp_days``. Options whose substitute has no spare capacity are dropped.
    """
    from keyparts.dynamics.substitution import substitution
    from keyparts.supply._ids import lookup

    g = m.graph
    pid = pd.Index(parts["id"].astype(str).to_numpy())
    n_prod = len(m.product_idx)
    node_of_part = n_prod + np.arange(len(pid))           # parts follow products in the graph
    cap = pd.to_numeric(parts["annual_capacity"], errors="coerce").fillna(0.0).to_numpy()
    status = parts["status"].astype(str).to_numpy()
    qf = (qualified_for if qualified_for is not None
          else pd.DataFrame({"part_id": [], "buyer_id": []}))
    qf_set = {(str(a), str(b)) for a, b in zip(qf["part_id"], qf["buyer_id"], strict=True)}
    general = np.isin(status, ("qualified", "production"))
    maker = m.node_maker[node_of_part]
    maker_c = np.where(maker >= 0, m.ent_country[np.maximum(maker, 0)], -1)

    # existing plants by key, and new ones for substitutes
    keys = {(int(e), int(c), int(o)): i for i, (e, c, o, p) in
            enumerate(zip(pn.enterprise, pn.category, pn.origin, pn.product, strict=True)) if p < 0}
    new_keys: list[tuple[int, int, int]] = []

    def plant_of(q: int) -> int:
        k = (int(maker[q]), int(m.node_cat[node_of_part[q]]), int(maker_c[q]))
        if k not in keys:
            keys[k] = pn.network.n_firms + len(new_keys)
            new_keys.append(k)
        return keys[k]

    cat_ids = [str(x) for x in m.tax.ids]
    inter: dict[int, list[int]] = {}
    if interchangeable is not None and len(interchangeable):
        a = lookup(pid, interchangeable["part_id"])
        b = lookup(pid, interchangeable["substitute_id"])
        for x, y in zip(a, b, strict=True):
            if x >= 0 and y >= 0 and x != y:
                inter.setdefault(int(x), []).append(int(y))
    by_cat_qualified: dict[tuple[int, str], list[int]] = {}
    for q_id, buyer_id in qf_set:
        if q_id in pid:
            q = int(pid.get_loc(q_id))
            by_cat_qualified.setdefault((int(m.node_cat[node_of_part[q]]), buyer_id), []).append(q)

    opts: dict[tuple[int, int, int], float] = {}
    for cp, ch in zip(pn.input_plant, pn.input_node, strict=True):
        if g.kind[ch] != PART:
            continue
        p = int(ch) - n_prod
        buyer = pn.enterprise_ids[pn.enterprise[cp]] if pn.enterprise[cp] >= 0 else None
        sector = int(m.node_cat[ch])
        cands: dict[int, float] = {}
        if cap[p] > 0 and maker[p] >= 0 and (general[p] or (pid[p], buyer) in qf_set):
            cands[p] = 0.0                                   # more of the part it already buys
        for q in by_cat_qualified.get((sector, buyer), []):
            cands[q] = 0.0
        for q in inter.get(p, []):
            if (pid[q], buyer) in qf_set:
                cands[q] = 0.0
            else:
                cat_q = cat_ids[int(m.node_cat[node_of_part[q]])]
                cands.setdefault(q, float((qualify_days or {}).get(cat_q, default_qualify_days)))
        for q, delay in cands.items():
            if not (cap[q] > 0 and maker[q] >= 0 and maker_c[q] >= 0):
                continue
            if not (general[q] or (pid[q], buyer) in qf_set):
                continue
            k = plant_of(q)
            if k == cp:
                continue
            key = (int(cp), sector, k)
            opts[key] = min(delay, opts.get(key, np.inf))

    # the network with the new plants (no links), and spare capacity per plant
    net = pn.network
    n_new = len(new_keys)
    ent = np.concatenate([pn.enterprise, np.array([k[0] for k in new_keys], dtype=np.int64)])
    cat = np.concatenate([pn.category, np.array([k[1] for k in new_keys], dtype=np.int64)])
    org = np.concatenate([pn.origin, np.array([k[2] for k in new_keys], dtype=np.int64)])
    prod = np.concatenate([pn.product, np.full(n_new, -1, dtype=np.int64)])
    ids = list(net.firm_ids) + [f"{pn.enterprise_ids[e]}|{cat_ids[c]}|{pn.country_ids[o]}"
                                for e, c, o in new_keys]
    net2 = network(net.supplier, net.customer, net.flow,
                   np.concatenate([net.final_demand, np.zeros(n_new)]),
                   np.concatenate([net.sector, cat[len(net.firm_ids):]]), firm_ids=ids,
                   essential=net.essential)
    capacity = np.zeros(net2.n_firms)
    price = m.price[node_of_part]
    for q in np.flatnonzero((cap > 0) & (maker >= 0) & (maker_c >= 0)):
        k = (int(maker[q]), int(m.node_cat[node_of_part[q]]), int(maker_c[q]))
        if k in keys:
            capacity[keys[k]] += cap[q] * price[q] / DAYS_PER_YEAR
    spare = np.maximum(capacity - net2.output, 0.0)
    pn2 = PlantNetwork(net2, ent, cat, org, prod, pn.product_ids, pn.enterprise_ids,
                       pn.country_ids, pn.unsourced_usd_per_year, pn.input_plant, pn.input_node,
                       pn.product_industry, pn.category_ids, pn.enterprise_region,
                       pn.enterprise_country)
    o = [k for k in sorted(opts) if spare[k[2]] > 0]      # a substitute without spare: no option
    sub = substitution([k[0] for k in o], [k[1] for k in o], [k[2] for k in o],
                       [opts[k] for k in o], ramp_days, spare, net2.n_firms)
    return pn2, sub


def qualify_days_by_category(parts: pd.DataFrame, cases: pd.DataFrame | None,
                             events: pd.DataFrame | None) -> dict[str, float]:
    """Median days from opening to qualification (Kaplan–Meier over the cases' histories,
    :func:`keyparts.qualify.time_to_qualify`, open cases censored at the last recorded date) per
    category of the cases' parts; categories whose median is not reached are left out."""
    from keyparts.qualify import time_to_qualify

    if cases is None or events is None or len(cases) == 0:
        return {}
    cat_of = dict(zip(parts["id"].astype(str), parts["category_id"].astype(str), strict=True))
    c = cases.assign(cat=cases["part_id"].astype(str).map(cat_of))
    dates = pd.to_datetime(pd.concat([pd.Series(cases["opened"]), pd.Series(events["date"])]))
    as_of = dates.max().date()
    out = {}
    for cat, grp in c.dropna(subset=["cat"]).groupby("cat"):
        ids = set(grp["id"].astype(str))
        ev = events[events["case_id"].astype(str).isin(ids)]
        try:
            ttq = time_to_qualify(ev, dict(zip(grp["id"].astype(str), grp["opened"], strict=True)),
                                  as_of=as_of)
        except InputError:
            continue
        if ttq.median_days is not None:
            out[str(cat)] = float(ttq.median_days)
    return out
