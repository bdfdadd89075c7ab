"""Interchange look-up: from any designation (ISO, a maker's suffixes, an old Chinese /
GOST numeric code) to the parts of the dataset with the same boundary geometry, graded.

Parts are indexed once by their boundary dimensions (d, D, B) in mm rounded to 0.01 mm (from
``part_values`` or, where missing, from the parsed designation); a look-up parses the query
with :func:`keyparts.design.designation.parse_designation` (ISO 15 boundary tables), takes
the parts under the same key and grades each with :func:`keyparts.design.interchange.interchange`
("b replacing a": identical, drop-in upgrade, drop-in downgrade, similar, not
interchangeable; the cross-reference grades of electronic parts catalogues, e.g. PartMiner's
direct / upgrade / downgrade / similar, applied to the ISO 15 boundary key). The designation part of a grade is cached per designation
pair; the rating part (C higher/lower by more than the catalogue rounding) is applied to all
candidates at once with the same rules, so a look-up costs one array pass over its geometry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from keyparts.design.interchange import C_EQUAL_TOL
from keyparts.errors import InputError, KeypartsError
from keyparts.match.index import PartIndex

GRADE_ORDER = ("identical", "drop-in upgrade", "drop-in downgrade", "similar", "not interchangeable")
_RANK = {g: i for i, g in enumerate(GRADE_ORDER)}


def _key(d: float, D: float, B: float) -> tuple[int, int, int]:
    return (round(d * 100), round(D * 100), round(B * 100))


@lru_cache(maxsize=65536)
def _parse(text: str):
    from keyparts.design.designation import parse_designation

    try:
        return parse_designation(text)
    except KeypartsError:
        return None


@lru_cache(maxsize=262144)
def _base_grade(a: str, b: str, rated: bool) -> tuple[int, tuple[str, ...]]:
    """Grade rank of ``b`` replacing ``a`` from the designations alone: with equal ratings C
    (``rated``; the C comparison is added later), or without ratings (the engine then reads
    the internal-design suffixes instead)."""
    from keyparts.design.interchange import interchange

    A, B = _parse(a), _parse(b)
    if B is None:
        return _RANK["similar"], (f"designation {b!r} not readable: same boundary dimensions only",)
    res = interchange(A, B, C_a_kN=1.0, C_b_kN=1.0) if rated else interchange(A, B)
    return _RANK[res.grade], tuple(res.reasons)


# grade rank after a higher (+1) or lower (-1) rating C, from the rules of
# keyparts.design.interchange: hard -> not interchangeable; soft or (up and down) -> similar;
# up -> upgrade; down -> downgrade; nothing -> identical.
_WITH_C = {+1: np.array([1, 1, 3, 3, 4]), -1: np.array([2, 3, 2, 3, 4]), 0: np.arange(5)}


@dataclass(frozen=True)
class InterchangeResult:
    """Parts that can replace ``query``, best grade first."""

    query: str
    designation: object  # keyparts.design.designation.BearingDesignation
    boundary_mm: tuple[float, float, float] | None
    C_kN: float | None
    candidates: tuple[dict, ...]

    def to_dict(self) -> dict:
        return {"query": self.query, "parsed": _parsed_dict(self.designation),
                "boundary_mm": list(self.boundary_mm) if self.boundary_mm else None,
                "C_kN": self.C_kN, "candidates": [dict(c) for c in self.candidates]}


@dataclass(frozen=True)
class InterchangeIndex:
    """Rows of a :class:`PartIndex` grouped by boundary dimensions (build with :meth:`build`)."""

    index: PartIndex
    by_boundary: dict      # (d, D, B) in 0.01 mm -> (rows ascending, label code of each row,
                           #   labels, C kN, part id, maker id, maker country of each row)
    by_designation: dict   # normalised designation -> rows
    queries: dict          # cache: query text -> (designation, key, dataset C of that designation)
    orders: dict = field(default_factory=dict)  # cache: (text, C, all) -> (order, rank, direction)

    @classmethod
    def build(cls, index: PartIndex) -> InterchangeIndex:
        n = len(index)
        dims = [index.numeric.get(k, np.full(n, np.nan)) for k in ("d", "D", "B")]
        d, D, B = (np.asarray(x, float).copy() for x in dims)
        desig = index.text["designation"]
        lab = np.append(desig.labels, None)[desig.codes]
        missing = np.flatnonzero(~(np.isfinite(d) & np.isfinite(D) & np.isfinite(B)) & (desig.codes >= 0))
        for r in missing:  # parts without dimensions: read them from the designation
            p = _parse(str(lab[r]))
            if p is not None and p.D_mm and p.B_mm:
                d[r], D[r], B[r] = p.d_mm, p.D_mm, p.B_mm
        ok = np.isfinite(d) & np.isfinite(D) & np.isfinite(B)
        rows = np.flatnonzero(ok)
        keys = pd.MultiIndex.from_arrays([np.round(d[rows] * 100).astype(np.int64),
                                          np.round(D[rows] * 100).astype(np.int64),
                                          np.round(B[rows] * 100).astype(np.int64)])
        groups = pd.Series(rows).groupby(keys).indices
        codes = desig.codes
        C_all = index.numeric.get("C", np.full(n, np.nan))
        ix_id = index.part_id
        mk = index.text["maker_id"]
        makers = np.append(mk.labels, None)[mk.codes]
        cty = index.text.get("country")
        countries = np.append(cty.labels, None)[cty.codes] if cty is not None else np.full(n, None)
        by_boundary = {}
        for k, v in groups.items():
            r = np.sort(rows[v])
            uniq, inv = np.unique(codes[r], return_inverse=True)
            labels = tuple(str(desig.labels[c]) if c >= 0 else "" for c in uniq)
            by_boundary[k] = (r, inv, labels, C_all[r], ix_id[r], makers[r], countries[r])
        norm = pd.Series(lab).astype(str).str.upper().str.replace(r"[\s\-/]", "", regex=True)
        by_designation = {k: np.asarray(v) for k, v in pd.Series(np.arange(n)).groupby(norm.to_numpy()).indices.items()}
        return cls(index=index, by_boundary=by_boundary, by_designation=by_designation, queries={})

    def lookup(self, designation: str, *, C_kN: float | None = None, include_not_interchangeable: bool = False,
               limit: int | None = None) -> InterchangeResult:
        """Graded parts with ``designation``'s boundary geometry.

        ``C_kN`` is the dynamic rating of the part to replace; when omitted it is the median C
        of dataset parts with that very designation (if any), so ratings enter the grade.
        """
        text = designation.strip()
        cached = self.queries.get(text)
        if cached is None:
            cached = self._read_query(text)
            if len(self.queries) < 100_000:
                self.queries[text] = cached
        parsed, key, C_same = cached
        if C_kN is None:
            C_kN = C_same
        empty = np.array([], int)
        _rows, inv, labels, cb, pid, mid, cty = self.by_boundary.get(key, (empty,) * 2 + ((),) + (empty,) * 4)
        rated = C_kN is not None and C_kN > 0
        base = [_base_grade(text, b, rated) for b in labels]
        ckey = (text, C_kN, include_not_interchangeable)
        hit = self.orders.get(ckey)
        if hit is None:
            hit = self._order(base, inv, cb, C_kN, include_not_interchangeable)
            if len(self.orders) < 20_000:
                self.orders[ckey] = hit
        order, rank, direction = hit
        if limit is not None:
            order = order[:limit]
        out = []
        for i, g, dirn, c, p_, m_, k_, li in zip(order.tolist(), rank[order].tolist(), direction[order].tolist(),
                                                cb[order].tolist(), pid[order].tolist(), mid[order].tolist(),
                                                cty[order].tolist(), inv[order].tolist()):
            reasons = list(base[li][1])
            if dirn:
                rel_i = (c - C_kN) / C_kN
                reasons.append(f"C {abs(rel_i) * 100:.0f} % {'higher' if rel_i > 0 else 'lower'}")
            out.append({"part_id": str(p_), "designation": labels[li], "maker_id": m_, "country": k_,
                        "grade": GRADE_ORDER[g], "reasons": reasons, "C_kN": None if math.isnan(c) else c})
        return InterchangeResult(query=text, designation=parsed, boundary_mm=tuple(k / 100 for k in key),
                                 C_kN=C_kN, candidates=tuple(out))

    def for_part(self, part_id: str, *, include_not_interchangeable: bool = False,
                 limit: int | None = None) -> InterchangeResult:
        """Parts that can replace the dataset part ``part_id``: looked up by its designation with
        its own rating C (kN; the designation's median C when it has none), the part itself left
        out of the candidates."""
        row = self.index.row(part_id)
        desig = self.index.text["designation"]
        code = desig.codes[row]
        if code < 0:
            raise InputError(f"part {part_id!r} has no designation to look up")
        C = self.index.numeric.get("C")
        c = float(C[row]) if C is not None and np.isfinite(C[row]) and C[row] > 0 else None
        res = self.lookup(str(desig.labels[code]), C_kN=c, include_not_interchangeable=include_not_interchangeable)
        others = tuple(x for x in res.candidates if x["part_id"] != part_id)
        return replace(res, candidates=others[:limit] if limit is not None else others)

    @staticmethod
    def _order(base: list, inv: np.ndarray, cb: np.ndarray, C_kN: float | None, include: bool
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate order (best grade first, then part id), grade rank and C direction."""
        rank = np.array([g for g, _ in base], np.int64)[inv] if base else np.array([], np.int64)
        direction = np.zeros(inv.size, np.int64)
        if C_kN is not None and C_kN > 0 and inv.size:
            with np.errstate(invalid="ignore"):
                rel = (cb - C_kN) / C_kN
            direction = (rel >= C_EQUAL_TOL).astype(np.int64) - (rel <= -C_EQUAL_TOL)
            rank = np.where(direction > 0, _WITH_C[1][rank], np.where(direction < 0, _WITH_C[-1][rank], rank))
        hidden = len(GRADE_ORDER) if include else _RANK["not interchangeable"]
        order = np.argsort(rank, kind="stable")  # rows ascend by part id: ties stay in id order
        return order[: int(np.count_nonzero(rank < hidden))], rank, direction

    def _read_query(self, text: str) -> tuple[object, tuple[int, int, int], float | None]:
        q = _parse(text)
        if q is None:
            from keyparts.design.designation import parse_designation

            parse_designation(text)  # raises the designation engine's own InputError
            raise InputError(f"designation {text!r} could not be read")
        if q.D_mm is None or q.B_mm is None:
            raise InputError(f"designation {text!r}: boundary dimensions of series {q.series} "
                             f"d {q.d_mm:g} mm are not in the ISO 15 tables, expected a standard series")
        C = self.index.numeric.get("C")
        C_same = None
        if C is not None:
            canon = q.format() if hasattr(q, "format") else text
            same = self.by_designation.get(canon.upper().replace(" ", "").replace("-", "").replace("/", ""))
            if same is not None:
                vals = C[same][np.isfinite(C[same])]
                C_same = float(np.median(vals)) if vals.size else None
        return q, _key(q.d_mm, q.D_mm, q.B_mm), C_same


def _parsed_dict(q) -> dict:
    if hasattr(q, "to_dict"):
        return q.to_dict()
    return {k: getattr(q, k) for k in ("text", "type_name", "series", "d_mm", "D_mm", "B_mm", "seal",
                                       "clearance", "precision", "old_code")}
