"""The calculators page: bearing (ISO 281 / ISO 76), bolted joint (VDI 2230) and hydraulic
cylinder, with every input of the CLI (``keyparts design bearing|bolt|cylinder --help``).
Results are labelled in words with units, with a pass/fail verdict that states what is
compared with what, and print as a calculation report (inputs, sources, results)."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import pass_context
from pydantic import ValidationError as PydValidationError

from keyparts.errors import InputError, KeypartsError
from keyparts.web.api import engineering_schemas as m
from keyparts.web.deps import Caller
from keyparts.web.i18n import N_, gettext
from keyparts.web.pages import TEMPLATES, error_box, render
from keyparts.web.services import engineering as svc

router = APIRouter(include_in_schema=False)

#: Input names of the forms in words with their unit (errors name the field as the form does).
INPUTS: dict[str, tuple[str, str]] = {
    "designation": (N_("Designation"), ""), "bearing_type": (N_("Bearing type"), ""),
    "C_kN": (N_("Basic dynamic load rating C"), "kN"), "C0_kN": (N_("Basic static load rating C0"), "kN"),
    "Pu_kN": (N_("Fatigue load limit Pu"), "kN"), "Fr_kN": (N_("Radial load Fr"), "kN"),
    "Fa_kN": (N_("Axial load Fa"), "kN"), "speed_rpm": (N_("Speed n"), "r/min"),
    "f0": (N_("Calculation factor f0"), ""), "d_mm": (N_("Bore d"), "mm"), "D_mm": (N_("Outside diameter D"), "mm"),
    "viscosity_cSt": (N_("Operating viscosity ν"), "mm²/s"), "iso_vg": (N_("Oil ISO VG grade"), ""),
    "nu40_cSt": (N_("Oil viscosity at 40 °C ν40"), "mm²/s"), "nu100_cSt": (N_("Oil viscosity at 100 °C ν100"), "mm²/s"),
    "temperature_C": (N_("Operating temperature"), "°C"), "nu1_cSt": (N_("Rated viscosity ν1"), "mm²/s"),
    "cleanliness": (N_("Contamination level (ISO 281 Table 13)"), ""), "eC": (N_("Contamination factor eC"), ""),
    "reliability": (N_("Reliability"), ""), "clearance": (N_("Radial clearance"), ""),
    "contact_angle_deg": (N_("Contact angle α"), "°"), "e": (N_("Catalogue e"), ""), "Y": (N_("Catalogue Y"), ""),
    "Y1": (N_("Catalogue Y1"), ""), "Y2": (N_("Catalogue Y2"), ""), "Y0": (N_("Catalogue Y0"), ""),
    "required_L10mh_h": (N_("Required life L10mh"), "h"),
    "thread_spec": (N_("Thread"), ""), "property_class_name": (N_("Property class"), ""),
    "mu_G": (N_("Thread friction μG"), ""), "mu_K": (N_("Head friction μK"), ""),
    "alpha_A": (N_("Tightening factor αA"), ""), "FA_kN": (N_("Axial working load FA"), "kN"),
    "FA_min_kN": (N_("Lower axial load of a cycle FA min"), "kN"), "FQ_kN": (N_("Transverse load FQ"), "kN"),
    "FK_req_kN": (N_("Required clamp load FK req"), "kN"), "mu_T": (N_("Interface friction μT"), ""),
    "clamp_length_mm": (N_("Clamp length lK"), "mm"), "DA_mm": (N_("Outer diameter of the clamped parts DA"), "mm"),
    "pG_MPa": (N_("Limiting surface pressure pG"), "MPa"), "Phi": (N_("Load factor Φ"), ""),
    "rolled_after_heat_treatment": (N_("Thread rolled after heat treatment"), ""),
    "dynamic": (N_("Alternating axial load (fatigue step R9)"), ""),
    "bore_mm": (N_("Bore"), "mm"), "rod_mm": (N_("Rod diameter"), "mm"), "pressure_bar": (N_("Pressure"), "bar"),
    "flow_L_min": (N_("Flow"), "L/min"), "stroke_mm": (N_("Stroke (mounting length L)"), "mm"),
    "buckling_length_mm": (N_("Buckling length LK"), "mm"), "euler_case": (N_("Euler buckling case"), ""),
    "safety": (N_("Required buckling safety"), ""), "load_kN": (N_("Push load"), "kN"),
    # life pages (keyparts.web.pages.life)
    "required_b10": (N_("Required Bp life"), ""), "p_pct": (N_("p of the Bp life (%%)"), ""),
    "cl": (N_("Confidence level"), ""), "confidence": (N_("Confidence level"), ""),
    "times": (N_("R(t) at times (comma-separated)"), ""), "dist": (N_("Distribution"), ""),
    "method": (N_("Estimation method"), ""), "bounds": (N_("Confidence bounds"), ""),
    "test_id": (N_("Campaign id"), ""), "exponent": (N_("Fixed exponent n (inverse power law)"), ""),
    "use_stress": (N_("Use stress"), ""), "beta": (N_("Assumed Weibull shape β"), ""),
    "at": (N_("at time"), ""), "units": (N_("Units on test"), ""), "duration": (N_("Test duration per unit"), ""),
    "failures": (N_("Failures allowed"), ""), "benchmark_eta": (N_("Benchmark η (substantiation)"), ""),
    "mtbf": (N_("MTBF to demonstrate (exponential)"), ""),
    "true_eta": (N_("True η for the chance of passing (optional)"), ""),
}

#: Keys of the VDI 2230 steps' values that the shared result labels (keyparts.web.terms.FIELDS) lack.
STEP_VALUES: dict[str, tuple[str, str]] = {
    "FK_erf_kN": (N_("Required clamp load FK erf"), "kN"), "FZ_kN": (N_("Preload loss from embedding FZ"), "kN"),
    "n": (N_("Load introduction factor n"), ""), "sigma_AS_MPa": (N_("Fatigue limit σAS"), "MPa"),
}


#: The VDI 2230 step names and requirements of keyparts.design.bolts, for the catalogs (shown through ``msg``).
STEP_WORDS = (
    N_("R7 assembly preload"), N_("R3/R4 load factor and embedding"), N_("R2/R5 residual clamp load"),
    N_("R8 working stress"), N_("R9 fatigue"), N_("R10 surface pressure"), N_("R12 slip"),
    N_("R13 tightening torque"), N_("set the wrench to MA"), N_("FMmax = FM,zul (ν = 0.9 of Rp0.2min)"),
    N_("FKR,min >= FK,erf (and > 0: no separation)"), N_("SF = Rp0.2min/σred,B >= 1.0 (kτ = 0.5)"),
    N_("SD = σAS/σa >= 1.2 (rolled before heat treatment)"), N_("SD = σAS/σa >= 1.2 (rolled after heat treatment)"),
    N_("SG = FKR,min·qF·μT/FQ >= 1.2 (static)"), N_("Sp = pG/pB,max >= 1.0"),
    N_("cone model, fZ ≈ 3.29·(lK/d)^0.34 µm·10⁻³ unless given"),
)


def result_label(key: str) -> str:
    """A result key in words with its unit: the shared labels, then the bolt steps' own."""
    from keyparts.web.terms import FIELDS, field_label
    if key in FIELDS or key not in STEP_VALUES:
        return field_label(key)
    label, unit = STEP_VALUES[key]
    return f"{gettext(label)} ({unit})" if unit else gettext(label)


