"""Qualification pages (issue 13): the maker's cases and what each gate still needs, the OEM's
applications with their candidates and cases, a case page (gates with reasons in words,
evidence, history, decisions, first-use premium), and for analysts the aggregates and the
chain (一条龙) of a key category. Every route calls the service functions of
:mod:`keyparts.web.api.qualification` (the same as the REST API) through the tenant repository."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError as PydValidationError

from keyparts.errors import InputError, KeypartsError
from keyparts.web.api import qualification as svc
from keyparts.web.deps import Cache, Caller, Repo
from keyparts.web.pages import cat_label, error_box, render

router = APIRouter(include_in_schema=False)


def _input(exc: PydValidationError) -> InputError:
    e = exc.errors()[0]
    return InputError(f"{'.'.join(map(str, e['loc']))}: {e['msg']}")


def _current_gate(st: Any) -> Any:
    return st.gate(st.stage) if st.stage != "rejected" else (st.gates[-1] if st.gates else None)


def _case_rows(rows: list[dict], repo: Repo, cache: Cache) -> list[dict]:
    """Each case with the gate of its current stage (what it still needs, in words)."""
    out = []
    for r in rows:
        try:
            st = svc.case_status(r["case_id"], repo, cache)
            g = _current_gate(st)
            out.append({**r, "next": st.next, "gate": None if g is None else g.to_dict()})
        except KeypartsError as exc:
            out.append({**r, "next": None, "gate": None, "error": str(exc)})
    return out


@router.get("/qualification", response_class=HTMLResponse)
def qualification_page(request: Request, p: Caller, repo: Repo, cache: Cache) -> HTMLResponse:
    rows = svc.visible_cases(repo, cache)
    me = p.enterprise_id
    apps, _ = repo.list("applications", limit=500)
    mine_apps = [a for a in apps if a["oem_id"] == me]
    made = [r for r in rows if r["maker_id"] == me]
    by_app = {a["id"]: [r for r in rows if r["application_id"] == a["id"]] for a in mine_apps}
    lab = [r for r in rows if r["maker_id"] != me and r["oem_id"] != me]
    return render(request, "qualification.html", p, made=_case_rows(made, repo, cache), apps=mine_apps,
                  by_app=by_app, lab=lab, cats=cache.categories(), label=cat_label)


@router.post("/qualification/applications", response_class=HTMLResponse)
async def application_post(request: Request, p: Caller, repo: Repo, cache: Cache) -> HTMLResponse:
    form = await request.form()
    vals = {k: str(v).strip() for k, v in form.items() if k != "csrf_token" and str(v).strip()}
    try:
        try:
            body = svc.ApplicationIn(**vals)
        except PydValidationError as exc:
            raise _input(exc) from exc
        a = svc.create_application(body, p, repo, cache)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_qualification_app.html", p, a=a, cases=[], cats=cache.categories(), label=cat_label)


@router.get("/qualification/applications/{application_id}/candidates", response_class=HTMLResponse)
def application_candidates(application_id: str, request: Request, p: Caller, repo: Repo,
                           cache: Cache) -> HTMLResponse:
    """Parts that could serve the application: the matcher's ranking of the category with the
    parts already qualified for this OEM on this application first, each with its case's state."""
    try:
        app = repo.get("applications", application_id)
        res = candidates(app, repo, cache)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_qualification_candidates.html", p, a=app, res=res)


def candidates(app: dict, repo: Repo, cache: Cache, top: int = 10) -> dict:
    """:func:`keyparts.match.demand.match_demand` for the application as a demand (one piece,
    its loads and required life), without life-test evidence (the OEM does not see the makers'
    tests); parts with a case on this application at small_batch or later rank first."""
    from keyparts.match.demand import match_demand
    from keyparts.qualify.stages import is_qualified
    cases = [r for r in svc.visible_cases(repo, cache) if r["application_id"] == app["id"]]
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


@router.post("/qualification/cases", response_class=HTMLResponse)
def case_post(request: Request, p: Caller, repo: Repo, cache: Cache,
              id: Annotated[str, Form(max_length=200)], part_id: Annotated[str, Form(max_length=200)],
              application_id: Annotated[str, Form(max_length=200)],
              lab_id: Annotated[str, Form(max_length=200)] = "") -> HTMLResponse:
    try:
        try:
            body = svc.CaseIn(id=id.strip(), part_id=part_id, application_id=application_id,
                              lab_id=lab_id.strip() or None)
        except PydValidationError as exc:
            raise _input(exc) from exc
        row = svc.open_case(body, p, repo, cache)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_qualification_opened.html", p, r=row)


