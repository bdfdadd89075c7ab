"""Extreme numbers in engine inputs are a 422 naming the field, never a 500 (which also reset
the kept-alive connection).

Each case gave 500 before: subnormal or near-overflow durations in a test plan (the
``(duration / at) ** beta`` of the Weibull success-run plan under- or overflows), a count of
one billion units in a group, friction coefficients of 1e-300 (VDI 2230-1:2015 Table A5 lists
thread and head friction from 0.04 to 0.5), and JSON's non-standard ``NaN``/``Infinity``,
which Python's JSON parser accepts.
"""

from __future__ import annotations

import pytest

PLAN = {"reliability": 0.9, "at": 1000, "confidence": 0.9, "beta": 2}
BOLT = {"thread_spec": "M12", "property_class_name": "8.8", "mu_G": 0.12}

CASES = [
    ("/api/v1/life/plan", {**PLAN, "duration": 1e-320}, "duration"),
    ("/api/v1/life/plan", {**PLAN, "duration": 1e308}, "duration"),
    ("/api/v1/life/plan", {**PLAN, "at": 1e-320, "units": 10}, "at"),
    ("/api/v1/life/plan", {**PLAN, "reliability": 0.9999999999999999, "units": 10}, "reliability"),
    ("/api/v1/life/plan", {**PLAN, "beta": 1e-4, "units": 10}, "beta"),
    ("/api/v1/life/compare", {"groups": {"a": {"times": [1, 2, 3], "count": [10**9] * 3},
                                         "b": {"times": [1, 2, 3]}}}, "count"),
    ("/api/v1/life/fit", {"times": [1e308, 1.5e308, 1.7e308]}, "times"),
    ("/api/v1/life/fit", {"times": [1, 2, 3], "required_b10": 1e308}, "required_b10"),
    ("/api/v1/design/bolt", {**BOLT, "mu_G": 1e-300}, "mu_G"),
    ("/api/v1/design/bolt", {**BOLT, "mu_K": 1e-300}, "mu_K"),
    ("/api/v1/design/bolt", {**BOLT, "clamp_length_mm": 1e-300}, "clamp_length_mm"),
]


@pytest.mark.parametrize("path,body,field", CASES, ids=[f"{c[0].rsplit('/', 1)[1]}-{c[2]}" for c in CASES])
def test_extreme_numbers_are_422_naming_the_field(module_env, path, body, field):
    r = module_env.client("oem").post(path, json=body)
    assert r.status_code == 422, r.text
    assert field in r.json()["detail"]


@pytest.mark.parametrize("raw", ['{"times": [1, 2, NaN]}', '{"times": [1, 2, 1e400]}',
                                 '{"times": [1, 2, 3], "cl": NaN}'])
def test_nan_and_infinity_are_refused(module_env, raw):
    r = module_env.client("oem").post("/api/v1/life/fit", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422 and "finite" in r.text, r.text


def test_plan_with_infinite_time_is_refused(module_env):
    raw = '{"reliability": 0.9, "at": Infinity, "confidence": 0.9, "beta": 2, "units": 10}'
    r = module_env.client("oem").post("/api/v1/life/plan", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422 and "body.at" in r.json()["detail"], r.text


def test_numerical_failure_inside_an_engine_is_422_not_500(module_env):
    """Within the bounds an engine can still fail numerically: 10^6 failures at one time
    beside two others make the Weibull shape MLE run away (beta -> 0). The answer is a 422
    saying why (the engine refuses a shape that runs to 0), not a 500."""
    r = module_env.client("oem").post("/api/v1/life/fit", json={"times": [1, 2, 3], "count": [10**6, 1, 1]})
    assert r.status_code == 422, r.text
    assert "the shape tends to 0" in r.json()["detail"]
