"""Unit handling at the boundary: text with units becomes floats in a canonical unit.

Built on the project's one registry, :mod:`keyparts.units`. ``pint`` is used only here (DESIGN.md: "parse user input with pint at the boundary only");
the search index and the engines hold plain floats in each parameter's canonical unit,
the unit declared in ``parameters.csv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pint

from keyparts.errors import InputError
from keyparts.units import parse_unit, ureg

# Spellings pint (even with keyparts.units' definitions) does not know.
_ALIASES = (
    (re.compile(r"\bmin\^-1\b|\bmin-1\b"), "rpm"),
    (re.compile(r"µ"), "u"),
)


def normalise_unit_text(unit: str | None) -> str:
    """Unit text with catalogue spellings mapped to pint's (``r/min`` -> ``rpm``)."""
    text = (unit or "").strip()
    for pattern, repl in _ALIASES:
        text = pattern.sub(repl, text)
    return text.strip()


@lru_cache(maxsize=4096)
def conversion(from_unit: str, to_unit: str) -> tuple[float, float]:
    """Linear map ``to = a * from + b`` between two unit texts ('' = dimensionless/canonical).

    An empty ``from_unit`` means "already in ``to_unit``" (a bare number typed by a user is
    read in the parameter's canonical unit). Raises :class:`InputError` when the units are
    unknown to pint or of different dimensions.
    """
    src, dst = normalise_unit_text(from_unit), normalise_unit_text(to_unit)
    if not src or src == dst:
        return 1.0, 0.0
    try:
        target = parse_unit(dst) if dst else ureg.dimensionless
        q0 = ureg.Quantity(0.0, parse_unit(src)).to(target).magnitude
        q1 = ureg.Quantity(1.0, parse_unit(src)).to(target).magnitude
    except pint.errors.DimensionalityError as exc:
        raise InputError(f"unit {from_unit!r} cannot be converted to {to_unit or 'a plain number'!r} "
                         f"(different dimensions: {exc.dim1} vs {exc.dim2})") from None
    except Exception as exc:
        raise InputError(f"unknown unit in {from_unit!r} / {to_unit!r} ({exc})") from None
    return float(q1 - q0), float(q0)


def compatible(from_unit: str, to_unit: str) -> bool:
    """True when ``from_unit`` converts to ``to_unit``."""
    try:
        conversion(from_unit, to_unit)
    except InputError:
        return False
    return True


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def split_quantity(text: str) -> tuple[float, str] | None:
    """``"45mm"`` -> ``(45.0, "mm")``; ``"0"`` -> ``(0.0, "")``; non-numbers -> ``None``.

    The unit part is checked with pint; an unknown unit raises :class:`InputError`.
    """
    m = _NUMBER.match(text)
    if not m:
        return None
    value, unit = float(m.group(1)), normalise_unit_text(m.group(2))
    if unit:
        if unit == "%":
            return value, "percent"
        try:
            parse_unit(unit)
        except Exception:
            raise InputError(f"unknown unit {m.group(2)!r} in {text.strip()!r} "
                             "(expected a unit such as mm, kN, rpm, MPa)") from None
    return value, unit
