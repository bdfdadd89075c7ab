"""The parametric catalogue (issue 12 §3): one service for the REST API and the pages.

* a query is free words and clauses (``6205; d=25mm``, keyparts.match.query) plus the facets
  the page sets: several values of an enum (``precision in P5,P4``) and a range of a number
  in its canonical unit (``d=20..30``); :func:`compose_query` turns them into one query text;
* a page of results with the caller's visible prices (tenant repository), maker names and
  countries, category names, and the columns to show (default: the key parameters of the
  category, :func:`key_parameters`);
* the category tree with counts, export (CSV with a UTF-8 BOM, XLSX) and a side-by-side
  comparison of two to four parts.
"""

from __future__ import annotations


import csv
import io
import math
from collections.abc import Mapping, Sequence

import numpy as np

from keyparts.errors import InputError
from keyparts.match.search import ITEM_FIELDS, MAX_LIMIT, search
from keyparts.web.data import DataCache
from keyparts.web.tenancy import TenantRepo

PAGE_SIZES = (25, 50, 100)
N_KEY = 6            # key parameters shown by default
EXPORT_MAX = 20_000  # rows in one export
HIDDEN = ("unit_price_usd", "category_names", "maker_name", "certifications", "annual_capacity")
UNSORTABLE = ("unit_price_usd", "category_names")  # prices are per caller; the index holds none


def compose_query(q: str | None, select: Mapping[str, Sequence[str]] | None = None,
                  ranges: Mapping[str, tuple[float | None, float | None]] | None = None) -> str | None:
    """One query text from the search box and the facets (a range in canonical units)."""
    parts = [q.strip()] if q and q.strip() else []
    for name, vals in (select or {}).items():
        vals = [v for v in vals if v]
        if vals:
            parts.append(f"{name} in {','.join(vals)}")
    for name, (lo, hi) in (ranges or {}).items():
        if lo is None and hi is None:
            continue
        parts.append(f"{name}={'' if lo is None else f'{lo:g}'}..{'' if hi is None else f'{hi:g}'}")
    return "; ".join(parts) or None


def parse_facet_args(select: Sequence[str] = (), ranges: Sequence[str] = ()
                     ) -> tuple[dict[str, list[str]], dict[str, tuple[float | None, float | None]]]:
    """API facets: ``select=precision:P5,P4`` and ``range=d:20..30`` (either end may be open)."""
    sel: dict[str, list[str]] = {}
    for s in select:
        name, sep, vals = s.partition(":")
        if not sep or not name.strip():
            raise InputError(f"select {s!r}: expected 'parameter:value,value' (e.g. precision:P5,P4)")
        sel.setdefault(name.strip(), []).extend(v.strip() for v in vals.split(",") if v.strip())
    rng: dict[str, tuple[float | None, float | None]] = {}
    for s in ranges:
        name, sep, span = s.partition(":")
        lo_t, dots, hi_t = span.partition("..")
        try:
            lo = float(lo_t) if lo_t.strip() else None
            hi = float(hi_t) if hi_t.strip() else None
        except ValueError:
            lo = hi = math.nan
        if not sep or not dots or not name.strip() or (lo is not None and math.isnan(lo)):
            raise InputError(f"range {s!r}: expected 'parameter:low..high' in the parameter's unit "
                             "(e.g. d:20..30, open ends d:..30)")
        rng[name.strip()] = (lo, hi)
    return sel, rng


def key_parameters(cache: DataCache, category: str | None) -> list[str]:
    """The first :data:`N_KEY` parameters declared for ``category`` and its parents: the
    parents' first (the family's dimensions before a grade's extras), numbers before labels,
    then by name with the lower-case first (``d`` before ``D``, as catalogues print d, D, B).
    The store keeps no order of declaration, so this is the order. Memoised per category
    until ``parameters`` or ``categories`` change."""
    if not category:
        return []

    def build() -> list[str]:
        cats = cache.categories()
        chain, c = [], category
        while c and c in cats and c not in chain:
            chain.append(c)
            c = cats[c].get("parent_id")
        par = cache.frame("parameters")  # that table only (the public dataset loads the whole catalogue)
        out: list[str] = []
        for cid in reversed(chain):
            own = par[par["category_id"] == cid]
            for r in sorted(own.to_dict("records"),
                            key=lambda r: (r["kind"] != "number", str(r["name"]).lower(), str(r["name"]).isupper())):
                if r["name"] not in out:
                    out.append(str(r["name"]))
        return out[:N_KEY]
    return list(cache.derived(f"key_parameters:{category}", ("parameters", "categories"), build))


