"""The stages of a qualification case and the rule for the next one.

A substitute part moves through the equipment maker's qualification in this order (the usual
sequence of automotive and machinery supplier approval: design review, first-article
inspection (SAE AS9102), bench and system tests, field trial, production part approval (AIAG
PPAP) on a small batch, then batch supply); ``rejected`` is terminal.

Rule for ``next`` (:func:`next_stage`): a gate that **passed** moves the case to the following
stage (``batch_supply`` stays ``batch_supply``); a gate that **failed** or **cannot be
judged** (``passed`` is ``None``) keeps the case at its stage: the reasons say what to fix or
bring. Only a recorded decision ``fail`` closes a case as ``rejected`` (:func:`apply_decision`);
an engine never rejects on its own.
"""

from __future__ import annotations

from keyparts.errors import InputError

STAGES: tuple[str, ...] = ("design_review", "first_article", "bench_test", "system_test",
                           "field_trial", "small_batch", "batch_supply")
REJECTED = "rejected"
ALL_STAGES: tuple[str, ...] = (*STAGES, REJECTED)
DECISIONS: tuple[str, ...] = ("pass", "fail", "hold")
#: From this stage on, a part counts as a qualified substitute for the case's buyer.
QUALIFIED_FROM = "small_batch"


def check_stage(stage: str, field: str = "stage") -> str:
    """Return ``stage`` if it is a known stage, else an InputError naming the field."""
    if stage not in ALL_STAGES:
        raise InputError(f"{field}: {stage!r} is not a stage (expected one of {', '.join(ALL_STAGES)})")
    return stage


def stage_index(stage: str) -> int:
    """Position of ``stage`` in :data:`STAGES` (0 = design_review); ``rejected`` is -1."""
    check_stage(stage)
    return -1 if stage == REJECTED else STAGES.index(stage)


def following(stage: str) -> str:
    """The stage after ``stage`` (``batch_supply`` and ``rejected`` are their own successors)."""
    i = stage_index(stage)
    return stage if i < 0 or i == len(STAGES) - 1 else STAGES[i + 1]


def next_stage(stage: str, passed: bool | None) -> str:
    """Where the case goes if the current gate's result is accepted (see the module docstring)."""
    return following(stage) if passed is True else check_stage(stage)


def apply_decision(stage: str, decision: str) -> str:
    """Stage after a recorded decision: ``pass`` → following, ``hold`` → same, ``fail`` → rejected."""
    check_stage(stage)
    if decision not in DECISIONS:
        raise InputError(f"decision: {decision!r} is not one of {', '.join(DECISIONS)}")
    if stage == REJECTED:
        raise InputError("stage: the case is rejected (terminal); no further decision applies")
    return {"pass": following(stage), "hold": stage, "fail": REJECTED}[decision]


def is_qualified(stage: str) -> bool:
    """True at ``small_batch`` and ``batch_supply``: the part counts as qualified for the buyer."""
    return stage_index(stage) >= STAGES.index(QUALIFIED_FROM)


#: Order of decisions taken on one stage the same day (a hold before the pass or fail).
DECISION_ORDER = {"hold": 0, "pass": 1, "fail": 2}


def history_order(stage: str, decision: str) -> tuple[int, int]:
    """Sort key of a decision within one date: by stage, then hold before pass/fail."""
    return (stage_index(stage) if stage in ALL_STAGES else len(STAGES), DECISION_ORDER.get(decision, 3))


def replay(history: list[tuple[str, str]]) -> tuple[str | None, list[tuple[int, str]]]:
    """Walk a case's decisions ``[(stage, decision), ...]`` in date order.

    The first decision may be on any stage (a history can start part-way); each later one must
    be on the stage the previous decisions left the case at, and none may follow a ``fail``.
    Returns the stage after the last decision (None for no history) and the problems as
    ``(position in history, message)``.
    """
    problems: list[tuple[int, str]] = []
    stage: str | None = None
    for i, (st, dec) in enumerate(history):
        if stage == REJECTED:
            problems.append((i, f"a decision on {st!r} after the case was rejected (terminal)"))
            break
        if stage is not None and st != stage:
            problems.append((i, f"decision on {st!r} while the case is at {stage!r} "
                                f"(expected the stage the previous decisions left it at)"))
        try:
            stage = apply_decision(st, dec)
        except InputError as exc:
            problems.append((i, str(exc)))
            break
    return stage, problems
