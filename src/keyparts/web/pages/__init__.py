"""Browser pages: Jinja2 templates + htmx (vendored, no CDN). Routes call the same tenant
repository and engine cache as the REST API; fragments answer htmx requests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from keyparts.errors import InputError, KeypartsError
from keyparts.web import auth, i18n, terms
from keyparts.web.auth import Principal
from keyparts.web.concurrency import off_loop
from keyparts.web.deps import (
    Cache,
    Caller,
    ImportAction,
    NationalOrNone,
    NationalPage,
    Repo,
    ScenarioPage,
    optional_principal,
)
from keyparts.web.errors import problems_of

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))
router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, p: Principal | None, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, {"me": p, **ctx}, status_code=status_code)


def error_box(request: Request, exc: KeypartsError) -> HTMLResponse:
    """The error as an HTML fragment. htmx requests get 200 so that the box is swapped in;
    a plain request gets the error's status (404 for a missing or foreign object)."""
    from keyparts.web.errors import status_of
    status = 200 if request.headers.get("HX-Request") else status_of(exc)
    return TEMPLATES.TemplateResponse(request, "_error.html", {"message": str(exc).splitlines()[0],
                                                               "problems": problems_of(exc)},
                                      status_code=status)


def cat_label(cats: dict, cid: str | None) -> str:
    """A category's name in the interface language: ``name_zh`` in Chinese (``name`` where the
    dataset gives no Chinese name), ``name`` in English."""
    c = cats.get(cid or "")
    if not c:
        return cid or ""
    if i18n.current() == "zh_CN" and c.get("name_zh"):
        return c["name_zh"]
    return c["name"]


TEMPLATES.env.globals["json"] = json
i18n.install(TEMPLATES.env)
terms.install(TEMPLATES.env)


def pydantic_problem(exc) -> InputError:
    """The first problem of a pydantic ValidationError as ``field: reason`` in words (never
    "1 validation error for ScenarioIn"); :func:`keyparts.web.terms.message` translates it."""
    e = exc.errors()[0]
    field = ".".join(str(x) for x in e["loc"] if x != "body") or "value"
    return InputError(f"{field}: {e['msg']}")


# ------------------------------------------------------------------ sign in
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", None, next=next if next.startswith("/") and not next.startswith("//") else "/")


@router.post("/login", response_class=HTMLResponse)
def login_submit(request: Request, username: Annotated[str, Form(max_length=100)],
                 password: Annotated[str, Form(max_length=1000)], next: Annotated[str, Form()] = "/") -> Response:
    from fastapi import HTTPException

    from keyparts.web.services.accounts import login_or_raise, set_session_cookie
    try:
        p = login_or_raise(request, username, password)
    except HTTPException as exc:
        return TEMPLATES.TemplateResponse(request, "login.html", {"me": None, "next": "/", "error": exc.detail},
                                          status_code=200)
    token, _ = auth.create_session(request.app.state.engine, p)
    resp = RedirectResponse(next if next.startswith("/") and not next.startswith("//") else "/", status_code=303)
    set_session_cookie(request, resp, token)
    return resp


@router.post("/logout")
def logout_submit(request: Request, p: Caller) -> RedirectResponse:
    if (tok := request.cookies.get(auth.SESSION_COOKIE)):
        auth.end_session(request.app.state.engine, tok)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(auth.SESSION_COOKIE, path="/")
    return resp


# ------------------------------------------------------------------ dashboard and categories
def risk_matrix(cats: list[dict]) -> list[dict]:
    """Points of the SR x EI matrix in a 0-100 box (SR up to max(2, max SR), EI up to 10)."""
    sr_max = max([2.0] + [c["supply_risk"] or 0 for c in cats])
    return [{"id": c["id"], "name": c["name"], "x": 8 + 88 * min(c["economic_importance"] or 0, 10) / 10,
             "y": 92 - 88 * (c["supply_risk"] or 0) / sr_max, "critical": c["critical"], "rank": c["rank"]}
            for c in cats]


DASHBOARD_WAIT_S = 1.0  # the national panel, when not yet computed, follows the page (htmx)


