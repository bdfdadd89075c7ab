"""A demand's clauses are checked against its category's parameters where it enters (API, page,
demands.csv import); a bad row already stored is reported and skipped, never failing the others.

Dimensions by definition: kg is a mass, d (bore) a length in mm, Fr a force in kN.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from keyparts.cli import app
from keyparts.dataset import read_dataset, validate
from keyparts.errors import InputError
from keyparts.match.demand import check_demand, demand_problems
from tests.dataset.tiny import TINY, write_tiny

BAD = {"id": "D9", "oem_id": "O1", "category_id": "BRG-DGBB", "quantity": 100.0, "need_by": None,
       "constraints": "d=25kg", "required_life_h": None, "loads": None}


def test_each_bad_clause_is_named(tiny_index):
    """d=25kg (mass for a length), precision>=4 (order on an enum), bore=3mm (no such parameter),
    Fr=3kg (mass for a force); C>=14 (bare number: canonical kN) and D=85mm are fine."""
    demand = {"id": "X", "category_id": "BRG-DGBB", "constraints": "d=25kg; C>=14; D=85mm; precision>=4; bore=3mm",
              "loads": "Fr=3kg; n=3000rpm"}
    got = demand_problems(demand, tiny_index.category_parameters("BRG-DGBB"))
    assert [f for f, _ in got] == ["constraints", "constraints", "constraints", "loads"]
    assert "clause 'd=25kg'" in got[0][1] and "a mass is not a length" in got[0][1] and "measured in mm" in got[0][1]
    assert "'precision' is enum" in got[1][1]
    assert "unknown parameter 'bore' in category BRG-DGBB" in got[2][1]
    assert "load 'Fr=3kg'" in got[3][1] and "a mass is not a force" in got[3][1]
    with pytest.raises(InputError, match=r"demand X: constraints: clause 'd=25kg'.* \(and 3 more\)"):
        check_demand(demand, tiny_index)


def test_validator_refuses_a_demand_of_the_wrong_dimension(tmp_path):
    """demands.csv line 3 (second data row) asks d=25kg: the import stops there, naming it."""
    text = TINY["demands.csv"] + "D2,O1,BRG-DGBB,10,,d=25kg,,\n"
    problems = validate(read_dataset(write_tiny(tmp_path / "t", demands_csv=text)))
    errors = [str(p) for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("demands.csv:3:constraints: clause 'd=25kg'")


def _store_with_a_bad_demand(tmp_path, url: str) -> None:
    """The tiny dataset in the store plus D9 written straight into the table, as a row saved
    before creation was checked would be."""
    from keyparts.dataset import validate_and_type
    from keyparts.store.db import make_engine
    from keyparts.store.repository import import_dataset
    from keyparts.store.tables import TABLE

    import_dataset(validate_and_type(read_dataset(write_tiny(tmp_path / "t"))), url)
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(sa.insert(TABLE["demands"]).values(**BAD))
    engine.dispose()


def test_allocate_skips_a_stored_bad_demand_and_serves_the_others(tmp_path, db_url):
    """Before: `keyparts allocate` failed for everyone with exit 2. Now D9 is reported (warning
    naming the demand and the clause) and left out; D1 (5000 pieces) is allocated as before —
    its only candidates fail the life check (L10h = (14.8/2)³·10⁶/(60·3000) = 2251 h < 20 000 h),
    so all 5000 are shortfall."""
    _store_with_a_bad_demand(tmp_path, db_url)
    r = CliRunner().invoke(app, ["allocate", "--db", db_url, "--json"])
    assert r.exit_code == 0, r.output
    assert "warning" in r.stderr and "D9" in r.stderr and "d=25kg" in r.stderr
    out = json.loads(r.stdout)
    assert list(out["inputs"]["skipped_demands"]) == ["D9"]
    assert {s["demand_id"]: s["quantity"] for s in out["shortfall"]} == {"D1": 5000.0}
