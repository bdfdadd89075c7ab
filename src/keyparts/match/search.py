"""Parametric search: filters, category subtree, facets, sort and pages over a PartIndex.

Pure and vectorised: every clause is a NumPy boolean mask over the prebuilt
:class:`~keyparts.match.index.PartIndex`; facets are ``bincount`` over the surviving rows;
the sort uses ``argpartition`` so that a page costs O(n), not O(n log n). The behaviour
follows parametric part catalogues such as Octopart (Nexar) and InvenTree: unit-aware ranges
with open ends, counts per value from the current result set, sort by any parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from keyparts.errors import InputError
from keyparts.match.index import WORD_FIELDS, PartIndex
from keyparts.match.query import WORDS, Clause, clause_problem, parse_query

MAX_LIMIT = 1000
#: Index columns that are item fields, not parameter values, in a result row.
ITEM_FIELDS = ("designation", "maker_id", "maker_name", "country", "status", "category_names")


def words_mask(index: PartIndex, words: Sequence[str]) -> np.ndarray:
    """Rows where every word (case-insensitive) occurs in one of :data:`WORD_FIELDS`.

    Each word is looked up once per distinct label of a column (``np.char.find`` over the
    labels) and mapped to rows through the codes, so the cost follows the number of distinct
    designations, makers and categories, not a Python loop over parts.
    """
    mask = np.ones(len(index), bool)
    cols = [index.text[f] for f in WORD_FIELDS if f in index.text]
    for w in words:
        w = w.lower()
        hit = np.zeros(len(index), bool)
        for tc in cols:
            pred = np.char.find(tc.labels_lower, w) >= 0 if tc.labels.size else np.zeros(0, bool)
            if pred.any():
                hit |= tc.label_mask(pred)
        mask &= hit
    return mask


def clause_mask(index: PartIndex, clause: Clause) -> np.ndarray:
    """Rows of ``index`` that satisfy ``clause`` (a part without the parameter fails it)."""
    if clause.op == WORDS:
        return words_mask(index, clause.values)
    name = clause.parameter
    num, txt = index.numeric.get(name), index.text.get(name)
    numeric = num is not None and (clause.is_numeric or txt is None)
    kind = ("number" if numeric else None if txt is None
            else "text" if index.kinds.get(name) == "text" else "enum")
    problem = clause_problem(clause, kind, index.units.get(name, ""))
    if problem:
        known = f", expected one of: {', '.join(index.parameters)}" if kind is None else ""
        raise InputError(problem + known)
    if numeric:
        lo, hi, lo_inc, hi_inc = clause.numeric_bounds(index.units.get(name, ""))
        with np.errstate(invalid="ignore"):
            m = (num >= lo) if lo_inc else (num > lo)
            m &= (num <= hi) if hi_inc else (num < hi)
            if clause.op == "!=":
                m = ~m & np.isfinite(num)
        return m
    assert txt is not None
    labels = txt.labels_lower
    wanted = [v.strip().lower() for v in clause.values]
    if clause.op in ("=", "in"):
        pred = np.isin(labels, wanted)
    elif clause.op in ("!=", "not in"):
        pred = ~np.isin(labels, wanted)
    else:  # contains
        pred = np.char.find(labels, wanted[0]) >= 0
    return txt.label_mask(pred)


@dataclass(frozen=True)
class SearchResult:
    """One page of a parametric search, its facets and how each clause narrowed it.

    ``funnel`` lists, per clause in order, how many parts remained after it (the first
    entry is the category scope): the clause where the count drops to 0 is the one that
    nothing meets.
    """

    query: tuple[str, ...]
    category: str | None
    total: int
    offset: int
    limit: int
    sort: str | None
    descending: bool
    items: tuple[dict, ...]
    facets: dict
    units: dict
    funnel: tuple[tuple[str, int], ...] = field(default=())
    hints: dict | None = None

    def to_dict(self) -> dict:
        return {"query": list(self.query), "category": self.category, "total": self.total,
                "offset": self.offset, "limit": self.limit, "sort": self.sort,
                "descending": self.descending, "items": [dict(i) for i in self.items],
                "facets": self.facets, "units": self.units,
                "funnel": [{"after": a, "remaining": n} for a, n in self.funnel],
                "hints": self.hints}


def clause_label(index: PartIndex, clause: Clause) -> str:
    """The clause as typed, with the unit a bare number was read in: ``C>=45 (read as kN)``."""
    unit = index.units.get(clause.parameter) if clause.is_numeric and not clause.unit else None
    return f"{clause.text} (read as {unit})" if unit else clause.text


def filter_mask(index: PartIndex, clauses: Sequence[Clause], category: str | None = None,
                ) -> tuple[np.ndarray, list[tuple[str, int]]]:
    """AND of the category subtree and every clause, with the funnel of remaining counts."""
    mask = index.category_mask(category)
    if mask is None:
        mask = np.ones(len(index), bool)
    funnel = [(f"category {category}" if category else "all parts", int(np.count_nonzero(mask)))]
    for c in clauses:
        mask &= clause_mask(index, c)
        funnel.append((clause_label(index, c), int(np.count_nonzero(mask))))
    return mask, funnel


def zero_hints(index: PartIndex, clauses: Sequence[Clause], category: str | None = None,
               *, n_nearest: int = 3) -> dict | None:
    """Why a search found nothing: the clause after which no part remained (``blocking``),
    the values nearest to it among the parts that met every earlier clause (numbers: the
    closest below and above, in the parameter's unit; labels: the most common), and how many
    parts each clause alone removes from the result (``without``: the count with that clause
    dropped). ``None`` when the search finds parts.

    The same funnel idea as a demand's (keyparts.match.demand): each clause is one mask, so
    the hints cost one AND per clause pair.
    """
    base = index.category_mask(category)
    base = np.ones(len(index), bool) if base is None else base
    masks = [clause_mask(index, c) for c in clauses]
    running = base.copy()
    for i, (c, m) in enumerate(zip(clauses, masks)):
        before = running
        running = running & m
        if running.any():
            continue
        out: dict = {"blocking": clause_label(index, c), "remaining_before": int(before.sum()),
                     "parameter": c.parameter or None, "unit": index.units.get(c.parameter, ""),
                     "nearest": [], "without": []}
        name = c.parameter
        if c.op != WORDS and name in index.numeric and c.is_numeric:
            vals = np.unique(index.numeric[name][before])
            vals = vals[np.isfinite(vals)]
            lo, hi, _, _ = c.numeric_bounds(index.units.get(name, ""))
            below, above = vals[vals < lo][-n_nearest:], vals[vals > hi][:n_nearest]
            out["nearest"] = [float(v) for v in (*below[::-1], *above)]
        elif c.op != WORDS and name in index.text:
            tc = index.text[name]
            counts = np.bincount(tc.codes[before] + 1, minlength=tc.labels.size + 1)[1:]
            top = np.argsort(-counts, kind="stable")[:n_nearest]
            out["nearest"] = [str(tc.labels[j]) for j in top if counts[j]]
        for j, cj in enumerate(clauses):
            rest = base.copy()
            for k, mk in enumerate(masks):
                if k != j:
                    rest &= mk
            out["without"].append({"clause": clause_label(index, cj), "remaining": int(rest.sum())})
        return out
    return None


def _facets(index: PartIndex, rows: np.ndarray, names: Sequence[str]) -> dict:
    out: dict = {}
    for name in names:
        if name in index.text and index.kinds.get(name) != "text":
            tc = index.text[name]
            counts = np.bincount(tc.codes[rows] + 1, minlength=tc.labels.size + 1)[1:]
            nz = np.flatnonzero(counts)
            order = nz[np.argsort(-counts[nz], kind="stable")]
            out[name] = {"kind": "enum", "values": {str(tc.labels[i]): int(counts[i]) for i in order}}
        elif name in index.buckets:
            edges, codes = index.buckets[name]
            counts = np.bincount(codes[rows], minlength=edges.size)[: edges.size - 1]
            vals = index.numeric[name][rows]
            fin = vals[np.isfinite(vals)]
            out[name] = {"kind": "number", "unit": index.units.get(name, ""),
                         "min": float(fin.min()) if fin.size else None,
                         "max": float(fin.max()) if fin.size else None,
                         "buckets": [{"from": float(edges[i]), "to": float(edges[i + 1]),
                                      "count": int(counts[i])} for i in range(edges.size - 1)
                                     if counts[i]]}
    return out


def _order(index: PartIndex, rows: np.ndarray, sort: str | None, descending: bool,
           stop: int) -> np.ndarray:
    """Positions into ``rows`` of the first ``stop`` results in sort order (missing last)."""
    if sort is None:
        return np.arange(min(stop, rows.size))
    if sort in index.numeric:
        key = index.numeric[sort][rows]
        key = np.where(np.isfinite(key), -key if descending else key, np.inf)
    elif sort in index.text:
        tc = index.text[sort]
        rank = np.empty(tc.labels.size + 1, np.int64)
        rank[np.argsort(tc.labels.astype(str), kind="stable")] = np.arange(tc.labels.size)
        rank[-1] = np.iinfo(np.int64).max // 2  # missing labels sort last
        key = rank[tc.codes[rows]].astype(float)
        if descending:
            key = np.where(tc.codes[rows] >= 0, -key, np.inf)
    else:
        raise InputError(f"sort: unknown parameter {sort!r}, expected one of: {', '.join(index.parameters)}")
    if stop < rows.size // 2:
        top = np.argpartition(key, stop - 1)[:stop] if stop > 0 else np.array([], int)
        return top[np.lexsort((rows[top], key[top]))]
    return np.lexsort((rows, key))[:stop]


def search(index: PartIndex, where: str | Sequence[Clause] | None = None, *,
           category: str | None = None, sort: str | None = None, descending: bool = False,
           offset: int = 0, limit: int = 20, facets: Sequence[str] | None = None) -> SearchResult:
    """Parts of ``index`` meeting every clause of ``where``, one page of them, and facets.

    ``where`` is a query text (``"d=45mm; C>=50kN; precision in P5,P4"``, see
    :mod:`keyparts.match.query`) or parsed clauses. ``category`` restricts to a category and
    its subcategories. ``sort`` is any parameter (missing values last; ties by part id).
    ``facets`` names the parameters to count (enum: counts per value; number: counts per
    bucket, buckets fixed at index build); ``None`` = the enum parameters visible in the
    category plus ``status`` (numeric buckets only when asked for, they cost a pass each).
    """
    clauses = parse_query(where, words=True) if isinstance(where, str) or where is None else tuple(where)
    if offset < 0 or limit < 0 or limit > MAX_LIMIT:
        raise InputError(f"offset {offset} / limit {limit}: expected offset >= 0 and 0 <= limit <= {MAX_LIMIT}")
    mask, funnel = filter_mask(index, clauses, category)
    rows = np.flatnonzero(mask)
    pos = _order(index, rows, sort, descending, min(rows.size, offset + limit))[offset:]
    page = rows[pos]
    if facets is None:
        vis = index.visible.get(category, ()) if category else index.parameters
        facets = [n for n in vis if index.kinds.get(n) == "enum" and n in index.text
                  and n not in ("maker_id",)]
    unknown = [f for f in facets if f not in index.numeric and f not in index.text]
    if unknown:
        raise InputError(f"facets: unknown parameter(s) {', '.join(unknown)}")
    items = []
    for r, vals in zip(page, index.values_of_rows(page)):
        item = {"part_id": str(index.part_id[r]),
                "category_id": str(index.category_ids[index.category_code[r]])}
        item.update({f: vals.pop(f, None) for f in ITEM_FIELDS if f != "category_names"})
        vals.pop("category_names", None)
        items.append({**item, "values": vals})
    hints = zero_hints(index, clauses, category) if rows.size == 0 and clauses else None
    return SearchResult(query=tuple(c.text for c in clauses), category=category, total=int(rows.size),
                        offset=offset, limit=limit, sort=sort, descending=descending,
                        items=tuple(items), facets=_facets(index, rows, facets),
                        units={k: v for k, v in index.units.items()}, funnel=tuple(funnel), hints=hints)
