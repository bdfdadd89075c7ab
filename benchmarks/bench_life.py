"""Weibull 2P MLE with Fisher bounds: keyparts.life vs reliability.Fitters.Fit_Weibull_2P.

Right-censored data (Weibull η=1000, β=2, singly censored at the 70 % quantile), n = 23,
1 000 and 100 000, fitted by both in the same run; prints the largest relative difference
of (β, η, SE β, SE η, B10 Fisher bounds) and the speed ratio. Then the batch API on
10 000 data sets of n = 20. Only the fits are timed (reliability's import is not).
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from benchmarks._common import best_of, report
from keyparts.life import fit, fit_weibull_batch


def _data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = rng.weibull(2.0, n) * 1000.0
    c = 1000.0 * (-np.log(0.3)) ** 0.5  # 70 % quantile
    return np.minimum(t, c), t <= c


def _ours(t: np.ndarray, failed: np.ndarray) -> tuple[float, ...]:
    r = fit(t, failed, cl=0.95)
    b = r.bounds()
    lo, hi = r.b_life_bounds(10)
    return (r.params["beta"], r.params["eta"], r.se["beta"], r.se["eta"], lo, hi,
            *b.params["beta"], *b.params["eta"])


def main() -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from reliability.Fitters import Fit_Weibull_2P
    except Exception as exc:  # noqa: BLE001 — the peer is optional
        Fit_Weibull_2P = None
        print(f"reliability not importable ({exc}); timing keyparts only")

    def peer(t: np.ndarray, failed: np.ndarray) -> tuple[float, ...]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            q = Fit_Weibull_2P(failures=t[failed], right_censored=t[~failed], CI=0.95,
                               print_results=False, show_probability_plot=False)
        return (q.beta, q.alpha, q.beta_SE, q.alpha_SE, q.beta_lower, q.beta_upper,
                q.alpha_lower, q.alpha_upper)

    for n, target in ((23, 30), (1000, 30), (100_000, 10)):
        t, failed = _data(n)
        ours_s, ours = best_of(lambda t=t, failed=failed: _ours(t, failed), repeat=20 if n < 100_000 else 5)
        if Fit_Weibull_2P is None:
            report(f"weibull2p MLE + Fisher bounds, right-censored, n={n}", ours_s)
            continue
        peer_s, theirs = best_of(lambda t=t, failed=failed: peer(t, failed), repeat=3 if n < 100_000 else 2)
        mine = np.array([ours[0], ours[1], ours[2], ours[3], ours[6], ours[7], ours[8], ours[9]])
        rel = float(np.max(np.abs(mine - np.array(theirs, float)) / np.abs(np.array(theirs, float))))
        report(f"weibull2p MLE + Fisher bounds, right-censored, n={n}", ours_s,
               "reliability.Fit_Weibull_2P", peer_s, target=f">= {target}x")
        print(f"    max relative difference of beta, eta, SEs, 95 % bounds: {rel:.2e} "
              f"(target <= 1e-6) {'OK' if rel <= 1e-6 else 'ABOVE TARGET'}; "
              f"speed ratio {peer_s / ours_s:.1f}x {'OK' if peer_s / ours_s >= target else 'BELOW TARGET'}",
              flush=True)

    rng = np.random.default_rng(1)
    T = rng.weibull(1.5, (10_000, 20)) * 500.0
    F = rng.random((10_000, 20)) > 0.2
    F[:, :2] = True
    T[:, 1] = T[:, 0] * 1.5
    t0 = time.perf_counter()
    batch_s, res = best_of(lambda: fit_weibull_batch(T, F), repeat=3)
    _ = time.perf_counter() - t0
    report("batch: 10 000 Weibull 2P MLE fits (with SEs) of n=20", batch_s, target="< 1000 ms")
    print(f"    {batch_s / 1e4 * 1e6:.1f} µs per fit; median beta {np.median(res.beta):.3f}", flush=True)


if __name__ == "__main__":
    main()
