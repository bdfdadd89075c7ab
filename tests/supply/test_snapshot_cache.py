"""Results kept in the snapshot cache and reused by re-dated models equal a fresh computation."""

from __future__ import annotations

import numpy as np

from keyparts.dataset import load_sample
from keyparts.supply import build_supply_model
from keyparts.supply.bom import CATEGORY
from keyparts.supply.model import for_year
from keyparts.supply.scenario import Scenario, item_availability, lost_by_binding_category


def test_redated_model_reuses_the_snapshot_and_gets_the_fresh_losses():
    """Embargo losses of every origin on a model re-dated from 2023 to 2021 and 2022 (after
    the 2023 losses filled the shared cache) equal those of models built for those years; the
    sample's category lines without sourcing rows make availability differ by year."""
    ds = load_sample()
    m23 = build_supply_model(ds.frames, home="CN", year=2023)
    codes = [c for c in m23.countries if c != "CN"][:6]
    for c in codes:
        lost_by_binding_category(m23, Scenario(embargo=(c,)))
    moved = False
    for y in (2021, 2022):
        fresh = build_supply_model(ds.frames, home="CN", year=y)
        redated = for_year(m23, ds.frames, y)
        assert redated.__dict__["_cache"] is m23.__dict__["_cache"]
        for c in codes:
            a, ta = lost_by_binding_category(redated, Scenario(embargo=(c,)))
            b, tb = lost_by_binding_category(fresh, Scenario(embargo=(c,)))
            assert np.allclose(a, b, rtol=1e-12, atol=1e-6) and abs(ta - tb) <= 1e-6 * max(1.0, abs(tb))
            f0a, f1a = item_availability(redated, (c,))
            f0b, f1b = item_availability(fresh, (c,))
            assert np.allclose(f0a, f0b) and np.allclose(f1a, f1b)
            f23 = item_availability(m23, (c,))[0]
            moved |= not np.allclose(f0a, f23)
    assert ((m23.graph.kind == CATEGORY)).any() and moved   # the year did change some availability
