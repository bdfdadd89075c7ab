"""A gate result, its override by a named person, and the status of a case.

``Gate.to_dict()`` and ``CaseStatus.to_dict()`` are the contract of
``keyparts qualify status CASE --json``::

    {"case_id", "part_id", "oem_id", "application_id", "stage",
     "gates": [{"stage", "passed" (true|false|null), "criteria", "evidence", "reasons",
                "override"}, ...],
     "next"}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from keyparts.design._util import jsonable
from keyparts.errors import InputError

from .stages import REJECTED, check_stage, next_stage


def hours(x: float) -> str:
    """A life in words as the issue writes it: ``12 400 h`` (thousands grouped by spaces)."""
    return f"{x:,.0f}".replace(",", " ") + " h"


def plain(x: Any) -> Any:
    """JSON-ready: plain Python values, non-finite floats (Cpk of identical values) as None."""
    x = jsonable(x)
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [plain(v) for v in x]
    return x


@dataclass(frozen=True)
class Override:
    """A gate's result set by a named person, with the reason and the engine's own result."""

    by: str
    reason: str
    engine_passed: bool | None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "reason": self.reason, "engine_passed": self.engine_passed,
                "date": self.date}


@dataclass(frozen=True)
class Gate:
    """One gate: ``passed`` True/False, or None when the evidence cannot decide it.

    ``criteria``: what was required (values with units in the key names); ``evidence``: what
    was computed from the evidence; ``reasons``: the verdict in words, failures first.
    """

    stage: str
    passed: bool | None
    criteria: Mapping[str, Any] = field(default_factory=dict)
    evidence: Mapping[str, Any] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    override: Override | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "passed": self.passed, "criteria": plain(dict(self.criteria)),
                "evidence": plain(dict(self.evidence)), "reasons": list(self.reasons),
                "override": None if self.override is None else self.override.to_dict()}


def make_gate(stage: str, passed: Any, criteria: Mapping[str, Any], evidence: Mapping[str, Any],
              reasons: Sequence[str]) -> Gate:
    """Build a :class:`Gate` (``passed`` coerced to a plain bool or None)."""
    check_stage(stage)
    p = None if passed is None else bool(passed)
    return Gate(stage, p, dict(criteria), dict(evidence), tuple(reasons))


def override(gate: Gate, *, by: str, reason: str, passed: bool = True,
             date: str | None = None) -> Gate:
    """The gate with its result set by ``by`` for ``reason``; the engine's result is kept."""
    if not str(by).strip():
        raise InputError("by: an override needs the name of the person who decides it")
    if not str(reason).strip():
        raise InputError("reason: an override needs a reason in words")
    if not isinstance(passed, bool):
        raise InputError(f"passed: {passed!r} is not true or false")
    engine = gate.passed if gate.override is None else gate.override.engine_passed
    word = "pass" if passed else "fail"
    why = f"overridden to {word} by {by}: {reason}"
    return replace(gate, passed=passed, override=Override(str(by), str(reason), engine, date),
                   reasons=(why, *gate.reasons))


@dataclass(frozen=True)
class CaseStatus:
    """A case's stage, the gates judged so far and the proposed next stage."""

    case_id: str
    part_id: str
    oem_id: str
    application_id: str | None
    stage: str
    gates: tuple[Gate, ...]
    next: str | None

    def gate(self, stage: str) -> Gate | None:
        """The gate of ``stage`` (the last one given), or None."""
        found = [g for g in self.gates if g.stage == stage]
        return found[-1] if found else None

    def to_dict(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "part_id": self.part_id, "oem_id": self.oem_id,
                "application_id": self.application_id, "stage": self.stage,
                "gates": [g.to_dict() for g in self.gates], "next": self.next}


def case_status(*, case_id: str, part_id: str, oem_id: str, application_id: str | None,
                stage: str, gates: Sequence[Gate] = ()) -> CaseStatus:
    """Status of a case: ``next`` follows :func:`keyparts.qualify.stages.next_stage` applied to
    the gate of the current stage (no gate yet → the same stage; ``rejected`` → None)."""
    check_stage(stage)
    current = [g for g in gates if g.stage == stage]
    nxt = None if stage == REJECTED else next_stage(stage, current[-1].passed if current else None)
    return CaseStatus(str(case_id), str(part_id), str(oem_id),
                      None if application_id is None else str(application_id), stage,
                      tuple(gates), nxt)
