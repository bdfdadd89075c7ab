"""The in-memory dataset: its metadata (dataset.toml) and one pandas frame per file."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Dataset:
    """A dataset held in memory.

    ``meta`` is the content of ``dataset.toml`` (name, year, currency, country, provenance).
    ``frames`` maps a table name of :mod:`keyparts.dataset.schema` (``"parts"``,
    ``"bom"``, ...) to a frame with that file's columns. Frames read from files hold text
    (``str`` or ``NA``); after :func:`keyparts.dataset.validate.validate` they hold typed
    values (floats, ints, bools, lists as ';'-joined text).
    """

    meta: dict = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""  # path it was read from, used in error messages
    warnings: list = field(default_factory=list)  # Problems of severity "warning"
    read_as: dict = field(default_factory=dict)  # file -> how it was decoded, when not UTF-8 with ','

    @property
    def home_country(self) -> str:
        """ISO alpha-2 code of the country whose imports are measured (default CN)."""
        return str(self.meta.get("country", "CN"))

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]
