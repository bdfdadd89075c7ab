"""The day-by-day part of the scenario page (issue 15): fetched by htmx once the static result
is shown (``_scenario_dynamic.html``), it runs the same form's scenario through
``keyparts.web.services.scenario_dynamic`` (as ``POST /api/v1/scenarios/dynamic`` does) and
draws the daily curves (``keyparts.charts.dynamics``) beside the static estimate."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from keyparts.errors import KeypartsError
from keyparts.web import i18n
from keyparts.web.concurrency import heavy
from keyparts.web.deps import Cache, ScenarioPage

router = APIRouter(include_in_schema=False)
_LABELS = (i18n.N_("day"), i18n.N_("per cent of pre-shock level"), i18n.N_("Production"),
           i18n.N_("Final consumption"), i18n.N_("Value added"), i18n.N_("Static estimate"),
           i18n.N_("Day by day"))


def _options(r: dict, product: str | None) -> tuple[dict | None, dict | None, str | None]:
    """The national chart's option, the chosen product's option and that product's id."""
    from keyparts.charts.dynamics import daily_curves_option

    g = i18n.gettext   # the msgids are also marked with i18n.N_ below, for extraction
    labels = {"x_label": g("day"), "y_label": g("per cent of pre-shock level")}
    nat = None
    if r["national"]:
        n = r["national"]
        nat = daily_curves_option(r["days"], {g("Production"): n["production"],
                                              g("Final consumption"): n["final_consumption"],
                                              g("Value added"): n["value_added"]}, **labels)
    prods = r["products"]
    chosen = next((x for x in prods if x["id"] == product), None) or (
        max(prods, key=lambda x: (x["lost_value_usd"], x["id"])) if prods else None)
    one = None
    if chosen is not None:
        static = ({g("Static estimate"): chosen["static_output_fraction"]}
                  if chosen["static_output_fraction"] is not None else None)
        one = daily_curves_option(r["days"], {g("Day by day"): chosen["output_fraction"]},
                                  static=static, static_days=r["scenario"]["duration_days"],
                                  **labels)
    return nat, one, chosen["id"] if chosen else None


@router.post("/scenario/dynamic", response_class=HTMLResponse)
async def scenario_dynamic(request: Request, p: ScenarioPage, cache: Cache) -> HTMLResponse:
    from pydantic import ValidationError as PydValidationError

    from keyparts.web.api.dynamics import DynamicScenarioIn, run
    from keyparts.web.pages import error_box, pydantic_problem, render

    form = await request.form()
    try:
        body = DynamicScenarioIn(
            embargo=[str(v) for v in form.getlist("embargo")],
            failed_suppliers=[str(v) for v in form.getlist("failed_suppliers")],
            duration_days=float(form.get("duration_days") or 90),
            inventory_days=float(form.get("inventory_days") or 15),
            ramp_up_days=float(form.get("ramp_up_days") or 60),
            qualify_days=float(form["qualify_days"]) if form.get("qualify_days") else None,
            horizon_days=int(form["horizon_days"]) if form.get("horizon_days") else None)
        r = await heavy(run, body, p.enterprise_id, cache)
    except PydValidationError as exc:
        return error_box(request, pydantic_problem(exc))
    except (KeypartsError, ValueError) as exc:
        return error_box(request, exc if isinstance(exc, KeypartsError)
                         else KeypartsError(str(exc).splitlines()[0]))
    nat, one, chosen = _options(r, str(form.get("product") or "") or None)
    return render(request, "_scenario_dynamic_result.html", p, d=r, national_option=nat,
                  product_option=one, chosen=chosen)
