"""The constraint language: what each clause means, in canonical units (hand-derived)."""

from __future__ import annotations

import math

import pytest

from keyparts.errors import InputError
from keyparts.match.query import parse_loads, parse_query

# (clause, canonical unit, expected (low, high, low_inclusive, high_inclusive)).
# Conversions by definition of the SI prefixes: 1 mm = 0.001 m, 1 kN = 1000 N, 1 cm = 10 mm,
# 1 MPa = 10 bar, 1 in = 25.4 mm (exact since 1959).
BOUNDS = [
    ("C>=50kN", "N", (50000.0, math.inf, True, True)),
    ("C>50kN", "kN", (50.0, math.inf, False, True)),
    ("C0<=30000N", "kN", (-math.inf, 30.0, True, True)),
    ("C0<30 kN", "kN", (-math.inf, 30.0, True, False)),
    ("D=60..90mm", "m", (0.060, 0.090, True, True)),
    ("D=6cm..90mm", "mm", (60.0, 90.0, True, True)),
    ("D=..90mm", "mm", (-math.inf, 90.0, True, True)),
    ("D=60mm..", "mm", (60.0, math.inf, True, True)),
    ("B=19mm±0.1", "mm", (18.9, 19.1, True, True)),
    ("B=19±0.1mm", "mm", (18.9, 19.1, True, True)),
    ("B=19mm+/-0.1mm", "m", (0.0189, 0.0191, True, True)),
    ("d=4.5cm±1%", "mm", (44.55, 45.45, True, True)),
    ("d=1in", "mm", (25.4 * 0.999, 25.4 * 1.001, True, True)),  # '=' holds to a relative 1e-3
    ("p_max>=31.5MPa", "bar", (315.0, math.inf, True, True)),
    ("n<=3000 r/min", "rpm", (-math.inf, 3000.0, True, True)),
    ("C>=50", "kN", (50.0, math.inf, True, True)),  # a bare number is in the canonical unit
]


@pytest.mark.parametrize("text,unit,expected", BOUNDS, ids=[b[0] for b in BOUNDS])
def test_numeric_bounds_in_canonical_unit(text, unit, expected):
    (clause,) = parse_query(text)
    lo, hi, li, hi_inc = clause.numeric_bounds(unit)
    assert (li, hi_inc) == expected[2:]
    for got, want in ((lo, expected[0]), (hi, expected[1])):
        if math.isinf(want):
            assert got == want
        else:
            assert got == pytest.approx(want, rel=1e-6)


def test_equality_holds_to_catalogue_precision_after_conversion():
    """1.772 in = 1.772 × 25.4 = 45.0088 mm (catalogues print 45 mm as 1.772 in); the
    relative 1e-3 window is 45.0088 ± 0.0450 mm = [44.9638, 45.0538] mm, which holds 45 mm,
    while 45.1 mm (0.2 % off) lies outside it."""
    (c,) = parse_query("d=1.772in")
    lo, hi, _, _ = c.numeric_bounds("mm")
    assert lo == pytest.approx(44.9638, abs=1e-4) and hi == pytest.approx(45.0538, abs=1e-4)
    assert lo <= 45.0 <= hi and not lo <= 45.1 <= hi


def test_explicit_tolerance_replaces_the_default():
    """``±0`` asks for exact equality (up to float rounding, 1e-9 relative)."""
    (c,) = parse_query("d=45mm±0")
    lo, hi, _, _ = c.numeric_bounds("mm")
    assert hi - lo < 1e-7


def test_demand_constraints_split_into_clauses():
    cs = parse_query("d=45mm; C>=50kN; precision in P5,P4\nseal ~ rs; status not in prototype")
    assert [(c.parameter, c.op) for c in cs] == [("d", "="), ("C", ">="), ("precision", "in"),
                                                ("seal", "contains"), ("status", "not in")]
    assert cs[2].values == ("P5", "P4")


def test_enum_equality_keeps_text():
    (c,) = parse_query("precision=P4")
    assert c.op == "=" and c.values == ("P4",) and not c.is_numeric


def test_loads_in_requested_units():
    loads = parse_loads("Fr=10kN; Fa=500N; n=3000rpm", {"Fr": "kN", "Fa": "kN", "n": "rpm"})
    assert loads == pytest.approx({"Fr": 10.0, "Fa": 0.5, "n": 3000.0})


@pytest.mark.parametrize("text,needle", [
    ("d 45mm", "expected 'name OP value'"),
    ("C>=", "no value"),
    ("C>=strong", "needs a number"),
    ("d=45 furlongz", "unknown unit"),
    ("D=90..60mm", "above high"),
    ("d=a..b", "range of numbers"),
    ("precision in ,", "comma-separated"),
])
def test_bad_clause_names_the_clause(text, needle):
    with pytest.raises(InputError) as e:
        parse_query(f"d=45mm; {text}")
    assert needle in str(e.value)


def test_wrong_dimension_says_what_is_measured():
    (c,) = parse_query("d>=50kN")
    with pytest.raises(InputError, match=r"clause 'd>=50kN'.*measured in mm"):
        c.numeric_bounds("mm")