def _columns(cache: DataCache, res: dict, category: str | None, columns: Sequence[str] | None) -> list[str]:
    """Columns asked for, else the key parameters of the category (of the most common
    category in the page when none is chosen)."""
    ix = cache.index()
    if columns:
        bad = [c for c in columns if c not in ix.numeric and c not in ix.text]
        if bad:
            raise InputError(f"columns: unknown parameter(s) {', '.join(bad)}")
        return [c for c in columns if c not in HIDDEN]
    cat = category
    if not cat and res["items"]:
        ids = [i["category_id"] for i in res["items"]]
        cat = max(set(ids), key=ids.count)
    return key_parameters(cache, cat)


def search_key(*, q: str | None = None, category: str | None = None,
               select: Mapping[str, Sequence[str]] | None = None,
               ranges: Mapping[str, tuple[float | None, float | None]] | None = None,
               sort: str | None = None, order: str = "asc", offset: int = 0, limit: int = 25,
               columns: Sequence[str] | None = None, facets: Sequence[str] | None = None) -> tuple:
    """The memo key of a search (:meth:`~keyparts.web.data.DataCache.searched`): its parameters."""
    return ("catalogue", q, category, tuple(sorted((k, tuple(v)) for k, v in (select or {}).items())),
            tuple(sorted((ranges or {}).items())), _sort_by(sort), order, offset, limit,
            None if columns is None else tuple(columns), None if facets is None else tuple(facets))


def _sort_by(sort: str | None) -> str | None:
    """The parameter to sort by; None for the part id order (``""``, ``part_id``)."""
    return None if sort in (None, "", "part_id") else sort


def find_parts(cache: DataCache, repo: TenantRepo, *, q: str | None = None, category: str | None = None,
               select: Mapping[str, Sequence[str]] | None = None,
               ranges: Mapping[str, tuple[float | None, float | None]] | None = None,
               sort: str | None = None, order: str = "asc", offset: int = 0, limit: int = 25,
               columns: Sequence[str] | None = None, facets: Sequence[str] | None = None) -> dict:
    """One page of the catalogue: search result, visible prices, names, columns, facets. The
    public part (no prices) is memoised for the current catalogue and shared by all callers
    (:meth:`~keyparts.web.data.DataCache.search_result`); prices are added per caller."""
    if order not in ("asc", "desc"):
        raise InputError(f"order {order!r}: expected asc or desc")
    if sort in UNSORTABLE:
        raise InputError(f"sort {sort!r}: prices are visible per enterprise; sort by a parameter")
    sort = _sort_by(sort)
    key = search_key(q=q, category=category, select=select, ranges=ranges, sort=sort, order=order,
                     offset=offset, limit=limit, columns=columns, facets=facets)
    shared = cache.search_result(key, lambda: _public_page(
        cache, q=q, category=category, select=select, ranges=ranges, sort=sort, order=order, offset=offset,
        limit=limit, columns=columns, facets=facets))
    prices = repo.prices([i["part_id"] for i in shared["items"]])
    # the memoised page is shared by every caller: only its items (which get this caller's
    # prices) are copied, not the facets and the rest (a deep copy was 12 % of a search's CPU)
    return {**shared, "items": [{**i, "unit_price_usd": prices.get(i["part_id"])} for i in shared["items"]]}


def _public_page(cache: DataCache, *, q, category, select, ranges, sort, order, offset, limit, columns,
                 facets) -> dict:
    ix = cache.index()
    query = compose_query(q, select, ranges)
    res = search(ix, query, category=category or None, sort=sort, descending=order == "desc",
                 offset=offset, limit=limit, facets=facets).to_dict()
    if facets is None:  # range facets for the numeric columns, multi-select for the enums
        cols = _columns(cache, res, category, columns)
        num = [c for c in cols if c in ix.numeric]
        if num:
            res["facets"].update(search(ix, query, category=category or None, limit=0, facets=num).facets)
    for name, vals in (select or {}).items():  # a chosen facet still lists its other values
        if vals and name in res["facets"]:
            rest = compose_query(q, {k: v for k, v in select.items() if k != name}, ranges)
            res["facets"][name] = search(ix, rest, category=category or None, limit=0, facets=[name]).facets[name]
    cols = _columns(cache, res, category, columns)
    cats = cache.categories()
    for i in res["items"]:
        i["values"].pop("unit_price_usd", None)
        c = cats.get(i["category_id"], {})
        i["category_name"], i["category_name_zh"] = c.get("name"), c.get("name_zh")
    for f in HIDDEN:
        res["facets"].pop(f, None)
    res.update(columns=cols, order=order, sort=sort, query_text=query,
               parameters=sorted(n for n in ix.parameters if n not in (*HIDDEN, *ITEM_FIELDS)))
    return res


