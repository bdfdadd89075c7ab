"""Synthetic datasets for scale tests: a heavy-tailed supplier network over multi-level BOMs.

``generate(10_000)`` gives about 100k parts, 1M BOM rows and 1M sourcing rows in a few
seconds. Everything is vectorised NumPy/pandas and deterministic for a seed. Countries,
the category taxonomy and its parameters are those of the bundled sample dataset; every
other figure is synthetic (not a statistic).

Shape of the network:

* enterprises: parts makers (~90 %), OEMs (~8 %), institutes and labs; countries drawn
  with China as the home country holding about half of them;
* parts per maker: Pareto-distributed (a few makers offer thousands of parts, most a few);
* each part sits on a tier 1..4; a part's BOM children are parts of deeper tiers (so the BOM
  is a DAG by construction) drawn by preferential attachment on Pareto "popularity"
  weights, so some sub-assemblies and parts are shared by very many parents; tier-4 parts
  (and a few others) list categories as children;
* products (of OEMs) list tier-1/2 parts and a few categories;
* sourcing: the owner of each BOM parent buys each child once; a part is bought from its
  maker (share 1), a category from 1-3 makers of that category (shares summing to <= 1).
"""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pandas as pd

from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import TABLES
from keyparts.errors import InputError

TIERS = 4
TIER_WEIGHTS = np.array([0.15, 0.25, 0.30, 0.30])
PARTS_PER_FIRM = 10.0      # target parts per enterprise
BOM_PER_PART = 10.5        # target BOM rows per part
INDUSTRIES = ("construction machinery", "rail", "aerospace", "shipbuilding", "machine tools",
              "wind power", "robotics", "automotive")
YEARS = (2022, 2023)
PARAMS_PER_PART = 4        # numeric parameter values per part
PRODUCT_CHILDREN = 30      # mean BOM lines of a product
STATUSES, STATUS_P = ("production", "qualified", "prototype"), (0.7, 0.2, 0.1)
_HOME_SHARE = 0.5          # share of enterprises in the home country


