"""``keyparts design`` through Typer's CliRunner on the root app (SKF Example 1 via the CLI)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from keyparts.cli import app

runner = CliRunner()
CONTRACT = {"P_kN", "L10_Mrev", "L10h_h", "a1", "nu1_cSt", "kappa", "a_iso", "L10m_Mrev", "L10mh_h", "P0_kN", "s0"}


def test_bearing_json_contract_and_skf_example1() -> None:
    """SKF Example 1 [V]: 6309, C 55.3 kN, Fr 10 kN, 3000 r/min → L10 169 Mrev, L10h 940 h; ISO ν1 9.65 [C]."""
    r = runner.invoke(app, ["design", "bearing", "--designation", "6309", "--C", "55.3kN", "--C0", "31.5kN",
                            "--Pu", "1.34kN", "--Fr", "10kN", "--Fa", "0N", "--speed", "3000rpm",
                            "--viscosity", "20cSt", "--eC", "0.8", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert CONTRACT <= set(d)
    assert d["L10_Mrev"] == pytest.approx(169, rel=0.005) and d["L10h_h"] == pytest.approx(940, rel=0.005)
    assert d["nu1_cSt"] == pytest.approx(9.65, rel=0.002) and d["a_iso"] == pytest.approx(4.82, rel=0.005)


def test_bearing_units_are_converted() -> None:
    """Same case in N and 1/s: 55300 N, 10000 N, 50/s = 3000 r/min. Hand calc (SKF Example 1):
    L10 = 5.53³ = 169.11 Mrev, L10h = 169.11e6/(60·3000) = 939.5 h."""
    r = runner.invoke(app, ["design", "bearing", "--C", "55300N", "--Fr", "10000N", "--speed", "50/s", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["L10h_h"] == pytest.approx(939.5, rel=1e-3)


def test_bearing_required_life_fails_with_exit_1() -> None:
    r = runner.invoke(app, ["design", "bearing", "--C", "55.3kN", "--Fr", "10kN", "--speed", "3000rpm",
                            "--required-life", "20000h", "--json"])
    # SKF Example 1: L10h = 939.5 h (a_ISO not computed without viscosity) < 20 000 h → exit 1
    assert r.exit_code == 1 and json.loads(r.stdout)["passed"] is False


def test_required_life_without_speed_cannot_be_judged_exit_2() -> None:
    """A life requirement in hours without a speed is not judgeable: exit 2 with the reason (it
    printed ``passed None`` and exited 0). The line names the options typed, not the engine's
    argument names (``required_L10mh_h``, ``speed_rpm``)."""
    r = runner.invoke(app, ["design", "bearing", "--C", "55.3kN", "--Fr", "10kN", "--required-life", "20000h"])
    assert r.exit_code == 2 and "--required-life: 20000 h cannot be judged without --speed" in r.output
    assert "speed_rpm" not in r.output


@pytest.mark.parametrize("req", ["0h", "-5h"])
def test_zero_or_negative_required_life_is_exit_2(req: str) -> None:
    r = runner.invoke(app, ["design", "bearing", "--C", "55.3kN", "--Fr", "10kN", "--speed", "3000rpm",
                            "--required-life", req])
    assert r.exit_code == 2 and "--required-life:" in r.output and "expected > 0" in r.output


def test_type_help_lists_every_bearing_type() -> None:
    from keyparts.design import BEARING_TYPES

    r = runner.invoke(app, ["design", "bearing", "--help"], env={"COLUMNS": "400"})
    assert r.exit_code == 0
    assert {"thrust_ball", "thrust_roller"} <= set(BEARING_TYPES)
    for name in BEARING_TYPES:
        assert name in r.output, name
    bad = runner.invoke(app, ["design", "bearing", "--C", "20kN", "--Fr", "1kN", "--type", "tapered_roller"])
    assert bad.exit_code == 2


def test_thrust_designation_uses_the_given_pu() -> None:
    """SKF 51110 (C 27, C0 69.5, Pu 2.55 kN; see test_bearing_reference) through the CLI: the
    designation gives thrust_ball, d 50, D 70; hand calc a_ISO = 3.3067 at eC 0.5, κ = 20/10, Fa 5 kN
    (x = 0.5·2.55/(3·5) = 0.085, worked in test_thrust_ball_a_iso_uses_fatigue_load_limit)."""
    r = runner.invoke(app, ["design", "bearing", "--designation", "51110", "--C", "27kN", "--C0", "69.5kN",
                            "--Pu", "2.55kN", "--Fr", "0kN", "--Fa", "5kN", "--speed", "1000rpm",
                            "--viscosity", "20cSt", "--nu1", "10cSt", "--eC", "0.5", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["bearing_type"] == "thrust_ball" and d["Cu_kN"] == 2.55 and d["Cu_estimated"] is False
    assert d["a_iso"] == pytest.approx(3.3067, rel=1e-4)


def test_bad_unit_is_exit_2() -> None:
    r = runner.invoke(app, ["design", "bearing", "--C", "5xx", "--Fr", "10kN"])
    assert r.exit_code == 2


def test_bolt_json() -> None:
    """Issue 5 example; FM,zul for M12 8.8 at μ 0.12 = 43.1 kN, MA 84 N·m [C] (VDI 2230-1:2015 R7/R13, see tests/design/test_bolts.py::test_vdi2230_table)."""
    r = runner.invoke(app, ["design", "bolt", "--thread", "M12", "--class", "8.8", "--friction", "0.12",
                            "--tightening-factor", "1.6", "--axial-load", "10kN", "--clamp-length", "30mm", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert {"As_mm2", "FM_zul_kN", "MA_Nm", "sigma_red_MPa", "safety_yield"} <= set(d)
    assert d["FM_zul_kN"] == pytest.approx(43.1, abs=0.1) and d["MA_Nm"] == pytest.approx(84, abs=1)


def test_cylinder_and_pump() -> None:
    """[C] F = p·A1, A1 = π·100²/4 = 7 853.98 mm²: D 100, d 56, 16 MPa → push = 16·7 853.98 N = 125.66 kN.
    [C] Q = V·n·ηv/1000: 28 cm³ · 1 450 r/min · ηv 0.95 (CLI default) / 1000 = 38.57 L/min."""
    r = runner.invoke(app, ["design", "cylinder", "--bore", "100mm", "--rod", "56mm", "--pressure", "16MPa", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["F_push_kN"] == pytest.approx(125.66, abs=0.01)
    r = runner.invoke(app, ["design", "pump", "--displacement", "28cm^3", "--speed", "1450rpm", "--pressure",
                            "200bar", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["Q_L_min"] == pytest.approx(38.57, abs=0.001)


def test_parse_and_interchange() -> None:
    r = runner.invoke(app, ["design", "parse", "180205", "--json"])
    d = json.loads(r.stdout)
    assert r.exit_code == 0 and d["canonical"] == "6205-2RS" and d["old_code_flag"] is True
    r = runner.invoke(app, ["design", "interchange", "SKF 6205-2RS1", "NSK 6205DDU", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["grade"] == "identical"
    r = runner.invoke(app, ["design", "interchange", "6205", "6205", "--C-a", "14.8kN", "--C-b", "13.6kN"])
    assert r.exit_code == 0 and "C 8 % lower" in r.stdout
    r = runner.invoke(app, ["design", "parse", "hello"])
    assert r.exit_code == 2


def test_iso4406_cli() -> None:
    r = runner.invoke(app, ["design", "iso4406", "3000", "500", "7"])
    assert r.exit_code == 0 and r.stdout.strip() == "19/16/10"


@pytest.mark.parametrize("safety", ["0", "-2"])
def test_cylinder_zero_or_negative_required_safety_is_exit_2(safety: str) -> None:
    """The required buckling safety is a requirement: 0 divided by zero (traceback), a negative
    one passed nothing sensible; both are refused with exit 2."""
    r = runner.invoke(app, ["design", "cylinder", "--bore", "100mm", "--rod", "56mm", "--pressure", "160bar",
                            "--buckling-length", "2000mm", "--safety", safety])
    assert r.exit_code == 2 and "safety" in r.output
