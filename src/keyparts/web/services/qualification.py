"""Qualification (issue 13): the OEM's applications, cases visible to their parties, gates,
decisions, test plans, first-use premiums, national aggregates under the k rule and the chain
(一条龙) view. Called by the REST API (``/api/v1/qualification``) and the qualification pages
alike; who may see a case is the tenant repository's rule (a case is 404 to non-parties), who
may see aggregates is a dependency (:data:`keyparts.web.deps.National`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from keyparts.errors import ConflictError, InputError, NotFoundError
from keyparts.web.data import DataCache
from keyparts.web.tenancy import TenantRepo

# what a case's status is judged from (cache.frame per table: parts without prices)
CASE_TABLES = ("qualification_cases", "qualification_events", "inspections", "applications", "parts",
               "part_values", "categories", "tests")


def case_frames(cache: DataCache) -> dict[str, pd.DataFrame]:
    """The tables a case is judged from, at the current data version (parts without prices)."""
    return {n: cache.frame(n) for n in CASE_TABLES}


def visible_cases(repo: TenantRepo, cache: DataCache, **filters: str | None) -> list[dict]:
    """:func:`keyparts.qualify.cases.case_list` restricted to the caller's visible cases."""
    from keyparts.qualify.cases import case_list
    mine, _ = repo.list("qualification_cases", limit=1_000_000)
    ids = {r["id"] for r in mine}
    return [r for r in case_list(case_frames(cache), **filters) if r["case_id"] in ids]


def case_status(case_id: str, repo: TenantRepo, cache: DataCache, beta: float | None = None) -> Any:
    """The case's status (404 unless the caller is a party)."""
    from keyparts.qualify.cases import status
    repo.get("qualification_cases", case_id)
    return status(case_frames(cache), case_id, beta=beta)


def _engine_verdict(case_id: str, repo: TenantRepo, cache: DataCache) -> tuple[str, bool | None]:
    """The case's stage and the engine's own result on that stage's gate (before any decision)."""
    st = case_status(case_id, repo, cache)
    g = st.gate(st.stage)
    if g is None:
        return st.stage, None
    return st.stage, g.override.engine_passed if g.override is not None else g.passed


def advance(case_id: str, decision: str, by: str, reason: str | None, date: dt.date | None,
            repo: TenantRepo, cache: DataCache) -> dict:
    """Record the OEM's decision; a decision against the gate's result (pass on a gate that did
    not pass, fail on one that passed) is an override and needs a reason."""
    _, engine = _engine_verdict(case_id, repo, cache)
    over = (decision == "pass" and engine is not True) or (decision == "fail" and engine is True)
    if over and not (reason or "").strip():
        word = {True: "passed", False: "failed", None: "cannot be judged from the evidence"}[engine]
        raise InputError(f"reason: the gate {word}; a '{decision}' overrides it and needs a reason in words")
    ev = repo.decide(case_id, decision, by=by, note=reason, date=date,
                     engine_passed=engine)
    return {**ev, "engine_passed": engine, "override": over}


def _unit_value(case_id: str, repo: TenantRepo, given: float | None) -> float:
    if given is not None:
        return given
    part = repo.get("qualification_cases", case_id)["part_id"]
    v = repo.prices([part]).get(part)
    if v is None:
        raise InputError(f"unit_value: the price of part {part} is not visible to you; give the insured unit value")
    return float(v)


def check_application(values: dict, cache: DataCache) -> None:
    from keyparts.match.demand import demand_problems
    if values.get("category_id") not in cache.categories():
        raise InputError(f"category_id: {values.get('category_id')!r} is not a category")
    for column, msg in demand_problems({"loads": values.get("loads")}, {}):
        raise InputError(f"{column}: {msg}")


def case_premium(case_id: str, repo: TenantRepo, cache: DataCache, *, units: int, unit_value: float | None = None,
                 beta: float | None = None, key_category: bool | None = None, listed: bool = False,
                 rate_cap: float = 0.03, subsidised_share: float = 0.8) -> dict:
    """Eligibility and indicative first-use premium; ``key_category`` None: from the assessment
    (the part's category or one above it is ranked critical)."""
    from keyparts.qualify.cases import premium
    case = repo.get("qualification_cases", case_id)
    if key_category is None:
        key_category = is_key_category(cache, case["part_id"])
    ok, prem = premium(case_frames(cache), case_id, units=units, beta=beta,
                       unit_value=_unit_value(case_id, repo, unit_value), key_category=key_category,
                       listed=listed, rate_cap=rate_cap, subsidised_share=subsidised_share)
    return {"case_id": case_id, "eligible": ok, **prem.to_dict()}


