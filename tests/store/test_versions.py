"""The data version lives in the database and moves with the data, in the same transaction.

Every count below is a hand count: the migration creates each version at 1, and each
committed import or write adds 1 to the versions of the tables it writes, nothing else.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from keyparts.dataset import read_dataset, validate_and_type
from keyparts.store import import_dataset, make_engine, upgrade
from keyparts.store.versions import data_versions
from keyparts.web.auth import Principal
from keyparts.web.tenancy import TenantRepo
from tests.dataset.tiny import write_tiny

DATASET_TABLES = ("countries", "categories", "parameters", "enterprises", "parts", "part_values", "products",
                  "bom", "sourcing", "trade", "production", "tests", "demands", "projects")


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(data_versions.c.name, data_versions.c.version)).all())


@pytest.fixture
def engine(db_url):
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def test_import_bumps_the_version_of_every_table_it_writes(tmp_path, engine):
    """Migration: every name at 1. The tiny dataset writes all 14 tables, its dataset.toml
    (meta) and the parts' prices: those go to 2; visibility (not written) stays at 1. A second
    import of the same files: 3 (an import is a write even when nothing differs)."""
    ds = validate_and_type(read_dataset(write_tiny(tmp_path / "tiny")))
    assert set(counts(engine).values()) == {1}
    import_dataset(ds, engine=engine)
    after = counts(engine)
    assert {n: after[n] for n in (*DATASET_TABLES, "meta", "prices")} == dict.fromkeys(
        (*DATASET_TABLES, "meta", "prices"), 2)
    assert after["visibility"] == 1
    import_dataset(ds, engine=engine)
    assert counts(engine)["parts"] == 3


def test_a_failed_import_bumps_nothing(tmp_path, engine):
    """The import stops (an exception while writing ``bom``) after parts were written inside
    its transaction: the rollback takes the rows and the version bumps away alike."""
    ds = validate_and_type(read_dataset(write_tiny(tmp_path / "tiny")))
    before = counts(engine)

    def stop(table: str, done: int, total: int) -> None:
        if table == "bom":
            raise RuntimeError("killed while writing bom")

    with pytest.raises(RuntimeError):
        import_dataset(ds, engine=engine, progress=stop)
    assert counts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM parts")).scalar_one() == 0


def test_an_owned_write_bumps_only_what_it_writes(tmp_path, engine):
    """After the import (all at 2): a new demand by O1 -> demands 3; a price set by M1 ->
    prices 3 while parts and part_values (the catalogue) stay at 2; a visibility change ->
    visibility 2 (it starts at 1); deleting the demand -> demands 4 and visibility 3 (its
    visibility row goes with it). A refused write (an unknown category) changes nothing."""
    import_dataset(validate_and_type(read_dataset(write_tiny(tmp_path / "tiny"))), engine=engine)
    oem = TenantRepo(engine, Principal(1, "oem", "O1", "member"))
    maker = TenantRepo(engine, Principal(2, "maker", "M1", "member"))
    d9 = oem.create("demands", {"id": "D9", "category_id": "BRG-DGBB", "quantity": 10.0})["id"]  # "O1:D9"
    maker.set_price("P1", 5.0)
    maker.set_visibility("prices", "P1", "public")
    c = counts(engine)
    assert (c["demands"], c["prices"], c["parts"], c["part_values"], c["visibility"]) == (3, 3, 2, 2, 2)
    oem.delete("demands", d9)
    c = counts(engine)
    assert (c["demands"], c["visibility"]) == (4, 3)
    with pytest.raises(Exception):
        oem.create("demands", {"id": "D10", "category_id": "NOPE", "quantity": 1.0})
    assert counts(engine) == c
