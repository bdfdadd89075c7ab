"""Qualification pages (issue 13): the maker's cases and what each gate still needs, the OEM's
applications with their candidates and cases, a case page (gates with reasons in words,
evidence, history, decisions, first-use premium), and for analysts the aggregates and the
chain (一条龙) of a key category. Every route calls the service functions of
:mod:`keyparts.web.services.qualification` (the same as the REST API) through the tenant
repository; the analysts' page is guarded by a dependency (:data:`keyparts.web.deps.NationalPage`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError as PydValidationError

from keyparts.errors import InputError, KeypartsError
from keyparts.web.api.qualification import AdvanceIn, ApplicationIn, CaseIn
from keyparts.web.deps import Cache, Caller, NationalPage, Repo
from keyparts.web.services import qualification as svc
from keyparts.web.pages import cat_label, error_box, render

router = APIRouter(include_in_schema=False)


def _input(exc: PydValidationError) -> InputError:
    e = exc.errors()[0]
    return InputError(f"{'.'.join(map(str, e['loc']))}: {e['msg']}")


@router.get("/qualification", response_class=HTMLResponse)
def qualification_page(request: Request, p: Caller, repo: Repo, cache: Cache) -> HTMLResponse:
    rows = svc.visible_cases(repo, cache)
    me = p.enterprise_id
    apps, _ = repo.list("applications", limit=500)
    mine_apps = [a for a in apps if a["oem_id"] == me]
    made = [r for r in rows if r["maker_id"] == me]
    by_app = {a["id"]: [r for r in rows if r["application_id"] == a["id"]] for a in mine_apps}
    lab = [r for r in rows if r["maker_id"] != me and r["oem_id"] != me]
    return render(request, "qualification.html", p, made=svc.case_rows(made, repo, cache), apps=mine_apps,
                  by_app=by_app, lab=lab, cats=cache.categories(), label=cat_label)


@router.post("/qualification/applications", response_class=HTMLResponse)
async def application_post(request: Request, p: Caller, repo: Repo, cache: Cache) -> HTMLResponse:
    form = await request.form()
    vals = {k: str(v).strip() for k, v in form.items() if k != "csrf_token" and str(v).strip()}
    try:
        try:
            body = ApplicationIn(**vals)
        except PydValidationError as exc:
            raise _input(exc) from exc
        a = svc.create_application(body.model_dump(), repo, cache)
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
        res = svc.candidates(app, repo, cache)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_qualification_candidates.html", p, a=app, res=res)


@router.post("/qualification/cases", response_class=HTMLResponse)
def case_post(request: Request, p: Caller, repo: Repo, cache: Cache,
              id: Annotated[str, Form(max_length=200)], part_id: Annotated[str, Form(max_length=200)],
              application_id: Annotated[str, Form(max_length=200)],
              lab_id: Annotated[str, Form(max_length=200)] = "") -> HTMLResponse:
    try:
        try:
            body = CaseIn(id=id.strip(), part_id=part_id, application_id=application_id,
                              lab_id=lab_id.strip() or None)
        except PydValidationError as exc:
            raise _input(exc) from exc
        row = svc.open_case(body.model_dump(), repo, cache)
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
                  history=history, names=ents, part=part, steps=svc.first_use_steps(history),
                  key_category=svc.is_key_category(cache, case["part_id"]))


@router.post("/qualification/cases/{case_id}/decide", response_class=HTMLResponse)
def case_decide(case_id: str, request: Request, p: Caller, repo: Repo, cache: Cache,
                decision: Annotated[str, Form(max_length=10)], by: Annotated[str, Form(max_length=200)],
                reason: Annotated[str, Form(max_length=2000)] = "",
                date: Annotated[str, Form(max_length=10)] = "") -> HTMLResponse:
    try:
        try:
            body = AdvanceIn(decision=decision, by=by, reason=reason.strip() or None, date=date or None)
        except PydValidationError as exc:
            raise _input(exc) from exc
        ev = svc.advance(case_id, body.decision, body.by, body.reason, body.date, repo, cache)
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
def national_page(request: Request, p: NationalPage, cache: Cache, category: str = "") -> HTMLResponse:
    ctx: dict[str, Any] = svc.national_page(cache, category)
    return render(request, "qualification_national.html", p, cats=cache.categories(), label=cat_label, **ctx)
