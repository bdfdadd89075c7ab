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
                                      status_code=status, headers={"X-Keyparts-Error": str(status_of(exc))})


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
DASHBOARD_WAIT_S = 1.0  # the national panel, when not yet computed, follows the page (htmx)


def national_html(cache: Cache) -> str:
    """The dashboard's national panel: the same aggregate for every analyst, rendered once per
    data version (the first time it runs the assessment: seconds to minutes at national scale)."""
    from keyparts.web.data import SUPPLY
    from keyparts.web.disclosure import exposure_view
    from keyparts.web.services import charts as chart_options

    def build() -> str:
        a = cache.assessment_dict()
        ranked = [c for c in a["categories"] if c["rank"] is not None]
        cats = cache.categories()
        sr_thr, ei_thr = a["method"].get("sr_threshold", 1.0), a["method"].get("ei_threshold", 2.8)
        matrix = chart_options.risk_matrix(ranked, cats, sr_threshold=sr_thr, ei_threshold=ei_thr)
        return TEMPLATES.get_template("_national.html").render(
            assessment=a, ranked=ranked[:15], matrix=matrix, cats=cats, label=cat_label,
            sr_thr=sr_thr, ei_thr=ei_thr,
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
    from keyparts.web.disclosure import min_enterprises
    from keyparts.web.services import catalog as svc
    from keyparts.web.services import charts as chart_options
    page = svc.category_page(category_id, p, cache, national=analyst is not None)
    return render(request, "category.html", p, label=cat_label, cats=cache.categories(),
                  history=chart_options.category_history(cache, category_id),
                  network=chart_options.category_chain_option(cache, category_id, p.enterprise_id),
                  k=min_enterprises(), chain_top=chart_options.CHAIN_TOP, **page)


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


# ------------------------------------------------------------------ life data, calculators
from keyparts.web.pages import calculators as _calculators  # noqa: E402  (after render, TEMPLATES)
from keyparts.web.pages import life as _life  # noqa: E402

router.include_router(_life.router)
router.include_router(_calculators.router)


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
    from keyparts.web.services import charts as chart_options
    return render(request, "_scenario_result.html", p, r=r, bars=chart_options.scenario(r))


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
from keyparts.web.pages import programme as _programme  # noqa: E402
from keyparts.web.pages import qualification as _qualification  # noqa: E402
from keyparts.web.pages.language import router as _language_router  # noqa: E402

router.include_router(_qualification.router)
router.include_router(_makers.router)
router.include_router(_programme.router)
router.include_router(_language_router)
from keyparts.web.pages import scenario_dynamic as _scenario_dynamic  # noqa: E402,I001
router.include_router(_scenario_dynamic.router)
from keyparts.web.pages import settings as _settings, admin as _admin  # noqa: E402  (tokens; users, audit)
router.include_router(_settings.router)
router.include_router(_admin.router)