def national_html(cache: Cache) -> str:
    """The dashboard's national panel: the same aggregate for every analyst, rendered once per
    data version (the first time it runs the assessment: seconds to minutes at national scale)."""
    from keyparts.web.data import SUPPLY
    from keyparts.web.disclosure import exposure_view

    def build() -> str:
        a = cache.assessment_dict()
        ranked = [c for c in a["categories"] if c["rank"] is not None]
        cats = cache.categories()
        return TEMPLATES.get_template("_national.html").render(
            assessment=a, ranked=ranked[:15], matrix=risk_matrix(ranked), cats=cats, label=cat_label,
            sr_thr=a["method"].get("sr_threshold", 1.0), ei_thr=a["method"].get("ei_threshold", 2.8),
            exposure=exposure_view(cache.exposure_dict(), cache.dataset().frames, None))
    return cache._get(f"html:national:{i18n.current()}", build, SUPPLY)


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request, p: Caller, analyst: NationalOrNone, cache: Cache, repo: Repo) -> HTMLResponse:
    """The dashboard answers at once; an analyst's national panel comes with it when it is
    computed within DASHBOARD_WAIT_S, else the page asks for it again (/dashboard/national)."""
    from keyparts.web.concurrency import cached, within

    ctx: dict[str, Any] = {"cats": await cached(cache, ["categories"], cache.categories), "label": cat_label}
    if analyst is not None:
        done, html = await within(f"html:national:{i18n.current()}", DASHBOARD_WAIT_S, lambda: national_html(cache))
        ctx["national_html" if done else "national_pending"] = html if done else True
    demands, nd = repo.list("demands", limit=10)
    campaigns, nt = repo.test_campaigns(limit=10)
    ctx.update(demands=demands, n_demands=nd, campaigns=campaigns, n_campaigns=nt)
    return render(request, "dashboard.html", p, **ctx)


@router.get("/dashboard/national", response_class=HTMLResponse)
async def dashboard_national(request: Request, p: NationalPage, cache: Cache) -> HTMLResponse:
    """The national panel alone (fetched by the dashboard when it was not ready)."""
    from keyparts.web.concurrency import within

    _done, html = await within(f"html:national:{i18n.current()}", float("inf"), lambda: national_html(cache))
    return HTMLResponse(html)


@router.get("/categories/{category_id}", response_class=HTMLResponse)
@off_loop
def category_page(category_id: str, request: Request, p: Caller, analyst: NationalOrNone,
                  cache: Cache) -> HTMLResponse:
    from keyparts.web.services import catalog as svc
    page = svc.category_page(category_id, p, cache, national=analyst is not None)
    return render(request, "category.html", p, label=cat_label, cats=cache.categories(), **page)


# ------------------------------------------------------------------ parts
from keyparts.web.pages import catalogue as _catalogue  # noqa: E402  (before /parts/{part_id})
router.include_router(_catalogue.router)


