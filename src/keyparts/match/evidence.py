"""Test evidence of a part: the demonstrated B10 life lower bound from its life tests.

A part's rows of ``tests.csv`` become life data in hours through the one converter
:func:`keyparts.life.from_tests_frame` (any time unit; revolutions only when the application
speed is known, h = rev / (60·n)), are fitted with a two-parameter Weibull by maximum
likelihood (:func:`keyparts.life.fit`, any censoring), and the one-sided lower confidence
bound on B10 (Fisher matrix, default 90 %) is its demonstrated life. A part without tests is
"untested"; one whose tests cannot be put in hours is "not_comparable"; one with too few
failures to fit says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from keyparts.errors import KeypartsError


@dataclass(frozen=True)
class Evidence:
    """What the life tests of one part demonstrate."""

    status: str                 # "tested" | "untested" | "insufficient" | "not_comparable"
    b10_lower_h: float | None   # one-sided lower bound on B10, hours
    b10_h: float | None         # point estimate, hours
    units_tested: int = 0
    failures: int = 0
    note: str = ""

    def to_dict(self) -> dict:
        return {"status": self.status, "b10_lower_h": self.b10_lower_h, "b10_h": self.b10_h,
                "units_tested": self.units_tested, "failures": self.failures, "note": self.note}


def part_evidence(tests: pd.DataFrame, *, speed_rpm: float | None = None, cl: float = 0.9) -> Evidence:
    """B10 lower bound (hours, one-sided ``cl``) from one part's test rows."""
    if tests is None or len(tests) == 0:
        return Evidence("untested", None, None, note="no life tests recorded: untested")
    from keyparts.life import fit, from_tests_frame  # here: scipy.stats only when tests are read

    try:
        native = from_tests_frame(tests)
    except KeypartsError as exc:
        return Evidence("not_comparable", None, None, note=str(exc))
    units, failures = native.n, native.failures
    try:
        data = from_tests_frame(tests, to_unit="h", speed_rpm=speed_rpm)
    except KeypartsError as exc:
        return Evidence("not_comparable", None, None, units, failures, str(exc))
    try:
        res = fit(data, dist="weibull2p", method="mle", cl=cl, sides=1)
        lo, _ = res.b_life_bounds(10, cl=cl, kind="fisher", sides=1)
        b10 = res.b_life(10)
    except (KeypartsError, ValueError, FloatingPointError, np.linalg.LinAlgError) as exc:
        return Evidence("insufficient", None, None, units, failures,
                        f"{units} units, {failures} failures: too little to fit a Weibull ({exc})")
    if not np.isfinite(lo):
        return Evidence("insufficient", None, float(b10), units, failures, "B10 lower bound not finite")
    return Evidence("tested", float(lo), float(b10), units, failures,
                    f"{units} units, {failures} failures: B10 ≥ {lo:,.0f} h at {cl:.0%} confidence "
                    f"(Weibull 2P MLE, Fisher bound)")


def evidence_by_part(tests: pd.DataFrame | None, part_ids, *, speed_rpm: float | None = None,
                     cl: float = 0.9) -> dict[str, Evidence]:
    """:func:`part_evidence` for each of ``part_ids`` (untested when no rows)."""
    out: dict[str, Evidence] = {}
    groups = {} if tests is None or len(tests) == 0 else dict(tuple(tests.groupby("part_id", sort=False)))
    for pid in part_ids:
        out[str(pid)] = part_evidence(groups.get(pid), speed_rpm=speed_rpm, cl=cl)
    return out
