"""Design engine: ISO 281 life of 1M bearing/load cases and a 100k-step duty cycle, each against
a per-row pure-Python loop over the same inputs (math module, same formulas)."""

from __future__ import annotations

import math

import numpy as np

from benchmarks._common import best_of, report
from keyparts.design import bearing_check, duty_cycle_life, life_modification_factor

N_CASES = 1_000_000
N_STEPS = 100_000


def _row_loop(C, C0, Fr, Fa, n, nu, eC, Pu, d, D) -> list[float]:
    """Per-row reference: deep groove P (Normal clearance table), L10, ν1, κ, a_ISO, L10mh."""
    ratio = [0.172, 0.345, 0.689, 1.03, 1.38, 2.07, 3.45, 5.17, 6.89]
    e_row = [0.19, 0.22, 0.26, 0.28, 0.30, 0.34, 0.38, 0.42, 0.44]
    y_row = [2.30, 1.99, 1.71, 1.55, 1.45, 1.31, 1.15, 1.04, 1.00]
    out = []
    for i in range(len(C)):
        r = 14.0 * Fa[i] / C0[i]
        if r <= ratio[0]:
            e, Y = e_row[0], y_row[0]
        elif r >= ratio[-1]:
            e, Y = e_row[-1], y_row[-1]
        else:
            j = next(k for k in range(1, 9) if r <= ratio[k])
            t = (r - ratio[j - 1]) / (ratio[j] - ratio[j - 1])
            e = e_row[j - 1] + t * (e_row[j] - e_row[j - 1])
            Y = y_row[j - 1] + t * (y_row[j] - y_row[j - 1])
        P = Fr[i] if Fa[i] / Fr[i] <= e else 0.56 * Fr[i] + Y * Fa[i]
        L10 = (C[i] / P) ** 3
        dm = (d[i] + D[i]) / 2
        nu1 = (45000 * n[i] ** -0.83 if n[i] < 1000 else 4500 * n[i] ** -0.5) * dm ** -0.5
        k = min(nu[i] / nu1, 4.0)
        if k < 0.4:
            b, ex = 2.2649, 0.054381
        else:
            b, ex = 1.9987, (0.19087 if k < 1 else 0.071739)
        inner = 1 - (max(2.5671 - b / k ** ex, 0.0)) ** 0.83 * (eC[i] * Pu[i] / P) ** (1 / 3)
        a = min(0.1 * inner ** -9.3, 50.0) if inner > 0 else 50.0
        out.append(1e6 / (60 * n[i]) * a * L10)
    return out


def main() -> None:
    rng = np.random.default_rng(5)
    C = rng.uniform(10, 100, N_CASES)
    C0 = C * rng.uniform(0.5, 0.7, N_CASES)
    Fr = rng.uniform(0.5, 10, N_CASES)
    Fa = rng.uniform(0, 3, N_CASES)
    n = rng.uniform(300, 6000, N_CASES)
    nu = rng.uniform(10, 100, N_CASES)
    eC = rng.uniform(0.1, 0.8, N_CASES)
    Pu = C0 / 22
    d = rng.uniform(20, 60, N_CASES)
    D = d * 2

    def ours() -> np.ndarray:
        return bearing_check(C_kN=C, C0_kN=C0, f0=14.0, Fr_kN=Fr, Fa_kN=Fa, speed_rpm=n, d_mm=d, D_mm=D,
                             viscosity_cSt=nu, eC=eC, Pu_kN=Pu).L10mh_h

    t_ours, vec = best_of(ours, repeat=3)
    cols = [x.tolist() for x in (C, C0, Fr, Fa, n, nu, eC, Pu, d, D)]
    t_loop, ref = best_of(lambda: _row_loop(*cols), repeat=1)
    assert np.allclose(vec, ref, rtol=1e-9), "vectorised and per-row results differ"
    report(f"ISO 281 L10mh (P, ν1, κ, a_ISO) for {N_CASES:,} bearing/load cases", t_ours,
           "per-row Python loop", t_loop, target="< 1 s")

    P = rng.uniform(1, 20, N_STEPS)
    sp = rng.uniform(100, 3000, N_STEPS)
    ts = rng.uniform(0, 1, N_STEPS)
    kap = rng.uniform(0.2, 3, N_STEPS)

    def duty() -> float:
        a = life_modification_factor(kap, 0.5 * 1.34 / P, "ball")
        return duty_cycle_life(C_kN=55.3, P_kN=P, speed_rpm=sp, time_share=ts, a_iso=a).L10m_Mrev

    def duty_loop() -> float:
        Pl, sl, tl, kl = P.tolist(), sp.tolist(), ts.tolist(), kap.tolist()
        w = [s * t for s, t in zip(sl, tl)]
        W = sum(w)
        miner = 0.0
        for i in range(len(Pl)):
            k = kl[i]
            b, ex = (2.2649, 0.054381) if k < 0.4 else (1.9987, 0.19087 if k < 1 else 0.071739)
            inner = 1 - max(2.5671 - b / k ** ex, 0.0) ** 0.83 * (0.5 * 1.34 / Pl[i]) ** (1 / 3)
            a = min(0.1 * inner ** -9.3, 50.0) if inner > 0 else 50.0
            miner += (w[i] / W) / (a * (55.3 / Pl[i]) ** 3)
        return 1 / miner

    t_d, L_vec = best_of(duty, repeat=3)
    t_dl, L_ref = best_of(duty_loop, repeat=1)
    assert math.isclose(L_vec, L_ref, rel_tol=1e-9)
    report(f"duty cycle of {N_STEPS:,} steps (P_eq, a_ISO per step, Palmgren-Miner L10m)", t_d,
           "per-row Python loop", t_dl, target="< 1 s")


if __name__ == "__main__":
    main()
