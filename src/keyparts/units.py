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