#: ISO 281:2007 Table 13 contamination levels, as the standard describes them.
CLEANLINESS = {
    "extreme": N_("extreme cleanliness: particle size of the order of the lubricant film thickness (laboratory)"),
    "high": N_("high cleanliness: oil filtered through an extremely fine filter; sealed, greased for life"),
    "normal": N_("normal cleanliness: oil filtered through a fine filter; shielded, greased for life"),
    "slight": N_("slight contamination: slight contamination in the lubricant"),
    "typical": N_("typical contamination: no integral seals, coarse filter, wear particles from surroundings"),
    "severe": N_("severe contamination: highly contaminated surroundings, insufficient sealing"),
    "very_severe": N_("very severe contamination"),
}


def input_label(name: str) -> str:
    """A form field in words with its unit, e.g. ``C_kN`` -> "Basic dynamic load rating C (kN)"."""
    if name not in INPUTS:
        return name
    label, unit = INPUTS[name]
    text = gettext(label).replace("%%", "%")
    return f"{text} ({unit})" if unit else text


def num(v: Any, digits: int = 4) -> str:
    """A number to ``digits`` significant figures (no exponent below 1e6)."""
    if v is None or isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return gettext("not computed")
    s = f"{v:.{digits}g}"
    if "e" in s and abs(v) < 1e15:
        s = f"{v:.0f}"
    return s


