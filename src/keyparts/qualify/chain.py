"""The chain demonstration view (一条龙) of a key category: material → part → subsystem →
product, each link with its qualification state, domestic capacity and a bottleneck flag, and
a proposed chain (the best domestic maker, a user OEM, a test lab) from the evidence.

Pure: a :class:`keyparts.supply.model.SupplyModel` (BOM graph, annual need per node, domestic
qualified capacity, parts qualified for one buyer) and the dataset's frames in, a frozen
:class:`Chain` out.

**The path.** Among the BOM nodes of the category (its parts and category lines, subtree
included) the one with the largest annual need value (pieces/year × USD) is the chain's key
link. Upwards the path follows, at each step, the parent with the largest need value until it
reaches an end product; downwards it follows the essential input with the longest chain below
it (ties: the lowest domestic coverage, the one most likely to bind) until a node without
inputs. Tiers by position: the
top is the *product*, its direct input on the path the *subsystem*, the last input below
them the *material* (rolling elements, seal compounds, steels as the data lists them), the
links in between *parts*.

**Per link** (the link's category, subtree included):

* need N: annual pieces of the category over the whole BOM (``need_units`` of the model);
* domestic capacity Q: pieces/year of domestic parts qualified or in production for everyone,
  plus parts qualified for this product's OEM by a case at small_batch or later;
* coverage Q / N, and the **bottleneck**: the link of lowest coverage when it is below 1;
* qualification state in words, from the part's own status and the OEM's cases on parts of
  the category (the furthest stage reached).

**Proposal.** Domestic parts of the key category ranked by the furthest stage a case of theirs
reached (rejected cases do not count), then by the life-test campaigns on file, then by
capacity: the first one's maker; the user OEM is the chain's product's OEM; the lab is the
home-country lab that took part in most cases of the category's family, then the one with
most test capabilities (``capabilities.csv`` kind ``test``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from keyparts.errors import InputError, NotFoundError

from .stages import REJECTED, STAGES, is_qualified

TIERS = ("material", "part", "subsystem", "product")


@dataclass(frozen=True)
class Link:
    tier: str
    node_id: str
    name: str
    category_id: str | None
    need_units: float | None          # pieces/year of the link's category (products: annual units)
    domestic_capacity_units: float | None
    coverage: float | None            # capacity / need
    origin: str | None                # country of the part's maker (None: a category line)
    state: str                        # qualification state in words
    best_stage: str | None            # furthest stage of the OEM's cases on the category
    bottleneck: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Proposal:
    maker_id: str | None
    part_id: str | None
    oem_id: str | None
    lab_id: str | None
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Chain:
    category_id: str
    product_id: str | None
    oem_id: str | None
    links: tuple[Link, ...]           # upstream first: material ... product
    proposal: Proposal
    names: Mapping[str, str] = field(default_factory=dict)  # enterprise id -> name

    @property
    def bottleneck(self) -> Link | None:
        hit = [lk for lk in self.links if lk.bottleneck]
        return hit[0] if hit else None

    def to_dict(self) -> dict[str, Any]:
        b = self.bottleneck
        return {"category_id": self.category_id, "product_id": self.product_id, "oem_id": self.oem_id,
                "links": [lk.to_dict() for lk in self.links],
                "bottleneck": None if b is None else b.node_id,
                "proposal": self.proposal.to_dict(), "names": dict(self.names)}


def _stage_rank(stage: str) -> int:
    return -1 if stage == REJECTED else STAGES.index(stage)


def _tiers(n: int) -> list[str]:
    """Tier names of a path of n nodes, top (product) first."""
    if n == 1:
        return ["product"]
    return ["product", "subsystem"] + ["part"] * max(n - 3, 0) + (["material"] if n >= 3 else [])


def chain(m: Any, frames: Mapping[str, pd.DataFrame], category_id: str, *, min_enterprises: int = 1,
          min_cases: int = 1) -> Chain:
    """The chain of ``category_id`` through the BOM of ``m`` (see the module docstring).

    min_enterprises: the cases of a category (subtree) inform a link's state, and the cases of
    the key category the proposal, only when at least this many distinct enterprises (the parts'
    makers and the OEMs) and ``min_cases`` cases stand behind them; otherwise they are withheld
    (the k rule of a view shown to people who are no party to the cases)."""
    from keyparts.supply.bom import PRODUCT

    tax, g = m.tax, m.graph
    if category_id not in tax.ids:
        raise NotFoundError(f"category {category_id!r} not found")
    k = tax.ids.get_loc(category_id)
    K = tax.k
    in_k = np.asarray(tax.up[k].todense()).ravel() > 0        # the category's subtree
    items = g.kind != PRODUCT
    cat = np.where(items, m.node_cat, -1)
    value = m.need_units * m.price
    mine = np.flatnonzero(items & (cat >= 0) & in_k[np.maximum(cat, 0)])
    if mine.size == 0:
        raise InputError(f"category {category_id}: no BOM line uses it (bom.csv), so it has no chain")
    key = int(mine[np.argmax(value[mine])])
    parents: dict[int, list[int]] = {}
    children: dict[int, list[int]] = {}
    for p, c, e in zip(g.parent, g.child, g.essential):
        parents.setdefault(int(c), []).append(int(p))
        if e:
            children.setdefault(int(p), []).append(int(c))

    # need and domestic capacity per category (subtree sums)
    need_k = tax.aggregate(np.bincount(cat[items & (cat >= 0)], weights=m.need_units[items & (cat >= 0)],
                                       minlength=K))
    cap_k = tax.aggregate(np.bincount(m.cap_node_cat, weights=m.cap_units, minlength=K))

    up_path = [key]
    while g.kind[up_path[-1]] != PRODUCT and parents.get(up_path[-1]):
        ps = parents[up_path[-1]]
        up_path.append(max(ps, key=lambda i: value[i]))
    product = up_path[-1] if g.kind[up_path[-1]] == PRODUCT else None
    products = frames["products"].set_index("id")
    oem = None if product is None else str(products.at[g.ids[product], "oem_id"])
    oem_i = m.enterprises.get_loc(oem) if oem is not None and oem in m.enterprises else -1
    bq = m.bq_buyer == oem_i
    bq_k = tax.aggregate(np.bincount(m.node_cat[m.bq_node[bq]], weights=m.bq_units[bq], minlength=K))
    capacity = cap_k + bq_k
    coverage = np.divide(capacity, need_k, out=np.full(K, np.nan), where=need_k > 0)

    down = [key]
    while children.get(down[-1]):
        cs = [c for c in children[down[-1]] if m.node_cat[c] >= 0]
        if not cs:
            break
        down.append(min(cs, key=lambda c: (-g.height[c], np.nan_to_num(coverage[m.node_cat[c]], nan=np.inf),
                                           -value[c])))
    path = up_path[::-1] + down[1:]  # top first
    tiers = _tiers(len(path))

    parts = frames["parts"].set_index("id")
    ents = frames["enterprises"].set_index("id")
    cases = frames.get("qualification_cases")
    cases = cases if cases is not None else pd.DataFrame(columns=["part_id", "oem_id", "stage", "lab_id"])
    case_cat = cases["part_id"].map(parts["category_id"]) if len(cases) else pd.Series(dtype=object)
    case_ent = [{m_, o} - {None, ""} for m_, o in zip(cases["part_id"].map(parts["maker_id"]), cases["oem_id"])]

    def disclosed(sub: set) -> bool:
        hit = np.flatnonzero(case_cat.isin(sub).to_numpy()) if len(cases) else np.zeros(0, int)
        return hit.size >= min_cases and len(set().union(*[case_ent[i] for i in hit])) >= min_enterprises
    home = m.home
    links = []
    for node, tier in zip(path, tiers):
        nid = str(g.ids[node])
        if g.kind[node] == PRODUCT:
            links.append(Link(tier, nid, str(products.at[nid, "name"]), None, float(m.need_units[node]),
                              None, None, None, f"end product of {oem}", None))
            continue
        c = int(m.node_cat[node])
        cid = str(tax.ids[c])
        sub = set(tax.ids[np.asarray(tax.up[c].todense()).ravel() > 0])
        oc = cases[(cases["oem_id"] == oem) & case_cat.isin(sub)] if len(cases) else cases
        live = [s for s in oc["stage"] if s != REJECTED]
        best = max(live, key=_stage_rank) if live else (REJECTED if len(oc) else None)
        withheld = len(oc) > 0 and not disclosed(sub)
        best = None if withheld else best
        origin = None
        if nid in parts.index:
            maker = parts.at[nid, "maker_id"]
            origin = str(ents["country"].get(maker, "")) or None
            name = f"{parts.at[nid, 'designation']} ({ents['name'].get(maker, maker)})"
        else:
            name = str(tax.names[c])
        links.append(Link(tier, nid, name, cid, float(need_k[c]), float(capacity[c]),
                          None if np.isnan(coverage[c]) else float(coverage[c]), origin,
                          _state(origin, home, parts.at[nid, "status"] if nid in parts.index else None,
                                 best, float(cap_k[c]), float(bq_k[c]), withheld), best))
    cov = [(lk.coverage, i) for i, lk in enumerate(links) if lk.coverage is not None and lk.coverage < 1]
    if cov:
        i = min(cov)[1]
        links[i] = Link(**{**links[i].__dict__, "bottleneck": True})
    names = {str(e): str(n) for e, n in ents["name"].items()}
    return Chain(category_id, None if product is None else str(g.ids[product]), oem,
                 tuple(links[::-1]), propose(frames, category_id, in_k, tax, oem, home,
                                             cases_disclosed=disclosed(set(tax.ids[in_k]))), names)


def _state(origin: str | None, home: str, status: str | None, best: str | None, cap_all: float,
           cap_oem: float, withheld: bool = False) -> str:
    """The link's qualification state in words."""
    bits = ["this OEM's qualification cases withheld (too few enterprises behind them)"] if withheld else []
    if origin is not None:
        own = "domestic" if origin == home else f"imported ({origin})"
        bits.append(f"{own} part, {status}")
    if best is not None and best != REJECTED:
        bits.append("qualified for this OEM" if is_qualified(best)
                    else f"a domestic substitute in this OEM's qualification at {best}")
    elif best == REJECTED:
        bits.append("this OEM rejected the substitute it qualified")
    if cap_all > 0:
        bits.append("domestic parts qualified or in production for everyone")
    elif cap_oem == 0 and best is None:
        bits.append("no qualified domestic source")
    return "; ".join(bits)


