"""The options of the pages' charts (keyparts.charts builders), from what the pages already
compute, in the interface language and under the disclosure rule (docs/security.md).

* risk matrix: the national assessment (shown to analysts only, as the dashboard's panel);
* scenario: the caller's own products and the industries the k rule lets through
  (``keyparts.web.disclosure.scenario_view`` has already filtered them);
* category: trade and production by year (public statistics), and the category's chain: the
  makers of its parts and their countries (public catalogue) and, up the bills of materials,
  the categories and industries using it, each link only when ``disclosable`` (its rows are the
  viewer's own, or at least k enterprises own them); the viewer's own products by name.
"""

from __future__ import annotations

import pandas as pd

from keyparts import charts
from keyparts.charts.bars import bars_height
from keyparts.supply.chain import category_chain
from keyparts.supply.history import trade_history
from keyparts.web import i18n
from keyparts.web.disclosure import disclosable
from keyparts.web.terms import country_name, term

CHAIN_TOP = 8
TRADE_TABLES = ("categories", "countries", "trade", "production")  # public statistics      # nodes per tier of the chain network


def cat_name(cats: dict, cid: str | None) -> str:
    """A category's name in the interface language (``name_zh`` in Chinese where given)."""
    c = cats.get(cid or "")
    if not c:
        return cid or ""
    return c["name_zh"] if i18n.current() == "zh_CN" and c.get("name_zh") else c["name"]


def risk_matrix(categories: list[dict], cats: dict, *, sr_threshold: float, ei_threshold: float) -> dict:
    """The dashboard's risk matrix of the assessment's categories (``Assessment.to_dict()``)."""
    df = pd.DataFrame(categories, columns=["id", "economic_importance", "supply_risk", "critical", "rank"])
    df = df.set_index("id")
    df["name"] = [cat_name(cats, c) for c in df.index]
    return charts.risk_matrix(df, sr_threshold=sr_threshold, ei_threshold=ei_threshold, gettext=i18n.gettext)


def scenario(r: dict) -> dict:
    """Bars of a scenario result as the caller may see it: ``products`` (its own) and
    ``industries`` (the disclosed ones), each with its height in px; absent when empty."""
    out = {}
    prods = [p for p in r.get("products", []) if p.get("lost_value_usd")]
    if prods:
        out["products"] = (charts.bars([p["id"] for p in prods], [p["lost_value_usd"] for p in prods],
                                       axis_name=i18n.gettext("Lost output value"), gettext=i18n.gettext),
                           bars_height(min(len(prods), 15)))
    inds = [i for i in r.get("industries", []) if not i.get("suppressed") and i.get("lost_value_usd")]
    if inds:
        out["industries"] = (charts.bars([term(i["industry"]) for i in inds], [i["lost_value_usd"] for i in inds],
                                         axis_name=i18n.gettext("Lost output value"), color="#f58518",
                                         gettext=i18n.gettext),
                             bars_height(min(len(inds), 15)))
    return out


def category_history(cache, category_id: str) -> dict:
    """``origins`` (import shares by origin and year) and ``domestic`` (domestic output and
    imports by year, IR) of a category; absent when it has no trade or production row.

    Customs record HS codes, which name a category but not its grades: a category without
    trade of its own is shown with the trade of its nearest ancestor that has some
    (``source`` = that ancestor's id, else the category's own id)."""
    hist = cache._get("trade_history", lambda: trade_history({n: cache.frame(n) for n in TRADE_TABLES}),
                      TRADE_TABLES)
    cats = cache.categories()
    source = category_id
    totals, shares = hist.of(category_id)
    while not (len(totals) and (totals["imports_usd"] > 0).any()) and cats.get(source, {}).get("parent_id"):
        source = cats[source]["parent_id"]
        totals, shares = hist.of(source)
    if not (len(totals) and (totals["imports_usd"] > 0).any()):
        source = category_id
        totals, shares = hist.of(category_id)
    out: dict = {"source": source}
    if len(totals) and (totals["imports_usd"] > 0).any():
        named = shares.rename(columns=lambda c: country_name(c, c))
        out["origins"] = charts.origin_shares_over_years(named, gettext=i18n.gettext)
    if len(totals) and ((totals["imports_usd"] > 0) | totals["production_usd"].notna()).any():
        q = [None if pd.isna(v) else float(v) for v in totals["production_usd"]]
        ir = [None if pd.isna(v) else float(v) for v in totals["import_reliance"]]
        out["domestic"] = charts.domestic_vs_imported(list(totals.index), q, list(totals["imports_usd"]),
                                                      import_reliance=ir, gettext=i18n.gettext)
    return out


def category_chain_option(cache, category_id: str, viewer: str | None) -> dict | None:
    """The chain network of a category for ``viewer`` (None when it has no part and no user)."""
    _ = i18n.gettext
    cats = cache.categories()
    frames = dict(cache.public_dataset().frames)
    frames["bom"] = cache.frame("bom")
    ch = category_chain(frames, {category_id, *cache.categories_under(category_id)}, root=category_id,
                        own=viewer)
    shown = [lk for lk in ch.links if disclosable(lk.contributors, viewer)]
    reach, todo = {f"category:{category_id}"}, [f"category:{category_id}"]
    down: dict[str, list] = {}
    for lk in shown:
        down.setdefault(lk.source, []).append(lk)
        down.setdefault(lk.target, []).append(lk)
    while todo:  # the nodes linked to the category through shown links (both directions)
        for lk in down.get(todo.pop(), ()):
            for k in (lk.source, lk.target):
                if k not in reach:
                    reach.add(k)
                    todo.append(k)
    tiers_used = sorted({ch.nodes[k]["tier"] for k in reach})
    if len(reach) < 2:
        return None
    col = {t: i for i, t in enumerate(tiers_used)}
    top_tier = max(tiers_used)
    names = {0: _("Origin country"), 1: _("Maker"), 2: _("This category")}
    tier_names = [names.get(t) or (_("Products and industries") if t == top_tier
                                   else _("Used in (tier %(n)s)") % {"n": t - 2}) for t in tiers_used]
    incoming: dict[str, int] = {}
    for lk in shown:
        incoming[lk.target] = incoming.get(lk.target, 0) + lk.lines
    nodes = []
    for k in reach:
        n = ch.nodes[k]
        kind = n["kind"]
        if kind == "country":
            name, detail, url = country_name(n["id"], n["id"]), _("%(n)s parts in the catalogue") % {"n": n["count"]}, None
            value = n["count"]
        elif kind == "maker":
            name, detail, url = n["name"], _("%(n)s parts in the catalogue") % {"n": n["count"]}, None
            value = n["count"]
        elif kind == "category":
            name, url = cat_name(cats, n["id"]), f"/categories/{n['id']}"
            value = n["count"] if k == f"category:{category_id}" else incoming.get(k, 0)
            detail = n["id"] if k == f"category:{category_id}" else _("%(n)s bill-of-materials lines") % {"n": value}
        elif kind == "industry":
            name, url, value = term(n["id"]), None, incoming.get(k, 0)
            detail = _("%(n)s bill-of-materials lines") % {"n": value}
        else:  # the viewer's own product
            name, url, value = f"{n['id']} {n['name']}", None, incoming.get(k, 0)
            detail = _("your product")
        nodes.append({"key": k, "name": name, "tier": col[n["tier"]], "value": value, "url": url, "detail": detail})
    links = [{"source": lk.source, "target": lk.target, "value": lk.lines} for lk in shown
             if lk.source in reach and lk.target in reach]
    return charts.chain_graph(nodes, links, tiers=tier_names, top_per_tier=CHAIN_TOP, gettext=_)
