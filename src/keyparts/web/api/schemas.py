"""Pydantic schemas of the REST API (inputs strictly typed; engine results are their to_dict())."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model, field_validator
from pydantic_core import PydanticCustomError

from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.design.loads import BearingType
from keyparts.errors import InputError
from keyparts.supply.country import country_code
from keyparts.units import parse_quantity

T = TypeVar("T")
Id = Field(min_length=1, max_length=200, pattern=r"^[^|;\x00-\x1f]+$")
# ISO 3166-1 alpha-2, accepted in any case ("jp") and stored upper-case ("JP").
CountryCode = Annotated[str, BeforeValidator(lambda v: country_code(v) if isinstance(v, str) else v),
                        Field(min_length=2, max_length=2, pattern=r"^[A-Z]{2}$")]


def Qty(unit: str) -> Any:
    """A float in ``unit`` (the field's name says which, e.g. ``C_kN``). A JSON number is taken in
    ``unit``; text — what a web form sends — is read by :func:`keyparts.units.parse_quantity`
    exactly as the CLI reads ``--C 55.3kN``: ``"55.3kN"``, ``"55300 N"``; a number without its
    unit (``"55.3"``) is refused, only ``"0"`` may go without."""
    def read(v: Any) -> Any:
        if not isinstance(v, str):
            return v
        try:
            return parse_quantity(v, unit)
        except InputError as exc:
            raise PydanticCustomError("quantity", str(exc).replace("{", "(").replace("}", ")")) from None
    return Annotated[float, BeforeValidator(read)]


class Strict(BaseModel):
    """Input models: no unknown fields; numbers finite (Python's JSON parser accepts NaN and
    Infinity, which no engine can use)."""

    model_config = ConfigDict(extra="forbid", strict=False, allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _no_nul(cls, v: Any) -> Any:
        """No NUL character in any text: PostgreSQL refuses it, SQLite would store it."""
        items = v if isinstance(v, list | tuple) else v.items() if isinstance(v, dict) else (v,)
        if any(isinstance(x, str) and "\x00" in x for i in items for x in (i if isinstance(i, tuple) else (i,))):
            raise ValueError("contains a NUL character (\\x00), expected plain text")
        return v


# Sane ranges of engine inputs: beyond them a value is a slip (or an attack) and float
# arithmetic under- or overflows (a subnormal duration, (duration / at) ** beta > 1e308).
TIME_MAX = 1e12             # any time unit of tests.csv (h, cycles, Mrev, km, ...)
TIME_MIN = 1e-6             # smallest positive demonstration time or test duration
COUNT_MAX = 1_000_000       # identical units one grouped row stands for
LifeTime = Annotated[float, Field(ge=0, le=TIME_MAX)]
LifeCount = Annotated[int, Field(ge=1, le=COUNT_MAX)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class Problem(BaseModel):
    field: str
    reason: str


class ErrorOut(BaseModel):
    detail: str
    problems: list[Problem] = []


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    id: int
    username: str
    enterprise_id: str
    role: str
    csrf_token: str | None = None


class UserIn(Strict):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=10, max_length=1000)
    enterprise_id: str = Id
    role: Literal["admin", "analyst", "member"] = "member"


class UserOut(BaseModel):
    id: int
    username: str
    enterprise_id: str
    role: str
    disabled: bool
    created_at: str


class TokenIn(Strict):
    name: str = Field(default="script", min_length=1, max_length=100)


class TokenOut(BaseModel):
    id: int
    name: str
    created_at: str
    revoked: bool


class TokenCreated(BaseModel):
    id: int
    name: str
    token: str = Field(description="shown once; send as 'Authorization: Bearer <token>'")


def table_model(name: str, table: str, *, only: tuple[str, ...] | None = None) -> type[BaseModel]:
    """Response model of one dataset table, derived from its contract (dataset/schema.py) so the
    API cannot drift from the files: text, enum, list and date columns are str; a column that
    may be empty or absent is optional."""
    kinds = {"float": float, "int": int, "bool": bool}
    fields: dict[str, Any] = {}
    for c in TABLE_BY_NAME[table].columns:
        if only is None or c.name in only:
            t = kinds.get(c.kind, str)
            optional = c.nullable or not c.required
            fields[c.name] = (t | None if optional else t,
                              Field(default=None if optional else ..., description=c.description or None))
    return create_model(name, **fields)


Category = table_model("Category", "categories", only=("id", "name", "name_zh", "parent_id", "level"))
Enterprise = table_model("Enterprise", "enterprises")
Project = table_model("Project", "projects")


# Sane ceilings of numbers typed into an input model (the dataset contract gives only lower bounds).
NUMBER_MAX = {"quantity": 1e12, "required_life_h": 1e9, "viscosity_cSt": 1e6, "temperature_C": 3000,
              "beta": 100, "duty_hours_per_year": 8784}
TEXT_MAX = 2000


def input_model(name: str, table: str, *, owner: str | None = None, partial: bool = False,
                examples: dict[str, str] | None = None, exclude: tuple[str, ...] = (),
                optional: tuple[str, ...] = (), types: dict[str, Any] | None = None) -> type[BaseModel]:
    """Input model of one owned dataset table, derived from its contract (dataset/schema.py)
    so that a column added to the file is an API field at once: the owner column is left out
    (the tenant repository sets it), key and reference columns are ids, numbers keep the
    contract's bounds, dates are dates, text and ';'-separated lists are text. ``partial``:
    every field optional and the key left out (a PATCH body); ``exclude``: columns the server
    sets (e.g. a case's stage); ``optional``: required columns the server fills when absent;
    ``types``: a column read by a gate of its own (a country code by :data:`CountryCode`)."""
    spec = TABLE_BY_NAME[table]
    kinds: dict[str, Any] = {"float": float, "int": int, "bool": bool, "date": dt.date}
    fields: dict[str, Any] = {}
    for c in spec.columns:
        if c.name == owner or c.name in exclude or (partial and c.name in spec.key):
            continue
        t = kinds.get(c.kind, str)
        kw: dict[str, Any] = {}
        if types and c.name in types:
            t = types[c.name]
        elif c.kind in ("float", "int"):
            if c.min is not None:
                kw["gt" if c.min_exclusive else "ge"] = c.min
            kw["le"] = c.max if c.max is not None else NUMBER_MAX.get(c.name, 1e12)
        elif t is str:
            kw = {"min_length": 1, "max_length": 200, "pattern": r"^[^|;\x00-\x1f]+$"} \
                if c.name in spec.key or c.refs else {"max_length": TEXT_MAX}
        desc = "; ".join(x for x in (c.description or (examples or {}).get(c.name, ""), c.unit) if x) or None
        opt = partial or c.nullable or not c.required or c.name in optional
        fields[c.name] = (t | None if opt else t, Field(default=None if opt else ..., description=desc, **kw))
    return create_model(name, __base__=Strict, **fields)


DemandIn = input_model("DemandIn", "demands", owner="oem_id")
DemandPatch = input_model("DemandPatch", "demands", owner="oem_id", partial=True)

Demand = table_model("Demand", "demands")


SourcingIn = input_model("SourcingIn", "sourcing", owner="buyer_id", types={"origin_country": CountryCode},
                         examples={"share": "share (0-1] of the buyer's need"})


class SourcingPatch(Strict):
    share: float = Field(gt=0, le=1)


class Sourcing(BaseModel):
    key: str
    buyer_id: str
    item_id: str
    supplier_id: str
    origin_country: str
    share: float


TestRecord = table_model("TestRecord", "tests")


class Campaign(BaseModel):
    test_id: str
    part_id: str
    rows: int
    failures: int
    time_unit: str


class PriceIn(Strict):
    unit_price_usd: float | None = Field(ge=0, le=1e12)


class Price(BaseModel):
    part_id: str
    unit_price_usd: float | None


class VisibilityIn(Strict):
    visibility: Literal["private", "shared", "public"]
    shared_with: list[str] = Field(default=[], max_length=1000)


class Visibility(BaseModel):
    kind: str
    key: str
    visibility: str
    shared_with: list[str]


class AuditEntry(BaseModel):
    id: int
    at: str
    user_id: int | None
    username: str | None
    enterprise_id: str | None
    action: str
    table_name: str
    row_key: str | None
    before: Any = None
    after: Any = None


class ScenarioIn(Strict):
    embargo: list[CountryCode] = Field(default=[], max_length=300, description="ISO alpha-2 origin countries (any case)")
    failed_suppliers: list[str] = Field(default=[], max_length=1000, description="enterprise ids")
    duration_days: float = Field(default=90.0, ge=0, le=3650)
    inventory_days: float = Field(default=15.0, ge=0, le=3650)
    ramp_up_days: float = Field(default=60.0, ge=0, le=3650)
    qualify_days: float | None = Field(default=None, ge=0, le=3650, description="days before a part still "
                                       "in qualification can supply (default: its category's median time to qualify)")


class LifeFitIn(Strict):
    times: list[LifeTime | None] = Field(min_length=1, max_length=100_000)
    status: list[Literal["F", "S", "L", "I"]] | None = Field(default=None, max_length=100_000)
    time_upper: list[LifeTime | None] | None = Field(default=None, max_length=100_000)
    count: list[LifeCount] | None = Field(default=None, max_length=100_000)
    dist: str = Field(default="weibull2p", max_length=40)
    method: Literal["mle", "rrx", "rry"] = "mle"
    cl: float = Field(default=0.9, ge=0.01, le=0.999999)
    required_b10: float | None = Field(default=None, gt=0, le=TIME_MAX, description="required B10 life (same unit)")


class LifeCompareIn(Strict):
    groups: dict[str, LifeFitIn] = Field(min_length=2, max_length=20)
    dist: str = Field(default="weibull2p", max_length=40)
    cl: float = Field(default=0.9, ge=0.01, le=0.999999)


class LifePlanIn(Strict):
    reliability: float = Field(ge=0.01, le=0.999999)
    at: float = Field(ge=TIME_MIN, le=TIME_MAX, description="time at which the reliability is demonstrated")
    confidence: float = Field(ge=0.01, le=0.999999)
    beta: float = Field(ge=0.1, le=50, description="Weibull shape")
    failures: int = Field(default=0, ge=0, le=1000)
    units: int | None = Field(default=None, ge=1, le=1_000_000, description="units on test (-> duration)")
    duration: float | None = Field(default=None, ge=TIME_MIN, le=TIME_MAX, description="test duration (-> units)")


class BearingIn(Strict):
    C_kN: Qty("kN") = Field(gt=0, le=1e5)
    Fr_kN: Qty("kN") = Field(ge=0, le=1e5)
    Fa_kN: Qty("kN") = Field(default=0.0, ge=0, le=1e5)
    bearing_type: BearingType = "deep_groove"
    C0_kN: Qty("kN") | None = Field(default=None, gt=0, le=1e5)
    Pu_kN: Qty("kN") | None = Field(default=None, gt=0, le=1e5, description="fatigue load limit (catalogue)")
    speed_rpm: Qty("rpm") | None = Field(default=None, gt=0, le=1e6)
    d_mm: Qty("mm") | None = Field(default=None, gt=0, le=1e4)
    D_mm: Qty("mm") | None = Field(default=None, gt=0, le=1e4)
    viscosity_cSt: Qty("mm^2/s") | None = Field(default=None, gt=0, le=1e5)
    cleanliness: str | None = Field(default=None, max_length=40)
    reliability: float = Field(default=0.9, ge=0.9, lt=1)
    required_L10mh_h: Qty("h") | None = Field(default=None, gt=0, le=1e9)


class AllocateIn(Strict):
    demand_ids: list[str] = Field(min_length=1, max_length=200)
    max_suppliers: int | None = Field(default=None, ge=1, le=100)
    max_share: float | None = Field(default=None, gt=0, le=1)
    min_domestic_share: float | None = Field(default=None, ge=0, le=1)


class BoltIn(Strict):
    thread_spec: str = Field(min_length=1, max_length=40, description="e.g. M12 or M12x1.5")
    property_class_name: str = Field(min_length=1, max_length=20, description="ISO 898-1, e.g. 8.8, 10.9")
    mu_G: float = Field(ge=0.01, le=1, description="thread friction (VDI 2230-1 Table A5: 0.04-0.5)")
    mu_K: float | None = Field(default=None, ge=0.01, le=1, description="head friction")
    alpha_A: float = Field(default=1.6, ge=1, le=5, description="tightening factor")
    FA_kN: Qty("kN") = Field(default=0.0, ge=0, le=1e5)
    FA_min_kN: Qty("kN") = Field(default=0.0, ge=0, le=1e5)
    FQ_kN: Qty("kN") = Field(default=0.0, ge=0, le=1e5)
    FK_req_kN: Qty("kN") = Field(default=0.0, ge=0, le=1e5)
    clamp_length_mm: Qty("mm") | None = Field(default=None, ge=0.1, le=1e4)
    dynamic: bool = True


class CylinderIn(Strict):
    bore_mm: Qty("mm") = Field(gt=0, le=1e4)
    rod_mm: Qty("mm") = Field(gt=0, le=1e4)
    pressure_bar: Qty("bar") = Field(ge=0, le=5000)
    flow_L_min: Qty("L/min") | None = Field(default=None, gt=0, le=1e5)
    stroke_mm: Qty("mm") | None = Field(default=None, gt=0, le=1e5)
    euler_case: int = Field(default=2, ge=1, le=4)
    safety: float = Field(default=3.5, gt=0, le=100)
    load_kN: Qty("kN") | None = Field(default=None, ge=0, le=1e6)
