"""In-process cache of what the engines take: the stored dataset, the public search index,
the supply model and the assessment. Rebuilt lazily after any write (``bump``).

The search index is built from a *public* copy of the parts: prices are blanked there
(prices are owned rows, added back per caller by the tenant repository), so no cached object
that serves many enterprises holds another enterprise's confidential values.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy.engine import Engine

from keyparts.dataset.model import Dataset
from keyparts.store.repository import load_dataset


class DataCache:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.version = 0
        self._lock = threading.RLock()
        self._items: dict[str, tuple[int, Any]] = {}

    def bump(self) -> None:
        """Mark everything stale (called after every committed write)."""
        with self._lock:
            self.version += 1

    def _get(self, name: str, build: Callable[[], Any]) -> Any:
        with self._lock:
            v = self.version
            hit = self._items.get(name)
            if hit is not None and hit[0] == v:
                return hit[1]
            value = build()
            self._items[name] = (v, value)
            return value

    def dataset(self) -> Dataset:
        """The whole stored dataset (for aggregated engines only)."""
        return self._get("dataset", lambda: load_dataset(engine=self.engine))

    def public_dataset(self) -> Dataset:
        """Catalog tables only (no demands, sourcing, tests), prices blanked."""
        def build() -> Dataset:
            ds = self.dataset()
            keep = ("countries", "categories", "parameters", "enterprises", "parts", "part_values", "products",
                    "projects")
            frames = {k: ds.frames[k] for k in keep if k in ds.frames}
            parts = frames["parts"].copy()
            parts["unit_price_usd"] = np.nan
            frames["parts"] = parts
            return Dataset(meta=dict(ds.meta), frames=frames, source=ds.source)
        return self._get("public", build)

    def index(self) -> Any:
        """The parametric search index over the public catalog (keyparts.match)."""
        from keyparts.match.index import build_index
        return self._get("index", lambda: build_index(self.public_dataset()))

    def model(self) -> Any:
        from keyparts.priority.assess import build_model
        return self._get("model", lambda: build_model(self.dataset()))

    def assessment(self) -> Any:
        from keyparts.priority.assess import run_assessment
        return self._get("assessment", lambda: run_assessment(self.dataset(), model=self.model(),
                                                              n_samples=200))

    def assessment_dict(self) -> dict:
        """``assessment().to_dict()``, computed once per data version."""
        return self._get("assessment_dict", lambda: self.assessment().to_dict())

    def exposure_dict(self) -> dict:
        return self._get("exposure_dict", lambda: self.assessment().exposure.to_dict())

    def categories_under(self, category_id: str) -> list[str]:
        """Ids of the subcategories (all levels) of ``category_id``."""
        cats = self.categories()
        out, todo = [], [category_id]
        while todo:
            c = todo.pop()
            kids = [k for k, v in cats.items() if v["parent_id"] == c]
            out += kids
            todo += kids
        return out

    def categories(self) -> dict[str, dict]:
        """Category id -> {name, name_zh, parent_id, level}."""
        def build() -> dict[str, dict]:
            c = self.dataset().frames["categories"]
            return {r["id"]: {k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else v) for k, v in r.items()}
                    for r in c[["id", "name", "name_zh", "parent_id", "level"]].to_dict("records")}
        return self._get("categories", build)
