"""Synthetic datasets for scale tests: a heavy-tailed supplier network over multi-level BOMs.

``generate(10_000)`` gives about 100k parts, 1M BOM rows and 1M sourcing rows;
:func:`keyparts.dataset.generate_csv.write_generated` writes the same dataset straight to CSV
block by block, in memory bounded by the block size (national scale, 100 000 firms and more).
Everything is vectorised NumPy/pyarrow and deterministic for a seed. Countries, the category
taxonomy and its parameters are those of the bundled sample dataset; every other figure is
synthetic (not a statistic).

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

How it is drawn (what a seed means): :func:`plan` draws, from the random stream
``(seed, 0)``, only the arrays that cross blocks, as compact NumPy arrays (kind and country of
each enterprise; leaf category, tier and popularity of each part; products per OEM). Part
ids are numbered maker by maker and product ids OEM by OEM, so the enterprises of one block
(``BLOCK_FIRMS`` consecutive ids) own a contiguous range of parts and products; :func:`block`
then draws everything those enterprises own (their parts, part values, products, the BOM
lines of their parts and products and their purchases) from the stream ``(seed, 2 + block)``.
The block size is fixed and part of a seed's meaning; how blocks are grouped for writing does
not change a byte. The small tables (trade, production, demands) come from ``(seed, 1)``.
Rows come sorted by key, as :func:`keyparts.dataset.io.write_dataset` writes them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from importlib.resources import files

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from keyparts.arrays import unique
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
KINDS = ("parts_maker", "oem", "institute", "lab")
_HOME_SHARE = 0.5          # share of enterprises in the home country
BLOCK_FIRMS = 1000         # enterprises per block (part of a seed's meaning, see the module docstring)
#: tables drawn block by block, in the order they are produced; "bom_products" holds the BOM
#: lines of products, which sort after those of parts ("X..." > "P...") in bom.csv
BLOCK_TABLES = ("enterprises", "parts", "part_values", "products", "bom", "bom_products", "sourcing")


def _sample_frame(name: str) -> pd.DataFrame:
    path = files("keyparts.data") / "sample" / f"{name}.csv"
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False, na_values=[""])


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` + zero-padded 1..n as an object array of str."""
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


_DIGITS4 = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode("ascii"), np.uint8).reshape(-1, 4)


def _id_array(prefix: str, idx: np.ndarray, width: int) -> pa.Array:
    """``prefix`` + zero-padded ``idx + 1`` as a pyarrow string array (digits written four at a
    time straight into the array's byte buffer: ids are most of the bytes of a national dataset)."""
    v = np.asarray(idx, np.int64) + 1
    head = np.frombuffer(prefix.encode("ascii"), np.uint8)
    size = len(head) + width
    buf = np.empty((len(v), size), np.uint8)
    buf[:, :len(head)] = head
    end = size
    while end > len(head):
        k = min(4, end - len(head))
        buf[:, end - k:end] = _DIGITS4[v % 10_000, 4 - k:]
        v = v // 10_000
        end -= k
    offsets = np.arange(0, (len(buf) + 1) * size, size, dtype=np.int32)
    return pa.StringArray.from_buffers(len(buf), pa.py_buffer(offsets), pa.py_buffer(buf))


