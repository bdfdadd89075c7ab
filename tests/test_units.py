"""keyparts.units, the one unit boundary, and the CLI reading quantities through it.

Conversions by definition: 1 kN = 1000 N, 1 in = 25.4 mm (exact since 1959), 1 bar = 0.1 MPa,
1 cSt = 1 mm²/s, 1 day = 24 h, 1 Mrev = 10⁶ rev; r/min counts revolutions per minute.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.errors import InputError
from keyparts.units import compatible, conversion, convert, dimension, normalise_unit, parse_quantity, parse_unit

runner = CliRunner()


@pytest.mark.parametrize("text,unit,expected", [
    ("55.3kN", "kN", 55.3),
    ("55300 N", "kN", 55.3),
    ("1.772in", "mm", 45.0088),            # 1.772 × 25.4
    ("160bar", "MPa", 16.0),
    ("20cSt", "mm^2/s", 20.0),
    ("5µm", "mm", 0.005),                   # micro sign
    ("5μm", "mm", 0.005),                   # Greek mu
    ("3000 r/min", "rpm", 3000.0),
    ("3000 U/min", "rpm", 3000.0),
    ("3000 min^-1", "rpm", 3000.0),
    ("3000min-1", "rpm", 3000.0),
    ("50/s", "rpm", 3000.0),                # a frequency counts revolutions: 50·60
    ("50Hz", "rpm", 3000.0),
    ("314.159rad/s", "rpm", 3000.0),       # 314.159/(2π)·60 = 2999.99
    ("2days", "h", 48.0),
    ("0", "kN", 0.0),                       # zero needs no unit
    ("12.5", "", 12.5),                     # a plain number where no unit is wanted
])
def test_parse_quantity_by_definition(text, unit, expected):
    assert parse_quantity(text, unit) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("text,needle", [
    ("55.3", "--C: '55.3' has no unit, expected a force with its unit (e.g. 55.3 kN)"),
    ("55.3mm", "--C: '55.3mm' is a length, expected a force"),
    ("5xx", "--C: unknown unit 'xx'"),
    ("strong", "--C: 'strong' is not a quantity"),
])
def test_parse_quantity_refuses_with_a_clear_line(text, needle):
    with pytest.raises(InputError) as e:
        parse_quantity(text, "kN", where="--C")
    assert needle in str(e.value)


def test_aliases_are_written_once_and_mean_the_same():
    assert {normalise_unit(u) for u in ("r/min", "U/min", "min^-1", "min-1", "rpm")} == {"rpm"}
    assert normalise_unit("µm") == normalise_unit("μm") == "um"


def test_convert_is_vectorised_with_one_unit_or_one_per_value():
    """[1, 2, 3] in h, min, days -> 1, 2/60, 72 h; a Series of inches -> × 25.4 mm."""
    np.testing.assert_allclose(convert([1.0, 2.0, 3.0], ["h", "min", "days"], "h"), [1.0, 2 / 60, 72.0])
    np.testing.assert_allclose(convert(pd.Series([1.0, 2.0]), "in", "mm"), [25.4, 50.8])
    np.testing.assert_allclose(convert(np.array([0.5, 2.0]), ["Mrev", "rev"], "Mrev"), [0.5, 2e-6])
    with pytest.raises(InputError, match="'kg' cannot be converted to 'h'"):
        convert([1.0, 2.0], ["h", "kg"], "h")


def test_dimensions_and_offsets():
    """0 °C = 273.15 K: the map is a·x + b with b = 273.15."""
    assert dimension("kN") == "a force" and dimension("mm") == "a length" and dimension("") == "a plain number"
    assert compatible("in", "mm") and not compatible("kg", "mm") and not compatible("furlongz", "mm")
    assert conversion("degC", "K") == pytest.approx((1.0, 273.15))


# ------------------------------------------------------------------ the CLI reads the same way
def test_cli_refuses_a_unitless_load_rating():
    """`--C 55.3` was silently read as kN; it is now exit 2 with one line naming the option."""
    r = runner.invoke(app, ["design", "bearing", "--C", "55.3", "--Fr", "10kN", "--speed", "3000rpm"])
    assert r.exit_code == 2
    assert "--C: '55.3' has no unit" in r.output and "Traceback" not in r.output


def test_cli_accepts_catalogue_spellings_and_a_bare_zero():
    """SKF Example 1 as typed from a catalogue: 55.3 kN, 10 kN, Fa 0, 3000 min⁻¹ →
    L10 = (55.3/10)³ = 169.11 Mrev, L10h = 169.11e6/(60·3000) = 939.5 h."""
    r = runner.invoke(app, ["design", "bearing", "--C", "55.3kN", "--Fr", "10 kN", "--Fa", "0",
                            "--speed", "3000 min^-1", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["L10h_h"] == pytest.approx(939.5, rel=1e-3)


# ------------------------------------------------------------------ life-test times (tests.csv time_unit)
def test_interchange_cli_reads_C_with_its_unit(monkeypatch):
    """`keyparts interchange 6209-2RS --C 35.1` is refused like `design bearing --C 55.3`; with
    its unit (35100 N = 35.1 kN, the 6209-2RS rating of the tiny dataset) it runs."""
    import keyparts.cli.match as cli_match
    from tests.match.conftest import tiny_dataset

    ds = tiny_dataset()
    monkeypatch.setattr(cli_match, "load", lambda db, data: ds)
    r = runner.invoke(app, ["interchange", "6209-2RS", "--C", "35.1"])
    assert r.exit_code == 2 and "--C: '35.1' has no unit" in r.output
    r = runner.invoke(app, ["interchange", "6209-2RS", "--C", "35100 N", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["C_kN"] == pytest.approx(35.1)


@pytest.mark.parametrize("text", ["9**9**9**9", "(m**9)**9", "2^3", "m" * 41])
def test_unit_text_with_arithmetic_is_refused_at_once(text):
    """pint evaluates arithmetic in unit text: ``9**9**9**9`` (9^387420489 digits) never returned.
    A power of a number or bracket, or text over 40 characters, is refused before pint sees it;
    ``mm^2/s`` and ``kg*m/s^2`` (powers of unit names) still parse."""
    import time

    t0 = time.perf_counter()
    with pytest.raises(InputError, match="is not a unit"):
        parse_unit(text)
    assert time.perf_counter() - t0 < 1.0
    assert str(parse_unit("mm^2/s")) == "millimeter ** 2 / second"
    assert str(parse_unit("kg*m/s^2")) == "kilogram * meter / second ** 2"