def is_key_category(cache: DataCache, part_id: str) -> bool:
    """The part's category, or one above it (:meth:`Taxonomy.ancestors`), is critical in the
    national assessment."""
    parts = cache.frame("parts")
    hit = parts.loc[parts["id"] == part_id, "category_id"]
    if hit.empty:
        return False
    critical = {r["id"] for r in cache.assessment_dict()["categories"] if r.get("critical")}
    return any(c in critical for c in cache.categories_above(hit.iloc[0]))


SUMMARY_DEPS = ("qualification_cases", "qualification_events", "parts", "categories")


def summary(cache: DataCache) -> list[dict]:
    """Per category: cases by stage, qualified substitutes, time to qualify, conversion; a row
    behind fewer than k enterprises (the parts' makers and the OEMs) or a single case is
    suppressed (:mod:`keyparts.web.disclosure`)."""
    from keyparts.qualify.summary import category_summary
    from keyparts.web.disclosure import min_enterprises

    def build() -> list[dict]:
        k = min_enterprises()
        frames = {n: cache.frame(n) for n in SUMMARY_DEPS}
        out = []
        for r in category_summary(frames):
            if r["enterprises"] < k or r["cases"] < 2:  # one case is never an aggregate
                r = {"category_id": r["category_id"], "cases": None, "by_stage": None, "qualified_parts": None,
                     "qualified_oems": None, "time_to_qualify_days": None, "conversion": None,
                     "enterprises": None, "suppressed": True}
            else:
                r["suppressed"] = False
            out.append(r)
        return out
    return cache._get(f"qualification-summary:k={min_enterprises()}", build, SUMMARY_DEPS)


def chain_view(category_id: str, cache: DataCache) -> dict:
    """The chain (一条龙) of a category (:func:`keyparts.qualify.chain.chain`); the cases behind
    a link inform it only when at least 2 cases of k enterprises stand behind them (the k rule)."""
    from keyparts.qualify.chain import chain
    from keyparts.web.data import SUPPLY
    from keyparts.web.disclosure import min_enterprises
    if category_id not in cache.categories():
        raise NotFoundError(f"category {category_id!r} not found")
    k = min_enterprises()
    return cache._get(f"chain:{category_id}:k={k}",
                      lambda: chain(cache.model(), cache.dataset().frames, category_id, min_enterprises=k,
                                    min_cases=2).to_dict(),
                      (*SUPPLY, "tests", "capabilities"))


# ------------------------------------------------------------------ applications and cases
def create_application(values: dict, repo: TenantRepo, cache: DataCache) -> dict:
    """Add an application of the caller's enterprise (stored as ``ENTERPRISE:id``)."""
    check_application(values, cache)
    return repo.create("applications", values)


def update_application(application_id: str, patch: dict, repo: TenantRepo, cache: DataCache) -> dict:
    check_application({**repo.get("applications", application_id), **patch}, cache)
    return repo.update("applications", application_id, patch)


def delete_application(application_id: str, repo: TenantRepo) -> None:
    """Delete an application that no case refers to (ConflictError otherwise)."""
    from keyparts.store.tables import TABLE
    repo.get("applications", application_id)
    _, n = repo.list("qualification_cases", limit=1,
                     where=[TABLE["qualification_cases"].c.application_id == application_id])
    if n:
        raise ConflictError(f"application {application_id!r} has {n} qualification case(s); close them first")
    repo.delete("applications", application_id)


def open_case(values: dict, repo: TenantRepo, cache: DataCache) -> dict:
    """Open a case (at design_review) for a part of the application's category or one below it;
    returns its row of :func:`visible_cases`."""
    app = repo.get("applications", values["application_id"])
    parts = cache.frame("parts")
    hit = parts[parts["id"] == values["part_id"]]
    if hit.empty:
        raise InputError(f"part_id: {values['part_id']!r} is not a part")
    cat = hit.iloc[0]["category_id"]
    if app["category_id"] not in cache.categories_above(cat):  # the category itself or one above
        raise InputError(f"part_id: {values['part_id']} is a {cat}, not of the application's category "
                         f"{app['category_id']} (or one below it)")
    values = {**values, "opened": values.get("opened") or dt.datetime.now(dt.UTC).date()}
    case = repo.open_case(values)
    return next(r for r in visible_cases(repo, cache) if r["case_id"] == case["id"])