def _unique(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an int64 array (a plain sort: faster here than np.unique)."""
    x = np.sort(x)
    keep = np.ones(len(x), bool)
    keep[1:] = x[1:] != x[:-1]
    return x[keep]


def float_repr(x: np.ndarray) -> pa.Array:
    """``repr`` of each float as a pyarrow string array, vectorised: pyarrow's shortest form is
    the same digits as Python's and the same layout for 1e-4 <= |x| < 1e9 (checked on 4M
    random doubles); integral values below 1e16 are ``int`` text + ".0"; the rest use ``repr``."""
    x = np.asarray(x, np.float64)
    ax = np.abs(x)
    integral = (np.floor(x) == x) & (ax < 1e16) & ~((x == 0) & np.signbit(x))  # -0.0 keeps its sign
    plain = ~integral & (ax >= 1e-4) & (ax < 1e9)
    text = pc.if_else(pa.array(integral),
                      pc.binary_join_element_wise(pa.array(np.where(integral, x, 0).astype(np.int64)).cast(pa.string()),
                                                  ".0", ""),
                      pa.array(x).cast(pa.string()))
    rest = ~integral & ~plain
    if rest.any():
        text = pc.replace_with_mask(text, pa.array(rest), pa.array([repr(v) for v in x[rest].tolist()], pa.string()))
    return text


def _str(values) -> pd.Series:
    return pd.Series(values, dtype="str")


def _rng(seed: int, stream: int) -> np.random.Generator:
    """The random stream ``stream`` of ``seed`` (0 the plan, 1 the small tables, 2+b block b)."""
    return np.random.default_rng([seed, stream])


def _pick_in_ranges(rng: np.random.Generator, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each row, an index in [lo, hi) drawn with probability proportional to its weight.

    ``cum`` is the cumulative sum of the weights (cum[i] = w[0] + ... + w[i]).
    """
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    top = cum[hi - 1]
    u = base + rng.random(len(lo)) * (top - base)
    idx = np.searchsorted(cum, u, side="right")
    return np.clip(idx, lo, hi - 1)


