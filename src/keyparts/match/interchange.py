"""Interchange look-up: from any designation (ISO, a maker's suffixes, an old Chinese /
GOST numeric code) to the parts of the dataset with the same boundary geometry, graded.

Parts are indexed once by their boundary dimensions (d, D, B) in mm rounded to 0.01 mm (from
``part_values`` or, where missing, from the parsed designation); a look-up parses the query
with :func:`keyparts.design.designation.parse_designation` (ISO 15 boundary tables), takes
the parts under the same key and grades each with :func:`keyparts.design.interchange.interchange`
("b replacing a": identical, drop-in upgrade, drop-in downgrade, similar, not
interchangeable; platform.md §3.2). Grades are cached per designation pair, so repeated
look-ups cost a dictionary access.
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
def _grade(a: str, b: str, C_a: float | None, C_b: float | None) -> tuple[str, tuple[str, ...]]:
    from keyparts.design.interchange import interchange

    A, B = _parse(a), _parse(b)
    if B is None:
        return "similar", (f"designation {b!r} not readable: same boundary dimensions only",)
    res = interchange(A, B, C_a_kN=C_a, C_b_kN=C_b)
    return res.grade, tuple(res.reasons)


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
        out = []
        for r in rows:
            b = str(desig.labels[desig.codes[r]]) if desig.codes[r] >= 0 else ""
            cb = float(C[r]) if C is not None and np.isfinite(C[r]) else None
            grade, reasons = _grade(text, b, C_kN, cb if C_kN is not None else None)
            if grade == "not interchangeable" and not include_not_interchangeable:
                continue
            out.append({"part_id": str(ix.part_id[r]), "designation": b,
                        "maker_id": str(maker.labels[maker.codes[r]]) if maker.codes[r] >= 0 else None,
                        "grade": grade, "reasons": list(reasons), "C_kN": cb})
        out.sort(key=lambda c: (_RANK[c["grade"]], c["part_id"]))
        if limit is not None:
            out = out[:limit]
        return InterchangeResult(query=text, parsed=_parsed_dict(q), boundary_mm=(q.d_mm, q.D_mm, q.B_mm),
                                 C_kN=C_kN, candidates=tuple(out))


def _parsed_dict(q) -> dict:  # noqa: ANN001
    if hasattr(q, "to_dict"):
        return q.to_dict()
    return {k: getattr(q, k) for k in ("text", "type_name", "series", "d_mm", "D_mm", "B_mm", "seal",
                                       "clearance", "precision", "old_code")}
