"""Interchange grading of two bearing designations, form-fit-function style (ASME Y14.100) with
the cross-reference grades of parts catalogues (identical / upgrade / downgrade / similar): the
same basic designation means the same ISO 15 / ISO 355 boundary dimensions, which must match
exactly; seal/shield, cage, clearance, precision and internal design are compatibility
attributes that make the substitute an upgrade, a downgrade or only similar. Read every grade
as "b replacing a".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from keyparts.design.designation import (
    CYLINDRICAL,
    PRECISION_ORDER,
    BearingDesignation,
    parse_designation,
)

GRADES = ("identical", "drop-in upgrade", "drop-in downgrade", "similar", "not interchangeable")
#: Relative difference in C below which two ratings count as equal (catalogue rounding).
C_EQUAL_TOL = 0.01


@dataclass(frozen=True)
class Interchange:
    """Grade of b as a substitute for a, with the reasons."""

    a: str
    b: str
    grade: str
    reasons: list[str] = field(default_factory=list)
    same_boundary: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "grade": self.grade, "reasons": list(self.reasons),
                "same_boundary": self.same_boundary}


def _as_designation(x: str | BearingDesignation) -> BearingDesignation:
    return x if isinstance(x, BearingDesignation) else parse_designation(x)


def same_boundary(a: str | BearingDesignation, b: str | BearingDesignation) -> bool:
    """True when both share one boundary geometry d×D×B (ISO 15 / 355 / 104): equal dimensions
    where both are known, else the same dimension series and bore."""
    A, B = _as_designation(a), _as_designation(b)
    if None not in (A.D_mm, A.B_mm, B.D_mm, B.B_mm):
        return abs(A.d_mm - B.d_mm) < 1e-6 and abs(A.D_mm - B.D_mm) < 1e-6 and abs(A.B_mm - B.B_mm) < 1e-6
    return A.series == B.series and A.d_mm == B.d_mm and _family(A) == _family(B)


def _family(x: BearingDesignation) -> str:
    return "cylindrical" if x.type_code in CYLINDRICAL else x.type_code


def _seal_kind(x: BearingDesignation) -> str:
    if x.seal is None:
        return "open"
    if x.seal_kind == "contact":
        return "contact seal"
    return "non-contact seal" if "R" in x.seal else "shield"


def _seal_reason(a: BearingDesignation, b: BearingDesignation) -> str:
    ka, kb = _seal_kind(a), _seal_kind(b)
    sides = lambda x: "two sides" if x.seal.startswith("2") else "one side"
    if ka == kb:
        return f"{kb} on {sides(b)} vs {sides(a)}"
    if a.seal and b.seal and sides(a) != sides(b):
        return f"{kb} ({sides(b)}) vs {ka} ({sides(a)})"
    return f"{kb} vs {ka}"


def interchange(a: str | BearingDesignation, b: str | BearingDesignation, *, C_a_kN: float | None = None,
                C_b_kN: float | None = None) -> Interchange:
    """Grade bearing ``b`` as a substitute for ``a``: identical, drop-in upgrade, drop-in downgrade,
    similar, or not interchangeable, with reasons such as "C 8 % lower", "precision P6 vs P5",
    "contact seal vs shield". Optional catalogue ratings C (kN) of each part.
    """
    A, B = _as_designation(a), _as_designation(b)
    hard: list[str] = []
    soft: list[str] = []
    up: list[str] = []
    down: list[str] = []
    sb = same_boundary(A, B)
    if not sb:
        dims = lambda x: f"{x.d_mm:g}×{x.D_mm:g}×{x.B_mm:g}" if x.D_mm and x.B_mm else f"d {x.d_mm:g}, series {x.series}"
        hard.append(f"boundary dimensions {dims(B)} vs {dims(A)} mm")
    if _family(A) != _family(B):
        hard.append(f"type {B.type_name} vs {A.type_name}")
    elif A.type_code != B.type_code:
        soft.append(f"cylindrical roller {B.type_code} vs {A.type_code} (different ribs: locating behaviour)")
    if A.tapered_bore != B.tapered_bore:
        hard.append(f"bore {B.tapered_bore or 'cylindrical'} vs {A.tapered_bore or 'cylindrical'}")
    if (A.snap_ring == "NR") != (B.snap_ring == "NR"):
        hard.append(f"snap ring {B.snap_ring or 'none'} vs {A.snap_ring or 'none'} (housing must match)")
    elif A.snap_ring != B.snap_ring:
        soft.append(f"snap-ring groove {B.snap_ring or 'none'} vs {A.snap_ring or 'none'}")
    if A.contact_angle_deg != B.contact_angle_deg and A.type_code == B.type_code == "7":
        soft.append(f"contact angle {B.contact_angle_deg or '?'}° vs {A.contact_angle_deg or '?'}°")
    if A.seal != B.seal:
        soft.append(_seal_reason(A, B))
    if A.clearance != B.clearance:
        soft.append(f"clearance {B.clearance} vs {A.clearance}")
    if A.cage_material != B.cage_material and A.cage_material and B.cage_material:
        soft.append(f"cage {B.cage_material} vs {A.cage_material}")
    if A.matching != B.matching:
        soft.append(f"matching {B.matching or 'none'} vs {A.matching or 'none'}")
    ra, rb = PRECISION_ORDER.index(A.precision), PRECISION_ORDER.index(B.precision)
    if rb > ra:
        up.append(f"precision {B.precision} vs {A.precision}")
    elif rb < ra:
        down.append(f"precision {B.precision} vs {A.precision}")
    if C_a_kN is not None and C_b_kN is not None:
        rel = (C_b_kN - C_a_kN) / C_a_kN
        if rel >= C_EQUAL_TOL:
            up.append(f"C {rel * 100:.0f} % higher")
        elif rel <= -C_EQUAL_TOL:
            down.append(f"C {-rel * 100:.0f} % lower")
    elif A.internal_design != B.internal_design and A.type_code != "7" and not hard:
        if B.internal_design in ("E", "EC", "EA", "E1", "EAE4") and not A.internal_design:
            up.append(f"reinforced internal design {B.internal_design} (higher C expected)")
        elif A.internal_design in ("E", "EC", "EA", "E1", "EAE4") and not B.internal_design:
            down.append(f"no reinforced internal design (a has {A.internal_design})")
        else:
            soft.append(f"internal design {B.internal_design or 'standard'} vs {A.internal_design or 'standard'}")
    if hard:
        grade = "not interchangeable"
    elif soft or (up and down):
        grade = "similar"
    elif up:
        grade = "drop-in upgrade"
    elif down:
        grade = "drop-in downgrade"
    else:
        grade = "identical"
    return Interchange(a=A.text, b=B.text, grade=grade, reasons=hard + soft + down + up, same_boundary=sb)
