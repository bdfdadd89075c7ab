"""Published validation cases for keyparts.life (source, inputs, expected, tolerance).

Every number comes from the source named in ``source``; tolerances follow the published
precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LZ = [17.88, 28.92, 33.00, 41.52, 42.12, 45.60, 48.48, 51.84, 51.96, 54.12, 55.56, 67.80,
      68.64, 68.64, 68.88, 84.12, 93.12, 98.64, 105.12, 105.84, 127.92, 128.04, 173.40]
NIST_T = [54, 187, 216, 240, 244, 335, 361, 373, 375, 386] + [500] * 10
NIST_S = ["F"] * 10 + ["S"] * 10
SIX = [16, 34, 53, 75, 93, 120]
REL30 = [58, 75, 36, 52, 63, 65, 22, 17, 28, 64, 23, 40, 73, 45, 52, 36, 52, 60, 13, 55, 82, 55,
         34, 57, 23, 42, 66, 35, 34, 25]
JMP = {"times": [10, 11, 21, 26, 31], "status": ["L", "I", "I", "I", "S"],
           "time_upper": [float("nan"), 20, 25, 30, float("nan")], "count": [50, 25, 15, 9, 1]}
RW_LR_GROUPS = [[248, 456, 528, 731, 813], [164, 176, 289, 319, 340, 543],
                [92, 105, 155, 184, 219, 235]]
RW_LR_STRESS = [406.0, 416.0, 426.0]


@dataclass(frozen=True)
class FitCase:
    """A published fit: ``fit(**inputs)`` then ``expected`` quantities at ``rtol``."""

    source: str
    inputs: dict[str, Any]
    expected: dict[str, float]
    rtol: float
    atol: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


FIT_CASES = [
    FitCase("Lawless 2003 Ex. / Lieblein-Zelen 1956 bearings: MLE eta=81.88, beta=2.102",
            {"times": LZ}, {"eta": 81.88, "beta": 2.102}, rtol=6e-4),
    FitCase("Meeker & Escobar 1998 lzbearing: lognormal MLE mu=4.150, sigma=0.522",
            {"times": LZ, "dist": "lognormal"}, {"mu": 4.150, "sigma": 0.522}, rtol=1e-3),
    FitCase("NIST/SEMATECH e-Handbook 8.4.1.3: Weibull MLE eta=606.5280, beta=1.7208, LL=-75.135, AIC=154.27",
            {"times": NIST_T, "status": NIST_S},
            {"eta": 606.5280, "beta": 1.7208, "loglik": -75.135, "aic": 154.27}, rtol=1e-5,
            atol=5e-4),
    FitCase("NIST/SEMATECH e-Handbook 8.4.1.3: lognormal AIC=154.39",
            {"times": NIST_T, "status": NIST_S, "dist": "lognormal"}, {"aic": 154.39}, rtol=0, atol=5e-3),
    FitCase("NIST/SEMATECH e-Handbook 8.2.2.1: RRY Bernard slope beta=1.457519, intercept -4.116536 -> eta=667.34",
            {"times": NIST_T, "status": NIST_S, "method": "rry", "ranks": "bernard"},
            {"beta": 1.457519, "eta": 667.34}, rtol=1e-5),
    FitCase("ReliaWiki 'The Weibull Distribution' (Kececioglu 6 units): RRY exact median ranks beta=1.4301, eta=76.318 (page rounds ranks to 4 d.p.)",
            {"times": SIX, "method": "rry", "ranks": "exact"}, {"beta": 1.4301, "eta": 76.318}, rtol=1e-4),
    FitCase("ReliaWiki 'The Weibull Distribution' (6 units): MLE beta=1.933, eta=73.526",
            {"times": SIX}, {"beta": 1.933, "eta": 73.526}, rtol=5e-4),
    FitCase("reliability docs 'Fitting a specific distribution' Ex.1: alpha=51.858, beta=2.80086, SE 3.55628/0.41411, LL=-129.063, AICc=262.57, BIC=264.928",
            {"times": REL30, "cl": 0.95},
            {"eta": 51.858, "beta": 2.80086, "se_eta": 3.55628, "se_beta": 0.41411,
             "loglik": -129.063, "aicc": 262.57, "bic": 264.928}, rtol=2e-5, atol=5e-3),
    FitCase("reliability docs Ex.1: 95 % Fisher CI alpha [45.3359, 59.3183], beta [2.09624, 3.74233]",
            {"times": REL30, "cl": 0.95},
            {"eta_lo": 45.3359, "eta_hi": 59.3183, "beta_lo": 2.09624, "beta_hi": 3.74233},
            rtol=2e-5),
    FitCase("JMP via lifelines #1250: left/interval/right grouped data, alpha=14.04, beta=1.44",
            dict(**JMP), {"eta": 14.04, "beta": 1.44}, rtol=0, atol=0.01),
    FitCase("ReliaWiki 'Confidence Bounds' data 10..50 h: MLE beta=2.2938, eta=33.9428",
            {"times": [10, 20, 30, 40, 50]}, {"beta": 2.2938, "eta": 33.9428}, rtol=5e-5),
]
