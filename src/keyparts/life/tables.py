"""A ``tests.csv`` table -> :class:`LifeData`: the one converter of test tables to life data.

Columns (docs/data-format.md, ``tests.csv``): ``time``, ``status`` (F/S/L/I), optional
``time_upper``, ``count``, ``stress`` and ``time_unit``; other columns (``test_id``,
``part_id``, ``unit_id``) are ignored. Rules, in this order:

* Units. Every row's ``time_unit`` is read with the project's one pint registry
  (:mod:`keyparts.units`); all rows must measure the same kind of quantity — time (s, min,
  h, days), revolutions (rev, Mrev, cycles = revolutions) or distance (km). Time and
  revolutions in one data set are refused. The numbers are converted to ``to_unit`` when
  given, else to the unit most rows use (on a tie, the one named first), and that unit is
  ``LifeData.unit``. With ``speed_rpm`` revolutions become time at that shaft speed
  (t = rev / n). No ``time_unit`` column: the numbers are taken as they are (unit ``None``).
* Rows: ``count`` empty means 1; ``stress`` kept only when some row gives it; ``time``,
  ``time_upper`` and ``status`` go to :func:`keyparts.life.life_data`, which checks them
  (a left-censored row may leave ``time`` empty and give ``time_upper``).

Tables typed by :func:`keyparts.dataset.validate.validate_table` (uploads, the CLI) or read
from the store both come here; the text-level rules (types, enums, ``time < time_upper``)
are the dataset contract's, applied before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from keyparts.errors import InputError
from keyparts.units import compatible, conversion, is_revolutions

from .data import LifeData, life_data



def from_tests_frame(df: pd.DataFrame, *, to_unit: str | None = None,
                     speed_rpm: float | None = None) -> LifeData:
    """Life data of a ``tests.csv``-style frame, times in one unit (``LifeData.unit``).

    ``to_unit``: unit name to convert to (e.g. ``"h"``, ``"days"``, ``"Mrev"``); default the
    most used unit of the table. ``speed_rpm``: shaft speed in r/min that turns revolutions
    into time (only needed when ``to_unit`` is a time and the tests count revolutions).
    Example: rows 100 h, 150 h, 2 days, 300 h give times 100, 150, 48, 300 in ``"h"``.
    """
    missing = [c for c in ("time", "status") if c not in df.columns]
    if missing:
        raise InputError(f"tests: no {', '.join(repr(c) for c in missing)} column (expected tests.csv "
                         "columns time, time_upper, status, count, stress, time_unit)")
    if len(df) == 0:
        raise InputError("tests: no test rows")
    n = len(df)
    col = lambda c: (pd.to_numeric(df[c], errors="coerce").to_numpy(float) if c in df.columns
                     else np.full(n, np.nan))
    factor, unit = _factors(df["time_unit"] if "time_unit" in df.columns else None, to_unit, speed_rpm)
    count, stress = col("count"), col("stress")
    status = df["status"].astype(object).where(df["status"].notna(), "").astype(str).str.strip()
    return life_data(col("time") * factor, status.to_numpy(object), time_upper=col("time_upper") * factor,
                     count=np.where(np.isfinite(count), count, 1.0),
                     stress=stress if np.isfinite(stress).any() else None, unit=unit)


def _factors(units: pd.Series | None, to_unit: str | None,
             speed_rpm: float | None) -> tuple[np.ndarray | float, str | None]:
    """Per-row factor to the target unit, and the target unit's name."""
    if units is None or units.isna().all():
        if to_unit is not None:
            raise InputError(f"time_unit: the tests state no unit, so they cannot be converted to {to_unit}")
        return 1.0, None
    names = units.astype(object).where(units.notna(), "").astype(str).str.strip()
    empty = (names == "").to_numpy()
    if empty.any():
        raise InputError(f"time_unit[{int(np.argmax(empty))}]: empty while other rows give a unit "
                         "(expected a unit on every row)")
    used = list(pd.unique(names))
    kinds = {u: _kind(u, "time_unit") for u in used}
    if len(set(kinds.values())) > 1:
        by_kind: dict[str, list[str]] = {}
        for u, k in kinds.items():
            by_kind.setdefault(k, []).append(u)
        raise InputError("time_unit: the tests mix " + " and ".join(
            f"{k} ({', '.join(us)})" for k, us in by_kind.items())
            + "; expected one kind of life measure per data set (split the table)")
    counts = names.value_counts()
    target = to_unit if to_unit is not None else max(used, key=lambda u: counts[u])
    to_kind = _kind(target, "to_unit")
    factors = {u: _factor(u, kinds[u], target, to_kind, speed_rpm) for u in used}
    return names.map(factors).to_numpy(float), target


def _kind(unit: str, field: str) -> str:
    """'time', 'revolutions' or 'distance': what ``unit`` measures (by :mod:`keyparts.units`)."""
    try:
        if is_revolutions(unit):
            return "revolutions"
        for kind, probe in (("time", "h"), ("distance", "km")):
            if compatible(unit, probe):
                return kind
    except InputError:
        pass
    raise InputError(f"{field}: {unit!r} is not a life unit, expected a time (h, min, s, days), "
                     "revolutions (rev, Mrev, cycles) or a distance (km)")


def _factor(unit: str, kind: str, target: str, to_kind: str, speed_rpm: float | None) -> float:
    """How many ``target`` one ``unit`` is; revolutions / speed when time is wanted."""
    if kind == to_kind:
        return conversion(unit, target)[0]
    if kind == "revolutions" and to_kind == "time":
        if not speed_rpm or not speed_rpm > 0:
            raise InputError(f"time_unit: {unit} ({kind}) cannot be converted to {target} ({to_kind}) "
                             "without the shaft speed (speed_rpm > 0)")
        return conversion(unit, "rev")[0] / float(speed_rpm) * conversion("min", target)[0]
    raise InputError(f"time_unit: {unit} ({kind}) cannot be converted to {target} ({to_kind})")
