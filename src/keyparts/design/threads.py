"""ISO metric screw threads (ISO 261 / ISO 262 / ISO 724 basic profile) and ISO 898-1:2013
property classes of bolts, screws and studs. Units mm, MPa, N.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from keyparts.errors import InputError

#: ISO 261 coarse pitch by nominal diameter (mm), M3–M64.
COARSE_PITCH: dict[float, float] = {
    3: 0.5, 3.5: 0.6, 4: 0.7, 5: 0.8, 6: 1.0, 7: 1.0, 8: 1.25, 10: 1.5, 12: 1.75, 14: 2.0, 16: 2.0,
    18: 2.5, 20: 2.5, 22: 2.5, 24: 3.0, 27: 3.0, 30: 3.5, 33: 3.5, 36: 4.0, 39: 4.0, 42: 4.5, 45: 4.5,
    48: 5.0, 52: 5.0, 56: 5.5, 60: 5.5, 64: 6.0,
}
#: ISO 262 selected (common) fine pitches.
FINE_PITCHES: dict[float, tuple[float, ...]] = {
    8: (1.0,), 10: (1.25, 1.0), 12: (1.5, 1.25), 14: (1.5,), 16: (1.5,), 18: (1.5,), 20: (1.5,),
    22: (1.5,), 24: (2.0,), 27: (2.0,), 30: (2.0,), 33: (2.0,), 36: (3.0,), 39: (3.0,), 42: (3.0,),
    45: (3.0,), 48: (3.0,), 52: (4.0,), 56: (4.0,), 60: (4.0,), 64: (4.0,),
}


@dataclass(frozen=True)
class Thread:
    """ISO metric thread geometry (mm, mm²) from the ISO 68-1 basic profile."""

    designation: str
    d: float
    P: float
    coarse: bool
    d2: float
    d3: float
    d1: float
    H: float
    As: float
    A_d3: float

    @property
    def ds(self) -> float:
        """Diameter of the stress area, (d2 + d3)/2."""
        return (self.d2 + self.d3) / 2

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def thread(spec: str | float, pitch: float | None = None) -> Thread:
    """Thread geometry for 'M12', 'M12x1.5' (or d, P): ISO 724 d2 = d − 0.649519·P,
    d3 = d − 1.226869·P, d1 = d − 1.082532·P, H = 0.866025·P, and the ISO 898-1 stress area
    As = π/4·((d2 + d3)/2)²."""
    if isinstance(spec, str):
        m = re.fullmatch(r"\s*M\s*(\d+(?:\.\d+)?)\s*(?:[x×X*]\s*(\d+(?:\.\d+)?))?\s*", spec)
        if not m:
            raise InputError(f"thread: {spec!r} is not an ISO metric thread (expected e.g. M12 or M12x1.5)")
        d = float(m.group(1))
        pitch = float(m.group(2)) if m.group(2) else pitch
    else:
        d = float(spec)
    if pitch is None:
        if d not in COARSE_PITCH:
            raise InputError(f"thread: M{d:g} has no ISO 261 coarse pitch in M3–M64 (give the pitch, e.g. M{d:g}x1.5)")
        pitch = COARSE_PITCH[d]
    if not (0 < pitch < d / 2):
        raise InputError(f"thread: pitch {pitch:g} mm is not plausible for M{d:g}")
    coarse = COARSE_PITCH.get(d) == pitch
    d2, d3, d1 = d - 0.649519 * pitch, d - 1.226869 * pitch, d - 1.082532 * pitch
    name = f"M{d:g}" if coarse else f"M{d:g}x{pitch:g}"
    return Thread(designation=name, d=d, P=pitch, coarse=coarse, d2=d2, d3=d3, d1=d1, H=0.866025 * pitch,
                  As=math.pi / 4 * ((d2 + d3) / 2) ** 2, A_d3=math.pi / 4 * d3 ** 2)


@dataclass(frozen=True)
class PropertyClass:
    """ISO 898-1:2013 minimum properties of one class (MPa); ``Rp02_min`` is the yield value VDI
    2230 uses (ReL for 4.6/5.6, Rpf for 4.8/5.8/6.8, Rp0.2 for 8.8 and up)."""

    name: str
    Rm_nom: float
    Rm_min: float
    Rp02_min: float
    Sp_nom: float
    A_min_pct: float | None
    HV_min: float
    HV_max: float


# ISO 898-1:2013 Table 3 (nfgab.se reproduction [V]); 8.8 and 9.8 change at d = 16 mm.
_CLASSES: dict[str, tuple[float, float, float, float, float | None, float, float]] = {
    "4.6": (400, 400, 240, 225, 22, 120, 220), "4.8": (400, 420, 340, 310, None, 130, 220),
    "5.6": (500, 500, 300, 280, 20, 155, 220), "5.8": (500, 520, 420, 380, None, 160, 220),
    "6.8": (600, 600, 480, 440, None, 190, 250),
    "8.8<=16": (800, 800, 640, 580, 12, 250, 320), "8.8>16": (800, 830, 660, 600, 12, 255, 335),
    "9.8<=16": (900, 900, 720, 650, 10, 290, 360),
    "10.9": (1000, 1040, 940, 830, 9, 320, 380), "12.9": (1200, 1220, 1100, 970, 8, 385, 435),
}
PROPERTY_CLASSES = ("4.6", "4.8", "5.6", "5.8", "6.8", "8.8", "9.8", "10.9", "12.9")


def property_class(name: str, d: float) -> PropertyClass:
    """ISO 898-1:2013 properties of class ``name`` for nominal diameter d (mm)."""
    n = name.strip()
    if n not in PROPERTY_CLASSES:
        raise InputError(f"class: {name!r} is not an ISO 898-1 property class (expected one of {PROPERTY_CLASSES})")
    key = n
    if n in ("8.8", "9.8"):
        if n == "9.8" and d > 16:
            raise InputError(f"class: 9.8 applies only to d <= 16 mm (ISO 898-1), got M{d:g}")
        key = f"{n}{'<=16' if d <= 16 else '>16'}"
    Rm_nom, Rm_min, Rp, Sp, A, hv0, hv1 = _CLASSES[key]
    return PropertyClass(n, Rm_nom, Rm_min, Rp, Sp, A, hv0, hv1)


def proof_load(spec: str, class_name: str) -> tuple[float, float]:
    """(proof load Sp·As, minimum ultimate load Rm,min·As) in N, ISO 898-1 Tables 4–7 (unrounded)."""
    t = thread(spec)
    pc = property_class(class_name, t.d)
    return pc.Sp_nom * t.As, pc.Rm_min * t.As