@router.get("/qualification/cases/{case_id}", response_class=HTMLResponse)
def case_page(case_id: str, request: Request, p: Caller, repo: Repo, cache: Cache) -> HTMLResponse:
    st = svc.case_status(case_id, repo, cache)           # 404 unless a party
    role = repo.case_role(case_id)
    case = repo.get("qualification_cases", case_id)
    app = repo.get("applications", case["application_id"]) if role == "oem" else None
    ents = cache.public_dataset().frames["enterprises"].set_index("id")["name"].to_dict()
    parts = cache.frame("parts").set_index("id")
    part = parts.loc[case["part_id"]].to_dict() if case["part_id"] in parts.index else {}
    history = repo.case_history(case_id)
    return render(request, "qualification_case.html", p, st=st.to_dict(), case=case, role=role, app=app,
                  history=history, names=ents, part=part, steps=first_use_steps(history),
                  key_category=svc.is_key_category(cache, case["part_id"]))


def first_use_steps(history: list[dict]) -> list[dict]:
    """First use → repeat order → batch supply of one case: the date each stage was entered
    (:func:`keyparts.qualify.conversion.entered`), None when not (yet) reached."""
    import pandas as pd

    from keyparts.qualify.conversion import STEPS, entered
    cols = ["case_id", "date", "stage", "decision"]
    when = entered(pd.DataFrame(history, columns=cols) if history else pd.DataFrame(columns=cols))
    return [{"step": name, "stage": stage, "date": None if stage not in when else str(when[stage].date())}
            for name, stage in STEPS]


@router.post("/qualification/cases/{case_id}/decide", response_class=HTMLResponse)
def case_decide(case_id: str, request: Request, p: Caller, repo: Repo, cache: Cache,
                decision: Annotated[str, Form(max_length=10)], by: Annotated[str, Form(max_length=200)],
                reason: Annotated[str, Form(max_length=2000)] = "",
                date: Annotated[str, Form(max_length=10)] = "") -> HTMLResponse:
    try:
        try:
            body = svc.AdvanceIn(decision=decision, by=by, reason=reason.strip() or None, date=date or None)
        except PydValidationError as exc:
            raise _input(exc) from exc
        ev = svc.advance(case_id, body, repo, cache)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_qualification_decided.html", p, ev=ev)


@router.post("/qualification/cases/{case_id}/premium", response_class=HTMLResponse)
def case_premium(case_id: str, request: Request, p: Caller, repo: Repo, cache: Cache,
                 units: Annotated[str, Form(max_length=20)],
                 unit_value: Annotated[str, Form(max_length=40)] = "",
                 listed: Annotated[str, Form(max_length=5)] = "") -> HTMLResponse:
    try:
        try:
            n = int(units)
            v = float(unit_value) if unit_value.strip() else None
        except ValueError as exc:
            raise InputError(f"units, unit_value: {units!r}, {unit_value!r}: expected a whole number "
                             "of units and a value") from exc
        if not 1 <= n <= 10_000_000 or (v is not None and not 0 <= v <= 1e12):
            raise InputError("units: 1 to 10 000 000; unit_value: 0 to 1e12")
        r = svc.case_premium(case_id, repo, cache, units=n, unit_value=v, listed=bool(listed))
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_qualification_premium.html", p, r=r)


@router.get("/qualification/national", response_class=HTMLResponse)
def national_page(request: Request, p: Caller, cache: Cache, category: str = "") -> HTMLResponse:
    if not p.national:
        return render(request, "forbidden.html", p, status_code=403, what="qualification aggregates (national views)")
    rows = svc.summary(cache)
    ctx: dict[str, Any] = {"rows": rows, "cats": cache.categories(), "label": cat_label, "category": category}
    if category:
        try:
            ctx["chain"] = svc.chain_view(category, cache)
        except KeypartsError as exc:
            ctx["error"] = str(exc)
    critical = [c for c in cache.assessment_dict()["categories"] if c.get("critical")]
    ctx["critical"] = critical
    return render(request, "qualification_national.html", p, **ctx)
