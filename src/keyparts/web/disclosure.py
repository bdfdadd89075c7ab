"""Statistical disclosure control of the national views: the k rule.

A figure shown to someone who does not own every row behind it must aggregate the rows of at
least *k* distinct enterprises, else it is suppressed (shown as ``null`` with
``"suppressed": true``). This is the minimum-frequency ("threshold") rule of statistical
offices: Eurostat, *Handbook on Statistical Disclosure Control* (Hundepool et al., 2010),
§4.2.2; k = 3 by default (the usual threshold), set with ``KEYPARTS_DISCLOSURE_K``.

The rows behind a figure, and so its *contributors*:

* an end product's exposure or scenario loss: the product's BOM, owned by its OEM;
* an industry's figure: every product of the industry; for a scenario's lost value only the
  products that lose output (a zero cell aggregates all of them);
* a single point of failure: the OEMs whose products reach the item through essential BOM
  lines, the buyers of its sourcing rows and, for a part without sourcing rows, its maker.

:func:`disclosable` is the one rule; every aggregate route (``/exposure``, ``/scenarios``, the
category page, the dashboard) filters its engine result through the functions below.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from keyparts.errors import InputError

DEFAULT_K = 3


def min_enterprises() -> int:
    """k of the rule: ``KEYPARTS_DISCLOSURE_K`` (an integer >= 2), default 3."""
    raw = os.environ.get("KEYPARTS_DISCLOSURE_K", str(DEFAULT_K))
    try:
        k = int(raw)
    except ValueError:
        k = 0
    if k < 2:
        raise InputError(f"KEYPARTS_DISCLOSURE_K: {raw!r}, expected an integer >= 2 (enterprises)")
    return k


def disclosable(contributors: Iterable[str | None], viewer: str | None, k: int | None = None) -> bool:
    """May ``viewer`` (an enterprise id, None for nobody) see a figure computed from rows owned
    by ``contributors``? Yes when the viewer owns all of them, or when at least k distinct
    enterprises contribute."""
    owners = {c for c in contributors if c is not None and c == c}
    return owns_all(owners, viewer) or len(owners) >= (min_enterprises() if k is None else k)


def owns_all(owners: set[str], viewer: str | None) -> bool:
    """Every row behind the figure is the viewer's own."""
    return viewer is not None and owners <= {viewer}


def _suppress(row: dict, keep: tuple[str, ...]) -> dict:
    return {k: (v if k in keep else None) for k, v in row.items()} | {"suppressed": True}


def _essential_parents(bom: pd.DataFrame) -> dict[str, list[str]]:
    ess = bom["essential"].astype(bool) if "essential" in bom else pd.Series(True, index=bom.index)
    parents: dict[str, list[str]] = {}
    for par, ch in zip(bom["parent_id"][ess], bom["child_id"][ess]):
        parents.setdefault(ch, []).append(par)
    return parents


def _reaching(parents: dict[str, list[str]], item: str) -> set[str]:
    """Every node above ``item`` in the essential BOM (all tiers)."""
    seen: set[str] = set()
    todo = [item]
    while todo:
        for par in parents.get(todo.pop(), ()):
            if par not in seen:
                seen.add(par)
                todo.append(par)
    return seen


def spof_contributors(frames: dict[str, pd.DataFrame], items: Iterable[str]) -> dict[str, set[str]]:
    """Item id -> enterprises owning the rows behind its single-point-of-failure figures."""
    oem = dict(zip(frames["products"]["id"], frames["products"]["oem_id"]))
    parents = _essential_parents(frames["bom"])
    src = frames["sourcing"]
    buyers = src.groupby("item_id")["buyer_id"].agg(set).to_dict() if len(src) else {}
    maker = dict(zip(frames["parts"]["id"], frames["parts"]["maker_id"]))
    out = {}
    for item in items:
        owners = {oem[x] for x in _reaching(parents, item) if x in oem}
        owners |= buyers.get(item, set())
        if item not in buyers and item in maker:
            owners.add(maker[item])
        out[item] = owners
    return out


