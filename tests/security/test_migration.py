"""Migration 0007 gives existing visibility entries the owner of their row (tiny dataset:
D1 and sourcing O1|A1|M1|CN of O1, campaign T1 and the price of P1 of M1) and drops the
entries of rows that no longer exist. SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from keyparts.store import make_engine
from keyparts.store.db import alembic_config


def test_0007_backfills_visibility_owners_and_drops_orphans(db_url, tmp_path):
    from keyparts.dataset import read_dataset, validate_and_type
    from keyparts.store.repository import import_dataset
    from tests.dataset.tiny import write_tiny

    engine = make_engine(db_url)
    try:
        command.upgrade(alembic_config(engine), "head")
        import_dataset(validate_and_type(read_dataset(write_tiny(tmp_path / "t"))), engine=engine)
        command.downgrade(alembic_config(engine), "0008")  # a platform as it was before 0009 (security)
        with engine.begin() as c:
            c.execute(sa.text("INSERT INTO visibility (table_name, row_key, visibility, shared_with) VALUES "
                              "('demands', 'D1', 'public', NULL), ('demands', 'GONE', 'public', NULL), "
                              "('sourcing', 'O1|A1|M1|CN', 'public', NULL), ('tests', 'T1', 'public', NULL), "
                              "('prices', 'P1', 'shared', 'O1')"))
        command.upgrade(alembic_config(engine), "head")
        with engine.connect() as c:
            got = dict(c.execute(sa.text("SELECT table_name || ':' || row_key, owner_id FROM visibility")).all())
    finally:
        engine.dispose()
    assert got == {"demands:D1": "O1", "sourcing:O1|A1|M1|CN": "O1", "tests:T1": "M1", "prices:P1": "M1"}
