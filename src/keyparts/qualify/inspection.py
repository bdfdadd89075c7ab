"""first_article gate and capability indices.

First-article inspection (SAE AS9102C form 3, "characteristic accountability"): every
measured value of every characteristic must lie within its tolerance; each value outside is
listed as a nonconformity (characteristic, sample, value, limits).

Capability, with the specification limits LSL = nominal + lower_tol and USL = nominal +
upper_tol (tolerances are signed deviations from nominal, as ISO 286 writes them: −0.05 and
+0.05, or 0 and +0.021):

* ``capability_index(x, lsl, usl)`` = min(USL − x̄, x̄ − LSL) / (3 s), s the sample standard
  deviation (ddof = 1) (AIAG *Statistical Process Control*, 2nd ed. 2005, ch. IV; ISO
  22514-2:2017 clause 7). With one sample of individual parts and no rational subgroups, s is
  the total standard deviation, so this is what AIAG calls Ppk; the first-article gate reports
  it as Cpk, as the customer's form does.
* ``process_capability(subgroups, lsl, usl)``: Cpk with the within-subgroup σ̂ = R̄/d2 and Ppk
  with the overall s (AIAG SPC 2nd ed. ch. IV; d2 from its Appendix E table, n = 2–10).

First article needs ≥ 5 samples for a Cpk (``min_samples``); the characteristics with
Cpk < 1.33 (``min_cpk``, AIAG SPC / PPAP 4th ed. 2.2.11.3 "capable") are named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from keyparts.errors import InputError

from .gate import Gate, make_gate

#: d2 = E[R/σ] for subgroups of n normal values, AIAG SPC 2nd ed. Appendix E (n = 2–10).
D2 = {2: 1.128, 3: 1.693, 4: 2.059, 5: 2.326, 6: 2.534, 7: 2.704, 8: 2.847, 9: 2.970, 10: 3.078}
MIN_CPK = 1.33
MIN_SAMPLES = 5
FIELDS = ("characteristic", "nominal", "lower_tol", "upper_tol")


def capability_index(x: ArrayLike, lsl: ArrayLike, usl: ArrayLike) -> float | np.ndarray:
    """min(USL − x̄, x̄ − LSL)/(3 s), s with ddof = 1, along the last axis (NaN cells ignored).

    ``x`` (…, n): one row of measured values per characteristic; ``lsl``/``usl`` broadcast to
    its leading shape. A row with s = 0 gives +inf when inside the limits.
    """
    a = np.asarray(x, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.nanmean(a, axis=-1)
        s = np.nanstd(a, axis=-1, ddof=1)
        c = np.minimum(np.asarray(usl, float) - m, m - np.asarray(lsl, float)) / (3.0 * s)
    return float(c) if np.ndim(c) == 0 else c


@dataclass(frozen=True)
class Capability:
    """Cpk (within, σ̂ = R̄/d2) and Ppk (overall s) of subgrouped measurements."""

    cpk: float
    ppk: float
    mean: float
    sigma_within: float
    sigma_overall: float
    subgroups: int
    subgroup_size: int
    method: str = "Cpk with σ̂ = R̄/d2, Ppk with overall s (AIAG SPC 2nd ed. ch. IV)"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def process_capability(subgroups: ArrayLike, *, lsl: float, usl: float) -> Capability:
    """Cpk and Ppk of a (k subgroups × n) array of measurements (2 ≤ n ≤ 10, k ≥ 2)."""
    a = np.asarray(subgroups, float)
    if a.ndim != 2 or a.shape[0] < 2 or a.shape[1] not in D2:
        raise InputError(f"subgroups: shape {a.shape} is not k ≥ 2 subgroups × n (2–10) values")
    if not lsl < usl:
        raise InputError(f"limits: LSL {lsl:g} is not below USL {usl:g}")
    rbar = float(np.mean(a.max(axis=1) - a.min(axis=1)))
    m = float(a.mean())
    s_w = rbar / D2[a.shape[1]]
    s_o = float(a.std(ddof=1))
    edge = min(usl - m, m - lsl)
    with np.errstate(divide="ignore"):
        cpk = float(np.divide(edge, 3 * s_w)) if s_w > 0 else float("inf")
        ppk = float(np.divide(edge, 3 * s_o)) if s_o > 0 else float("inf")
    return Capability(cpk, ppk, m, s_w, s_o, a.shape[0], a.shape[1])


def _records(records: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows ``{characteristic, nominal, lower_tol, upper_tol, values}``; a frame in long form
    (one ``value`` per row, optional ``sample``) is grouped by characteristic."""
    if isinstance(records, pd.DataFrame):
        missing = [c for c in (*FIELDS, "value") if c not in records.columns]
        if missing:
            raise InputError(f"inspections: missing column(s) {', '.join(missing)}")
        out = []
        for name, g in records.groupby("characteristic", sort=False):
            lims = g[list(FIELDS[1:])].drop_duplicates()
            if len(lims) != 1:
                raise InputError(f"inspections: characteristic {name!r} has more than one "
                                 "nominal/tolerance (expected one per characteristic)")
            out.append({"characteristic": name, **lims.iloc[0].to_dict(),
                        "values": g["value"].to_list(),
                        "samples": g["sample"].to_list() if "sample" in g else None})
        return out
    return [dict(r) for r in records]


