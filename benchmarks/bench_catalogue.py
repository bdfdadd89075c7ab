"""The parametric catalogue on a generated 10 000-firm dataset (~100 000 parts): parametric
queries (one or two clauses, category subtree, sort, a page of 25, the default facets) and free
words (designation, maker name, category names), timed per query.

Run it on this tree and on an older one (``PYTHONPATH=<old>/src python -m benchmarks
catalogue``) to compare: an older engine has no free words, those are then skipped.
"""

from __future__ import annotations

import time

import numpy as np

FIRMS = 10_000
N_QUERIES = 200


def _queries(ix, rng: np.random.Generator) -> tuple[list[tuple], list[str]]:
    cats = ix.category_ids
    num = [n for n in ix.numeric if n not in ("unit_price_usd", "annual_capacity")]
    par = []
    for _ in range(N_QUERIES):
        r = int(rng.integers(len(ix)))
        have = [n for n in num if np.isfinite(ix.numeric[n][r])]
        if not have:
            continue
        a = have[int(rng.integers(len(have)))]
        clauses = [f"{a}>={ix.numeric[a][r] * 0.8:g}"]
        if len(have) > 1:
            b = have[(have.index(a) + 1) % len(have)]
            clauses.append(f"{b}=..{ix.numeric[b][r] * 1.5:g}")
        cat = str(cats[ix.category_code[r]]).rsplit("-", 1)[0] if rng.random() < 0.7 else None
        par.append(("; ".join(clauses), cat if cat in ix.subtree else None, a))
    desig = ix.text["designation"]
    words = []
    for _ in range(N_QUERIES // 4):
        r = int(rng.integers(len(ix)))
        words.append(str(desig.labels[desig.codes[r]]))
    words += ["轴承", "bearing", "hydraulic 阀", "ltd"] * (N_QUERIES // 16)
    return par, words


def _time(fn, qs) -> np.ndarray:
    out = []
    for q in qs:
        t = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - t)
    return np.array(out)


def main() -> None:
    from keyparts.dataset.generate import generate
    from keyparts.errors import InputError
    from keyparts.match.index import build_index
    from keyparts.match.search import search

    t0 = time.perf_counter()
    ds = generate(FIRMS, seed=1, bom_per_part=0.5)
    ix = build_index(ds)
    print(f"{len(ix):,} parts of {FIRMS:,} firms generated and indexed in {time.perf_counter() - t0:.1f} s")
    par, words = _queries(ix, np.random.default_rng(0))
    lat = _time(lambda q: search(ix, q[0], category=q[1], sort=q[2], descending=True, limit=25), par)
    print(f"parametric, {len(par)} queries (1-2 clauses, category subtree, sort, page of 25, default facets): "
          f"p50 {np.percentile(lat, 50) * 1e3:.2f} ms, p95 {np.percentile(lat, 95) * 1e3:.2f} ms, "
          f"mean {lat.mean() * 1e3:.2f} ms", flush=True)
    try:
        search(ix, words[0], limit=1)
    except InputError:
        print("free words: not supported by this engine")
        return
    lat = _time(lambda q: search(ix, q, limit=25), words)
    print(f"free words, {len(words)} queries (designations, '轴承', 'bearing', 'hydraulic 阀', 'ltd'): "
          f"p50 {np.percentile(lat, 50) * 1e3:.2f} ms, p95 {np.percentile(lat, 95) * 1e3:.2f} ms, "
          f"mean {lat.mean() * 1e3:.2f} ms", flush=True)
