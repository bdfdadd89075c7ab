"""Editions over ten years of the 100 000-firm dataset: publish ten editions and diff them.

Issue 14 target: publish and diff editions over 10 years of the 100 000-firm dataset in < 2 min.
The generated dataset has one year of trade and production; ten yearly variants are derived in
memory (seed 14): each year's trade values and quantities and domestic output are the base
year's times a lognormal factor (sigma 0.15 per row), so IR, origin shares and the lists move.
The workload timed: one supply model built, then per year the model re-dated
(``keyparts.supply.model.for_year``, sharing the snapshot cache: propagator, the embargoes'
year-independent availability), the assessment (12 embargo scenarios,
no rank Monte Carlo),
the frozen edition with its fingerprint (the frames hashed once), and the nine diffs of
consecutive editions. Reading the CSV folder is timed apart (it is the import, not the method).

Data: ``$KEYPARTS_GEN100K`` (a folder written by ``keyparts data generate --firms 100000``),
else ``keyparts.dataset.generate.generate(firms=100_000, seed=1)`` in memory. No peer exists.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd

from benchmarks._common import report

YEARS = 10
SEED = 14


def load():
    folder = os.environ.get("KEYPARTS_GEN100K")  # a folder written by `keyparts data generate --firms 100000 --seed 1`
    if folder and os.path.isdir(folder):
        from keyparts.dataset import read_dataset, validate_and_type

        return validate_and_type(read_dataset(folder)), folder
    from keyparts.dataset.generate import generate

    return generate(firms=100_000, seed=1), "keyparts.dataset.generate(firms=100_000, seed=1)"


def yearly(ds, years: int = YEARS, seed: int = SEED):
    """The dataset with ``years`` years of trade and production ending in its own year."""
    from keyparts.dataset.model import Dataset

    rng = np.random.default_rng(seed)
    f = dict(ds.frames)
    tr, pr = f["trade"], f["production"]
    last = int(tr["year"].max())
    ys = list(range(last - years + 1, last + 1))
    base_tr, base_pr = tr[tr["year"] == last], pr[pr["year"] == pr["year"].max()]
    trs, prs = [], []
    for y in ys:
        a = base_tr.copy()
        k = rng.lognormal(0.0, 0.15, len(a))
        a["year"], a["value_usd"] = y, a["value_usd"] * k
        a["quantity"] = a["quantity"] * k
        b = base_pr.copy()
        b["year"], b["domestic_output_usd"] = y, b["domestic_output_usd"] * rng.lognormal(0.0, 0.15, len(b))
        trs.append(a)
        prs.append(b)
    f["trade"] = pd.concat(trs, ignore_index=True)
    f["production"] = pd.concat(prs, ignore_index=True)
    return Dataset(dict(ds.meta), f), ys


class _Clock:
    """Wall and CPU seconds of each step (CPU: this process; on a busy machine the CPU time is
    what an idle one would take as wall time, most work being single-threaded)."""

    def __init__(self) -> None:
        self.steps: dict[str, tuple[float, float]] = {}

    def __call__(self, name: str, fn):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        self.steps[name] = (time.perf_counter() - w, time.process_time() - c)
        return out


def run(ds, years: list[int]):
    """Publish one edition per year and diff consecutive ones; returns (editions, diffs, clock)."""
    from keyparts.priority.assess import build_model
    from keyparts.programme.editions import diff, frames_digest, publish
    from keyparts.supply.model import for_year

    clock = _Clock()
    digest = clock("fingerprint (frames hashed once)", lambda: frames_digest(ds))
    model = clock("supply model built once", lambda: build_model(ds, years[0]))

    def editions():
        eds, m = [], model
        for y in years:
            m = m if m.year == y else for_year(m, ds.frames, y)
            eds.append(publish(ds, str(y), year=y, n_samples=0, model=m, digest=digest,
                               published_at="2026-01-01T00:00:00+00:00"))
            print(f"  edition {y}: top 3 {list(eds[-1].listed()['category_id'][:3])}", flush=True)
        return eds
    eds = clock(f"{len(years)} editions (re-dated model, assessment, freeze)", editions)
    diffs = clock(f"{len(years) - 1} diffs", lambda: [diff(a, b) for a, b in zip(eds, eds[1:])])
    worst = perturbed(eds[-1])
    clock("1 diff where every factor of every category changed (2^11 Shapley evaluations)",
          lambda: diff(eds[-1], worst))
    return eds, diffs, clock


def perturbed(e, seed: int = SEED):
    """``e`` with every indicator, normaliser and weight changed (the diff's worst case)."""
    from dataclasses import replace

    rng = np.random.default_rng(seed)
    rows = e.rows.copy()
    for c in ("import_reliance", "hhi_global", "hhi_risk", "si_sr", "economic_importance", "worst_embargo_loss_usd"):
        rows[c] = rows[c] * rng.uniform(0.8, 1.2, len(rows))
    rows["rank"] = rng.permutation(len(rows)) + 1
    rows["in_list"] = rows["rank"] <= e.top_n
    w = np.array(e.weights) * rng.uniform(0.8, 1.2, 3)
    return replace(e, name=e.name + "-perturbed", rows=rows, sr_max=e.sr_max * 1.1, loss_max=e.loss_max * 0.9,
                   weights=tuple(w / w.sum()))


def main() -> None:
    t0 = time.perf_counter()
    base, origin = load()
    f = base.frames
    print(f"dataset: {origin}: {len(f['enterprises']):,} firms, {len(f['parts']):,} parts, {len(f['bom']):,} BOM "
          f"lines, {len(f['sourcing']):,} sourcing rows (read and validated in {time.perf_counter() - t0:.1f} s)",
          flush=True)
    ds, years = yearly(base)
    print(f"  load average (1, 5, 15 min) at the start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    eds, diffs, clock = run(ds, years)
    for k, (w, c) in clock.steps.items():
        print(f"  {k}: {w:.1f} s wall, {c:.1f} s CPU")
    moved = sum(len(d.entered) + len(d.left) + len(d.moved) for d in diffs)
    print(f"  {len(eds[0].rows)} ranked categories per edition; {moved} entries over {len(diffs)} diffs")
    wall = sum(w for w, _ in clock.steps.values())
    cpu = sum(c for _, c in clock.steps.values())
    print(f"  load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    report(f"publish {len(eds)} editions ({years[0]}-{years[-1]}) and {len(diffs)} diffs (CPU {cpu:.1f} s)", wall,
           target="< 120 s")


if __name__ == "__main__":
    main()
