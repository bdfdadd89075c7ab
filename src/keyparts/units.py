"""The one unit boundary of keyparts: unit text and quantities typed by people become floats.

Everything that reads a unit or a quantity from a user goes through here: CLI options
(``--C 55.3kN``), web forms and API fields, dataset cells (``part_values.unit``,
``tests.time_unit``), the constraint language (``d=45mm``). Engines take plain floats in
documented units and never import pint.

* :func:`normalise_unit` — catalogue spellings mapped to pint's, written once here:
  ``r/min``, ``U/min``, ``min^-1``, ``min-1`` → ``rpm``; ``µ``/``μ`` → ``u``; ``%`` → ``percent``.
* :func:`parse_unit` — the pint unit of a unit text (cached).
* :func:`split_quantity` — ``"45mm"`` → ``(45.0, "mm")``.
* :func:`parse_quantity` — ``"55.3kN"`` → ``55.3`` in a wanted unit, refusing a bare number
  where the wanted unit has a dimension (only ``0`` is accepted without a unit).
* :func:`conversion` / :func:`convert` — linear map between two units, and its vectorised use
  on an array (the ``from`` unit may differ per element, e.g. a ``time_unit`` column).
* :func:`dimension` / :func:`compatible` — what a unit measures; whether two units convert.
* :func:`is_revolutions` — a count of revolutions (``rev``, ``Mrev``, ``cycles``), which
  :func:`keyparts.life.from_tests_frame` tells apart from times and distances.

Rotations: pint treats an angle as dimensionless, so it would read 50 Hz as 50 rad/s
(477 r/min). In keyparts a frequency converted to or from a rotational speed counts
revolutions (50 Hz = 50/s = 3000 r/min), as catalogues and ISO 281 use ``n`` in r/min.
"""

from __future__ import annotations

import re
from functools import lru_cache

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from keyparts.errors import InputError

if TYPE_CHECKING:
    import pint


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The one pint registry, made on first use (a command that reads no unit never imports
    pint). pint's parsed definitions are cached on disk (``cache_folder=":auto:"``, the user's
    cache folder; pint keys it by the definition files' content), which makes a new process's
    registry ~7x faster; where that folder cannot be used, the registry is built without it."""
    import pint

    try:
        ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=":auto:")
    except Exception:  # an unwritable or unreadable cache folder: parse the definitions again
        ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("rev = revolution")
    ureg.define("r = revolution")
    ureg.define("Nm = newton * meter")
    ureg.define("pcs = [] = piece = pieces")  # counts, not parsecs
    ureg.define("Mrev = 1e6 * revolution")
    ureg.define("USD = [currency]")
    return ureg


def __getattr__(name: str) -> Any:
    if name == "ureg":  # keyparts.units.ureg, made on first use
        return registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Spellings of the trade that pint does not read (or reads otherwise), mapped once.
ALIASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b[rU]\s*/\s*min\b"), "rpm"),
    (re.compile(r"\bmin\s*(?:\^\s*-\s*1|-1|⁻¹)"), "rpm"),
    (re.compile(r"[µμ]"), "u"),
    (re.compile(r"%"), "percent"),
)
UNIT_EXAMPLES = "mm, kN, bar, rpm, cc/rev"
MAX_UNIT_TEXT = 40
# A power of a number or of a bracket ("9**9", "(m**9)**9"): a unit never needs one.
_NUMBER_POWER = re.compile(r"[\d.)]\s*(?:\*\*|\^)")


def normalise_unit(text: str | None) -> str:
    """Unit text with the trade's spellings mapped to pint's (``r/min`` -> ``rpm``)."""
    out = (text or "").strip()
    for pattern, repl in ALIASES:
        out = pattern.sub(repl, out)
    return out.strip()


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Unit:
    """The unit named by ``text`` (``"kN"``, ``"r/min"``, ``"cc/rev"``; ``""`` = dimensionless).

    Raises :class:`InputError` for a unit pint does not know.
    """
    norm = normalise_unit(text)
    ureg = registry()
    if not norm:
        return ureg.dimensionless
    if len(norm) > MAX_UNIT_TEXT or _NUMBER_POWER.search(norm):
        # pint evaluates arithmetic in unit text: "9**9**9**9" would never return.
        raise InputError(f"'{text[:MAX_UNIT_TEXT]}' is not a unit, expected a unit such as {UNIT_EXAMPLES} "
                         f"(at most {MAX_UNIT_TEXT} characters, powers only of unit names)")
    try:
        return ureg.parse_units(norm)
    except Exception:  # pint raises several types (UndefinedUnitError, syntax errors...)
        raise InputError(f"'{text}' is not a known unit, expected a unit such as {UNIT_EXAMPLES}") from None


_DIMENSION_WORDS = {
    "[length]": "a length", "[mass]": "a mass", "[time]": "a time", "1 / [time]": "a speed or frequency",
    "[mass] * [length] / [time] ** 2": "a force", "[mass] / [length] / [time] ** 2": "a pressure",
    "[length] ** 2 / [time]": "a kinematic viscosity", "[length] ** 3": "a volume",
    "[length] ** 3 / [time]": "a flow", "[mass] * [length] ** 2 / [time] ** 2": "a torque or energy",
    "[mass] * [length] ** 2 / [time] ** 3": "a power", "[temperature]": "a temperature",
    "[currency]": "money",
}


def dimension(unit: str) -> str:
    """What ``unit`` measures, in words where known: ``"kN"`` -> ``"a force"``, ``"mm"`` ->
    ``"a length"``, ``""`` -> ``"a plain number"``; else pint's dimensionality text."""
    dim = parse_unit(unit).dimensionality
    if not dim:
        return "a plain number"
    return _DIMENSION_WORDS.get(str(dim), str(dim))


