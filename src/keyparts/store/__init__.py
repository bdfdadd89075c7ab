"""The store: SQLite (embedded default) or PostgreSQL through SQLAlchemy 2 and Alembic."""

from keyparts.store.db import DEFAULT_URL, database_url, make_engine, upgrade
from keyparts.store.repository import (
           export_dataset,
           import_dataset,
           load_dataset,
           load_frames,
           summary,
)

__all__ = ["DEFAULT_URL", "database_url", "make_engine", "upgrade", "export_dataset", "import_dataset",
           "load_dataset", "load_frames", "summary"]

import keyparts.store.accounts
import keyparts.store.offers  # noqa: F401  (makers' offers on demands)
import keyparts.store.editions  # noqa: F401  (published editions)
import keyparts.store.runs  # noqa: F401  (saved analysis runs)
import keyparts.store.versions  # noqa: F401  (data_versions)
