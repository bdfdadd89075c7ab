"""The Alembic migrations build exactly the schema the SQLAlchemy tables describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from keyparts.store import make_engine, upgrade
from keyparts.store.tables import metadata


def test_migrations_match_the_models(db_url):
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_allocation_runs_are_saved_for_audit(db_url):
    from keyparts.store.runs import get_run, list_runs, save_run

    result = {"status": "optimal", "objective": 1234.5, "allocations": [{"demand_id": "D1", "quantity": 10}],
              "inputs": {"max_share": 0.7}}
    run_id = save_run("allocate", result, source="test", url=db_url)
    assert list_runs(db_url)[0]["id"] == run_id
    got = get_run(run_id, db_url)
    assert got["result"] == result and got["status"] == "optimal" and got["objective"] == 1234.5