def first_article(records: pd.DataFrame | Iterable[Mapping[str, Any]], *,
                  min_cpk: float = MIN_CPK, min_samples: int = MIN_SAMPLES) -> Gate:
    """first_article gate from inspection records.

    records: rows ``{"characteristic", "nominal", "lower_tol", "upper_tol", "values": [...]}``
    (optional ``"samples"``: the sample ids) or a long frame with a ``value`` column (the
    ``inspections.csv`` shape). Passes when no value is outside its limits and, for every
    characteristic with ≥ ``min_samples`` values, Cpk ≥ ``min_cpk``.
    """
    rows = _records(records)
    if not rows:
        raise InputError("inspections: no inspection records (expected at least one characteristic)")
    nonconf: list[dict[str, Any]] = []
    chars: list[dict[str, Any]] = []
    reasons: list[str] = []
    for i, r in enumerate(rows, start=1):
        name = r.get("characteristic")
        for f in FIELDS:
            if r.get(f) is None:
                raise InputError(f"inspections: record {i}: {f} is missing")
        nom, lo, hi = (float(r[f]) for f in FIELDS[1:])
        if not lo < hi:
            raise InputError(f"inspections: record {i} ({name}): lower_tol {lo:g} is not below "
                             f"upper_tol {hi:g} (signed deviations from nominal)")
        vals = r.get("values")
        x = np.asarray([] if vals is None else vals, float).ravel()
        if x.size == 0 or np.isnan(x).any():
            raise InputError(f"inspections: record {i} ({name}): values must be one or more numbers")
        lsl, usl = nom + lo, nom + hi
        ids = r.get("samples")
        ids = list(range(1, x.size + 1)) if ids is None else list(ids)
        bad = np.flatnonzero((x < lsl) | (x > usl))
        for j in bad:
            nonconf.append({"characteristic": name, "sample": ids[j], "value": float(x[j]),
                            "lsl": lsl, "usl": usl})
            reasons.append(f"{name}: sample {ids[j]} = {x[j]:g} outside [{lsl:g}, {usl:g}]")
        cpk = capability_index(x, lsl, usl) if x.size >= min_samples else None
        chars.append({"characteristic": name, "lsl": lsl, "usl": usl, "n": int(x.size),
                      "mean": float(x.mean()), "nonconforming": int(bad.size), "cpk": cpk})
        if cpk is not None and not cpk >= min_cpk:
            reasons.append(f"{name}: Cpk {cpk:.2f} < {min_cpk:g} (n = {x.size})")
    ok = not reasons
    if ok:
        judged = sum(c["cpk"] is not None for c in chars)
        reasons.append(f"all {sum(c['n'] for c in chars)} values of {len(chars)} characteristics "
                       f"within tolerance; Cpk >= {min_cpk:g} for the {judged} with >= "
                       f"{min_samples} samples")
    criteria = {"rule": "every value within tolerance (AS9102 form 3); Cpk >= min_cpk with "
                        ">= min_samples samples (AIAG SPC 2nd ed.; ISO 22514-2)",
                "min_cpk": min_cpk, "min_samples": min_samples}
    evidence = {"characteristics": chars, "nonconformities": nonconf}
    return make_gate("first_article", ok, criteria, evidence, reasons)
