"""Text and whole numbers that one database stores and the other refuses are refused up front,
on both, as 4xx (never a PostgreSQL error turned 500).

PostgreSQL text cannot hold NUL (U+0000) (PostgreSQL documentation, "Character Types"), and its
``integer`` is 4 bytes, -2147483648 to +2147483647 ("Numeric Types", Table 8.2); SQLite stores
both. So NUL is refused everywhere text enters (JSON fields, forms, URLs, dataset cells), and
``tests.count`` is at most 2147483647 in the dataset contract.
"""

from __future__ import annotations

import pytest

from keyparts.dataset import read_dataset, validate, validate_and_type
from tests.dataset.tiny import write_tiny


def test_nul_in_json_sign_in_is_422_on_both_databases(env):
    r = env.client().post("/api/v1/auth/login", json={"username": "oem\x00", "password": "x" * 12})
    assert r.status_code == 422 and "NUL" in r.json()["detail"], r.text


def test_nul_in_form_sign_in_is_not_a_500_on_both_databases(env):
    """The sign-in page answers (a 400 naming the NUL where the database refuses it, else the
    page with "wrong user name"), never a 500."""
    r = env.client().post("/login", data={"username": "oem\x00", "password": "x" * 12})
    assert r.status_code in (200, 400) and ("NUL" in r.text or "wrong user name" in r.text), r.text[:300]


def test_nul_in_a_json_write_is_422_on_both_databases(env):
    r = env.client("oem").post("/api/v1/demands", json={"id": "D9", "category_id": "BRG-DGBB",
                                                        "quantity": 5, "constraints": "d=25mm\x00"})
    assert r.status_code == 422 and "NUL" in r.json()["detail"], r.text


@pytest.mark.parametrize("url", ["/api/v1/demands/D1%00", "/api/v1/parts?q=d%3D25mm%00"])
def test_nul_in_the_url_is_400_on_both_databases(env, url):
    r = env.client("oem").get(url)
    assert r.status_code == 400 and "NUL" in r.json()["detail"], r.text


def test_nul_in_a_dataset_cell_is_a_problem_naming_the_cell(tmp_path):
    folder = write_tiny(tmp_path / "ds")
    f = folder / "enterprises.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("Kansai Bearing", "Kansai\x00Bearing"), encoding="utf-8")
    problems = [str(p) for p in validate(read_dataset(folder))]
    assert "enterprises.csv:3:name: contains a NUL character (\\x00), expected plain text" in problems


def _with_count(tmp_path, count: str):
    folder = write_tiny(tmp_path / f"ds{count}")
    f = folder / "tests.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("T1,P1,u2,1500,,S,10,h,3", f"T1,P1,u2,1500,,S,10,h,{count}"),
                 encoding="utf-8")
    return read_dataset(folder)


@pytest.mark.parametrize("count", ["2147483648", "99999999999999999999"])
def test_count_beyond_a_4_byte_integer_is_a_problem_not_a_crash(tmp_path, count):
    """2^31 = 2147483648 is one above PostgreSQL's integer; 10^20 is above int64 too (it crashed
    the validator while casting)."""
    problems = [str(p) for p in validate(_with_count(tmp_path, count))]
    assert any(p.startswith(f"tests.csv:3:count: {count} is above 2147483647") for p in problems), problems


def test_largest_count_imports_on_both_databases(db_url, tmp_path):
    """2^31 - 1 passes validation and is stored and read back exactly on SQLite and PostgreSQL."""
    from keyparts.store.db import make_engine, upgrade
    from keyparts.store.repository import import_dataset, load_dataset

    ds = validate_and_type(_with_count(tmp_path, "2147483647"))
    eng = make_engine(db_url)
    upgrade(eng)
    import_dataset(ds, engine=eng)
    t = load_dataset(engine=eng).frames["tests"]
    assert int(t.loc[t["unit_id"] == "u2", "count"].iloc[0]) == 2147483647
    eng.dispose()


def test_empty_key_cell_is_a_problem_and_the_cli_exits_2(tmp_path):
    """An empty parameter name (part of parameters.csv's key) crashed the validator with a
    TypeError; the CLI printed a traceback and exited 1. Now: the problem, exit 2."""
    from typer.testing import CliRunner

    from keyparts.cli import app

    folder = write_tiny(tmp_path / "ds")
    f = folder / "parameters.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("BRG,C,kN,number", "BRG,,kN,number"), encoding="utf-8")
    r = CliRunner().invoke(app, ["data", "validate", str(folder)])
    assert r.exit_code == 2, r.output
    assert "parameters.csv:3:name: is empty" in r.output and "Traceback" not in r.output