def propose(frames: Mapping[str, pd.DataFrame], category_id: str, in_k: np.ndarray, tax: Any,
            oem: str | None, home: str, *, cases_disclosed: bool = True) -> Proposal:
    """Best domestic maker and part, the user OEM and a test lab (ranking in the module
    docstring); without ``cases_disclosed`` the cases do not enter the ranking."""
    parts, ents = frames["parts"], frames["enterprises"].set_index("id")
    sub = set(tax.ids[in_k])
    dom = parts[parts["category_id"].isin(sub) & (parts["maker_id"].map(ents["country"]) == home)]
    cases = frames.get("qualification_cases") if cases_disclosed else None
    tests = frames.get("tests")
    reasons = []
    best_part = None
    if len(dom):
        furthest = {} if cases is None else \
            cases.assign(r=cases["stage"].map(_stage_rank)).groupby("part_id")["r"].max().to_dict()
        n_tests = {} if tests is None else tests.groupby("part_id")["test_id"].nunique().to_dict()

        def score(pid: str, cap: float) -> tuple:
            return (furthest.get(pid, -1), n_tests.get(pid, 0), cap)
        caps = pd.to_numeric(dom["annual_capacity"], errors="coerce").fillna(0.0)
        scored = sorted(((score(p, c), p) for p, c in zip(dom["id"], caps)), reverse=True)
        (stage_i, n_t, cap), best_part = scored[0]
        stage_w = STAGES[stage_i] if stage_i >= 0 else "no case yet" if cases_disclosed else "withheld"
        reasons.append(f"{best_part}: furthest case stage {stage_w}, {n_t} life-test campaign(s), "
                       f"capacity {cap:,.0f} pieces/year (best of {len(dom)} domestic part(s))")
    maker = None if best_part is None else str(parts.loc[parts["id"] == best_part, "maker_id"].iloc[0])
    if oem is not None:
        reasons.append(f"{oem}: the OEM of the end product with the largest need on the chain")
    labs = ents[(ents["kind"] == "lab") & (ents["country"] == home)]
    lab = None
    if len(labs):
        family = tax.ids[_root(tax, tax.ids.get_loc(category_id))]
        fam = set(tax.ids[np.asarray(tax.up[tax.ids.get_loc(family)].todense()).ravel() > 0])
        pcat = parts.set_index("id")["category_id"]
        n_cases = {} if cases is None or "lab_id" not in cases else \
            cases[cases["part_id"].map(pcat).isin(fam)]["lab_id"].value_counts().to_dict()
        caps = frames.get("capabilities")
        n_caps = {} if caps is None else caps[caps["kind"] == "test"]["enterprise_id"].value_counts().to_dict()
        lab = max(labs.index, key=lambda e: (n_cases.get(e, 0), n_caps.get(e, 0), -list(labs.index).index(e)))
        reasons.append(f"{lab}: {n_cases.get(lab, 0)} case(s) in the {family} family, "
                       f"{n_caps.get(lab, 0)} test capabilit(ies) on file")
    return Proposal(maker, best_part, oem, None if lab is None else str(lab), tuple(reasons))


def _root(tax: Any, i: int) -> int:
    while tax.parent[i] >= 0:
        i = int(tax.parent[i])
    return i