def case_history(case_id: str, repo: TenantRepo) -> list[dict]:
    repo.get("qualification_cases", case_id)
    return repo.case_history(case_id)


def case_plan(case_id: str, repo: TenantRepo, cache: DataCache, *, beta: float | None = None,
              units: int | None = None, duration_h: float | None = None) -> dict:
    """A zero-failure bench test plan with its operating characteristic (``keyparts qualify plan``)."""
    from keyparts.qualify.cases import plan
    repo.get("qualification_cases", case_id)
    if units is not None and duration_h is not None:
        raise InputError("give units or duration_h, not both (the other one follows)")
    g = plan(case_frames(cache), case_id, beta=beta, units=units, duration_h=duration_h)
    return {"case_id": case_id, **g.to_dict()}


def current_gate(st: Any) -> Any:
    return st.gate(st.stage) if st.stage != "rejected" else (st.gates[-1] if st.gates else None)


def case_rows(rows: list[dict], repo: TenantRepo, cache: DataCache) -> list[dict]:
    """Each case with the gate of its current stage (what it still needs, in words)."""
    from keyparts.errors import KeypartsError
    out = []
    for r in rows:
        try:
            st = case_status(r["case_id"], repo, cache)
            g = current_gate(st)
            out.append({**r, "next": st.next, "gate": None if g is None else g.to_dict()})
        except KeypartsError as exc:
            out.append({**r, "next": None, "gate": None, "error": str(exc)})
    return out


def candidates(app: dict, repo: TenantRepo, cache: DataCache, top: int = 10) -> dict:
    """:func:`keyparts.match.demand.match_demand` for the application as a demand (one piece,
    its loads and required life), without life-test evidence (the OEM does not see the makers'
    tests); parts with a case on this application at small_batch or later rank first."""
    from keyparts.match.demand import match_demand
    from keyparts.qualify.stages import is_qualified
    cases = [r for r in visible_cases(repo, cache) if r["application_id"] == app["id"]]
    qualified = [r["part_id"] for r in cases if is_qualified(r["stage"])]
    ds = cache.dataset()
    demand = {"id": app["id"], "oem_id": app["oem_id"], "category_id": app["category_id"], "quantity": 1,
              "loads": app.get("loads"), "required_life_h": app.get("required_life_h"), "constraints": None}
    m = match_demand(demand, cache.index(), countries=ds.frames.get("countries"),
                     categories=ds.frames.get("categories"), home_country=ds.meta.get("country", "CN"),
                     top=top, with_evidence=False, qualified_for_buyer=qualified).to_dict()
    stage = {r["part_id"]: r for r in cases}
    for c in m["candidates"]:
        c["case"] = stage.get(c["part_id"])
    return {"match": m, "cases": cases}


def first_use_steps(history: list[dict]) -> list[dict]:
    """First use → repeat order → batch supply of one case: the date each stage was entered
    (:func:`keyparts.qualify.conversion.entered`), None when not (yet) reached."""
    from keyparts.qualify.conversion import STEPS, entered
    cols = ["case_id", "date", "stage", "decision"]
    when = entered(pd.DataFrame(history, columns=cols) if history else pd.DataFrame(columns=cols))
    return [{"step": name, "stage": stage, "date": None if stage not in when else str(when[stage].date())}
            for name, stage in STEPS]


def national_page(cache: DataCache, category: str = "") -> dict:
    """What the analysts' qualification page shows: :func:`summary`, the chain of ``category``
    (or its error in words) and the critical categories."""
    from keyparts.errors import KeypartsError
    ctx: dict[str, Any] = {"rows": summary(cache), "category": category}
    if category:
        try:
            ctx["chain"] = chain_view(category, cache)
        except KeypartsError as exc:
            ctx["error"] = str(exc)
    ctx["critical"] = [c for c in cache.assessment_dict()["categories"] if c.get("critical")]
    return ctx
