"""Designations against catalogue boundary dimensions (ISO 15 / ISO 355; SKF values listed in
src/keyparts/data/README.md), the ISO 15 designation structure, maker suffix aliases (SKF, FAG,
NSK, NTN catalogues), the GOST 3189 ↔ ISO analogue table (public table in the GitHub repository
ArtemFilin1990/BearingsInfo) and cross-maker equivalents from a public interchange table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.design import interchange, parse_designation, same_boundary
from keyparts.design.designation import _key
from keyparts.errors import InputError

# (designation, d, D, B) — SKF catalogue / cq_warehouse and bd_warehouse data [V] ("SKF values" in the data README);
# 6010, 22210 E, 7205 BECBP: the ISO 15 plan, recalled [R]
BOUNDARY_CASES = [
    ("6205", 25, 52, 15), ("6206-2Z", 30, 62, 16), ("6305-2Z", 25, 62, 17), ("6306-2Z", 30, 72, 19),
    ("6309", 45, 100, 25), ("628/8-2Z", 8, 16, 5), ("6010", 50, 80, 16), ("NU 205 ECP", 25, 52, 15),
    ("22210 E", 50, 90, 23), ("30205 J2/Q", 25, 52, 16.25), ("30305 J2/Q", 25, 62, 18.25),
    ("32205 BJ2/Q", 25, 52, 19.25), ("7304 BECBPH", 20, 52, 15), ("7205 BECBP", 25, 52, 15),
    ("6000", 10, 26, 8), ("6200", 10, 30, 9), ("6300", 10, 35, 11),
]


@pytest.mark.parametrize(("text", "d", "D", "B"), BOUNDARY_CASES, ids=lambda x: str(x))
def test_boundary_dimensions_match_catalogue(text: str, d: float, D: float, B: float) -> None:
    b = parse_designation(text)
    assert (b.d_mm, b.D_mm, b.B_mm) == (d, D, B)


@pytest.mark.parametrize(("code", "d"), [("6200", 10), ("6201", 12), ("6202", 15), ("6203", 17),
                                         ("6204", 20), ("6296", 480), ("62/22", 22), ("320/22 X", 22),
                                         ("302/28 J2", 28), ("623", 3)])
def test_bore_code_rule(code: str, d: float) -> None:
    """ISO 15 bore code: 00=10, 01=12, 02=15, 03=17, 04–96 ×5; /d forms; 623 → 3 mm."""
    assert parse_designation(code).d_mm == d


@pytest.mark.parametrize("text", ["6205-2RS1", "6205-2RSR", "6205DDU", "6205LLU", "6205-2RS", "6205 2RSH",
                                  "180205"])
def test_contact_seal_aliases(text: str) -> None:
    """Maker seal suffixes: 2RS1 (SKF) = 2RSR (FAG) = DDU (NSK) = LLU (NTN); old 180205 = 6205-2RS
    (GOST 3189 table)."""
    b = parse_designation(text)
    assert (b.seal, b.seal_kind, b.basic) == ("2RS", "contact", "6205")


@pytest.mark.parametrize("text", ["6205-2Z", "6205ZZ", "6205-2ZR", "80205"])
def test_shield_aliases(text: str) -> None:
    b = parse_designation(text)
    assert (b.seal, b.seal_kind) == ("2Z", "non-contact")


def test_suffix_fields() -> None:
    """SKF suffixes (recalled [R]): C3 clearance, P5/ABEC precision, M/J/TN9/P cages, E/EC design, B/BE = 40°, AC = 25°, C = 15°."""
    b = parse_designation("SKF 6205-2RS1/C3")
    assert (b.maker, b.clearance, b.precision) == ("SKF", "C3", "P0")
    assert parse_designation("6205/P63").precision == "P6" and parse_designation("6205/P63").clearance == "C3"
    assert parse_designation("6205 ABEC-7").precision == "P4"
    n = parse_designation("NU 205 ECP")
    assert (n.internal_design, n.cage, n.cage_material) == ("EC", "P", "polyamide")
    a = parse_designation("7205 BECBP")
    assert (a.internal_design, a.matching, a.cage, a.contact_angle_deg) == ("BE", "CB", "P", 40.0)
    assert parse_designation("7205AC").contact_angle_deg == 25.0
    assert parse_designation("7205C").contact_angle_deg == 15.0
    s = parse_designation("22212 EK")
    assert (s.type_name, s.internal_design, s.tapered_bore) == ("spherical roller", "E", "K")
    assert parse_designation("w 6205").prefix == "W"
    assert parse_designation("6205 M").cage_material == "machined brass"
    assert parse_designation("6205-2ZNR").snap_ring == "NR"


GOST_ROWS = [  # GOST 3189 ↔ ISO analogues [V] (ArtemFilin1990/BearingsInfo, 02_10_iso_gost_analogues.md)
    ("205", "6205"), ("60205", "6205-Z"), ("80205", "6205-2Z"), ("160205", "6205-RS"), ("180205", "6205-2RS"),
    ("50205", "6205 N"), ("150205", "6205-Z N"), ("305", "6305"), ("405", "6405"), ("105", "6005"),
    ("7000105", "16005"), ("111205", "1205 K"), ("1505", "2205"), ("1605", "2305"), ("2505", "N2205"),
    ("32505", "NU2205"), ("3510", "22210"), ("53510", "22210"), ("113510", "22210 K"), ("3610", "22310"),
    ("7505", "32205"), ("7605", "32305"), ("27305", "31305"), ("2007105", "32005 X"), ("3007205", "33205"),
    ("8205", "51205"), ("38205", "52205"), ("42205", "NJ205"), ("92205", "NUP205"),
]


@pytest.mark.parametrize(("old", "iso"), GOST_ROWS)
def test_old_codes_map_to_iso(old: str, iso: str) -> None:
    b = parse_designation(old, system="old")
    assert b.old_code_flag and b.old_code_confirmed
    assert _key(b) == _key(parse_designation(iso))


@pytest.mark.parametrize("old", ["36205", "46205", "66205"])
def test_unconfirmed_angular_rows_are_flagged(old: str) -> None:
    """GOST 36/46/66 ↔ C/AC/B is [R] (GOST angles differ): the row must carry old_code_confirmed=False."""
    b = parse_designation(old)
    assert b.type_code == "7" and b.old_code_confirmed is False


def test_ambiguous_numeric_code_is_iso_with_note() -> None:
    """7205 is ISO angular contact; as an old code it is 30205 (GOST 7200 ↔ 30200) — say so."""
    b = parse_designation("7205")
    assert b.type_code == "7" and any("30205" in n for n in b.notes)
    assert parse_designation("7205", system="old").basic == "30205"


@pytest.mark.parametrize("bad", ["", "hello", "6205-FOO", "99x"])
def test_unparseable_raises_input_error(bad: str) -> None:
    with pytest.raises(InputError, match="designation"):
        parse_designation(bad)


INTERCHANGE_CASES = [  # (a, b, kwargs, grade, reason substring) — public cross-maker equivalents [V]
    ("6206-2RS1", "NSK 6206DDU", {}, "identical", None),
    ("6206-2RS1", "FAG 6206-2RSR", {}, "identical", None),
    ("6206-2RS1", "NTN 6206LLU", {}, "identical", None),
    ("6205-2RS1", "180205", {}, "identical", None),
    ("6205", "6205", {"C_a_kN": 14.8, "C_b_kN": 13.6}, "drop-in downgrade", "C 8 % lower"),
    ("6205", "6205", {"C_a_kN": 14.0, "C_b_kN": 14.8}, "drop-in upgrade", "C 6 % higher"),
    ("6205/P5", "6205/P6", {}, "drop-in downgrade", "precision P6 vs P5"),
    ("6205/P6", "6205/P5", {}, "drop-in upgrade", "precision P5 vs P6"),
    ("6205-2Z", "6205-2RS1", {}, "similar", "contact seal vs shield"),
    ("6205", "6205/C3", {}, "similar", "clearance C3 vs CN"),
    ("6205", "6206", {}, "not interchangeable", "boundary"),
    ("6205", "7205 BE", {}, "not interchangeable", "type"),
    ("22210 E", "22210 EK", {}, "not interchangeable", "bore K"),
]


@pytest.mark.parametrize(("a", "b", "kw", "grade", "reason"), INTERCHANGE_CASES, ids=lambda x: str(x))
def test_interchange_grades(a: str, b: str, kw: dict, grade: str, reason: str | None) -> None:
    r = interchange(a, b, **kw)
    assert r.grade == grade
    if reason:
        assert any(reason in x for x in r.reasons), r.reasons
    else:
        assert r.reasons == []


def test_same_boundary() -> None:
    """6205, NU 205 and 7205 share 25×52×15 (ISO 15 series 02); 6205 and 6305 do not."""
    assert same_boundary("6205-2RS1", "NU 205 ECP") and same_boundary("6205", "7205 B")
    assert not same_boundary("6205", "6305")
    assert same_boundary("SKF 32008 X/Q", "HR32008XJ")


basics = st.sampled_from(["6205", "6309", "61905", "16005", "62/22", "628/8", "7205", "NU205", "NJ2205",
                          "22210", "30205", "32008", "51205", "1205", "2305", "NN3005"])
design = st.sampled_from(["", "E", "EC", "BE", "AC", "X", "Q", "CC"])
cage = st.sampled_from(["", "M", "J", "TN9", "P", "J2", "MA"])
seal = st.sampled_from(["", "-2RS1", "-2Z", "-Z", "-RS", "DDU", "ZZ", "-2RSL", "LLU"])
snap = st.sampled_from(["", "N", "NR"])
clr = st.sampled_from(["", "/C3", "/C4", "/C2"])
prec = st.sampled_from(["", "/P6", "/P5", "/P4", "/P2"])


@settings(max_examples=100, deadline=None)
@given(basics, design, cage, seal, snap, clr, prec)
def test_parse_format_parse_is_stable(b: str, d: str, c: str, s: str, n: str, cl: str, p: str) -> None:
    group = (" " + d + c) if (d or c) else ""
    closure = s + (("" if s else " ") + n if n else "")
    text = b + group + closure + cl + p
    first = parse_designation(text, system="iso")
    again = parse_designation(first.format(), system="iso")
    assert _key(again) == _key(first)
    assert parse_designation(again.format(), system="iso").format() == first.format()


def test_thrust_spherical_has_no_radial_dimensions() -> None:
    """29412 E is a thrust spherical roller bearing (ISO 104): never borrow ISO 15 radial rows."""
    b = parse_designation("29412 E")
    assert b.type_name == "thrust spherical roller" and b.D_mm is None


def test_gb_precode_with_dot() -> None:
    """GB/T 272 pre-code K. (cage + rolling elements), szfco.com example K.81108."""
    b = parse_designation("K.81108")
    assert b.prefix == "K" and b.basic == "81108" and b.d_mm == 40


POOL = ["6205", "6205-2RS1", "NSK 6205DDU", "6205-2Z", "6205/P6", "6205/P5", "6205/C3", "6206", "7205 BE",
        "NU205 ECP", "NJ205", "180205", "22210 E", "22210", "22210 EK", "6205 NR", "6205-Z"]
_SWAP = {"drop-in upgrade": "drop-in downgrade", "drop-in downgrade": "drop-in upgrade"}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(POOL), st.sampled_from(POOL), st.none() | st.floats(5, 50), st.none() | st.floats(5, 50))
def test_interchange_grade_mirrors_when_swapped(a: str, b: str, Ca: float | None, Cb: float | None) -> None:
    """Swapping a and b turns an upgrade into a downgrade and keeps every other grade."""
    kw = {"C_a_kN": Ca, "C_b_kN": Cb} if Ca is not None and Cb is not None else {}
    fwd = interchange(a, b, **kw).grade
    back = interchange(b, a, **({"C_a_kN": Cb, "C_b_kN": Ca} if kw else {})).grade
    assert back == _SWAP.get(fwd, fwd)
    assert (fwd == "identical") <= (same_boundary(a, b))


@pytest.mark.parametrize(("old", "iso"), [r for r in GOST_ROWS if r[0] != "53510"])
def test_iso_to_old_code(old: str, iso: str) -> None:
    """§2.3 GOST ↔ ISO table in the other direction (53510 is the duplicate of 3510, skipped)."""
    from keyparts.design import to_old_code
    assert to_old_code(iso) == old
