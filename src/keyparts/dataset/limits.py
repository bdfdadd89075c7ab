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

    Rows, categories, parameters and parts are worked on as integer codes: at 3.4 M values
    (a national import) a merge of the rows with the declarations and an index of part ids
    per parameter took ~0.8 GB, more than the rest of the import's checks.
    """
    if "limits" not in visible.columns or not len(pv):
        return []
    decl = visible[visible["limits"].notna()].reset_index(drop=True)
    if decl.empty:
        return []
    part_ids, names = pv["part_id"].to_numpy(object), pv["parameter"].to_numpy(object)
    cat_codes, cats = pd.factorize(category_of_row.to_numpy(object))
    par_codes, pars = pd.factorize(names)
    cat_pos = {c: i for i, c in enumerate(cats)}
    par_pos = {n: i for i, n in enumerate(pars)}
    lut = np.full(len(cats) * len(pars) + 1, -1, np.int64)  # (category, parameter) -> declaration
    for d, (cid, name) in enumerate(zip(decl["category_id"], decl["name"])):
        if cid in cat_pos and name in par_pos:
            lut[cat_pos[cid] * len(pars) + par_pos[name]] = d
    pair = np.where((cat_codes >= 0) & (par_codes >= 0), cat_codes * len(pars) + par_codes, len(lut) - 1)
    decl_of = lut[pair]
    del pair, cat_codes
    part_code = pd.factorize(part_ids)[0]
    by_part: dict[str, np.ndarray] = {}

    def values_of(parameter: str) -> np.ndarray:
        """Each part's (first) value of ``parameter``, by part code; the last element (code
        -1: a row without a part) is NaN."""
        if parameter not in by_part:
            sel = np.flatnonzero(par_codes == par_pos.get(parameter, -2))
            sel = sel[part_code[sel] >= 0]
            first_code, first = np.unique(part_code[sel], return_index=True)
            out = np.full(int(part_code.max(initial=-1)) + 2, np.nan)
            out[first_code] = canonical[sel[first]]
            by_part[parameter] = out
        return by_part[parameter]
    seen = {(c, n): (u or "", k) for c, n, u, k in zip(visible["category_id"], visible["name"],
                                                      visible["unit"], visible["kind"])}
    out: list[tuple[int, str, str]] = []
    for d, (cid, text, unit) in enumerate(zip(decl["category_id"], decl["limits"], decl["unit"])):
        rows = np.flatnonzero(decl_of == d)
        if not len(rows):
            continue
        try:
            limits = parse_limits(text)
        except ValueError:
            continue  # reported once, on parameters.csv
        v = canonical[rows]
        unit = unit or ""
        flagged = np.zeros(len(rows), bool)  # one problem per value: the first limit it breaks
        for lim in limits:
            if lim.parameter is not None and seen.get((cid, lim.parameter)) != (unit, "number"):
                continue  # a relation to no comparable parameter: reported once, on parameters.csv
            if lim.parameter is None:
                rhs = np.full(len(rows), lim.number)
            else:
                rhs = values_of(lim.parameter)[part_code[rows]]
            with np.errstate(invalid="ignore"):
                bad = np.isfinite(v) & np.isfinite(rhs) & ~OPS[lim.op](v, rhs) & ~flagged
            flagged |= bad
            for j in np.flatnonzero(bad):
                i = int(rows[j])
                name, pid = names[i], part_ids[i]
                u = f" {unit}" if unit else ""
                if lim.parameter is None:
                    msg = (f"{name} = {v[j]:g}{u} of part {pid} is out of range, expected {name} {lim}{u} "
                           f"(limits of {name} in parameters.csv)")
                else:
                    msg = (f"{name} = {v[j]:g}{u} of part {pid} is not {lim.op} {lim.parameter} = {rhs[j]:g}{u}, "
                           f"expected {name} {lim} (limits of {name} in parameters.csv)")
                out.append((i + 2, "value", msg))
    return out
