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

    @property
    def product_rows(self) -> np.ndarray:
        """Firm row of each product line, in the order of ``product_ids``."""
        rows = np.full(len(self.product_ids), -1, dtype=np.int64)
        f = np.flatnonzero(self.product >= 0)
        rows[self.product[f]] = f
        return rows


def plant_network(m: SupplyModel) -> PlantNetwork:
    """Build the plant network of a supply model (see the module docstring)."""
    g = m.graph
    n_prod = len(m.product_idx)
    owner_ent = np.full(g.n, -1, dtype=np.int64)
    # a product's OEM: keep it from the first sourcing-independent source (products frame order)
    oem = _product_oems(m)
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
    return PlantNetwork(net, ent_a, cat_a, org_a, prod_a, pids, eids, cids, unsourced)


def _product_oems(m: SupplyModel) -> np.ndarray:
    oem = np.asarray(m.product_oem, dtype=np.int64)
    if oem.shape != (len(m.product_idx),):
        raise InputError("plant network: the supply model has no OEM per product (product_oem)")
    return oem


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

    def to_dict(self) -> dict:
        return {"scenario": self.scenario.to_dict(), "days": list(self.days),
                "products": [{"id": p, "output_fraction": list(f), "lost_value_usd": lv,
                              "time_to_survive_days": tts}
                             for p, f, lv, tts in zip(self.product_ids, self.output_fraction,
                                                      self.lost_value_usd,
                                                      self.time_to_survive_days, strict=True)],
                "total_lost_value_usd": self.total_lost_value_usd,
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
    return DynamicScenario(scenario, res.days, pn.product_ids,
                           tuple(tuple(float(x) for x in frac[:, j]) for j in range(len(rows))),
                           tuple(float(x) for x in lost), float(lost.sum()), tts, res)