@router.get("/parts/{part_id}", response_class=HTMLResponse)
@off_loop
def part_page(part_id: str, request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    from keyparts.web.services import catalog as svc
    page = svc.part_page(part_id, cache, repo)
    return render(request, "part.html", p, label=cat_label, cats=cache.categories(), **page)


# ------------------------------------------------------------------ demand board
@router.get("/demands", response_class=HTMLResponse)
def demands_page(request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    rows, total = repo.list("demands", limit=200)
    return render(request, "demands.html", p, demands=rows, total=total, cats=cache.categories(),
                  label=cat_label)


@router.post("/demands", response_class=HTMLResponse)
def demand_post(request: Request, p: Caller, cache: Cache, repo: Repo,
                id: Annotated[str, Form(max_length=200)], category_id: Annotated[str, Form(max_length=200)],
                quantity: Annotated[str, Form(max_length=40)], constraints: Annotated[str, Form(max_length=2000)] = "",
                loads: Annotated[str, Form(max_length=2000)] = "",
                required_life_h: Annotated[str, Form(max_length=40)] = "",
                certifications: Annotated[str, Form(max_length=2000)] = "") -> HTMLResponse:
    from pydantic import ValidationError as PydValidationError

    from keyparts.web.api.schemas import DemandIn
    from keyparts.web.services.owned import create_demand
    try:
        try:
            d = DemandIn(id=id.strip(), category_id=category_id, quantity=quantity,
                         constraints=constraints or None, loads=loads or None,
                         required_life_h=required_life_h or None, certifications=certifications.strip() or None)
        except PydValidationError as exc:
            raise pydantic_problem(exc) from exc
        row = create_demand(d.model_dump(), repo, cache)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_demand_row.html", p, d=row, cats=cache.categories(), label=cat_label)


@router.get("/demands/{demand_id}/matches", response_class=HTMLResponse)
@off_loop
def demand_matches(demand_id: str, request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    from keyparts.web.services.analysis import match_demand
    try:
        m = match_demand(demand_id, cache, repo, top=10)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_matches.html", p, m=m, demand_id=demand_id)


@router.post("/demands/allocate", response_class=HTMLResponse)
async def demand_allocate(request: Request, p: Caller, cache: Cache, repo: Repo) -> HTMLResponse:
    from pydantic import ValidationError as PydValidationError

    from keyparts.errors import InputError
    from keyparts.web.api.schemas import AllocateIn
    from keyparts.web.concurrency import heavy
    from keyparts.web.services.analysis import allocate
    form = await request.form()
    ids = [str(v) for v in form.getlist("demand_ids")]
    try:
        if not ids:
            raise InputError("pick at least one of your demands to allocate")
        try:
            body = AllocateIn(demand_ids=ids)
        except PydValidationError as exc:
            raise pydantic_problem(exc) from exc
        res = await heavy(allocate, cache, repo, p, body.demand_ids)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_allocation.html", p, a=res)


# ------------------------------------------------------------------ life data
@router.get("/life", response_class=HTMLResponse)
def life_page(request: Request, p: Caller, cache: Cache) -> HTMLResponse:
    from keyparts.life import DISTRIBUTIONS
    parts = cache.public_dataset().frames["parts"]
    mine = parts[parts["maker_id"] == p.enterprise_id][["id", "designation"]].to_dict("records")
    return render(request, "life.html", p, dists=list(DISTRIBUTIONS), my_parts=mine)


@router.post("/life", response_class=HTMLResponse)
async def life_submit(request: Request, p: Caller, repo: Repo, file: Annotated[UploadFile, File()],
                      dist: Annotated[str, Form(max_length=40)] = "weibull2p",
                      required_b10: Annotated[str, Form(max_length=40)] = "",
                      part_id: Annotated[str, Form(max_length=200)] = "",
                      test_id: Annotated[str, Form(max_length=200)] = "",
                      to_unit: Annotated[str, Form(max_length=20)] = "") -> HTMLResponse:
    from keyparts.errors import InputError
    from keyparts.web.api.analysis import _fit_out
    from keyparts.web.lifeio import read_life_csv, records
    from keyparts.web.uploads import heavy, read_upload
    try:
        try:
            req = float(required_b10) if required_b10.strip() else None
        except ValueError as exc:
            raise InputError(f"required_b10: {required_b10!r} is not a number") from exc
        if req is not None and not 0 < req < 1e300:
            raise InputError(f"required_b10: {required_b10!r}, expected a finite life > 0")
        data = await read_upload(file)

        def parse_and_fit():  # CPU-heavy: in a worker thread, off the event loop
            df = read_life_csv(data, file.filename or "upload.csv")
            return df, _fit_out(df, dist, "mle", 0.9, req, plot=True, to_unit=to_unit.strip() or None)
        df, out = await heavy(parse_and_fit)
        saved = None
        if part_id.strip():  # store as a new campaign of one of the caller's parts (audited)
            tid = test_id.strip()
            if not tid or "|" in tid or ";" in tid:
                raise InputError(f"test_id: {tid!r}: give a new campaign id (no '|' or ';') to store the data")
            saved = repo.add_test_records(part_id.strip(), tid, records(df))
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_life_result.html", p, r=out, read_as=df.attrs.get("read_as"),
                  saved=(test_id.strip(), part_id.strip(), len(saved)) if saved else None)


# ------------------------------------------------------------------ calculators
@router.get("/calculators", response_class=HTMLResponse)
def calculators_page(request: Request, p: Caller) -> HTMLResponse:
    from keyparts.design import BEARING_TYPES
    return render(request, "calculators.html", p, bearing_types=BEARING_TYPES)


@router.post("/calculators/bearing", response_class=HTMLResponse)
async def bearing_submit(request: Request, p: Caller) -> HTMLResponse:
    from keyparts.design import bearing_check
    from keyparts.web.api.schemas import BearingIn
    return await _design_form(request, BearingIn, bearing_check, "_bearing_result.html")


async def _design_form(request: Request, schema: type, run: Any,
                       template: str = "_design_result.html") -> HTMLResponse:
    """A calculator form: validate with ``schema``, run the engine, render its to_dict()."""
    from pydantic import ValidationError as PydValidationError

    from keyparts.errors import InputError
    form = await request.form()
    vals = {k: v for k, v in form.items() if k != "csrf_token" and str(v).strip() != ""}
    try:
        try:
            body = schema(**vals)
        except PydValidationError as exc:
            raise pydantic_problem(exc) from exc
        r = run(**body.model_dump(exclude_none=True)).to_dict()
    except KeypartsError as exc:
        return error_box(request, exc)
    return TEMPLATES.TemplateResponse(request, template, {"r": r})


@router.post("/calculators/bolt", response_class=HTMLResponse)
async def bolt_submit(request: Request, p: Caller) -> HTMLResponse:
    from keyparts.design.bolts import bolt_check
    from keyparts.web.api.schemas import BoltIn
    return await _design_form(request, BoltIn, bolt_check)


@router.post("/calculators/cylinder", response_class=HTMLResponse)
async def cylinder_submit(request: Request, p: Caller) -> HTMLResponse:
    from keyparts.design.hydraulics import cylinder_check
    from keyparts.web.api.schemas import CylinderIn
    return await _design_form(request, CylinderIn, cylinder_check)


# ------------------------------------------------------------------ scenario
@router.get("/scenario", response_class=HTMLResponse)
def scenario_page(request: Request, p: ScenarioPage, cache: Cache) -> HTMLResponse:
    ds = cache.dataset()
    home = ds.home_country
    countries = [c for c in ds.frames["countries"].to_dict("records") if c["code"] != home]
    makers = ds.frames["enterprises"]
    makers = makers[makers["kind"] == "parts_maker"].to_dict("records")
    return render(request, "scenario.html", p, countries=countries, makers=makers)


@router.post("/scenario", response_class=HTMLResponse)
async def scenario_submit(request: Request, p: ScenarioPage, cache: Cache) -> HTMLResponse:
    from pydantic import ValidationError as PydValidationError

    from keyparts.web.api.schemas import ScenarioIn
    from keyparts.web.concurrency import heavy
    from keyparts.web.services.analysis import scenario
    form = await request.form()
    try:
        body = ScenarioIn(embargo=[str(v) for v in form.getlist("embargo")],
                          failed_suppliers=[str(v) for v in form.getlist("failed_suppliers")],
                          duration_days=float(form.get("duration_days") or 90),
                          inventory_days=float(form.get("inventory_days") or 15),
                          ramp_up_days=float(form.get("ramp_up_days") or 60),
                          qualify_days=float(form["qualify_days"]) if form.get("qualify_days") else None)
        r = await heavy(lambda: scenario(cache, p, **body.model_dump()))
    except PydValidationError as exc:
        return error_box(request, pydantic_problem(exc))
    except (KeypartsError, ValueError) as exc:
        return error_box(request, exc if isinstance(exc, KeypartsError) else KeypartsError(str(exc).splitlines()[0]))
    return render(request, "_scenario_result.html", p, r=r)


# ------------------------------------------------------------------ data import
@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, p: Caller) -> HTMLResponse:
    return render(request, "import.html", p)


@router.post("/import", response_class=HTMLResponse)
async def import_submit(request: Request, p: Caller, action: ImportAction, file: Annotated[UploadFile, File()]
                        ) -> HTMLResponse:
    """Validate an upload (anyone signed in) or import it (admins: :data:`ImportAction`), the
    import and its audit entry in one transaction."""
    from fastapi import HTTPException

    from keyparts.web.services import datasets as svc
    try:
        if action == "import":
            report = await svc.upload_and_import(file, request.app.state.engine, request.app.state.cache, p)
        else:
            report = svc.report(await svc.read(file))
    except KeypartsError as exc:
        return error_box(request, exc)
    except HTTPException as exc:  # 413, an empty file
        return error_box(request, KeypartsError(str(exc.detail)))
    return render(request, "_import_report.html", p, report=report, filename=file.filename)


from keyparts.web.pages import sharing as _sharing  # noqa: E402  (sharing, prices, board, offers)
router.include_router(_sharing.router)

__all__ = ["Depends", "optional_principal", "router"]


# ------------------------------------------------------------ pages of other areas (one module each)
from keyparts.web.pages import makers as _makers  # noqa: E402  (after render, TEMPLATES)
from keyparts.web.pages import qualification as _qualification  # noqa: E402
from keyparts.web.pages.language import router as _language_router  # noqa: E402

router.include_router(_qualification.router)
router.include_router(_makers.router)
router.include_router(_language_router)