def _angle_power(unit: pint.Unit) -> float:
    return registry().get_root_units(unit)[1]._units.get("radian", 0)


@lru_cache(maxsize=4096)
def conversion(from_unit: str, to_unit: str) -> tuple[float, float]:
    """Linear map ``to = a·from + b`` between two unit texts (``b`` ≠ 0 only for °C, °F).

    An empty ``from_unit`` means "already in ``to_unit``". A frequency converted to a
    rotational speed counts revolutions (``Hz`` -> ``rpm``: a = 60). Raises
    :class:`InputError` for an unknown unit or units of different dimensions.
    """
    src, dst = normalise_unit(from_unit), normalise_unit(to_unit)
    if not src or src == dst:
        return 1.0, 0.0
    import pint

    ureg = registry()
    u_src, u_dst = parse_unit(from_unit), parse_unit(to_unit)
    turns = _angle_power(u_dst) - _angle_power(u_src)
    if turns:
        u_src = u_src * ureg.revolution ** turns
    try:
        q0 = ureg.Quantity(0.0, u_src).to(u_dst).magnitude
        q1 = ureg.Quantity(1.0, u_src).to(u_dst).magnitude
    except pint.errors.DimensionalityError:
        raise InputError(f"unit '{from_unit}' cannot be converted to '{to_unit or 'a plain number'}' "
                         f"({dimension(from_unit)} is not {dimension(to_unit)})") from None
    return float(q1 - q0), float(q0)


def compatible(from_unit: str, to_unit: str) -> bool:
    """True when ``from_unit`` converts to ``to_unit`` (both known, same dimension)."""
    try:
        conversion(from_unit, to_unit)
    except InputError:
        return False
    return True


def _per_unit(values, units, linear) -> np.ndarray:
    """Apply ``linear(unit) -> (a, b)`` to ``values`` grouped by their unit (one text or one per value)."""
    v = np.asarray(values, dtype=float)
    if isinstance(units, str) or units is None:
        a, b = linear(units or "")
        return a * v + b
    u = np.asarray(units, dtype=object)
    if u.shape != v.shape:
        raise InputError(f"{u.size} units for {v.size} values, expected one unit per value")
    codes, distinct = pd.factorize(pd.Series(u.ravel(), dtype=object).fillna("").astype(str))
    ab = np.array([linear(k) for k in distinct], dtype=float).reshape(-1, 2)
    return (ab[codes, 0] * v.ravel() + ab[codes, 1]).reshape(v.shape)


def convert(values, from_unit, to_unit: str) -> np.ndarray:
    """``values`` (scalar, array or Series) from ``from_unit`` to ``to_unit``, as a float array.

    ``from_unit`` is one unit text or one per value (an array/Series of texts, e.g. the
    ``time_unit`` column of tests.csv); each distinct unit is converted once. Raises
    :class:`InputError` naming the unit that does not convert.
    """
    return _per_unit(values, from_unit, lambda u: conversion(u, to_unit))


def is_revolutions(unit: str) -> bool:
    """True for a count of revolutions (``rev``, ``Mrev``, ``cycles``, ``turn``): an angle, no time."""
    u = parse_unit(unit)
    return not u.dimensionality and _angle_power(u) == 1


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def split_quantity(text: str) -> tuple[float, str] | None:
    """``"45mm"`` -> ``(45.0, "mm")``; ``"0"`` -> ``(0.0, "")``; text not starting with a number -> ``None``.

    The unit part is normalised and checked (an unknown unit raises :class:`InputError`).
    """
    m = _NUMBER.match(text)
    if not m:
        return None
    value, unit = float(m.group(1)), normalise_unit(m.group(2))
    if unit.startswith("/"):  # "50/s"
        unit = "1" + unit
    if unit:
        try:
            parse_unit(unit)
        except InputError:
            raise InputError(f"unknown unit '{m.group(2)}' in '{text.strip()}' "
                             f"(expected a unit such as {UNIT_EXAMPLES})") from None
    return value, unit


def parse_quantity(text: str | float | None, unit: str, *, where: str | None = None) -> float | None:
    """``"55.3kN"`` as a float in ``unit`` (``None`` stays ``None``; a float is taken as in ``unit``).

    Text must carry its unit where ``unit`` has a dimension: ``"55.3"`` is refused (was it N or
    kN?), except a bare ``0``, which is zero in any unit without an offset. Raises
    :class:`InputError` prefixed with ``where`` (e.g. ``"--C"``) naming what was expected.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        return float(text)
    prefix = f"{where}: " if where else ""
    try:
        q = split_quantity(text)
    except InputError as exc:
        raise InputError(f"{prefix}{exc}") from None
    if q is None:
        raise InputError(f"{prefix}'{text}' is not a quantity, expected a number with a unit (e.g. 10 {unit})")
    value, given = q
    if not given and unit and parse_unit(unit).dimensionality:
        if value == 0 and registry().Quantity(0.0, parse_unit(unit)).to_base_units().magnitude == 0:
            return 0.0
        raise InputError(f"{prefix}'{text.strip()}' has no unit, expected {dimension(unit)} with its unit "
                         f"(e.g. {text.strip()} {unit})")
    try:
        a, b = conversion(given, unit)
    except InputError as exc:
        raise InputError(f"{prefix}'{text.strip()}' is {dimension(given)}, expected {dimension(unit)} "
                         f"(e.g. {value:g} {unit})") from None
    return a * value + b