def _sample_frame(name: str) -> pd.DataFrame:
    path = files("keyparts.data") / "sample" / f"{name}.csv"
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False, na_values=[""])


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` + zero-padded 1..n as an object array of str."""
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


def _str(values) -> pd.Series:
    return pd.Series(values, dtype="str")


def _pick_in_ranges(rng: np.random.Generator, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each row, an index in [lo, hi) drawn with probability proportional to its weight.

    ``cum`` is the cumulative sum of the weights (cum[i] = w[0] + ... + w[i]).
    """
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    top = cum[hi - 1]
    u = base + rng.random(len(lo)) * (top - base)
    idx = np.searchsorted(cum, u, side="right")
    return np.clip(idx, lo, hi - 1)


def generate(firms: int, *, seed: int = 0, parts_per_maker: int | None = None,
             bom_per_part: float = BOM_PER_PART) -> Dataset:
    """A synthetic, schema-valid dataset with ``firms`` enterprises (deterministic for ``seed``).

    ``parts_per_maker`` fixes the number of parts of every maker; by default it is
    Pareto-distributed with a mean of about 11 (about 10 parts per enterprise in total).
    ``bom_per_part`` sets the mean number of BOM rows per part (default 10.5); lower it to
    build a large part catalogue (e.g. 1M parts for search benchmarks) with a light BOM.
    Frames hold typed values (float, bool, int years, str) with exactly the schema columns.
    """
    if firms < 10:
        raise InputError(f"generate: firms={firms} is too small, expected at least 10 enterprises")
    if parts_per_maker is not None and parts_per_maker < 1:
        raise InputError(f"generate: parts_per_maker={parts_per_maker}, expected at least 1")
    if not bom_per_part > 0:
        raise InputError(f"generate: bom_per_part={bom_per_part}, expected a number > 0")
    rng = np.random.default_rng(seed)
    countries = _sample_frame("countries")
    categories = _sample_frame("categories")
    parameters = _sample_frame("parameters")
    codes = countries["code"].to_numpy(object)
    home = "CN" if "CN" in set(codes) else str(codes[0])
    parent = dict(zip(categories["id"], categories["parent_id"]))
    leaves = np.array(sorted(set(categories["id"]) - set(categories["parent_id"].dropna())), dtype=object)

    n = int(firms)
    kind, ent_country = _enterprises(rng, n, codes, home)
    ent_id = _ids("F", n, 7)
    makers, oems = np.flatnonzero(kind == "parts_maker"), np.flatnonzero(kind == "oem")
    part_maker, part_leaf, tier = _parts(rng, makers, leaves, parent, parts_per_maker, n)
    n_parts = len(part_maker)
    part_id = _ids("P", n_parts, 8)
    n_prod = max(1, round(len(oems) * 1.5))
    prod_oem = oems[rng.integers(0, len(oems), n_prod)]
    prod_id = _ids("X", n_prod, 6)
    made = np.unique(part_leaf)  # categories some maker makes: every category item can be sourced
    parent_code, child_code, buyer = _bom_edges(rng, tier, part_maker, prod_oem, made, len(leaves), bom_per_part)
    m = len(parent_code)

    frames = {
        "countries": countries.assign(risk=countries["risk"].astype(float),
                                      export_control=countries["export_control"].astype(float)),
        "categories": categories,
        "parameters": parameters,
        "enterprises": pd.DataFrame({
            "id": _str(ent_id), "name": _str(np.char.add("Synthetic enterprise ", ent_id.astype(str))),
            "kind": _str(kind), "country": _str(ent_country), "region": _str(np.full(n, None, dtype=object))}),
        "parts": pd.DataFrame({
            "id": _str(part_id), "maker_id": _str(ent_id[part_maker]), "category_id": _str(leaves[part_leaf]),
            "designation": _str(np.char.add("SYN-", np.arange(1, n_parts + 1).astype(str))),
            "status": _str(rng.choice(np.array(STATUSES, dtype=object), n_parts, p=STATUS_P)),
            "unit_price_usd": np.round(np.exp(rng.normal(3.0, 1.5, n_parts)), 2) + 0.01,
            "annual_capacity": np.round(np.exp(rng.normal(9.0, 1.5, n_parts))) + 1.0}),
        "products": pd.DataFrame({
            "id": _str(prod_id), "oem_id": _str(ent_id[prod_oem]),
            "name": _str(np.char.add("Product ", prod_id.astype(str))),
            "industry": _str(np.array(INDUSTRIES, dtype=object)[rng.integers(0, len(INDUSTRIES), n_prod)]),
            "annual_units": np.round(np.exp(rng.normal(7.0, 2.0, n_prod))) + 1.0,
            "unit_value_usd": np.round(np.exp(rng.normal(11.0, 1.5, n_prod))) + 1.0}),
        "bom": pd.DataFrame({
            "parent_id": _str(np.concatenate([part_id, prod_id])[parent_code]),
            "child_id": _str(np.concatenate([part_id, leaves])[child_code]),
            "qty": rng.geometric(0.35, m).astype(float), "essential": rng.random(m) < 0.7}),
        "sourcing": _sourcing(rng, buyer, child_code, part_maker, part_leaf, part_id, leaves, ent_id, ent_country),
        "part_values": _part_values(rng, part_id, part_leaf, leaves, parameters, parent),
        "trade": _trade(rng, categories, codes, home),
        "production": _production(rng, leaves),
        "demands": _demands(rng, ent_id[oems], leaves[made]),
    }
    frames = {t.name: frames[t.name][[c for c in t.column_names if c in frames[t.name].columns]]
              .reset_index(drop=True) for t in TABLES if t.name in frames}
    meta = {"name": f"synthetic network, {n} firms, seed {seed}", "year": YEARS[-1], "currency": "USD",
            "country": home, "provenance": "Synthetic (keyparts.dataset.generate); no figure is a statistic. "
                                           "Countries and categories from the bundled sample."}
    return Dataset(meta=meta, frames=frames, source=f"generate(firms={n}, seed={seed})")


def _enterprises(rng: np.random.Generator, n: int, codes: np.ndarray, home: str) -> tuple[np.ndarray, np.ndarray]:
    """Kind and country of each enterprise (~90 % parts makers, ~8 % OEMs; half at home)."""
    draw = rng.random(n)
    kind = np.select([draw < 0.08, draw < 0.09, draw < 0.10], ["oem", "institute", "lab"],
                     "parts_maker").astype(object)
    kind[0], kind[1] = "oem", "parts_maker"  # at least one of each that the network needs
    w = np.where(codes == home, 0.0, 1.0)
    w = w / w.sum() * (1 - _HOME_SHARE) + np.where(codes == home, _HOME_SHARE, 0.0)
    return kind, codes[rng.choice(len(codes), size=n, p=w)]


def _parts(rng: np.random.Generator, makers: np.ndarray, leaves: np.ndarray, parent: dict,
           parts_per_maker: int | None, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maker, leaf-category index and tier of each part, sorted by tier.

    A maker has a home leaf category: 70 % of its parts are there, the rest in other leaves
    of the same family. Sorting by tier makes "every part deeper than tier t" one contiguous
    index range, which the BOM draw uses.
    """
    if parts_per_maker is not None:
        counts = np.full(len(makers), int(parts_per_maker))
    else:
        w = rng.pareto(1.8, len(makers)) + 1.0
        counts = np.maximum(1, np.round(w / w.sum() * PARTS_PER_FIRM * n)).astype(int)
    n_parts = int(counts.sum())

    def family(cid: str) -> str:
        while isinstance(parent.get(cid), str):
            cid = parent[cid]
        return cid

    _, fam = np.unique(np.array([family(c) for c in leaves], dtype=object), return_inverse=True)
    by_fam = np.argsort(fam, kind="stable")
    fam_start = np.searchsorted(fam[by_fam], np.arange(fam.max() + 2))
    part_maker = np.repeat(makers, counts)
    home_leaf = np.repeat(rng.integers(0, len(leaves), len(makers)), counts)
    f = fam[home_leaf]
    other = by_fam[fam_start[f] + (rng.random(n_parts) * (fam_start[f + 1] - fam_start[f])).astype(int)]
    part_leaf = np.where(rng.random(n_parts) < 0.7, home_leaf, other)
    tier = rng.choice(np.arange(1, TIERS + 1), size=n_parts, p=TIER_WEIGHTS)
    o = np.argsort(tier, kind="stable")
    return part_maker[o], part_leaf[o], tier[o]


def _bom_edges(rng: np.random.Generator, tier: np.ndarray, part_maker: np.ndarray, prod_oem: np.ndarray,
               made: np.ndarray, n_leaves: int, bom_per_part: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BOM edges as integer codes, without duplicates, in draw order.

    Parent code: part i, or product n_parts + j. Child code: part i, or category
    n_parts + leaf. Also returns the buyer (owner of the parent: the part's maker or the
    product's OEM). Part children are drawn by preferential attachment (Pareto popularity)
    among parts of deeper tiers only, so the BOM is acyclic; tier-4 parts (and 5 % of the
    others) list one category; products list ~30 tier-1/2 parts and one category.
    """
    n_parts, n_prod = len(tier), len(prod_oem)
    cum = np.cumsum(rng.pareto(1.2, n_parts) + 1.0)
    tier_start = np.searchsorted(tier, np.arange(1, TIERS + 2))
    is_parent = tier < TIERS
    lam = max(0.0, (bom_per_part * n_parts - n_prod * PRODUCT_CHILDREN)
              / max(1, int(is_parent.sum())) * 1.04 - 1)
    par = np.repeat(np.arange(n_parts), np.where(is_parent, rng.poisson(lam, n_parts) + 1, 0))
    lo = tier_start[tier[par]]  # first part of the next tier
    par, lo = par[lo < n_parts], lo[lo < n_parts]
    ch = _pick_in_ranges(rng, cum, lo, np.full(len(par), n_parts))
    cat_par = np.flatnonzero((tier == TIERS) | (rng.random(n_parts) < 0.05))
    ppar = np.repeat(np.arange(n_prod), rng.poisson(PRODUCT_CHILDREN - 1, n_prod) + 1)
    pch = _pick_in_ranges(rng, cum, np.zeros(len(ppar), int), np.full(len(ppar), max(int(tier_start[2]), 1)))
    cat_children = made[rng.integers(0, len(made), len(cat_par))]
    pcat_children = made[rng.integers(0, len(made), n_prod)]
    parent_code = np.concatenate([par, cat_par, n_parts + ppar, n_parts + np.arange(n_prod)])
    child_code = np.concatenate([ch, n_parts + cat_children, pch, n_parts + pcat_children])
    buyer = np.concatenate([part_maker[par], part_maker[cat_par], prod_oem[ppar], prod_oem])
    span = np.int64(n_parts + max(n_prod, n_leaves))
    _, first = np.unique(parent_code.astype(np.int64) * span + child_code, return_index=True)
    first.sort()
    return parent_code[first], child_code[first], buyer[first]


def _sourcing(rng: np.random.Generator, buyer: np.ndarray, child_code: np.ndarray, part_maker: np.ndarray,
              part_leaf: np.ndarray, part_id: np.ndarray, leaves: np.ndarray, ent_id: np.ndarray,
              ent_country: np.ndarray) -> pd.DataFrame:
    """The owner of each BOM parent buys each child once: a part from its maker (share 1), a
    category from 1-3 makers of that category (shares floored to 1e-4, summing to <= 1)."""
    n_parts, n = len(part_maker), len(ent_id)
    span = np.int64(n_parts + len(leaves))
    _, first = np.unique(buyer.astype(np.int64) * span + child_code, return_index=True)
    first.sort()
    b_buyer, b_item = buyer[first], child_code[first]
    is_part = b_item < n_parts
    p_buyer, p_item = b_buyer[is_part], b_item[is_part]
    c_buyer, c_leaf = b_buyer[~is_part], b_item[~is_part] - n_parts
    mk = np.unique(part_leaf.astype(np.int64) * n + part_maker)  # (leaf, maker) pairs by leaf
    mk_leaf, mk_maker = mk // n, mk % n
    mk_start = np.searchsorted(mk_leaf, np.arange(len(leaves) + 1))
    row = np.repeat(np.arange(len(c_buyer)), rng.integers(1, 4, len(c_buyer)))
    cr = c_leaf[row]
    c_sup = mk_maker[mk_start[cr] + (rng.random(len(row)) * (mk_start[cr + 1] - mk_start[cr])).astype(int)]
    _, first = np.unique(row.astype(np.int64) * n + c_sup, return_index=True)
    first.sort()
    row, c_sup = row[first], c_sup[first]
    raw = rng.uniform(0.2, 1.0, len(row))
    total = np.bincount(row, weights=raw, minlength=len(c_buyer))
    s_sup = np.concatenate([part_maker[p_item], c_sup])
    return pd.DataFrame({
        "buyer_id": _str(ent_id[np.concatenate([p_buyer, c_buyer[row]])]),
        "item_id": _str(np.concatenate([part_id[p_item], leaves[c_leaf[row]]])),
        "supplier_id": _str(ent_id[s_sup]), "origin_country": _str(ent_country[s_sup]),
        "share": np.concatenate([np.ones(len(p_item)), np.floor(raw / total[row] * 1e4) / 1e4]),
    })


def _part_values(rng: np.random.Generator, pid: np.ndarray, part_leaf: np.ndarray, leaves: np.ndarray,
                 parameters: pd.DataFrame, parent: dict) -> pd.DataFrame:
    """Up to four numeric parameters per part (the first ones declared for its family).

    Bearings (parameters d, D, B, C) get consistent boundary dimensions: D = d*(1.5-2.2),
    B = (D - d)*(0.3-0.5) and a rating C growing with d*B.
    """
    n = len(pid)
    num = parameters[parameters["kind"] == "number"]
    declared: dict[str, list[tuple[str, str]]] = {}
    for cid, name, unit in zip(num["category_id"], num["name"], num["unit"]):
        declared.setdefault(cid, []).append((name, unit if isinstance(unit, str) else ""))
    out = []
    fam_params = []
    for leaf in leaves:
        chain, c = [], leaf
        while isinstance(c, str):
            chain.append(c)
            c = parent.get(c)
        ps = [p for cc in reversed(chain) for p in declared.get(cc, [])]
        fam_params.append(ps[:PARAMS_PER_PART])
    d = np.exp(rng.uniform(np.log(10), np.log(300), n)).round()
    D = (d * rng.uniform(1.5, 2.2, n)).round()
    B = ((D - d) * rng.uniform(0.3, 0.5, n)).round(1)
    C = (0.35 * (d * B) ** 0.9 * rng.uniform(0.9, 1.1, n)).round(1)
    generic = np.round(np.exp(rng.normal(3.0, 1.0, (PARAMS_PER_PART, n))), 2)
    bearing_like = {"d": d, "D": D, "B": B, "C": C}
    for j in range(PARAMS_PER_PART):
        names = np.array([fp[j][0] if len(fp) > j else "" for fp in fam_params], dtype=object)[part_leaf]
        units = np.array([fp[j][1] if len(fp) > j else "" for fp in fam_params], dtype=object)[part_leaf]
        has = names != ""
        vals = generic[j].copy()
        for pname, arr in bearing_like.items():
            sel = names == pname
            vals[sel] = arr[sel]
        out.append(pd.DataFrame({"part_id": pid[has], "parameter": names[has],
                                 "value": vals[has], "unit": units[has]}))
    pv = pd.concat(out, ignore_index=True)
    pv["value"] = _within_limits(rng, pv, parameters)
    return pd.DataFrame({"part_id": _str(pv["part_id"]), "parameter": _str(pv["parameter"]),
                         "value": _str(pv["value"].map(repr)),
                         "unit": _str(pv["unit"].replace({"": None}))})


def _within_limits(rng: np.random.Generator, pv: pd.DataFrame, parameters: pd.DataFrame) -> np.ndarray:
    """Generated values moved inside the limits ``parameters.csv`` declares (keyparts.dataset.limits):
    a broken relation to another value of the part is mended by scaling that value (x1.1-1.5 for > and >=,
    x0.4-0.7 for < and <=, e.g. a cylinder's rod from its bore), then ranges by clipping."""
    from keyparts.dataset.limits import OPS, parse_limits

    vals = pv["value"].to_numpy(float).copy()
    if "limits" not in parameters.columns:
        return vals
    declared = {n: parse_limits(t) for n, t in zip(parameters["name"], parameters["limits"]) if isinstance(t, str)}
    names, pids = pv["parameter"].to_numpy(object), pv["part_id"].to_numpy(object)
    for name, limits in declared.items():
        rows = np.flatnonzero(names == name)
        if not rows.size:
            continue
        for lim in limits:
            if lim.parameter is not None:
                src = np.flatnonzero(names == lim.parameter)
                other = pd.Series(vals[src], index=pids[src]).groupby(level=0).first()
                base = other.reindex(pids[rows]).to_numpy(float)
                with np.errstate(invalid="ignore"):
                    bad = np.isfinite(base) & ~OPS[lim.op](vals[rows], base)
                lo, hi = (1.1, 1.5) if lim.op.startswith(">") else (0.4, 0.7)
                vals[rows[bad]] = np.round(base[bad] * rng.uniform(lo, hi, int(bad.sum())), 2)
            elif lim.op.startswith(">"):
                floor = lim.number + (0.01 * (abs(lim.number) + 1) if lim.op == ">" else 0.0)
                vals[rows] = np.maximum(vals[rows], floor)
            else:
                ceil = lim.number - (0.01 * (abs(lim.number) + 1) if lim.op == "<" else 0.0)
                vals[rows] = np.minimum(vals[rows], ceil)
    return vals


def _trade(rng: np.random.Generator, categories: pd.DataFrame, codes: np.ndarray, home: str) -> pd.DataFrame:
    hs = sorted({h for s in categories["hs_codes"].dropna() for h in s.split(";") if h})
    partners = codes[codes != home]
    g = np.array(np.meshgrid(np.arange(len(hs)), np.arange(len(YEARS)), np.arange(len(partners)), [0, 1],
                             indexing="ij")).reshape(4, -1)
    m = g.shape[1]
    value = np.round(np.exp(rng.normal(17.0, 1.5, m)))
    return pd.DataFrame({
        "hs_code": _str(np.array(hs, dtype=object)[g[0]]), "year": np.array(YEARS)[g[1]].astype("int64"),
        "partner_country": _str(partners[g[2]]), "flow": _str(np.array(["import", "export"], dtype=object)[g[3]]),
        "value_usd": value, "quantity": np.round(value / np.exp(rng.normal(2.0, 1.0, m))),
        "unit": _str(np.full(m, "pcs", dtype=object)),
    })


def _production(rng: np.random.Generator, leaves: np.ndarray) -> pd.DataFrame:
    g = np.array(np.meshgrid(np.arange(len(leaves)), np.arange(len(YEARS)), indexing="ij")).reshape(2, -1)
    return pd.DataFrame({"category_id": _str(leaves[g[0]]), "year": np.array(YEARS)[g[1]].astype("int64"),
                         "domestic_output_usd": np.round(np.exp(rng.normal(20.0, 1.5, g.shape[1])))})


def _demands(rng: np.random.Generator, oem_ids: np.ndarray, cats: np.ndarray) -> pd.DataFrame:
    k = max(1, len(oem_ids) // 2)
    return pd.DataFrame({
        "id": _str(_ids("D", k, 6)), "oem_id": _str(oem_ids[rng.integers(0, len(oem_ids), k)]),
        "category_id": _str(cats[rng.integers(0, len(cats), k)]),
        "quantity": np.round(np.exp(rng.normal(7.0, 1.5, k))) + 1.0,
        "need_by": _str(np.full(k, f"{YEARS[-1] + 1}-12-31", dtype=object)),
        "constraints": _str(np.full(k, None, dtype=object)),
        "required_life_h": np.full(k, np.nan), "loads": _str(np.full(k, None, dtype=object)),
    })
