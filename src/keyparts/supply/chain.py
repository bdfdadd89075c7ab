"""A category's multi-tier chain, grouped for display: origin countries → makers of its parts →
the category → the categories whose parts are built with it (tier by tier up the bills of
materials) → the industries (or, for their owner, the products) at the top.

Every link carries its *contributors*, the enterprises owning the rows behind it: a maker's
parts are public catalogue rows (no contributor); a bill-of-materials line is owned by the
parent's maker (a part) or OEM (a product). Callers show a link only when their disclosure rule
allows it (``keyparts.web.disclosure.disclosable``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Link:
    source: str
    target: str
    lines: int = 0                      # BOM lines (or parts) behind the link
    contributors: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Chain:
    """Nodes (key -> {name, tier, kind, count}) and links of one category's chain; keys are
    ``country:XX``, ``maker:ID``, ``category:ID``, ``industry:NAME``, ``product:ID``."""

    nodes: dict[str, dict]
    links: list[Link]


def category_chain(frames: dict[str, pd.DataFrame], category_ids: Iterable[str], *, root: str,
                   own: str | None = None, depth: int = 4) -> Chain:
    """The chain of the category ``root`` (``category_ids``: it and its subcategories).

    ``frames``: parts, enterprises, products, bom (typed dataset tables). Products of ``own``
    (an enterprise id) appear by themselves; other products are grouped by industry. The BOM
    is walked up at most ``depth`` tiers from the category's parts and category lines.
    """
    cats = set(category_ids)
    parts, ents, products, bom = frames["parts"], frames["enterprises"], frames["products"], frames["bom"]
    ent_country = dict(zip(ents["id"], ents["country"]))
    ent_name = dict(zip(ents["id"], ents["name"]))
    part_cat = dict(zip(parts["id"], parts["category_id"]))
    part_maker = dict(zip(parts["id"], parts["maker_id"]))
    prod = products.set_index("id")
    nodes: dict[str, dict] = {f"category:{root}": {"id": root, "tier": 2, "kind": "category", "count": 0}}
    links: dict[tuple[str, str], Link] = {}

    def link(a: str, b: str, who: str | None) -> None:
        lk = links.setdefault((a, b), Link(a, b))
        lk.lines += 1
        if who is not None:
            lk.contributors.add(who)

    mine = parts[parts["category_id"].isin(cats)]
    for pid, mk in zip(mine["id"], mine["maker_id"]):
        m, c = f"maker:{mk}", f"country:{ent_country.get(mk, '?')}"
        nodes.setdefault(m, {"id": mk, "name": ent_name.get(mk, mk), "tier": 1, "kind": "maker", "count": 0})
        nodes.setdefault(c, {"id": ent_country.get(mk, "?"), "tier": 0, "kind": "country", "count": 0})
        nodes[m]["count"] += 1
        nodes[c]["count"] += 1
        nodes[f"category:{root}"]["count"] += 1
        link(c, m, None)
        link(m, f"category:{root}", None)
    parents: dict[str, list[str]] = {}
    for par, ch in zip(bom["parent_id"], bom["child_id"]):
        parents.setdefault(ch, []).append(par)
    frontier = {x: f"category:{root}" for x in set(mine["id"]) | cats}
    seen = set(frontier)
    for tier in range(3, 3 + depth):
        nxt: dict[str, str] = {}
        for child, group in frontier.items():
            for par in parents.get(child, ()):
                if par in part_cat:
                    pc = part_cat[par]
                    key, who = f"category:{pc}", part_maker.get(par)
                    if pc in cats:      # a part of the category built from another: same node
                        continue
                    nodes.setdefault(key, {"id": pc, "tier": tier, "kind": "category", "count": 0})
                elif par in prod.index:
                    who = prod.at[par, "oem_id"]
                    if own is not None and who == own:
                        key = f"product:{par}"
                        nodes.setdefault(key, {"id": par, "name": prod.at[par, "name"], "tier": -1,
                                               "kind": "product", "count": 0})
                    else:
                        ind = prod.at[par, "industry"]
                        key = f"industry:{ind}"
                        nodes.setdefault(key, {"id": ind, "tier": -1, "kind": "industry", "count": 0})
                else:
                    continue
                nodes[key]["count"] += 1
                link(group, key, who)
                if par not in seen:
                    seen.add(par)
                    nxt[par] = key
        frontier = nxt
        if not frontier:
            break
    top = max([n["tier"] for n in nodes.values()] + [2]) + 1
    for n in nodes.values():
        if n["tier"] < 0:
            n["tier"] = top
    return Chain(nodes, list(links.values()))