@dataclass(frozen=True, eq=False)
class Plan:
    """What crosses blocks: per-enterprise and per-part key arrays (compact NumPy) and the
    sample tables. Index conventions: enterprise ``e`` is id ``F{e+1}``; its parts are
    ``part_start[e]:part_start[e+1]`` and its products ``prod_start[e]:prod_start[e+1]``;
    an item code ``c < n_parts`` is a part, else the leaf category ``c - n_parts``."""

    seed: int
    n: int
    meta: dict
    sample: dict[str, pd.DataFrame]   # countries, categories, parameters (as text)
    codes: np.ndarray                 # country codes
    leaves: np.ndarray                # leaf category ids, sorted
    kind: np.ndarray                  # int8 index into KINDS per enterprise
    country: np.ndarray               # int16 index into codes per enterprise
    part_start: np.ndarray            # int64[n + 1]
    part_maker: np.ndarray            # int32 maker (enterprise index) per part
    prod_start: np.ndarray            # int64[n + 1]
    leaf: np.ndarray                  # int16 leaf index per part
    tier: np.ndarray                  # int8 tier (1..4) per part
    by_tier: np.ndarray               # int32 part indices sorted by tier (stable)
    tier_start: np.ndarray            # where tiers 1..5 start in by_tier
    cum: np.ndarray                   # float64 cumulative popularity along by_tier
    lam: float                        # Poisson mean of extra part children per parent part
    made: np.ndarray                  # leaves some maker makes (every category item can be sourced)
    mk_maker: np.ndarray              # makers of leaf l: mk_maker[mk_start[l]:mk_start[l + 1]]
    mk_start: np.ndarray
    leaf_key: np.ndarray              # int64 sort key of each leaf among item ids (see _item_key)
    param_names: np.ndarray           # object[PARAMS_PER_PART, n_leaves] ("" = none)
    param_units: np.ndarray           # object[PARAMS_PER_PART, n_leaves] (None = no unit)
    param_rank: np.ndarray            # int64[PARAMS_PER_PART, n_leaves]: rank of the name in string order
    widths: dict                      # id prefix -> zero-padded width

    @property
    def n_parts(self) -> int:
        return len(self.tier)

    @property
    def n_blocks(self) -> int:
        return -(-self.n // BLOCK_FIRMS)


def plan(firms: int, *, seed: int = 0, parts_per_maker: int | None = None,
         bom_per_part: float = BOM_PER_PART) -> Plan:
    """Draw the arrays that cross blocks (see the module docstring); checks the options."""
    if firms < 10:
        raise InputError(f"generate: firms={firms} is too small, expected at least 10 enterprises")
    if seed < 0:
        raise InputError(f"generate: seed={seed}, expected an integer >= 0")
    if parts_per_maker is not None and parts_per_maker < 1:
        raise InputError(f"generate: parts_per_maker={parts_per_maker}, expected at least 1")
    if not bom_per_part > 0:
        raise InputError(f"generate: bom_per_part={bom_per_part}, expected a number > 0")
    rng = _rng(seed, 0)
    sample = {name: _sample_frame(name) for name in ("countries", "categories", "parameters")}
    categories = sample["categories"]
    codes = sample["countries"]["code"].to_numpy(object)
    home = "CN" if "CN" in set(codes) else str(codes[0])
    parent = dict(zip(categories["id"], categories["parent_id"]))
    leaves = np.array(sorted(set(categories["id"]) - set(categories["parent_id"].dropna())), dtype=object)
    n = int(firms)

    draw = rng.random(n)
    kind = np.select([draw < 0.08, draw < 0.09, draw < 0.10], [1, 2, 3], 0).astype(np.int8)
    kind[0], kind[1] = 1, 0  # at least one OEM and one parts maker, which the network needs
    w = np.where(codes == home, 0.0, 1.0)
    w = w / w.sum() * (1 - _HOME_SHARE) + np.where(codes == home, _HOME_SHARE, 0.0)
    country = rng.choice(len(codes), size=n, p=w).astype(np.int16)

    makers, oems = np.flatnonzero(kind == 0), np.flatnonzero(kind == 1)
    if parts_per_maker is not None:
        counts = np.full(len(makers), int(parts_per_maker))
    else:
        pw = rng.pareto(1.8, len(makers)) + 1.0
        counts = np.maximum(1, np.round(pw / pw.sum() * PARTS_PER_FIRM * n)).astype(np.int64)
    per_firm = np.zeros(n, np.int64)
    per_firm[makers] = counts
    part_start = np.concatenate([[0], np.cumsum(per_firm)])
    n_parts = int(part_start[-1])
    leaf, fam = _part_leaves(rng, makers, counts, leaves, parent)
    tier = rng.choice(np.arange(1, TIERS + 1), size=n_parts, p=TIER_WEIGHTS).astype(np.int8)
    by_tier = np.argsort(tier, kind="stable").astype(np.int32)
    tier_start = np.searchsorted(tier[by_tier], np.arange(1, TIERS + 2))
    cum = np.cumsum(rng.pareto(1.2, n_parts) + 1.0)
    n_prod = max(1, round(len(oems) * 1.5))
    per_oem = np.zeros(n, np.int64)
    per_oem[oems] = np.bincount(rng.integers(0, len(oems), n_prod), minlength=len(oems))
    prod_start = np.concatenate([[0], np.cumsum(per_oem)])
    n_parents = int((tier < TIERS).sum())
    lam = max(0.0, (bom_per_part * n_parts - n_prod * PRODUCT_CHILDREN) / max(1, n_parents) * 1.04 - 1)

    part_maker = np.repeat(np.arange(n, dtype=np.int32), per_firm)
    mk = _unique(leaf.astype(np.int64) * n + part_maker)  # (leaf, maker) pairs by leaf
    widths = {"F": max(7, len(str(n))), "P": max(8, len(str(n_parts))), "X": max(6, len(str(n_prod))),
              "D": max(6, len(str(max(1, len(oems) // 2))))}
    names, units = _family_parameters(sample["parameters"], leaves, parent)
    meta = {"name": f"synthetic network, {n} firms, seed {seed}", "year": YEARS[-1], "currency": "USD",
            "country": home, "provenance": "Synthetic (keyparts.dataset.generate); no figure is a statistic. "
                                           "Countries and categories from the bundled sample."}
    return Plan(seed=seed, n=n, meta=meta, sample=sample, codes=codes, leaves=leaves, kind=kind,
                country=country, part_start=part_start, part_maker=part_maker, prod_start=prod_start, leaf=leaf, tier=tier,
                by_tier=by_tier, tier_start=tier_start, cum=cum, lam=lam, made=unique(leaf).astype(np.int64),
                mk_maker=(mk % n).astype(np.int32), mk_start=np.searchsorted(mk // n, np.arange(len(leaves) + 1)),
                leaf_key=_leaf_keys(leaves, n_parts, widths["P"]), param_names=names, param_units=units,
                param_rank=np.unique(names.astype(str), return_inverse=True)[1].reshape(names.shape), widths=widths)


def _part_leaves(rng: np.random.Generator, makers: np.ndarray, counts: np.ndarray, leaves: np.ndarray,
                 parent: dict) -> tuple[np.ndarray, np.ndarray]:
    """Leaf index of each part: a maker has a home leaf category; 70 % of its parts are
    there, the rest in other leaves of the same family. Also returns each leaf's family index."""
    def family(cid: str) -> str:
        while isinstance(parent.get(cid), str):
            cid = parent[cid]
        return cid

    _, fam = np.unique(np.array([family(c) for c in leaves], dtype=object), return_inverse=True)
    by_fam = np.argsort(fam, kind="stable")
    fam_start = np.searchsorted(fam[by_fam], np.arange(fam.max() + 2))
    home_leaf = np.repeat(rng.integers(0, len(leaves), len(makers)), counts)
    f = fam[home_leaf]
    other = by_fam[fam_start[f] + (rng.random(len(home_leaf)) * (fam_start[f + 1] - fam_start[f])).astype(int)]
    return np.where(rng.random(len(home_leaf)) < 0.7, home_leaf, other).astype(np.int16), fam


def _leaf_keys(leaves: np.ndarray, n_parts: int, width: int) -> np.ndarray:
    """Sort keys that order item ids as strings: part i -> (2i + 1)·L, and a leaf with r part
    ids below it (in string order) -> 2r·L + its own rank, L the number of leaves."""
    def part_id(i: int) -> str:
        return f"P{i + 1:0{width}d}"
    L = len(leaves)
    below = [bisect.bisect_left(range(n_parts), str(s), key=part_id) for s in leaves]
    return np.array(below, np.int64) * 2 * L + np.arange(L)


def _item_key(p: Plan, code: np.ndarray) -> np.ndarray:
    """Sort key of item codes (parts and leaves) in the string order of their ids."""
    code = np.asarray(code, np.int64)
    is_part = code < p.n_parts
    return np.where(is_part, (2 * code + 1) * len(p.leaves), p.leaf_key[np.where(is_part, 0, code - p.n_parts)])


def _family_parameters(parameters: pd.DataFrame, leaves: np.ndarray, parent: dict) -> tuple[np.ndarray, np.ndarray]:
    """The first PARAMS_PER_PART numeric parameters declared along each leaf's chain
    (family first): names ("" = none) and units (None = none), shape (PARAMS_PER_PART, leaves)."""
    num = parameters[parameters["kind"] == "number"]
    declared: dict[str, list[tuple[str, str | None]]] = {}
    for cid, name, unit in zip(num["category_id"], num["name"], num["unit"]):
        declared.setdefault(cid, []).append((name, unit if isinstance(unit, str) and unit else None))
    names = np.full((PARAMS_PER_PART, len(leaves)), "", dtype=object)
    units = np.full((PARAMS_PER_PART, len(leaves)), None, dtype=object)
    for k, leaf in enumerate(leaves):
        chain, c = [], leaf
        while isinstance(c, str):
            chain.append(c)
            c = parent.get(c)
        ps = [p for cc in reversed(chain) for p in declared.get(cc, [])][:PARAMS_PER_PART]
        for j, (name, unit) in enumerate(ps):
            names[j, k], units[j, k] = name, unit
    return names, units


def block(p: Plan, b: int) -> dict[str, pa.Table]:
    """Every row owned by the enterprises of block ``b`` (ids ``b·BLOCK_FIRMS + 1`` ...), as typed
    pyarrow tables named as in BLOCK_TABLES, each sorted by its key."""
    rng = _rng(p.seed, 2 + b)
    a, e = b * BLOCK_FIRMS, min(p.n, (b + 1) * BLOCK_FIRMS)
    parts = np.arange(p.part_start[a], p.part_start[e])
    prods = np.arange(p.prod_start[a], p.prod_start[e])
    out = {"enterprises": _enterprises(p, a, e), "parts": _parts(rng, p, parts),
           "part_values": _part_values(rng, p, parts), "products": _products(rng, p, prods)}
    edges = _bom_edges(rng, p, parts, prods)
    for name, (par, ch) in zip(("bom", "bom_products"), edges):
        m = len(par)
        pid = _id_array("P", par, p.widths["P"]) if name == "bom" else _id_array("X", par, p.widths["X"])
        out[name] = pa.table({"parent_id": pid, "child_id": _item_ids(p, ch),
                              "qty": rng.geometric(0.35, m).astype(float), "essential": rng.random(m) < 0.7})
    out["sourcing"] = _sourcing(rng, p, edges)
    return out


def _enterprises(p: Plan, a: int, e: int) -> pa.Table:
    idx = np.arange(a, e)
    ids = _id_array("F", idx, p.widths["F"])
    return pa.table({"id": ids, "name": pc.binary_join_element_wise("Synthetic enterprise ", ids, ""),
                     "kind": pa.array(np.array(KINDS, dtype=object)[p.kind[idx]], pa.string()),
                     "country": pa.array(p.codes[p.country[idx]], pa.string()),
                     "region": pa.nulls(len(idx), pa.string())})


def _parts(rng: np.random.Generator, p: Plan, parts: np.ndarray) -> pa.Table:
    k = len(parts)
    maker = p.part_maker[parts]
    return pa.table({
        "id": _id_array("P", parts, p.widths["P"]), "maker_id": _id_array("F", maker, p.widths["F"]),
        "category_id": pa.array(p.leaves[p.leaf[parts]], pa.string()),
        "designation": pc.binary_join_element_wise("SYN-", pa.array(parts + 1).cast(pa.string()), ""),
        "status": pa.array(np.array(STATUSES, dtype=object)[rng.choice(len(STATUSES), k, p=STATUS_P)], pa.string()),
        "unit_price_usd": np.round(np.exp(rng.normal(3.0, 1.5, k)), 2) + 0.01,
        "annual_capacity": np.round(np.exp(rng.normal(9.0, 1.5, k))) + 1.0})


def _products(rng: np.random.Generator, p: Plan, prods: np.ndarray) -> pa.Table:
    k = len(prods)
    ids = _id_array("X", prods, p.widths["X"])
    oem = np.searchsorted(p.prod_start, prods, side="right") - 1
    return pa.table({
        "id": ids, "oem_id": _id_array("F", oem, p.widths["F"]),
        "name": pc.binary_join_element_wise("Product ", ids, ""),
        "industry": pa.array(np.array(INDUSTRIES, dtype=object)[rng.integers(0, len(INDUSTRIES), k)], pa.string()),
        "annual_units": np.round(np.exp(rng.normal(7.0, 2.0, k))) + 1.0,
        "unit_value_usd": np.round(np.exp(rng.normal(11.0, 1.5, k))) + 1.0})


def _part_values(rng: np.random.Generator, p: Plan, parts: np.ndarray) -> pa.Table:
    """Up to four numeric parameters per part (the first ones declared for its family).

    Bearings (parameters d, D, B, C) get consistent boundary dimensions: D = d*(1.5-2.2),
    B = (D - d)*(0.3-0.5) and a rating C growing with d*B.
    """
    k = len(parts)
    d = np.exp(rng.uniform(np.log(10), np.log(300), k)).round()
    D = (d * rng.uniform(1.5, 2.2, k)).round()
    B = ((D - d) * rng.uniform(0.3, 0.5, k)).round(1)
    C = (0.35 * (d * B) ** 0.9 * rng.uniform(0.9, 1.1, k)).round(1)
    vals = np.round(np.exp(rng.normal(3.0, 1.0, (PARAMS_PER_PART, k))), 2)
    leaf = p.leaf[parts]
    names, units = p.param_names[:, leaf], p.param_units[:, leaf]
    for pname, arr in {"d": d, "D": D, "B": B, "C": C}.items():
        sel = names == pname
        vals[sel] = np.broadcast_to(arr, vals.shape)[sel]
    _within_limits(names, vals, p.sample["parameters"])
    j, i = np.nonzero(names != "")
    o = np.lexsort((p.param_rank[j, leaf[i]], i))
    j, i = j[o], i[o]
    return pa.table({"part_id": _id_array("P", parts[i], p.widths["P"]),
                     "parameter": pa.array(names[j, i], pa.string()),
                     "value": float_repr(vals[j, i]),
                     "unit": pa.array(units[j, i], pa.string())})


def _within_limits(names: np.ndarray, vals: np.ndarray, parameters: pd.DataFrame) -> None:
    """Move generated values (PARAMS_PER_PART x parts, in place) inside the limits
    ``parameters.csv`` declares (keyparts.dataset.limits), without drawing random numbers: a
    broken relation to another value of the same part is mended from that value (x1.25 for
    > and >=, x0.55 for < and <=, e.g. a cylinder's rod from its bore), then ranges are clipped."""
    from keyparts.dataset.limits import OPS, parse_limits

    if "limits" not in parameters.columns:
        return
    for name, text in zip(parameters["name"], parameters["limits"]):
        at = names == name
        if not isinstance(text, str) or not at.any():
            continue
        for lim in parse_limits(text):
            if lim.parameter is not None:
                other = names == lim.parameter
                col = other.argmax(axis=0)  # the row of the other parameter in each part's column
                base = np.where(other.any(axis=0), vals[col, np.arange(vals.shape[1])], np.nan)
                base = np.broadcast_to(base, vals.shape)
                with np.errstate(invalid="ignore"):
                    bad = at & np.isfinite(base) & ~OPS[lim.op](vals, base)
                vals[bad] = np.round(base[bad] * (1.25 if lim.op.startswith(">") else 0.55), 2)
            elif lim.op.startswith(">"):
                floor = lim.number + (0.01 * (abs(lim.number) + 1) if lim.op == ">" else 0.0)
                vals[at] = np.maximum(vals[at], floor)
            else:
                ceil = lim.number - (0.01 * (abs(lim.number) + 1) if lim.op == "<" else 0.0)
                vals[at] = np.minimum(vals[at], ceil)


def _sorted_unique(p: Plan, par: np.ndarray, ch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edges (parent code, item code) without duplicates, sorted by parent then item id."""
    span = np.int64(2 * (p.n_parts + 1) * len(p.leaves))  # above every item key
    u = _unique(np.asarray(par, np.int64) * span + _item_key(p, ch))
    return u // span, _item_code(p, u % span)


def _item_code(p: Plan, key: np.ndarray) -> np.ndarray:
    """Item codes back from their sort keys (part i: key mod 2L = L; leaf j: key mod 2L = j < L)."""
    L = len(p.leaves)
    r = key % (2 * L)
    return np.where(r == L, (key // L - 1) // 2, p.n_parts + r)


def _bom_edges(rng: np.random.Generator, p: Plan, parts: np.ndarray, prods: np.ndarray):
    """BOM edges of the block's parts and of its products, as (parent index, item code).

    Part children are drawn by preferential attachment (Pareto popularity) among parts of
    deeper tiers only, so the BOM is acyclic; tier-4 parts (and 5 % of the others) list one
    category; products list ~30 tier-1/2 parts and one category.
    """
    n_parts = p.n_parts
    t = p.tier[parts]
    src = parts[t < TIERS]
    par = np.repeat(src, rng.poisson(p.lam, len(src)) + 1)
    lo = p.tier_start[p.tier[par]]  # first part of the next tier in by_tier
    par, lo = par[lo < n_parts], lo[lo < n_parts]
    ch = p.by_tier[_pick_in_ranges(rng, p.cum, lo, np.full(len(par), n_parts))]
    cat_par = parts[(t == TIERS) | (rng.random(len(parts)) < 0.05)]
    cat_ch = n_parts + p.made[rng.integers(0, len(p.made), len(cat_par))]
    ppar = np.repeat(prods, rng.poisson(PRODUCT_CHILDREN - 1, len(prods)) + 1)
    top = max(int(p.tier_start[2]), 1)  # parts of tiers 1 and 2
    pch = p.by_tier[_pick_in_ranges(rng, p.cum, np.zeros(len(ppar), np.int64), np.full(len(ppar), top))]
    pcat = n_parts + p.made[rng.integers(0, len(p.made), len(prods))]
    return (_sorted_unique(p, np.concatenate([par, cat_par]), np.concatenate([ch, cat_ch])),
            _sorted_unique(p, np.concatenate([ppar, prods]), np.concatenate([pch, pcat])))


def _item_ids(p: Plan, code: np.ndarray) -> pa.Array:
    is_part = code < p.n_parts
    part_ids = _id_array("P", np.where(is_part, code, 0), p.widths["P"])
    leaf_ids = pa.array(p.leaves[np.where(is_part, 0, code - p.n_parts)], pa.string())
    return pc.if_else(pa.array(is_part), part_ids, leaf_ids)


def _sourcing(rng: np.random.Generator, p: Plan, edges) -> pa.Table:
    """The owner of each BOM parent buys each child once: a part from its maker (share 1), a
    category from 1-3 makers of that category (shares floored to 1e-4, summing to <= 1)."""
    (par, ch), (ppar, pch) = edges
    buyer = np.concatenate([p.part_maker[par],
                            np.searchsorted(p.prod_start, ppar, side="right") - 1])
    buyer, item = _sorted_unique(p, buyer, np.concatenate([ch, pch]))
    is_part = item < p.n_parts
    p_buyer, p_item = buyer[is_part], item[is_part]
    c_buyer, c_leaf = buyer[~is_part], item[~is_part] - p.n_parts
    row = np.repeat(np.arange(len(c_buyer)), rng.integers(1, 4, len(c_buyer)))
    cr = c_leaf[row]
    c_sup = p.mk_maker[p.mk_start[cr] + (rng.random(len(row)) * (p.mk_start[cr + 1] - p.mk_start[cr])).astype(int)]
    u = _unique(row.astype(np.int64) * p.n + c_sup)  # sorted by (row, supplier), no repeats
    row, c_sup = u // p.n, u % p.n
    raw = rng.uniform(0.2, 1.0, len(row))
    total = np.bincount(row, weights=raw, minlength=len(c_buyer))
    b = np.concatenate([p_buyer, c_buyer[row]])
    it = np.concatenate([p_item, c_leaf[row] + p.n_parts])
    sup = np.concatenate([p.part_maker[p_item], c_sup]).astype(np.int64)
    share = np.concatenate([np.ones(len(p_item)), np.floor(raw / total[row] * 1e4) / 1e4])
    span = np.int64(2 * (p.n_parts + 1) * len(p.leaves))
    o = np.argsort(b * span + _item_key(p, it), kind="stable")  # ties: one item's suppliers, in order
    b, it, sup, share = b[o], it[o], sup[o], share[o]
    return pa.table({"buyer_id": _id_array("F", b, p.widths["F"]), "item_id": _item_ids(p, it),
                     "supplier_id": _id_array("F", sup, p.widths["F"]),
                     "origin_country": pa.array(p.codes[p.country[sup]], pa.string()), "share": share})


def small_frames(p: Plan) -> dict[str, pd.DataFrame]:
    """The tables that do not grow with the parts: the sample's countries, categories and
    parameters, and synthetic trade, production and demands (stream ``(seed, 1)``)."""
    rng = _rng(p.seed, 1)
    countries, categories = p.sample["countries"], p.sample["categories"]
    made = p.leaves[p.made]
    oem_ids = np.char.add("F", np.char.zfill((np.flatnonzero(p.kind == 1) + 1).astype(str),
                                             p.widths["F"])).astype(object)
    return {
        "countries": countries.assign(risk=countries["risk"].astype(float),
                                      export_control=countries["export_control"].astype(float)),
        "categories": categories, "parameters": p.sample["parameters"],
        "trade": _trade(rng, categories, p.codes, p.meta["country"]),
        "production": _production(rng, p.leaves),
        "demands": _demands(rng, oem_ids, made, p.widths["D"]),
    }


def generate(firms: int, *, seed: int = 0, parts_per_maker: int | None = None,
             bom_per_part: float = BOM_PER_PART) -> Dataset:
    """A synthetic, schema-valid dataset with ``firms`` enterprises (deterministic for ``seed``),
    in memory: the blocks of :func:`block` concatenated (for small sizes; stream large ones to
    CSV with :func:`keyparts.dataset.generate_csv.write_generated`, which gives the same files).

    ``parts_per_maker`` fixes the number of parts of every maker; by default it is
    Pareto-distributed with a mean of about 11 (about 10 parts per enterprise in total).
    ``bom_per_part`` sets the mean number of BOM rows per part (default 10.5); lower it to
    build a large part catalogue (e.g. 1M parts for search benchmarks) with a light BOM.
    Frames hold typed values (float, bool, int years, str) with exactly the schema columns,
    rows sorted by key.
    """
    p = plan(firms, seed=seed, parts_per_maker=parts_per_maker, bom_per_part=bom_per_part)
    chunks: dict[str, list[pa.Table]] = {name: [] for name in BLOCK_TABLES}
    for b in range(p.n_blocks):
        for name, t in block(p, b).items():
            chunks[name].append(t)
    chunks["bom"] += chunks.pop("bom_products")
    frames = small_frames(p) | {name: pa.concat_tables(ts).to_pandas() for name, ts in chunks.items()}
    frames = {t.name: frames[t.name][[c for c in t.column_names if c in frames[t.name].columns]]
              .reset_index(drop=True) for t in TABLES if t.name in frames}
    return Dataset(meta=p.meta, frames=frames, source=f"generate(firms={p.n}, seed={seed})")


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


def _demands(rng: np.random.Generator, oem_ids: np.ndarray, cats: np.ndarray, width: int) -> pd.DataFrame:
    k = max(1, len(oem_ids) // 2)
    return pd.DataFrame({
        "id": _str(_ids("D", k, width)), "oem_id": _str(oem_ids[rng.integers(0, len(oem_ids), k)]),
        "category_id": _str(cats[rng.integers(0, len(cats), k)]),
        "quantity": np.round(np.exp(rng.normal(7.0, 1.5, k))) + 1.0,
        "need_by": _str(np.full(k, f"{YEARS[-1] + 1}-12-31", dtype=object)),
        "constraints": _str(np.full(k, None, dtype=object)),
        "required_life_h": np.full(k, np.nan), "loads": _str(np.full(k, None, dtype=object)),
    })
