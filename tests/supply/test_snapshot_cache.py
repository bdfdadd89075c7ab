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


def test_batched_passes_equal_one_scenario_at_a_time():
    """lost_by_binding_categories (f⁰ and f¹ of three scenarios in one N x 6 pass) equals
    lost_by_binding_category of each scenario on a model without a cache; run_many equals run
    column by column, binding items included, on random availabilities with ties (0, 0.5, 1)."""
    from keyparts.supply.scenario import _propagator, lost_by_binding_categories

    ds = load_sample()
    m = build_supply_model(ds.frames, home="CN", year=2023)
    codes = [c for c in m.countries if c != "CN"][:7]
    batched = lost_by_binding_categories(m, [Scenario(embargo=(c,), duration_days=120) for c in codes])
    assert any(t > 0 for _, t in batched)
    for c, (per_cat, total) in zip(codes, batched):
        fresh = build_supply_model(ds.frames, home="CN", year=2023)
        a, t = lost_by_binding_category(fresh, Scenario(embargo=(c,), duration_days=120))
        assert np.array_equal(per_cat, a) and total == t
    prop = _propagator(m)
    rng = np.random.default_rng(5)
    A = rng.choice([0.0, 0.5, 1.0, 1.0, 1.0], size=(m.graph.n, 5))
    F, B = prop.run_many(A, binding=3)
    for j in range(5):
        f, b = prop.run(A[:, j], binding=j < 3)
        assert np.array_equal(F[:, j], f)
        if j < 3:
            assert np.array_equal(B[:, j], b)
