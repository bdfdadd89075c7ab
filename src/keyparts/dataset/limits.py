"""Limits of parameter values: ranges and relations declared, as data, in ``parameters.csv``.

The optional column ``limits`` of ``parameters.csv`` holds ';'-separated conditions on a
number parameter, each an operator (``>``, ``>=``, ``<``, ``<=``) followed by either a number
in the parameter's unit or the name of another number parameter (same unit) of the same part.
A bearing's outside diameter ``D`` declared with ``>0; >d`` must be above 0 mm and above the
bore ``d`` of the same part. Limits travel with their parameter: a subcategory inherits them
and a redeclaration replaces them (the nearest declaration wins, as for the unit). Values are
compared in the parameter's unit (``value_canonical``); a relation is checked only when the
part has both values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_LIMIT = re.compile(r"^(?P<op>>=|<=|>|<)\s*(?P<rhs>\S+)$")
OPS = {">": np.greater, ">=": np.greater_equal, "<": np.less, "<=": np.less_equal}
EXPECTED = ("';'-separated conditions such as '>0' or '>d': an operator > >= < <= and a number in "
            "the parameter's unit or the name of another number parameter of the category")


@dataclass(frozen=True)
class Limit:
    """One condition: ``value op number`` or ``value op <other parameter of the same part>``."""

    op: str
    number: float | None = None
    parameter: str | None = None

    def __str__(self) -> str:
        return f"{self.op} {self.parameter if self.parameter is not None else f'{self.number:g}'}"


def parse_limits(text: str | None) -> list[Limit]:
    """The conditions of one ``limits`` cell; ValueError naming the first unreadable one."""
    out = []
    for item in (text or "").split(";"):
        item = item.strip()
        if not item:
            continue
        m = _LIMIT.match(item)
        if m is None:
            raise ValueError(f"'{item}' is not a limit, expected {EXPECTED}")
        rhs = m.group("rhs")
        try:
            number = float(rhs)
        except ValueError:
            out.append(Limit(m.group("op"), parameter=rhs))
            continue
        if not np.isfinite(number):
            raise ValueError(f"'{item}' is not a limit, expected a finite number")
        out.append(Limit(m.group("op"), number=number))
    return out


def declaration_problems(params: pd.DataFrame, visible: pd.DataFrame) -> list[tuple[int, str]]:
    """(CSV line, message) for each unusable ``limits`` cell of ``parameters.csv``.

    ``visible`` is :func:`keyparts.dataset.units.resolve_parameters` (the parameters each
    category sees). A relation must name a number parameter with the same unit that the
    declaring category sees.
    """
    if "limits" not in params.columns:
        return []
    seen = {(c, n): (u, k) for c, n, u, k in zip(visible["category_id"], visible["name"],
                                                 visible["unit"], visible["kind"])}
    out = []
    for i, (cid, name, unit, kind, text) in enumerate(zip(params["category_id"], params["name"], params["unit"],
                                                          params["kind"], params["limits"])):
        if not isinstance(text, str) or not text.strip():
            continue
        if kind != "number":
            out.append((i + 2, f"'{text}' given for a {kind} parameter, expected limits on number parameters only"))
            continue
        try:
            limits = parse_limits(text)
        except ValueError as exc:
            out.append((i + 2, str(exc)))
            continue
        for lim in limits:
            if lim.parameter is None:
                continue
            other = seen.get((cid, lim.parameter))
            if other is None or other[1] != "number":
                out.append((i + 2, f"'{lim}': {lim.parameter} is not a number parameter of category {cid}, "
                                   f"expected {EXPECTED}"))
            elif (other[0] or "") != (unit or ""):
                out.append((i + 2, f"'{lim}': {lim.parameter} is in {other[0] or 'no unit'}, {name} in "
                                   f"{unit or 'no unit'}, expected a parameter in the same unit"))
    return out


def value_problems(pv: pd.DataFrame, category_of_row: pd.Series, visible: pd.DataFrame,
                   canonical: np.ndarray) -> list[tuple[int, str, str]]:
    """(CSV line, column, message) for each part value outside its parameter's limits.

    ``category_of_row`` is each ``pv`` row's part category; ``canonical`` its value in the
    parameter's unit (NaN where not a number or not converted). A value breaking several
    limits is reported once, for the first in the declared order.
    """
    if "limits" not in visible.columns or not len(pv):
        return []
    decl = visible[visible["limits"].notna()]
    if decl.empty:
        return []
    key = pd.DataFrame({"category_id": category_of_row.to_numpy(object), "name": pv["parameter"].to_numpy(object)})
    m = key.merge(decl[["category_id", "name", "unit", "limits"]], on=["category_id", "name"], how="left")
    part_ids, names = pv["part_id"].to_numpy(object), pv["parameter"].to_numpy(object)
    by_part: dict[str, pd.Series] = {}

    def values_of(parameter: str) -> pd.Series:
        """Each part's (first) value of ``parameter``, by part id: one parameter's rows only
        (a (part, parameter) index of every value took more memory than the rest of a national
        import's checks)."""
        if parameter not in by_part:
            sel = names == parameter
            s = pd.Series(canonical[sel], index=pd.Index(part_ids[sel], dtype=object))
            by_part[parameter] = s[~s.index.duplicated()]
        return by_part[parameter]
    seen = {(c, n): (u or "", k) for c, n, u, k in zip(visible["category_id"], visible["name"],
                                                      visible["unit"], visible["kind"])}
    out: list[tuple[int, str, str]] = []
    flagged: set[int] = set()  # one problem per value: the first limit it breaks
    for (cid, text), grp in m[m["limits"].notna()].groupby(["category_id", "limits"], sort=False):
        try:
            limits = parse_limits(text)
        except ValueError:
            continue  # reported once, on parameters.csv
        rows = grp.index.to_numpy()
        v = canonical[rows]
        unit = grp["unit"].iat[0] or ""
        for lim in limits:
            if lim.parameter is not None and seen.get((cid, lim.parameter)) != (unit, "number"):
                continue  # a relation to no comparable parameter: reported once, on parameters.csv
            if lim.parameter is None:
                rhs = np.full(len(rows), lim.number)
            else:
                rhs = values_of(lim.parameter).reindex(pd.Index(part_ids[rows], dtype=object)).to_numpy(float)
            with np.errstate(invalid="ignore"):
                bad = np.isfinite(v) & np.isfinite(rhs) & ~OPS[lim.op](v, rhs)
            for j in np.flatnonzero(bad):
                i = int(rows[j])
                if i in flagged:
                    continue
                flagged.add(i)
                name, pid, unit = pv["parameter"].iat[i], pv["part_id"].iat[i], m["unit"].iat[i] or ""
                u = f" {unit}" if unit else ""
                if lim.parameter is None:
                    msg = (f"{name} = {v[j]:g}{u} of part {pid} is out of range, expected {name} {lim}{u} "
                           f"(limits of {name} in parameters.csv)")
                else:
                    msg = (f"{name} = {v[j]:g}{u} of part {pid} is not {lim.op} {lim.parameter} = {rhs[j]:g}{u}, "
                           f"expected {name} {lim} (limits of {name} in parameters.csv)")
                out.append((int(i) + 2, "value", msg))
    return out