def category_tree(cache: DataCache, q: str | None = None) -> list[dict]:
    """The category tree, each node with the number of parts in it and its subcategories
    that meet ``q`` (every part when ``q`` is empty); children sorted by id."""
    from keyparts.match.search import filter_mask
    from keyparts.match.query import parse_query

    ix = cache.index()
    mask, _ = filter_mask(ix, parse_query(q, words=True))
    own = np.bincount(ix.category_code[mask], minlength=len(ix.category_ids) + 1)
    cats = cache.categories()
    nodes = {cid: {"id": cid, "name": c["name"], "name_zh": c.get("name_zh"), "level": c.get("level"),
                   "count": int(own[: len(ix.category_ids)][ix.subtree[cid][:-1]].sum()) if cid in ix.subtree else 0,
                   "children": []} for cid, c in cats.items()}
    roots = []
    for cid in sorted(cats):
        parent = cats[cid].get("parent_id")
        (nodes[parent]["children"] if parent in nodes else roots).append(nodes[cid])
    return roots


def export_rows(cache: DataCache, repo: TenantRepo, **kw) -> tuple[list[str], list[list]]:
    """Header and rows of the whole result (up to :data:`EXPORT_MAX`), in the page's order;
    numbers in the unit named in the header."""
    kw = {**kw, "offset": 0, "limit": MAX_LIMIT}
    first = find_parts(cache, repo, **kw)
    cols, units = first["columns"], first["units"]
    header = ["part_id", "designation", "maker", "country", "category", "status",
              *[f"{c} ({units[c]})" if units.get(c) else c for c in cols], "unit_price_usd"]
    rows, page = [], first
    while True:
        for i in page["items"]:
            v = i["values"]
            rows.append([i["part_id"], i["designation"], i["maker_name"] or i["maker_id"], i["country"],
                         i["category_name"], i["status"], *[v.get(c) for c in cols], i["unit_price_usd"]])
        if len(rows) >= min(first["total"], EXPORT_MAX) or not page["items"]:
            break
        page = find_parts(cache, repo, **{**kw, "offset": len(rows), "columns": cols})
    return header, rows[:EXPORT_MAX]


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so that Excel on a zh-CN system reads it right."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows([["" if x is None else int(x) if isinstance(x, float) and x.is_integer() else x for x in r]
                 for r in rows])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list]) -> bytes:
    """One worksheet "parts", the header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "parts"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(r)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def compare_parts(cache: DataCache, repo: TenantRepo, ids: Sequence[str]) -> dict:
    """Two to four parts side by side: one row per field or parameter any of them has, with
    ``differs`` set where their values are not all equal (a missing value differs)."""
    ids = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if not 2 <= len(ids) <= 4:
        raise InputError(f"ids: {len(ids)} part(s) given, expected 2 to 4 to compare")
    ix = cache.index()
    rows = [ix.row(i) for i in ids]
    vals = [ix.values_of(r) for r in rows]
    prices = repo.prices(ids)
    cats = cache.categories()
    for v, pid, r in zip(vals, ids, rows):
        v.pop("category_names", None)
        v["unit_price_usd"] = prices.get(pid)
        v["category"] = cats.get(str(ix.category_ids[ix.category_code[r]]), {}).get("name")
    head = ["designation", "maker_name", "country", "category", "status", "unit_price_usd"]
    names = head + sorted({k for v in vals for k in v} - set(head) - {"maker_id", *HIDDEN})
    out = []
    for n in names:
        cells = [v.get(n) for v in vals]
        out.append({"name": n, "unit": ix.units.get(n, "") if n in ix.numeric and n != "unit_price_usd" else "",
                    "values": cells, "differs": len({repr(c) for c in cells}) > 1})
    return {"ids": ids, "rows": out}
