"""What the engines take, per server worker: the analysis store of the database (frames and
search index, current with the data version kept in the database) plus the supply model and
the assessment built from it.

Nothing here is a copy the database does not know about: every item is tagged with the data
versions of the tables it was built from (:mod:`keyparts.store.versions`, read at most every
``refresh_s`` seconds and at once after a write by this worker), so an import by the CLI or
a write by another worker is seen within that delay, and a write to owned rows rebuilds only
what reads those rows (never the catalogue nor the search index).

The search index is built from a *public* copy of the parts: prices are blank there (prices
are owned rows, added back per caller by the tenant repository), so no cached object that
serves many enterprises holds another enterprise's confidential values.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy.engine import Engine

from keyparts.store.analysis import CATALOG, INDEX_TABLES, AnalysisStore
from keyparts.store.versions import tag

# what the supply model and the assessment read (a qualified substitute counts for its buyer)
SUPPLY = (*CATALOG, "bom", "sourcing", "trade", "production", "qualification_cases",
          "qualification_events", "enterprise_years", "enterprise_categories", "prices", "meta")
REGISTRY = ("enterprise_years", "enterprise_categories")


class DataCache(AnalysisStore):
    def __init__(self, engine: Engine, *, refresh_s: float = 0.5, searches: int = 1024):
        super().__init__(engine, refresh_s=refresh_s)
        self._searches: OrderedDict[Hashable, tuple[str | None, Any]] = OrderedDict()
        self._max_searches = searches
        self._slock = threading.Lock()

    def _search_hit(self, key: Hashable) -> tuple[str | None, tuple | None]:
        """(the catalogue's tag now, the memoised ``(tag, result)`` of ``key`` if current, else
        None); a current hit becomes the most recently used."""
        t = tag(self.versions(), INDEX_TABLES)
        with self._slock:
            hit = self._searches.get(key)
            if hit is None or t is None or hit[0] != t:
                return t, None
            self._searches.move_to_end(key)
            return t, hit

    def searched(self, key: Hashable) -> bool:
        """True when the result of the search ``key`` is memoised and current (a look-up)."""
        return self._search_hit(key)[1] is not None

    def search_result(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The public result of a search ``key`` (its parameters), memoised for the current
        catalogue (the search index's tables): the ``searches`` most recently used ones."""
        t, hit = self._search_hit(key)
        if hit is not None:
            return hit[1]
        value = build()
        with self._slock:
            self._searches[key] = (t, value)
            self._searches.move_to_end(key)
            while len(self._searches) > self._max_searches:
                self._searches.popitem(last=False)
        return value

    def _get(self, name: str, build: Callable[[], Any], deps: tuple[str, ...] | None = None) -> Any:
        """``build()`` memoised until one of ``deps`` changes (None: any change of any version
        name, sign-outs included: name the dependencies)."""
        return self.derived(name, deps, build)

    def model(self) -> Any:
        from keyparts.priority.assess import build_model
        return self._get("model", lambda: build_model(self.dataset()), SUPPLY)

    def assessment(self) -> Any:
        from keyparts.priority.assess import run_assessment
        return self._get("assessment", lambda: run_assessment(self.dataset(), model=self.model(),
                                                              n_samples=200), SUPPLY)

    def assessment_dict(self) -> dict:
        """``assessment().to_dict()``, computed once per data version."""
        return self._get("assessment_dict", lambda: self.assessment().to_dict(), SUPPLY)

    def exposure_dict(self) -> dict:
        return self._get("exposure_dict", lambda: self.assessment().exposure.to_dict(),
                         SUPPLY)

    def specialised_makers(self) -> tuple[str, ...]:
        """Ids of makers with specialisation index >= SPECIALISED_S: the one yes/no that matching
        uses from the confidential registry (docs/methods.md, "Specialised makers")."""
        def build() -> tuple[str, ...]:
            from keyparts.makers.specialisation import SPECIALISED_S, specialisation_by_maker
            s = specialisation_by_maker(self.frame("enterprise_years"), self.frame("enterprise_categories"))
            return tuple(sorted(s.index[s >= SPECIALISED_S]))
        return self._get("specialised_makers", build, REGISTRY)

    def taxonomy(self) -> Any:
        """The category tree (:class:`keyparts.supply.taxonomy.Taxonomy`), once per data version."""
        from keyparts.supply.taxonomy import build_taxonomy
        return self._get("taxonomy", lambda: build_taxonomy(self.frame("categories")), ("categories",))

    def categories_under(self, category_id: str) -> list[str]:
        """Ids of the subcategories (all levels) of ``category_id`` (:meth:`Taxonomy.descendants`)."""
        return self.taxonomy().descendants(category_id)

    def categories_above(self, category_id: str) -> list[str]:
        """``category_id`` and its ancestors, nearest first (:meth:`Taxonomy.ancestors`)."""
        return self.taxonomy().ancestors(category_id)

    def categories(self) -> dict[str, dict]:
        """Category id -> {name, name_zh, parent_id, level}."""
        def build() -> dict[str, dict]:
            c = self.frame("categories")
            return {r["id"]: {k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else v) for k, v in r.items()}
                    for r in c[["id", "name", "name_zh", "parent_id", "level"]].to_dict("records")}
        return self._get("categories", build, ("categories",))
