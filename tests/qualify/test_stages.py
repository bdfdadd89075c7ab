"""Stages, the rule for next, overrides and the status contract of issue 13."""

from __future__ import annotations

import json
import pickle

import pytest

from keyparts.errors import InputError
from keyparts.qualify import (
    STAGES,
    apply_decision,
    case_status,
    is_qualified,
    make_gate,
    next_stage,
    override,
)


def test_stage_order_of_the_issue() -> None:
    assert STAGES == ("design_review", "first_article", "bench_test", "system_test", "field_trial",
                      "small_batch", "batch_supply")


@pytest.mark.parametrize(("stage", "passed", "expected"), [
    ("design_review", True, "first_article"), ("field_trial", True, "small_batch"),
    ("batch_supply", True, "batch_supply"), ("bench_test", False, "bench_test"),
    ("bench_test", None, "bench_test")])
def test_next_moves_only_on_a_pass(stage: str, passed: bool | None, expected: str) -> None:
    assert next_stage(stage, passed) == expected


def test_decisions() -> None:
    assert apply_decision("system_test", "pass") == "field_trial"
    assert apply_decision("system_test", "hold") == "system_test"
    assert apply_decision("system_test", "fail") == "rejected"
    with pytest.raises(InputError, match="terminal"):
        apply_decision("rejected", "pass")
    with pytest.raises(InputError, match="decision"):
        apply_decision("system_test", "maybe")


def test_qualified_from_small_batch() -> None:
    assert [is_qualified(s) for s in STAGES] == [False] * 5 + [True] * 2
    assert is_qualified("rejected") is False


def test_override_is_recorded_with_engine_result() -> None:
    g = make_gate("first_article", False, {}, {}, ["width: sample 3 = 15.01 outside [14.88, 15]"])
    o = override(g, by="Wang Fang (OEM quality)", reason="deviation permit DP-12 accepted")
    assert o.passed is True and o.override is not None and o.override.engine_passed is False
    assert o.reasons[0] == ("overridden to pass by Wang Fang (OEM quality): deviation permit DP-12 "
                            "accepted")
    assert override(o, by="X", reason="y", passed=False).override.engine_passed is False
    with pytest.raises(InputError, match="name"):
        override(g, by=" ", reason="because")
    with pytest.raises(InputError, match="reason"):
        override(g, by="Li", reason="")


def test_status_contract() -> None:
    g = make_gate("bench_test", True, {"required_life_h": 1000.0}, {"b_life_lower_h": 1014.7},
                  ["ok"])
    s = case_status(case_id="QC-1", part_id="PT-1", oem_id="ENT-2", application_id="APP-1",
                    stage="bench_test", gates=[g])
    d = json.loads(json.dumps(s.to_dict()))
    assert list(d) == ["case_id", "part_id", "oem_id", "application_id", "stage", "gates", "next"]
    assert list(d["gates"][0]) == ["stage", "passed", "criteria", "evidence", "reasons", "override"]
    assert d["next"] == "system_test"
    assert pickle.loads(pickle.dumps(s)) == s
    assert case_status(case_id="QC-2", part_id="P", oem_id="O", application_id=None,
                       stage="rejected").next is None
    with pytest.raises(InputError, match="not a stage"):
        case_status(case_id="QC-3", part_id="P", oem_id="O", application_id=None, stage="done")
