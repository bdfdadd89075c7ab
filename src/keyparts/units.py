"""The one pint unit registry of keyparts, with the units the trade writes.

Use it only where text from a user becomes a number (CLI options, dataset cells, API
fields); engines take plain floats in documented units.
"""

from __future__ import annotations

from functools import lru_cache

import pint

ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
ureg.define("rev = revolution")
ureg.define("r = revolution")
ureg.define("Nm = newton * meter")
ureg.define("pcs = [] = piece = pieces")  # counts, not parsecs
ureg.define("Mrev = 1e6 * revolution")
ureg.define("USD = [currency]")


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Unit:
    """The unit named by ``text`` (e.g. ``"kN"``, ``"r/min"``, ``"cc/rev"``); raises pint errors."""
    return ureg.parse_units(text.replace("µ", "u").strip())


def to_magnitude(text: str, unit: str) -> float:
    """Parse a quantity string such as ``"10kN"`` and return its magnitude in ``unit``.

    A bare number is taken as already in ``unit``. Raises :class:`keyparts.errors.InputError`
    naming what was given and what was expected.
    """
    from keyparts.errors import InputError

    try:
        q = ureg.Quantity(text.replace("µ", "u").strip())
    except Exception as exc:
        raise InputError(f"'{text}' is not a quantity, expected a number with a unit like 10{unit}") from exc
    if isinstance(q, int | float) or q.dimensionless and not ureg.Quantity(1, unit).dimensionless:
        return float(q.magnitude if hasattr(q, "magnitude") else q)
    try:
        return float(q.to(unit).magnitude)
    except pint.DimensionalityError as exc:
        raise InputError(f"'{text}' has unit {q.units:~}, expected a unit convertible to {unit}") from exc
