"""Interchange look-up: from any designation (ISO, a maker's suffixes, an old Chinese /
GOST numeric code) to the parts of the dataset with the same boundary geometry, graded.

Parts are indexed once by their boundary dimensions (d, D, B) in mm rounded to 0.01 mm (from
``part_values`` or, where missing, from the parsed designation); a look-up parses the query
with :func:`keyparts.design.designation.parse_designation` (ISO 15 boundary tables), takes
the parts under the same key and grades each with :func:`keyparts.design.interchange.interchange`
("b replacing a": identical, drop-in upgrade, drop-in downgrade, similar, not
interchangeable; platform.md §3.2). The designation part of a grade is cached per designation
pair; the rating part (C higher/lower by more than the catalogue rounding) is applied to all
candidates at once with the same rules, so a look-up costs one array pass over its geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from keyparts.errors import InputError, KeypartsError
from keyparts.match.index import PartIndex

GRADE_ORDER = ("identical", "drop-in upgrade", "drop-in downgrade", "similar", "not interchangeable")
_RANK = {g: i for i, g in enumerate(GRADE_ORDER)}


def _key(d: float, D: float, B: float) -> tuple[int, int, int]:
    return (int(round(d * 100)), int(round(D * 100)), int(round(B * 100)))


@lru_cache(maxsize=65536)
def _parse(text: str):  # noqa: ANN202 - BearingDesignation | None
    from keyparts.design.designation import parse_designation

    try:
        return parse_designation(text)
    except KeypartsError:
        return None


@lru_cache(maxsize=262144)
def _base_grade(a: str, b: str) -> tuple[int, tuple[str, ...]]:
    """Grade rank of ``b`` replacing ``a`` from the designations alone (equal ratings C)."""
    from keyparts.design.interchange import interchange

    A, B = _parse(a), _parse(b)
    if B is None:
        return _RANK["similar"], (f"designation {b!r} not readable: same boundary dimensions only",)
    res = interchange(A, B, C_a_kN=1.0, C_b_kN=1.0)
    return _RANK[res.grade], tuple(res.reasons)


# grade rank after a higher (+1) or lower (-1) rating C, from the rules of
# keyparts.design.interchange: hard -> not interchangeable; soft or (up and down) -> similar;
# up -> upgrade; down -> downgrade; nothing -> identical.
_WITH_C = {+1: np.array([1, 1, 3, 3, 4]), -1: np.array([2, 3, 2, 3, 4]), 0: np.arange(5)}


@dataclass(frozen=True)
class InterchangeResult:
    """Parts that can replace ``query``, best grade first."""

    query: str
    parsed: dict
    boundary_mm: tuple[float, float, float] | None
    C_kN: float | None
    candidates: tuple[dict, ...]

    def to_dict(self) -> dict:
        return {"query": self.query, "parsed": self.parsed,
                "boundary_mm": list(self.boundary_mm) if self.boundary_mm else None,
                "C_kN": self.C_kN, "candidates": [dict(c) for c in self.candidates]}


@dataclass(frozen=True)
class InterchangeIndex:
    """Rows of a :class:`PartIndex` grouped by boundary dimensions (build with :meth:`build`)."""

    index: PartIndex
    by_boundary: dict
    by_designation: dict

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
        by_boundary = {k: rows[v] for k, v in groups.items()}
        norm = pd.Series(lab).astype(str).str.upper().str.replace(r"[\s\-/]", "", regex=True)
        by_designation = {k: np.asarray(v) for k, v in pd.Series(np.arange(n)).groupby(norm.to_numpy()).indices.items()}
        return cls(index=index, by_boundary=by_boundary, by_designation=by_designation)

    def lookup(self, designation: str, *, C_kN: float | None = None, include_not_interchangeable: bool = False,
               limit: int | None = None) -> InterchangeResult:
        """Graded parts with ``designation``'s boundary geometry.

        ``C_kN`` is the dynamic rating of the part to replace; when omitted it is the median C
        of dataset parts with that very designation (if any), so ratings enter the grade.
        """
        text = designation.strip()
        q = _parse(text)
        if q is None:
            from keyparts.design.designation import parse_designation

            parse_designation(text)  # raises the designation engine's own InputError
            raise InputError(f"designation {designation!r} could not be read")
        if q.D_mm is None or q.B_mm is None:
            raise InputError(f"designation {designation!r}: boundary dimensions of series {q.series} "
                             f"d {q.d_mm:g} mm are not in the ISO 15 tables, expected a standard series")
        ix = self.index
        C = ix.numeric.get("C")
        if C_kN is None and C is not None:
            canon = q.format() if hasattr(q, "format") else text
            same = self.by_designation.get(canon.upper().replace(" ", "").replace("-", "").replace("/", ""))
            if same is not None:
                vals = C[same][np.isfinite(C[same])]
                C_kN = float(np.median(vals)) if vals.size else None
        rows = self.by_boundary.get(_key(q.d_mm, q.D_mm, q.B_mm), np.array([], int))
        desig = ix.text["designation"]
        maker = ix.text["maker_id"]
        codes = desig.codes[rows]
        uniq, inv = np.unique(codes, return_inverse=True)
        labels = [str(desig.labels[c]) if c >= 0 else "" for c in uniq]
        cb = C[rows] if C is not None else np.full(rows.size, np.nan)
        base = [_base_grade(text, b) for b in labels]
        u_reasons = [r for _, r in base]
        rank = np.array([g for g, _ in base], int)[inv] if labels else np.array([], int)
        direction = np.zeros(rows.size, int)
        if C_kN is not None and C_kN > 0:
            from keyparts.design.interchange import C_EQUAL_TOL
            with np.errstate(invalid="ignore"):
                rel = (cb - C_kN) / C_kN
            direction = np.where(rel >= C_EQUAL_TOL, 1, np.where(rel <= -C_EQUAL_TOL, -1, 0))
            direction[~np.isfinite(cb)] = 0
            for dirn in (1, -1):
                m = direction == dirn
                rank[m] = _WITH_C[dirn][rank[m]]
        show = np.ones(rows.size, bool) if include_not_interchangeable else rank < _RANK["not interchangeable"]
        sel = np.flatnonzero(show)
        order = sel[np.lexsort((rows[sel], rank[sel]))]
        if limit is not None:
            order = order[:limit]
        out = []
        for i in order:
            r = rows[i]
            reasons = list(u_reasons[inv[i]])
            if direction[i]:
                rel_i = (cb[i] - C_kN) / C_kN
                reasons.append(f"C {abs(rel_i) * 100:.0f} % {'higher' if rel_i > 0 else 'lower'}")
            out.append({"part_id": str(ix.part_id[r]), "designation": labels[inv[i]],
                        "maker_id": str(maker.labels[maker.codes[r]]) if maker.codes[r] >= 0 else None,
                        "grade": GRADE_ORDER[rank[i]], "reasons": reasons,
                        "C_kN": float(cb[i]) if np.isfinite(cb[i]) else None})
        return InterchangeResult(query=text, parsed=_parsed_dict(q), boundary_mm=(q.d_mm, q.D_mm, q.B_mm),
                                 C_kN=C_kN, candidates=tuple(out))


def _parsed_dict(q) -> dict:  # noqa: ANN001
    if hasattr(q, "to_dict"):
        return q.to_dict()
    return {k: getattr(q, k) for k in ("text", "type_name", "series", "d_mm", "D_mm", "B_mm", "seal",
                                       "clearance", "precision", "old_code")}
