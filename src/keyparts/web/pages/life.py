"""Life-data pages (``keyparts life fit|alt|plan`` in the browser): fit one distribution or
all of them ranked by AICc, B-life and R(t) tables with bounds, a verdict against a required
Bp life, the probability plot with suspensions marked; accelerated life; test plans; a
template CSV of the ``tests`` table."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError as PydValidationError

from keyparts.errors import InputError, KeypartsError
from keyparts.web.deps import Cache, Caller, Repo
from keyparts.web.i18n import gettext
from keyparts.web.pages import render
from keyparts.web.pages.calculators import field_error
from keyparts.web.services import engineering as svc

router = APIRouter(include_in_schema=False)

def _number(text: str, field: str, *, lo: float = 0.0, hi: float = 1e12, strict_lo: bool = True) -> float | None:
    """An optional positive number typed in a form, or an InputError naming the field."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        v = float(text)
    except ValueError as exc:
        raise InputError(f"{field}: {text!r} is not a number") from exc
    if not ((v > lo if strict_lo else v >= lo) and v <= hi):
        raise InputError(f"{field}: {text!r}, expected a number {'>' if strict_lo else '>='} {lo:g} and <= {hi:g}")
    return v


def _numbers(text: str, field: str) -> list[float] | None:
    parts = [x for x in (text or "").replace(";", ",").replace("，", ",").split(",") if x.strip()]
    if not parts:
        return None
    return [_number(x, field, strict_lo=False) for x in parts]  # type: ignore[misc]


@router.get("/life", response_class=HTMLResponse)
def life_page(request: Request, p: Caller, cache: Cache) -> HTMLResponse:
    from keyparts.life import DISTRIBUTIONS
    parts = cache.public_dataset().frames["parts"]
    mine = parts[parts["maker_id"] == p.enterprise_id][["id", "designation"]].to_dict("records")
    return render(request, "life.html", p, dists=list(DISTRIBUTIONS), my_parts=mine)


