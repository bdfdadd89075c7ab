"""The constraint language shared by ``keyparts search --where`` and ``demands.csv``.

A query is clauses separated by ``;`` (or newlines)::

    d=45mm; C>=50kN; precision in P5,P4; B=19mm±0.1; D=60..90mm; designation ~ 7014

=========================  =====================================================
``p=45mm``                 equal within a relative 1e-3 (:data:`EQUAL_RELATIVE`)
``p=45mm±0.1`` / ``+/-``   equal within a tolerance (unit of the value if none;
                           ``±1%`` is relative)
``p=40..50mm``             closed range; open ends ``p=..50mm`` / ``p=40mm..``
``p>=v`` ``p<=v`` ``p>v``  one-sided bounds
``p<v``  ``p!=v``
``p in A,B,C``             one of (enum/text, case-insensitive)
``p not in A,B``           none of
``p ~ text``               text contains (case-insensitive); also ``p contains text``
``6205`` / ``SKF 6205``    free words (search only, ``words=True``): every word is found
                           in the designation, the maker's name or id, or the names of the
                           part's category and its parents (English or Chinese, ``轴承``)
=========================  =====================================================

A piece without any operator is free words when the caller allows them (the catalogue and
``keyparts search``); a demand's constraints allow none, so ``d 45mm`` there is an error.

Numbers carry units read by :mod:`keyparts.units` (the one unit boundary); a bare number is
read in the parameter's canonical unit (the unit in ``parameters.csv``; the funnel shows it,
``C>=45 (read as kN)``). Comparison happens in
that canonical unit (:meth:`Clause.numeric_bounds`). Equality without a ``±`` is equality to
catalogue precision: a relative 1e-3, so that ``d=1.772in`` (45.009 mm, the inch value as
catalogues print it to three decimals) finds the d = 45 mm parts; ``parameters.csv`` declares
no precision per parameter, so this one rule applies to every parameter. The grammar follows the facet filters of
parametric catalogues (Nexar ``(8__16)`` open ranges; InvenTree ``filter_by_parameter``
unit conversion), see docs/matching.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from keyparts.errors import InputError
from keyparts.units import conversion, split_quantity

EQUAL_RELATIVE = 1e-3  # tolerance of '=' and '!=' without '±', relative to the value
NUMERIC_OPS = ("=", "!=", ">=", "<=", ">", "<", "range")
WORDS = "words"  # the op of a free-words clause (parameter "")
_OPERATOR_CHARS = re.compile(r"[=<>~!]|\s(?:not\s+)?in\s|\scontains\s", re.IGNORECASE)
TEXT_OPS = ("=", "!=", "in", "not in", "contains")

_CLAUSE = re.compile(
    r"^\s*(?P<name>[A-Za-z_][\w.\-]*?)\s*"
    r"(?P<op>>=|<=|!=|==|=|>|<|~|\s+not\s+in\s+|\s+in\s+|\s+contains\s+)\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
_TOL = re.compile(r"^(?P<base>.+?)\s*(?:±|\+/-|\+-)\s*(?P<tol>.+)$")


@dataclass(frozen=True)
class Clause:
    """One parsed constraint; magnitudes are in ``unit`` ('' = the canonical unit).

    ``low``/``high`` hold the numeric bound(s) when the value is a number (``None`` for an
    open end); ``values`` hold the value texts (for enum/text comparison).
    """

    text: str
    parameter: str
    op: str
    values: tuple[str, ...]
    low: float | None = None
    high: float | None = None
    unit: str = ""
    tolerance: float | None = None       # absolute, in ``unit``
    tolerance_relative: float | None = None  # fraction of the value (``±1%`` -> 0.01)

    @property
    def is_numeric(self) -> bool:
        return self.op in NUMERIC_OPS and (self.low is not None or self.high is not None)

    def numeric_bounds(self, canonical_unit: str) -> tuple[float, float, bool, bool]:
        """``(low, high, low_inclusive, high_inclusive)`` in ``canonical_unit``.

        ``=`` becomes ``[v - t, v + t]`` with ``t`` the clause's ``±`` tolerance, else
        :data:`EQUAL_RELATIVE`·|v| (``!=`` is the complement of that interval). Open ends are ±inf.
        """
        if not self.is_numeric:
            raise InputError(f"clause {self.text!r}: expected a number with a unit for "
                             f"parameter {self.parameter!r} (e.g. {self.parameter}=45mm)")
        try:
            a, b = conversion(self.unit, canonical_unit)
        except InputError as exc:
            raise InputError(f"clause {self.text!r}: {exc}; {self.parameter!r} is measured in "
                             f"{canonical_unit or 'plain numbers'}") from None
        lo = -float("inf") if self.low is None else a * self.low + b
        hi = float("inf") if self.high is None else a * self.high + b
        if self.op == "=":
            v = lo
            if self.tolerance_relative is not None:
                t = abs(v) * self.tolerance_relative
            elif self.tolerance is not None:
                t = abs(a) * self.tolerance
            else:
                t = EQUAL_RELATIVE * abs(v)
            t = max(t, 1e-9 * abs(v))  # an explicit ±0 still allows float rounding
            return v - t, v + t, True, True
        if self.op == "!=":  # caller negates the '=' interval
            t = EQUAL_RELATIVE * abs(lo)
            return lo - t, lo + t, True, True
        if self.op == "range":
            return lo, hi, True, True
        return {">=": (lo, float("inf"), True, True), ">": (lo, float("inf"), False, True),
                "<=": (-float("inf"), hi, True, True), "<": (-float("inf"), hi, True, False)}[self.op]

    def value_in(self, canonical_unit: str) -> float:
        """The single value of an ``=`` clause in ``canonical_unit`` (used for loads)."""
        if self.op != "=" or self.low is None:
            raise InputError(f"clause {self.text!r}: expected name=value with a number, "
                             f"e.g. {self.parameter}=10kN")
        a, b = conversion(self.unit, canonical_unit)
        return a * self.low + b

    def to_dict(self) -> dict:
        return {"text": self.text, "parameter": self.parameter, "op": self.op,
                "values": list(self.values), "low": self.low, "high": self.high,
                "unit": self.unit, "tolerance": self.tolerance,
                "tolerance_relative": self.tolerance_relative}


ORDER_OPS = (">=", "<=", ">", "<", "range")


def clause_problem(clause: Clause, kind: str | None, unit: str = "") -> str | None:
    """Why ``clause`` cannot apply to a parameter of ``kind`` (``"number"`` in ``unit``,
    ``"enum"``, ``"text"``; ``None`` = no such parameter), or ``None`` when it can.

    The one rule set for a clause against its parameter, used by search and matching (at run
    time) and when a demand is created or imported (so a bad demand is refused at the door):
    a number needs a number of the parameter's dimension (``d=25kg`` is refused where d is in
    mm), text needs =, !=, in, not in or ~.
    """
    name, text = clause.parameter, clause.text
    if clause.op == WORDS:
        return (f"clause {text!r}: free words are for search; expected 'name OP value' "
                "(e.g. 'd=45mm')")
    if kind is None:
        return f"clause {text!r}: unknown parameter {name!r}"
    if kind == "number":
        if clause.op in ("in", "not in", "contains"):
            return (f"clause {text!r}: {name!r} is a number (in {unit or 'no unit'}), "
                    "expected =, <, >, a range or ±")
        if not clause.is_numeric:
            return (f"clause {text!r}: expected a number with a unit for parameter {name!r} "
                    f"(e.g. {name}=45{unit})")
        try:
            conversion(clause.unit, unit)
        except InputError as exc:
            return f"clause {text!r}: {exc}; {name!r} is measured in {unit or 'plain numbers'}"
        return None
    if clause.op in ORDER_OPS:
        return (f"clause {text!r}: {name!r} is {kind}, expected =, !=, in, not in or ~ "
                f"(found {clause.op!r})")
    return None


def _number(clause: str, text: str, unit_hint: str = "") -> tuple[float, str] | None:
    q = split_quantity(text)
    if q is None:
        return None
    value, unit = q
    return value, unit or unit_hint


def _parse_clause(text: str, words: bool = False) -> Clause:
    m = _CLAUSE.match(text)
    if words and not _OPERATOR_CHARS.search(text):
        toks = tuple(text.split())
        return Clause(" ".join(toks), "", WORDS, toks)
    if not m:
        raise InputError(f"clause {text.strip()!r}: expected 'name OP value' with OP one of "
                         "=, >=, <=, >, <, !=, in, not in, ~ (e.g. 'd=45mm', 'C>=50kN', "
                         "'precision in P5,P4')")
    name, value = m.group("name"), m.group("value")
    op = " ".join(m.group("op").lower().split())
    op = {"==": "=", "~": "contains"}.get(op, op)
    clause = text.strip()
    if value == "":
        raise InputError(f"clause {clause!r}: no value after {op!r} (e.g. '{name}{op}45mm')")
    if op in ("in", "not in"):
        values = tuple(v.strip() for v in value.split(",") if v.strip())
        if not values:
            raise InputError(f"clause {clause!r}: expected a comma-separated list after {op!r}")
        return Clause(clause, name, op, values)
    if op == "contains":
        return Clause(clause, name, op, (value,))
    if op == "=" and ".." in value:
        lo_t, hi_t = (s.strip() for s in value.split("..", 1))
        hi = _number(clause, hi_t) if hi_t else None
        unit = hi[1] if hi else ""
        lo = _number(clause, lo_t, unit) if lo_t else None
        if lo_t and lo is None or hi_t and hi is None or (lo is None and hi is None):
            raise InputError(f"clause {clause!r}: expected a range of numbers 'low..high' "
                             f"(e.g. '{name}=40..50mm', open ends '{name}=..50mm')")
        if lo and hi and lo[1] != hi[1]:
            a, b = conversion(lo[1], hi[1])
            lo = (a * lo[0] + b, hi[1])
        unit = (hi or lo)[1]  # type: ignore[index]
        low, high = (lo[0] if lo else None), (hi[0] if hi else None)
        if low is not None and high is not None and low > high:
            raise InputError(f"clause {clause!r}: range low {low} is above high {high}")
        return Clause(clause, name, "range", (value,), low, high, unit)
    tol_m = _TOL.match(value) if op == "=" else None
    if tol_m:
        base = _number(clause, tol_m.group("base"))
        tol = tol_m.group("tol").strip()
        if base is None:
            raise InputError(f"clause {clause!r}: expected a number before '±' (e.g. {name}=45mm±0.1)")
        if tol.endswith("%"):
            rel = split_quantity(tol[:-1])
            if rel is None or rel[1]:
                raise InputError(f"clause {clause!r}: expected a relative tolerance like '±1%'")
            return Clause(clause, name, "=", (value,), base[0], base[0], base[1],
                          tolerance_relative=abs(rel[0]) / 100.0)
        t = _number(clause, tol, base[1])
        if t is None:
            raise InputError(f"clause {clause!r}: expected a number after '±' (e.g. {name}=45mm±0.1)")
        if base[1] and t[1] != base[1]:
            a, _ = conversion(t[1], base[1])
            t = (a * t[0], base[1])
        unit = base[1] or t[1]
        return Clause(clause, name, "=", (value,), base[0], base[0], unit, tolerance=abs(t[0]))
    num = _number(clause, value)
    if num is None:
        if op in ("=", "!="):
            return Clause(clause, name, op, (value,))
        raise InputError(f"clause {clause!r}: {op!r} needs a number, found {value!r} "
                         f"(e.g. '{name}{op}50kN')")
    low = num[0] if op in ("=", "!=", ">=", ">") else None
    high = num[0] if op in ("=", "!=", "<=", "<") else None
    return Clause(clause, name, op, (value,), low, high, num[1])


def parse_query(text: str | None, *, words: bool = False) -> tuple[Clause, ...]:
    """Parse ``"d=45mm; C>=50kN; precision in P5,P4"`` into clauses (empty text -> ``()``).

    ``words=True`` (search) also reads a piece without an operator as free words
    (``"6205; d=25mm"`` -> a :data:`WORDS` clause and ``d=25mm``). Raises
    :class:`InputError` naming the clause and what was expected.
    """
    return tuple(_parse_clause(p, words) for p in split_clauses(text))


def split_clauses(text: str | None) -> list[str]:
    """The clause texts of a query (split at ``;`` and new lines; empty pieces dropped)."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [p for p in re.split(r"[;\n]", str(text)) if p.strip()]


#: Units of the operating loads of demands and applications (``Fr=4kN; Fa=0kN; n=1800rpm``).
LOAD_UNITS = {"Fr": "kN", "Fa": "kN", "n": "rpm"}


def parse_loads(text: str | None, units: dict[str, str]) -> dict[str, float]:
    """Parse loads ``"Fr=10kN; Fa=0; n=3000rpm"`` into floats in the given units.

    ``units`` maps a load name to the unit wanted (e.g. ``{"Fr": "kN", "Fa": "kN",
    "n": "rpm"}``); names not in ``units`` are returned as typed (bare magnitude).
    """
    out: dict[str, float] = {}
    for c in parse_query(text):
        if c.op != "=" or c.low is None:
            raise InputError(f"load {c.text!r}: expected name=value with a number, e.g. Fr=10kN")
        try:
            out[c.parameter] = c.value_in(units.get(c.parameter, c.unit))
        except InputError as exc:
            raise InputError(f"load {c.text!r}: {exc}") from None
    return out
