"""Response models of engine results. The body is always the result's ``to_dict()`` (= the
CLI's ``--json``); these models type it for the OpenAPI document and check it on the way out.

One mechanism derives a model from an engine's frozen dataclass, :func:`dataclass_model`: a
field per dataclass field with its annotated type (a nested dataclass becomes its own derived
model, ``tuple[X, ...]`` a list, ``Mapping`` a dict), so a field added to the engine appears in
the API at once. It serves results whose ``to_dict()`` mirrors their fields (qualification
gates, case status, premium, chain). Results that hold frames or arrays (assessment, exposure,
scenario, match, allocation) write ``to_dict()`` as a documented contract of their own; their
models name its top-level keys and let further keys through (:class:`Result`), so that the
body stays exactly ``to_dict()``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from keyparts.qualify.chain import Chain
from keyparts.qualify.gate import CaseStatus, Gate
from keyparts.qualify.premium import Premium

_MODELS: dict[tuple[type, str], type[BaseModel]] = {}


def _field_type(t: Any, overrides: Mapping[str, Any]) -> Any:
    """The pydantic type of one dataclass annotation."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if dataclasses.is_dataclass(t) and isinstance(t, type):
        return dataclass_model(t)
    if t is object:
        return Any
    if origin in (types.UnionType, typing.Union):
        out = None
        for a in args:
            x = _field_type(a, overrides)
            out = x if out is None else out | x
        return out
    if origin in (tuple, Sequence, list):
        item = args[0] if args else Any
        return list[_field_type(item, overrides)]  # type: ignore[misc]
    if origin in (dict, Mapping):
        k, v = args if args else (str, Any)
        return dict[k, _field_type(v, overrides)]  # type: ignore[misc,valid-type]
    return t


def dataclass_model(cls: type, *, name: str | None = None, head: Mapping[str, Any] | None = None,
                    extra: Mapping[str, Any] | None = None, types_: Mapping[str, Any] | None = None,
                    base: type[BaseModel] | None = None) -> type[BaseModel]:
    """The response model of the frozen engine result ``cls``, built from its dataclass fields
    (``typing.get_type_hints``): ``head`` and ``extra`` add keys (name -> type, required) that
    the route puts before the fields or ``to_dict()`` after them; ``types_`` narrows a field's type (e.g. a stage to
    its ``Literal``). Models are built once per (class, name)."""
    key = (cls, name or cls.__name__)
    plain = not (head or extra or types_)
    if key in _MODELS and plain:
        return _MODELS[key]
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {k: (v, ...) for k, v in (head or {}).items()}
    for f in dataclasses.fields(cls):
        t = (types_ or {}).get(f.name) or _field_type(hints[f.name], types_ or {})
        fields[f.name] = (t, ...)
    fields.update({k: (v, ...) for k, v in (extra or {}).items()})
    doc = (cls.__doc__ or "").strip()
    model = create_model(name or f"{cls.__name__}Out", __base__=base,
                         __doc__=None if not doc or doc.startswith(cls.__name__ + "(") else doc, **fields)
    if plain:
        _MODELS[key] = model
    return model


class Result(BaseModel):
    """An engine result whose ``to_dict()`` is its own contract: the named keys are typed, any
    further key passes through unchanged (the body is exactly ``to_dict()``)."""

    model_config = ConfigDict(extra="allow")


Row = dict[str, Any]


# ------------------------------------------------------------------ derived from dataclasses
Stage = Literal["design_review", "first_article", "bench_test", "system_test", "field_trial",
                "small_batch", "batch_supply", "rejected"]
GateOut = dataclass_model(Gate)
CaseStatusOut = dataclass_model(CaseStatus, name="CaseStatusOut", types_={"stage": Stage})
CaseStatusOut.__doc__ = "Exactly ``keyparts qualify status CASE --json``."
PlanOut = dataclass_model(Gate, name="PlanOut", head={"case_id": str})
PremiumOut = dataclass_model(Premium, name="PremiumOut", head={"case_id": str, "eligible": bool})
ChainOut = dataclass_model(Chain, name="ChainOut", extra={"bottleneck": str | None})


# ------------------------------------------------------------------ results with a to_dict() contract
class FitOut(Result):
    """``keyparts life fit --json`` (:meth:`keyparts.life.result.FitResult.to_dict`)."""

    distribution: str
    method: str
    n: int
    failures: int
    params: dict[str, float]
    b10: float | None
    notes: list[str]



class AssessmentCategory(Result):
    id: str
    name: str
    level: str | None
    supply_risk: float | None
    economic_importance: float | None
    critical: bool | None
    rank: int | None


class AssessmentOut(Result):
    """``keyparts assess --json`` (:meth:`keyparts.priority.assess.Assessment.to_dict`)."""

    year: int | None
    home_country: str
    categories: list[AssessmentCategory]
    embargo_losses_usd: dict[str, float]
    method: dict[str, Any]


class KRule(BaseModel):
    k: int
    rule: str


class ExposureOut(Result):
    """Import exposure of end products (:mod:`keyparts.supply.exposure`) as the caller may see
    it: its own products, aggregates of at least k enterprises (``disclosure``)."""

    products: list[Row]
    industries: list[Row]
    disclosure: KRule


class ScenarioOut(Result):
    """A scenario's losses (:meth:`keyparts.supply.scenario.ScenarioResult.to_dict`) as the
    caller may see them (k rule, ``disclosure``)."""

    scenario: dict[str, Any]
    products: list[Row]
    industries: list[Row]
    total_lost_value_usd: float | None
    disclosure: KRule


class MatchCandidate(Result):
    part_id: str
    maker_id: str | None
    score: float | None
    passed: bool | None
    reasons: list[str]


class MatchFunnelStep(BaseModel):
    after: str
    remaining: int


class MatchOut(Result):
    """``keyparts match --json`` (:meth:`keyparts.match.demand.MatchResult.to_dict`)."""

    demand: dict[str, Any]
    candidates: list[MatchCandidate]
    funnel: list[MatchFunnelStep]
    considered: int
    method: str


class Shortfall(Result):
    demand_id: str
    quantity: float
    reasons: list[str]


class AllocationOut(Result):
    """``keyparts allocate --json`` (:meth:`keyparts.match.allocate.Allocation.to_dict`) with the
    ``run_id`` under which the run is saved for audit."""

    status: str
    allocations: list[Row]
    shortfall: list[Shortfall]
    summary: dict[str, float]
    run_id: int


class InterchangeCandidate(Result):
    part_id: str
    maker_id: str | None
    grade: str
    reasons: list[str]
    maker_name: str | None


class InterchangeOut(Result):
    """Parts that can replace a part (:meth:`keyparts.match.interchange.InterchangeResult.to_dict`)."""

    part_id: str
    query: str
    parsed: dict[str, Any] | None
    boundary_mm: list[float] | None
    C_kN: float | None
    candidates: list[InterchangeCandidate]


__all__ = ["Field", "dataclass_model"]