@router.get("/life/template.csv")
def life_template(p: Caller) -> Response:
    """A tests.csv to fill in: failures, suspensions, an interval, a left-censored and a grouped row."""
    return Response(svc.TEMPLATE_CSV, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="life-tests-template.csv"'})


@router.post("/life", response_class=HTMLResponse)
async def life_submit(request: Request, p: Caller, repo: Repo, file: Annotated[UploadFile, File()],
                      dist: Annotated[str, Form(max_length=40)] = "weibull2p",
                      method: Annotated[str, Form(max_length=10)] = "mle",
                      cl: Annotated[str, Form(max_length=20)] = "0.9",
                      bounds: Annotated[str, Form(max_length=10)] = "lr",
                      required_b10: Annotated[str, Form(max_length=40)] = "",
                      p_pct: Annotated[str, Form(max_length=20)] = "10",
                      times: Annotated[str, Form(max_length=400)] = "",
                      part_id: Annotated[str, Form(max_length=200)] = "",
                      test_id: Annotated[str, Form(max_length=200)] = "",
                      to_unit: Annotated[str, Form(max_length=20)] = "") -> HTMLResponse:
    from keyparts.web.lifeio import read_life_csv, records
    from keyparts.web.uploads import heavy, read_upload
    try:
        req = _number(required_b10, "required_b10", hi=1e300)
        pp = _number(p_pct, "p_pct", hi=99.999) or 10.0
        clv = _number(cl, "cl", hi=0.9999) or 0.9
        if not 0.5 <= clv < 1:
            raise InputError(f"cl: {cl!r}, expected a confidence level between 0.5 and 1 (e.g. 0.9)")
        if method not in ("mle", "rrx", "rry"):
            raise InputError(f"method: {method!r} is not one of mle, rrx, rry")
        if bounds not in ("lr", "fisher"):
            raise InputError(f"bounds: {bounds!r} is not one of lr, fisher")
        tt = _numbers(times, "times")
        data = await read_upload(file)

        def parse_and_fit():  # CPU-heavy: in a worker thread, off the event loop
            df = read_life_csv(data, file.filename or "upload.csv")
            return df, svc.analyse_life(df, dist=dist, method=method, cl=clv, bounds=bounds, required=req, p=pp,
                                        times=tt, to_unit=to_unit.strip() or None, table=True,
                                        chart_gettext=gettext)
        df, out = await heavy(parse_and_fit)
        saved = None
        if part_id.strip():  # store as a new campaign of one of the caller's parts (audited)
            tid = test_id.strip()
            if not tid or "|" in tid or ";" in tid:
                raise InputError(f"test_id: {tid!r}: give a new campaign id (no '|' or ';') to store the data")
            saved = repo.add_test_records(part_id.strip(), tid, records(df))
    except KeypartsError as exc:
        return field_error(request, exc)
    return render(request, "_life_result.html", p, a=out, r=out.to_dict(), read_as=df.attrs.get("read_as"),
                  saved=(test_id.strip(), part_id.strip(), len(saved)) if saved else None)


# ------------------------------------------------------------------ accelerated life
@router.get("/life/alt", response_class=HTMLResponse)
def alt_page(request: Request, p: Caller) -> HTMLResponse:
    return render(request, "life_alt.html", p)


@router.post("/life/alt", response_class=HTMLResponse)
async def alt_submit(request: Request, p: Caller, file: Annotated[UploadFile, File()],
                     model: Annotated[str, Form(max_length=20)] = "ipl",
                     dist: Annotated[str, Form(max_length=20)] = "weibull2p",
                     exponent: Annotated[str, Form(max_length=40)] = "",
                     use_stress: Annotated[str, Form(max_length=40)] = "",
                     cl: Annotated[str, Form(max_length=20)] = "0.9",
                     to_unit: Annotated[str, Form(max_length=20)] = "") -> HTMLResponse:
    from keyparts.web.lifeio import read_life_csv
    from keyparts.web.uploads import heavy, read_upload
    try:
        n = _number(exponent, "exponent", hi=100)
        us = _number(use_stress, "use_stress")
        clv = _number(cl, "cl", hi=0.9999) or 0.9
        data = await read_upload(file)
        res, unit = await heavy(lambda: svc.alt(read_life_csv(data, file.filename or "upload.csv"), model=model,
                                                dist=dist, exponent=n, use_stress=us, cl=clv,
                                                to_unit=to_unit.strip() or None))
    except KeypartsError as exc:
        return field_error(request, exc)
    return render(request, "_alt_result.html", p, r=res.to_dict(), unit=unit)


# ------------------------------------------------------------------ test plans
@router.get("/life/plan", response_class=HTMLResponse)
def plan_page(request: Request, p: Caller) -> HTMLResponse:
    return render(request, "life_plan.html", p)


@router.post("/life/plan", response_class=HTMLResponse)
async def plan_submit(request: Request, p: Caller) -> HTMLResponse:
    from keyparts.web.api.engineering_schemas import PlanIn
    form = await request.form()
    vals = {k: v for k, v in form.items() if k not in ("csrf_token", "mode") and str(v).strip() != ""}
    mode = str(form.get("mode") or "weibayes")
    keep = {"weibayes": ("reliability", "at", "beta"), "substantiation": ("beta", "benchmark_eta"),
            "exponential": ("mtbf",)}.get(mode, ())
    for k in ("reliability", "at", "beta", "benchmark_eta", "mtbf"):
        if k not in keep:
            vals.pop(k, None)
    if mode == "exponential":
        vals.pop("units", None)
        vals.pop("duration", None)
    target = vals.pop("target", "units")
    if target == "units":
        vals.pop("units", None)
    else:
        vals.pop("duration", None)
    try:
        try:
            body = PlanIn(**vals)
        except PydValidationError as exc:
            e = exc.errors()[0]
            raise InputError(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}") from exc
        d = svc.plan(**body.model_dump())
    except KeypartsError as exc:
        return field_error(request, exc)
    return render(request, "_plan_result.html", p, d=d, mode=mode)
