"""The parametric catalogue pages: ``/parts`` (words and clauses, facets, category tree,
sortable columns with a chooser, pages, export) and ``/parts/compare`` (two to four parts
side by side). Both call :mod:`keyparts.web.services.catalogue`, as the REST API does.

The page state lives in the URL (``q``, ``category``, ``sort``, ``order``, ``offset``,
``limit``, ``col`` per column, ``sel_<p>`` per chosen value, ``min_<p>``/``max_<p>``), so a
result can be bookmarked and every link works without JavaScript; htmx swaps ``#catalogue``.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from keyparts.errors import InputError, KeypartsError
from keyparts.web.concurrency import off_loop
from keyparts.web.deps import Cache, Caller, Repo
from keyparts.web.pages import cat_label, error_box, render
from keyparts.web.services import catalogue as svc

router = APIRouter(include_in_schema=False)


def _state(request: Request) -> dict[str, Any]:
    qp = request.query_params
    sel: dict[str, list[str]] = {}
    rng: dict[str, tuple[float | None, float | None]] = {}
    for k in {k for k in qp.keys() if k.startswith(("sel_", "min_", "max_"))}:
        name = k[4:]
        if k.startswith("sel_"):
            sel[name] = [v for v in qp.getlist(k) if v]
            continue
        lo_t, hi_t = qp.get(f"min_{name}", "").strip(), qp.get(f"max_{name}", "").strip()
        try:
            rng[name] = (float(lo_t) if lo_t else None, float(hi_t) if hi_t else None)
        except ValueError:
            raise InputError(f"{name}: {lo_t or hi_t!r} is not a number (give the range in the "
                             "parameter's unit)") from None
    try:
        limit = int(qp.get("limit") or 25)
        offset = max(int(qp.get("offset") or 0), 0)
    except ValueError:
        limit, offset = 25, 0
    return {"q": qp.get("q", ""), "category": qp.get("category", ""), "sort": qp.get("sort", ""),
            "order": "desc" if qp.get("order") == "desc" else "asc",
            "limit": limit if limit in svc.PAGE_SIZES else 25, "offset": offset,
            "cols": [c for c in qp.getlist("col") if c], "sel": sel,
            "rng": {k: v for k, v in rng.items() if v != (None, None)}}


def _pairs(st: dict[str, Any]) -> list[tuple[str, str]]:
    out = [(k, str(st[k])) for k in ("q", "category", "sort") if st[k]]
    if st["order"] == "desc":
        out.append(("order", "desc"))
    if st["limit"] != 25:
        out.append(("limit", str(st["limit"])))
    if st["offset"]:
        out.append(("offset", str(st["offset"])))
    out += [("col", c) for c in st["cols"]]
    out += [(f"sel_{k}", v) for k, vs in st["sel"].items() for v in vs]
    for k, (lo, hi) in st["rng"].items():
        if lo is not None:
            out.append((f"min_{k}", f"{lo:g}"))
        if hi is not None:
            out.append((f"max_{k}", f"{hi:g}"))
    return out


def _url(st: dict[str, Any], **change: Any) -> str:
    s = {**st, "offset": 0, **change}
    return "/parts" + ("?" + urlencode(_pairs(s)) if _pairs(s) else "")


def _export_url(st: dict[str, Any], res: dict, kind: str) -> str:
    pairs = [(k, str(st[k])) for k in ("q", "category", "sort") if st[k]] + [("order", st["order"])]
    pairs += [("select", f"{k}:{','.join(v)}") for k, v in st["sel"].items() if v]
    pairs += [("range", f"{k}:{'' if lo is None else f'{lo:g}'}..{'' if hi is None else f'{hi:g}'}")
              for k, (lo, hi) in st["rng"].items()]
    pairs.append(("columns", ",".join(res["columns"])))
    return f"/api/v1/parts/export.{kind}?" + urlencode(pairs)


def _drop_urls(st: dict[str, Any]) -> list[str]:
    """For each clause of the query, in :func:`svc.compose_query`'s order (the words and
    clauses typed, then the chosen values, then the ranges), the page without it."""
    from keyparts.match.query import split_clauses

    typed = [c.strip() for c in split_clauses(st["q"])]
    out = [_url(st, q="; ".join(typed[:j] + typed[j + 1:])) for j in range(len(typed))]
    out += [_url(st, sel={k: v for k, v in st["sel"].items() if k != name})
            for name, vals in st["sel"].items() if vals]
    out += [_url(st, rng={k: v for k, v in st["rng"].items() if k != name}) for name in st["rng"]]
    return out


def _open_path(cats: dict, category: str) -> set[str]:
    out, c = set(), category
    while c and c in cats and c not in out:
        out.add(c)
        c = cats[c].get("parent_id")
    return out


@router.get("/parts", response_class=HTMLResponse)
@off_loop
def catalogue_page(request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    cats = cache.categories()
    ctx: dict[str, Any] = {"cats": cats, "label": cat_label, "page_sizes": svc.PAGE_SIZES}
    try:
        st = _state(request)
        ctx["st"] = st
        res = svc.find_parts(cache, repo, q=st["q"] or None, category=st["category"] or None,
                             select=st["sel"], ranges=st["rng"], sort=st["sort"] or None, order=st["order"],
                             offset=st["offset"], limit=st["limit"], columns=st["cols"] or None)
        ctx["res"] = res
        ctx["tree"] = svc.category_tree(cache, svc.compose_query(st["q"] or None, st["sel"], st["rng"]))
        ctx["open"] = _open_path(cats, st["category"])
        ctx["pages"] = max(1, math.ceil(res["total"] / st["limit"]))
        ctx["page"] = st["offset"] // st["limit"] + 1
        ctx["url"] = lambda **kw: _url(st, **kw)
        ctx["export_csv"], ctx["export_xlsx"] = _export_url(st, res, "csv"), _export_url(st, res, "xlsx")
        ctx["drop"] = _drop_urls(st) if res.get("hints") else []
    except KeypartsError as exc:
        ctx.setdefault("st", {"q": request.query_params.get("q", ""), "category": "", "sort": "",
                              "order": "asc", "limit": 25, "offset": 0, "cols": [], "sel": {}, "rng": {}})
        ctx["error"] = str(exc).splitlines()[0]
        ctx["url"] = lambda **kw: _url(ctx["st"], **kw)
    name = "_catalogue_table.html" if request.headers.get("HX-Request") else "catalogue.html"
    return render(request, name, p, **ctx)


@router.get("/parts/compare", response_class=HTMLResponse)
def compare_page(request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    ids = [i for v in request.query_params.getlist("ids") for i in v.split(",")]
    try:
        cmp = svc.compare_parts(cache, repo, ids)
    except KeypartsError as exc:
        if request.headers.get("HX-Request"):
            return error_box(request, exc)
        return render(request, "compare.html", p, error=str(exc).splitlines()[0], cmp=None)
    return render(request, "compare.html", p, cmp=cmp, error=None)
