"""first_article gate (AS9102 form 3 style) and capability indices.

Cpk = min(USL − x̄, x̄ − LSL)/(3 s), s with ddof = 1 (AIAG SPC 2nd ed. ch. IV; ISO 22514-2).
Hand calculations (deviations from nominal in µm):

* bore 25 ±0.010 mm, values 25.002, 24.998, 25.001, 25.000, 24.999: d = 2, −2, 1, 0, −1,
  x̄ = 25.000, Σd² = 10, s² = 10/4 = 2.5, s = 1.5811 µm; Cpk = 10/(3·1.5811) = 2.108.
* od 52 ±0.013 mm, values 51.990, 51.995, 52.000, 52.005, 52.010: d = −10, −5, 0, 5, 10,
  s² = 250/4 = 62.5, s = 7.9057 µm; Cpk = 13/(3·7.9057) = 0.548 < 1.33 (all within tolerance).
* width 15 −0.12/0 mm, values 14.95, 14.97, 15.01: 15.01 > USL 15.00 → one nonconformity;
  3 samples < 5, no Cpk.

Subgrouped (3 subgroups of 3), limits 25 ±0.010, d = [0, 1, −1], [1, 0, 2], [−1, 0, 1] µm:
R̄ = 2 µm, d2(3) = 1.693 → σw = 1.1813 µm; x̄ = 3/9 = 0.3333 µm; Cpk = (10 − 0.3333)/(3·1.1813)
= 2.7276. Overall: Σd = 3, Σd² = 9, SS = 9 − 9·(1/3)² = 8, s = √(8/8) = 1 µm,
Ppk = 9.6667/3 = 3.2222.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from keyparts.errors import InputError
from keyparts.qualify import capability_index, first_article, process_capability

BORE = {"characteristic": "bore", "nominal": 25.0, "lower_tol": -0.010, "upper_tol": 0.010,
        "values": [25.002, 24.998, 25.001, 25.000, 24.999]}
OD = {"characteristic": "od", "nominal": 52.0, "lower_tol": -0.013, "upper_tol": 0.013,
      "values": [51.990, 51.995, 52.000, 52.005, 52.010]}
WIDTH = {"characteristic": "width", "nominal": 15.0, "lower_tol": -0.12, "upper_tol": 0.0,
         "values": [14.95, 14.97, 15.01]}


def test_first_article_cpk_passes() -> None:
    g = first_article([BORE])
    assert g.passed is True
    assert g.evidence["characteristics"][0]["cpk"] == pytest.approx(2.108, abs=0.001)


def test_low_cpk_is_named() -> None:
    g = first_article([BORE, OD])
    assert g.passed is False
    assert g.evidence["characteristics"][1]["cpk"] == pytest.approx(0.548, abs=0.001)
    assert g.reasons == ("od: Cpk 0.55 < 1.33 (n = 5)",)


def test_value_outside_tolerance_is_a_nonconformity() -> None:
    g = first_article([BORE, WIDTH])
    assert g.passed is False
    assert g.evidence["nonconformities"] == [
        {"characteristic": "width", "sample": 3, "value": 15.01, "lsl": 14.88, "usl": 15.0}]
    assert g.evidence["characteristics"][1]["cpk"] is None


def test_long_frame_as_in_inspections_csv() -> None:
    rows = [{"characteristic": r["characteristic"], "nominal": r["nominal"], "lower_tol": r["lower_tol"],
             "upper_tol": r["upper_tol"], "sample": f"S{i + 1}", "value": v}
            for r in (BORE, OD) for i, v in enumerate(r["values"])]
    g = first_article(pd.DataFrame(rows))
    cpk = {c["characteristic"]: c["cpk"] for c in g.evidence["characteristics"]}
    assert cpk == pytest.approx({"bore": 2.108, "od": 0.548}, abs=0.001)


def test_capability_index_is_vectorised() -> None:
    x = np.array([BORE["values"], [v - 27.0 for v in OD["values"]]])
    np.testing.assert_allclose(capability_index(x, [24.99, 24.987], [25.01, 25.013]),
                               [2.108, 0.548], atol=0.001)


def test_process_capability_within_and_overall() -> None:
    d = np.array([[0, 1, -1], [1, 0, 2], [-1, 0, 1]]) * 1e-3 + 25.0
    c = process_capability(d, lsl=24.99, usl=25.01)
    assert c.sigma_within == pytest.approx(1.1813e-3, rel=1e-4)
    assert c.cpk == pytest.approx(2.7276, abs=5e-4)
    assert c.ppk == pytest.approx(3.2222, abs=5e-4)


def test_bad_tolerance_names_the_record() -> None:
    with pytest.raises(InputError, match="record 1 \\(bore\\): lower_tol 0.01 is not below"):
        first_article([{**BORE, "lower_tol": 0.01, "upper_tol": -0.01}])


def test_identical_values_are_capable_and_json_clean() -> None:
    """s = 0 inside the limits: Cpk is +inf (capable); the JSON carries null, not Infinity."""
    g = first_article([{**BORE, "values": [25.001] * 5}])
    assert g.passed is True and g.evidence["characteristics"][0]["cpk"] == float("inf")
    d = json.loads(json.dumps(g.to_dict(), allow_nan=False))
    assert d["evidence"]["characteristics"][0]["cpk"] is None
