"""A disruption scenario run day by day (issue 15) beside the static estimate, for the scenario
page and ``POST /api/v1/scenarios/dynamic``.

The plant network of the stored data (:func:`keyparts.dynamics.from_supply.plants_of_model`)
is built once per data version; a run is bounded for the web: at most :data:`MAX_DAYS` days
(the horizon defaults to the disruption plus 30 days and is cut there), on the callers' threads
through :func:`keyparts.web.concurrency.heavy` (the routes await it).

What the caller sees follows the disclosure rule of the static scenario (docs/security.md):
its own products' daily output; the national curves (production, final consumption, value
added, as shares of their pre-shock daily level) and national losses only when at least k OEMs
contribute (those losing output, or every OEM when none does).
"""

from __future__ import annotations

import math

import numpy as np

from keyparts.supply.scenario import Scenario

MAX_DAYS = 180      # longest run the web starts (days)


def plant_network(cache):
    """The plant network of the stored data, cached until the supply tables change."""
    from keyparts.dynamics.from_supply import plants_of_model
    from keyparts.web.data import SUPPLY

    return cache._get("plant_network", lambda: plants_of_model(cache.model(), cache.dataset().frames),
                      SUPPLY)


def horizon_days(duration_days: float, horizon: int | None = None) -> int:
    """Days simulated: ``horizon`` or the disruption plus 30 days, at most :data:`MAX_DAYS`."""
    want = horizon if horizon is not None else max(1, math.ceil(duration_days)) + 30
    return int(min(max(want, 1), MAX_DAYS))


def run_dynamic(cache, *, embargo, failed_suppliers, duration_days: float, inventory_days: float,
                ramp_up_days: float, qualify_days: float | None, horizon: int | None,
                viewer: str | None) -> dict:
    """Run the scenario day by day and statically; the view ``viewer`` may see (see above).

    Amounts in USD; curves are fractions of the pre-shock daily level (1 = no loss), one per
    simulated day."""
    from keyparts.dynamics.from_supply import run_dynamic_scenario
    from keyparts.priority.assess import run_scenario
    from keyparts.web.disclosure import disclosable, min_enterprises

    sc = Scenario(embargo=tuple(embargo), failed_suppliers=tuple(failed_suppliers),
                  duration_days=duration_days, inventory_days=inventory_days,
                  ramp_up_days=ramp_up_days, qualify_days=qualify_days)
    days = horizon_days(duration_days, horizon)
    dyn = run_dynamic_scenario(plant_network(cache), sc, days=days)
    static = run_scenario(cache.model(), sc).to_dict()
    frames = cache.dataset().frames
    oem = dict(zip(frames["products"]["id"].astype(str), frames["products"]["oem_id"].astype(str),
                   strict=True))
    st = {p["id"]: p for p in static["products"]}
    rows = [{"id": pid, "industry": st.get(pid, {}).get("industry"),
             "output_fraction": list(f), "lost_value_usd": lost,
             "time_to_survive_days": tts, "time_to_recover_days": ttr,
             "static_output_fraction": st.get(pid, {}).get("output_fraction"),
             "static_lost_value_usd": st.get(pid, {}).get("lost_value_usd")}
            for pid, f, lost, tts, ttr in zip(dyn.product_ids, dyn.output_fraction,
                                              dyn.lost_value_usd, dyn.time_to_survive_days,
                                              dyn.time_to_recover_days, strict=True)]
    hit = [r for r in rows if r["lost_value_usd"] > 0 or (r["static_lost_value_usd"] or 0) > 0]
    national_ok = disclosable({oem.get(r["id"]) for r in (hit or rows)}, viewer)
    sim = dyn.simulation
    national = None
    if national_ok:
        def share(series, base):
            return (np.asarray(series, dtype=float) / base).tolist() if base > 0 else \
                [1.0] * len(series)
        lost_va = sim.baseline_value_added * len(sim.days) - float(sum(sim.value_added))
        national = {"production": share(sim.production, sim.baseline_production),
                    "final_consumption": share(sim.final_consumption,
                                               sim.baseline_final_consumption),
                    "value_added": share(sim.value_added, sim.baseline_value_added),
                    "lost_value_usd": dyn.total_lost_value_usd,
                    "static_lost_value_usd": static["total_lost_value_usd"],
                    "lost_value_added_usd": lost_va,
                    "baseline_value_added_usd_per_day": sim.baseline_value_added}
    return {"scenario": sc.to_dict(), "days": list(dyn.days), "horizon_days": days,
            "max_days": MAX_DAYS, "rationing": sim.rationing,
            "products": [r for r in rows if oem.get(r["id"]) == viewer],
            "national": national, "national_suppressed": not national_ok,
            "disclosure": {"k": min_enterprises(), "rule": "docs/security.md#disclosure"}}