def exposure_view(exposure: dict, frames: dict[str, pd.DataFrame], viewer: str | None) -> dict:
    """The exposure result (``Exposure.to_dict()``) as ``viewer`` may see it: its own products,
    industries of >= k OEMs, and single points of failure in full when the viewer owns every
    row behind them, else summed per category under the k rule."""
    oem = dict(zip(frames["products"]["id"], frames["products"]["oem_id"]))
    owners_of = pd.Series(oem).groupby(frames["products"].set_index("id")["industry"]).agg(set).to_dict() \
        if len(frames["products"]) else {}
    products = [p for p in exposure["products"] if oem.get(p["id"]) == viewer]
    industries, ibo = [], {}
    for r in exposure["industries"]:
        ok = disclosable(owners_of.get(r["industry"], set()), viewer)
        industries.append(r if ok else _suppress(r, ("industry",)))
        ibo[r["industry"]] = exposure["industry_by_origin"].get(r["industry"], {}) if ok else None
    spof = exposure["single_points_of_failure"]
    contrib = spof_contributors(frames, [s["item_id"] for s in spof])
    own, groups = [], {}
    for s in spof:
        if owns_all(contrib[s["item_id"]], viewer):
            own.append(s)
        else:
            g = groups.setdefault(s["category_id"], {"category_id": s["category_id"], "items": 0,
                                                     "essential_demand_usd": 0.0, "dependent_output_usd": 0.0,
                                                     "_owners": set()})
            g["items"] += 1
            g["essential_demand_usd"] += s["essential_demand_usd"] or 0.0
            g["dependent_output_usd"] += s["dependent_output_usd"] or 0.0
            g["_owners"] |= contrib[s["item_id"]]
    by_category = []
    for g in groups.values():
        owners = g.pop("_owners")
        g["enterprises"] = len(owners)
        by_category.append(g if disclosable(owners, viewer) else _suppress(g, ("category_id",)))
    return {"products": products, "industries": industries, "industry_by_origin": ibo,
            "product_by_origin": {p["id"]: exposure["product_by_origin"].get(p["id"], {}) for p in products},
            "single_points_of_failure": own, "single_points_of_failure_by_category": by_category,
            "disclosure": {"k": min_enterprises(), "rule": "docs/security.md#disclosure"}}


def scenario_view(result: dict, frames: dict[str, pd.DataFrame], viewer: str | None) -> dict:
    """A scenario result (``ScenarioResult.to_dict()``) as ``viewer`` may see it: its own
    products; industries and the total only when >= k OEMs contribute (those losing output,
    or every OEM of the group when nothing is lost)."""
    oem = dict(zip(frames["products"]["id"], frames["products"]["oem_id"]))

    def owners(rows: list[dict]) -> set[str]:
        hit = [r for r in rows if r["lost_value_usd"] > 0]
        return {oem.get(r["id"]) for r in (hit or rows)}

    by_ind: dict[str, list[dict]] = {}
    for p in result["products"]:
        by_ind.setdefault(p["industry"], []).append(p)
    industries = [i if disclosable(owners(by_ind.get(i["industry"], [])), viewer)
                  else _suppress(i, ("industry",)) for i in result["industries"]]
    total_ok = disclosable(owners(result["products"]), viewer)
    return {"scenario": result["scenario"],
            "products": [p for p in result["products"] if oem.get(p["id"]) == viewer],
            "industries": industries,
            "total_lost_value_usd": result["total_lost_value_usd"] if total_ok else None,
            "total_suppressed": not total_ok,
            "disclosure": {"k": min_enterprises(), "rule": "docs/security.md#disclosure"}}


def dependents_view(products: list[dict], viewer: str | None) -> dict:
    """End products that use a category, as ``viewer`` may see them: its own products by name,
    and the count of all of them (and of their OEMs) when >= k OEMs contribute."""
    owners = {p["oem_id"] for p in products}
    ok = disclosable(owners, viewer)
    return {"own": [p for p in products if p["oem_id"] == viewer],
            "products": len(products) if ok else None, "enterprises": len(owners) if ok else None,
            "industries": len({p["industry"] for p in products}) if ok else None, "suppressed": not ok,
            "k": min_enterprises()}


def dependent_products(bom: pd.DataFrame, products: pd.DataFrame, categories: set[str],
                       parts: set[str]) -> list[dict]:
    """End products whose multi-level BOM reaches one of ``categories`` or ``parts``
    (:func:`keyparts.supply.bom.where_used`)."""
    from keyparts.supply.bom import where_used
    seen = where_used(bom, categories | parts)
    prods = products[products["id"].isin(seen)]
    return prods[["id", "name", "industry", "oem_id"]].to_dict("records")