# pass_context: Jinja would otherwise fold ``"C_kN"|input_label`` into the compiled template in the
# language of its first rendering (constant folding of filters on literals).
TEMPLATES.env.filters.update(input_label=pass_context(lambda _ctx, name: input_label(name)),
                             result_label=pass_context(lambda _ctx, key: result_label(key)),
                             calc_num=pass_context(lambda _ctx, v, digits=4: num(v, digits)))


@router.get("/calculators", response_class=HTMLResponse)
def calculators_page(request: Request, p: Caller) -> HTMLResponse:
    from keyparts.design import BEARING_TYPES
    return render(request, "calculators.html", p, bearing_types=BEARING_TYPES, cleanliness=CLEANLINESS,
                  iso_vg=svc.ISO_VG)


async def _form(request: Request, schema: type, bools: tuple[str, ...] = ()) -> Any:
    """The posted form as ``schema`` (empty fields left out; checkboxes as booleans); a
    validation error becomes an InputError naming the field (``C_kN: ...``)."""
    form = await request.form()
    vals: dict[str, Any] = {k: v for k, v in form.items() if k != "csrf_token" and str(v).strip() != ""}
    for b in bools:
        vals[b] = b in vals
    try:
        return schema(**vals)
    except PydValidationError as exc:
        e = exc.errors()[0]
        field = ".".join(str(x) for x in e["loc"]) or "value"
        raise InputError(f"{field}: {e['msg']}") from exc


def _field_of(exc: KeypartsError) -> str | None:
    head = str(exc).split(":", 1)[0].strip()
    return head if head in INPUTS else None


def field_error(request: Request, exc: KeypartsError) -> HTMLResponse:
    """The error in place, led by the field's words (the form's label)."""
    resp = error_box(request, exc)
    field = _field_of(exc)
    if field is None:
        return resp
    return TEMPLATES.TemplateResponse(request, "_calc_error.html", {"message": str(exc).splitlines()[0],
                                                                    "field": field},
                                      status_code=resp.status_code)


@router.post("/calculators/bearing", response_class=HTMLResponse)
async def bearing_submit(request: Request, p: Caller) -> HTMLResponse:
    try:
        body = await _form(request, m.BearingIn)
        run = svc.bearing(body)
    except KeypartsError as exc:
        return field_error(request, exc)
    return TEMPLATES.TemplateResponse(request, "_bearing_result.html", {"run": run, "r": run.check.to_dict(),
                                                                        "cleanliness": CLEANLINESS})


@router.post("/calculators/bolt", response_class=HTMLResponse)
async def bolt_submit(request: Request, p: Caller) -> HTMLResponse:
    try:
        body = await _form(request, m.BoltIn, bools=("rolled_after_heat_treatment",))
        r = svc.bolt(body).to_dict()
    except KeypartsError as exc:
        return field_error(request, exc)
    return TEMPLATES.TemplateResponse(request, "_bolt_result.html", {"r": r, "inputs": body.model_dump(exclude_none=True)})


@router.post("/calculators/cylinder", response_class=HTMLResponse)
async def cylinder_submit(request: Request, p: Caller) -> HTMLResponse:
    try:
        body = await _form(request, m.CylinderIn)
        r = svc.cylinder(body).to_dict()
    except KeypartsError as exc:
        return field_error(request, exc)
    return TEMPLATES.TemplateResponse(request, "_design_result.html", {"r": r,
                                                                       "inputs": body.model_dump(exclude_none=True)})
