"""``keyparts design``: application checks for substitute parts (bearing, bolt, cylinder, pump,
iso4406) and bearing designations (parse, interchange). Quantities ('55.3kN') are read by
:func:`keyparts.units.parse_quantity`, the one unit boundary: a number without its unit is
refused (was --C 55.3 N or kN?), only 0 may go without. The engines take plain floats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from keyparts.cli.common import JsonOpt, console
from keyparts.design.loads import BEARING_TYPES
from keyparts.errors import InputError
from keyparts.units import parse_quantity

#: ``--type`` choices: the bearing type names of ``keyparts.design`` (one list for CLI, API, web).
BearingTypeChoice = StrEnum("BearingTypeChoice", [(n, n) for n in BEARING_TYPES])
design_app = typer.Typer(name="design", no_args_is_help=True,
                         help="Application checks (ISO 281/76 bearings, VDI 2230 bolts, hydraulics) and "
                              "bearing designations with interchange grades.")


def qty(text: str | None, unit: str, name: str) -> float | None:
    """``--name`` text such as '55.3kN' as a float in ``unit`` (None stays None); a number without
    a unit is refused (only 0 may go without), see :func:`keyparts.units.parse_quantity`."""
    return parse_quantity(text, unit, where=f"--{name}")


def speed_rpm(text: str | None, name: str = "speed") -> float | None:
    """Rotational speed in r/min: '3000rpm', '3000 r/min', '314rad/s'; a frequency ('50/s',
    '50Hz') counts revolutions (50/s = 3000 r/min), see :mod:`keyparts.units`."""
    return parse_quantity(text, "rpm", where=f"--{name}")


#: The bearing engine's argument names as the options a CLI user typed.
BEARING_OPTIONS = {"required_L10mh_h": "--required-life", "speed_rpm": "--speed", "C_kN": "--C",
                   "C0_kN": "--C0", "Pu_kN": "--Pu", "Fr_kN": "--Fr", "Fa_kN": "--Fa", "d_mm": "--d",
                   "D_mm": "--D", "viscosity_cSt": "--viscosity", "nu1_cSt": "--nu1"}


@contextmanager
def engine_words_as_options(options: dict[str, str]) -> Iterator[None]:
    """An engine's :class:`InputError` re-worded with the CLI's option names
    (``speed_rpm`` -> ``--speed``), so the one-line error names what the user typed."""
    try:
        yield
    except InputError as exc:
        words = re.compile(r"\b(" + "|".join(map(re.escape, options)) + r")\b")
        raise InputError(words.sub(lambda m: options[m.group(1)], str(exc))) from exc


def _emit(result: Any, as_json: bool, title: str, failed: bool = False) -> None:
    d = result.to_dict()
    if as_json:
        print(json.dumps(d, ensure_ascii=False))
    else:
        table = Table(title=title)
        table.add_column("quantity")
        table.add_column("value", justify="right")
        for k, v in d.items():
            if k == "steps":
                for s in v:
                    mark = "" if s["passed"] is None else (" ✓" if s["passed"] else " ✗ FAIL")
                    vals = ", ".join(f"{kk} {vv:.4g}" for kk, vv in s["values"].items())
                    table.add_row(s["step"] + mark, vals)
                continue
            table.add_row(k, f"{v:.4g}" if isinstance(v, float) else escape(str(v)))
        console.print(table)
    if failed:
        raise typer.Exit(1)


@design_app.command("bearing")
def bearing_cmd(
    C: Annotated[str, typer.Option("--C", help="Basic dynamic load rating, e.g. 55.3kN.")],
    Fr: Annotated[str, typer.Option("--Fr", help="Radial load, e.g. 10kN.")],
    Fa: Annotated[str, typer.Option("--Fa", help="Axial load, e.g. 0N.")] = "0kN",
    designation: Annotated[str | None, typer.Option("--designation", help="e.g. 6309: gives type and d, D.")] = None,
    bearing_type: Annotated[BearingTypeChoice | None, typer.Option(
        "--type", help="Bearing type (default deep_groove or from --designation).")] = None,
    C0: Annotated[str | None, typer.Option("--C0", help="Basic static load rating, e.g. 31.5kN.")] = None,
    Pu: Annotated[str | None, typer.Option("--Pu", help="Fatigue load limit (catalogue), e.g. 1.34kN.")] = None,
    f0: Annotated[float | None, typer.Option("--f0", help="Catalogue calculation factor f0 (deep groove).")] = None,
    speed: Annotated[str | None, typer.Option("--speed", help="Rotational speed, e.g. 3000rpm.")] = None,
    viscosity: Annotated[str | None, typer.Option("--viscosity", help="Operating viscosity, e.g. 20cSt.")] = None,
    nu40: Annotated[str | None, typer.Option("--nu40", help="ν40 of the oil (with --nu100, --temperature).")] = None,
    nu100: Annotated[str | None, typer.Option("--nu100", help="ν100 of the oil.")] = None,
    temperature: Annotated[float | None, typer.Option("--temperature", help="Operating temperature, °C.")] = None,
    nu1: Annotated[str | None, typer.Option("--nu1", help="Rated viscosity ν1 (default: ISO 281 formula).")] = None,
    cleanliness: Annotated[str | None, typer.Option("--cleanliness", help="ISO 281 Table 13 level: extreme, "
                                                     "high, normal, slight, typical, severe, very_severe.")] = None,
    eC: Annotated[float | None, typer.Option("--eC", help="Contamination factor (overrides --cleanliness).")] = None,
    reliability: Annotated[float, typer.Option("--reliability", help="0.90–0.9995.")] = 0.9,
    clearance: Annotated[str | None, typer.Option("--clearance", help="CN, C3, C4 (default from designation).")] = None,
    d: Annotated[str | None, typer.Option("--d", help="Bore, e.g. 45mm.")] = None,
    D: Annotated[str | None, typer.Option("--D", help="Outside diameter, e.g. 100mm.")] = None,
    contact_angle: Annotated[float | None, typer.Option("--contact-angle", help="Degrees.")] = None,
    Y: Annotated[float | None, typer.Option("--Y", help="Catalogue Y (tapered).")] = None,
    e: Annotated[float | None, typer.Option("--e", help="Catalogue e (tapered, spherical).")] = None,
    Y1: Annotated[float | None, typer.Option("--Y1", help="Catalogue Y1 (spherical).")] = None,
    Y2: Annotated[float | None, typer.Option("--Y2", help="Catalogue Y2 (spherical).")] = None,
    Y0: Annotated[float | None, typer.Option("--Y0", help="Catalogue Y0.")] = None,
    required_life: Annotated[str | None, typer.Option("--required-life", help="Required L10mh, e.g. 20000h "
                                                       "(needs --speed); exit 1 if not reached.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Rating life of a rolling bearing (ISO 281:2007, ISO 76:2006).

    Example: keyparts design bearing --designation 6309 --C 55.3kN --C0 31.5kN --Pu 1.34kN
    --Fr 10kN --Fa 0N --speed 3000rpm --viscosity 20cSt --cleanliness high --json
    """
    from keyparts.design import bearing_check, parse_designation, viscosity_at_temperature

    btype, d_mm, D_mm, clr = bearing_type and bearing_type.value, qty(d, "mm", "d"), qty(D, "mm", "D"), clearance
    if designation:
        bd = parse_designation(designation)
        btype = btype or bd.check_type
        d_mm = d_mm if d_mm is not None else bd.d_mm
        D_mm = D_mm if D_mm is not None else bd.D_mm
        clr = clr or bd.clearance
        if contact_angle is None and bd.contact_angle_deg is not None:
            contact_angle = bd.contact_angle_deg
        if btype is None:
            raise InputError(f"--designation: {designation!r} ({bd.type_name}) has no ISO 281 load model here "
                             "(give --type)")
    btype = btype or "deep_groove"
    nu = qty(viscosity, "mm^2/s", "viscosity")
    if nu is None and nu40 and nu100 and temperature is not None:
        nu = float(viscosity_at_temperature(qty(nu40, "mm^2/s", "nu40"), qty(nu100, "mm^2/s", "nu100"), temperature))
    req = qty(required_life, "hour", "required-life")
    with engine_words_as_options(BEARING_OPTIONS):
        res = bearing_check(C_kN=qty(C, "kN", "C"), Fr_kN=qty(Fr, "kN", "Fr"), Fa_kN=qty(Fa, "kN", "Fa"),
                            bearing_type=btype, C0_kN=qty(C0, "kN", "C0"), Pu_kN=qty(Pu, "kN", "Pu"),
                            f0=f0,
                            speed_rpm=speed_rpm(speed), d_mm=d_mm, D_mm=D_mm, viscosity_cSt=nu,
                            nu1_cSt=qty(nu1, "mm^2/s", "nu1"), cleanliness=cleanliness, eC=eC,
                            reliability=reliability, clearance=clr or "CN", contact_angle_deg=contact_angle,
                            e=e, Y=Y, Y1=Y1, Y2=Y2, Y0=Y0, required_L10mh_h=req)
    _emit(res, as_json, f"bearing {designation or btype}", failed=res.passed is False)


@design_app.command("bolt")
def bolt_cmd(
    thread_spec: Annotated[str, typer.Option("--thread", help="M12 or M12x1.5.")],
    cls: Annotated[str, typer.Option("--class", help="ISO 898-1 property class, e.g. 8.8.")],
    friction: Annotated[float, typer.Option("--friction", help="Thread friction μG.")] = 0.12,
    friction_head: Annotated[float | None, typer.Option("--friction-head", help="Head friction μK (default μG).")] = None,
    tightening_factor: Annotated[float, typer.Option("--tightening-factor", help="αA = FMmax/FMmin.")] = 1.6,
    axial_load: Annotated[str, typer.Option("--axial-load", help="Working axial load FA, e.g. 10kN.")] = "0kN",
    axial_load_min: Annotated[str, typer.Option("--axial-load-min", help="Lower axial load of a cycle.")] = "0kN",
    transverse_load: Annotated[str, typer.Option("--transverse-load", help="Transverse load FQ.")] = "0kN",
    friction_interface: Annotated[float, typer.Option("--friction-interface", help="μT for slip.")] = 0.1,
    clamp_length: Annotated[str | None, typer.Option("--clamp-length", help="lK, e.g. 30mm (gives Φ).")] = None,
    outer_diameter: Annotated[str | None, typer.Option("--outer-diameter", help="DA of the clamped parts.")] = None,
    pG: Annotated[str | None, typer.Option("--pG", help="Limiting surface pressure, e.g. 490MPa.")] = None,
    rolled_after_ht: Annotated[bool, typer.Option("--rolled-after-ht", help="Thread rolled after heat treatment.")] = False,
    phi: Annotated[float | None, typer.Option("--phi", help="Load factor Φ if known (else from --clamp-length).")] = None,
    static: Annotated[bool, typer.Option("--static", help="Static axial load: skip the R9 fatigue step.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Bolted joint along VDI 2230 (R7–R13) with ISO 898-1 classes; exit 1 if a step fails.

    Example: keyparts design bolt --thread M12 --class 8.8 --friction 0.12 --tightening-factor 1.6
    --axial-load 10kN --json
    """
    from keyparts.design.bolts import bolt_check

    res = bolt_check(thread_spec=thread_spec, property_class_name=cls, mu_G=friction, mu_K=friction_head,
                     alpha_A=tightening_factor, FA_kN=qty(axial_load, "kN", "axial-load"),
                     FA_min_kN=qty(axial_load_min, "kN", "axial-load-min"),
                     FQ_kN=qty(transverse_load, "kN", "transverse-load"), mu_T=friction_interface,
                     clamp_length_mm=qty(clamp_length, "mm", "clamp-length"),
                     DA_mm=qty(outer_diameter, "mm", "outer-diameter"), pG_MPa=qty(pG, "MPa", "pG"),
                     rolled_after_heat_treatment=rolled_after_ht, Phi=phi, dynamic=not static)
    _emit(res, as_json, f"bolt {res.thread} {res.property_class}", failed=not res.passed)


@design_app.command("cylinder")
def cylinder_cmd(
    bore: Annotated[str, typer.Option("--bore", help="Piston diameter, e.g. 100mm.")],
    rod: Annotated[str, typer.Option("--rod", help="Rod diameter, e.g. 56mm.")],
    pressure: Annotated[str, typer.Option("--pressure", help="e.g. 160bar.")],
    flow: Annotated[str | None, typer.Option("--flow", help="e.g. 50L/min.")] = None,
    stroke: Annotated[str | None, typer.Option("--stroke", help="Mounting length L for LK = β·L.")] = None,
    buckling_length: Annotated[str | None, typer.Option("--buckling-length", help="LK directly.")] = None,
    euler_case: Annotated[int, typer.Option("--euler-case", help="1–4 (β = 2, 1, 0.699, 0.5).")] = 2,
    safety: Annotated[float, typer.Option("--safety", help="Required buckling safety.")] = 3.5,
    load: Annotated[str | None, typer.Option("--load", help="Push load (default the full push force).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Cylinder forces, speeds and rod buckling (Euler / Tetmajer); exit 1 if buckling fails.

    Example: keyparts design cylinder --bore 100mm --rod 56mm --pressure 160bar --buckling-length 2000mm --json
    """
    from keyparts.design.hydraulics import cylinder_check

    res = cylinder_check(bore_mm=qty(bore, "mm", "bore"), rod_mm=qty(rod, "mm", "rod"),
                         pressure_bar=qty(pressure, "bar", "pressure"), flow_L_min=qty(flow, "L/min", "flow"),
                         stroke_mm=qty(stroke, "mm", "stroke"),
                         buckling_length_mm=qty(buckling_length, "mm", "buckling-length"),
                         euler_case=euler_case, safety=safety, load_kN=qty(load, "kN", "load"))
    _emit(res, as_json, "cylinder", failed=res.passed is False)


@design_app.command("pump")
def pump_cmd(
    displacement: Annotated[str, typer.Option("--displacement", help="e.g. 28cm^3 (per revolution).")],
    speed: Annotated[str, typer.Option("--speed", help="e.g. 1450rpm.")],
    pressure: Annotated[str, typer.Option("--pressure", help="e.g. 200bar.")],
    eta_v: Annotated[float, typer.Option("--eta-v", help="Volumetric efficiency.")] = 0.95,
    eta_t: Annotated[float, typer.Option("--eta-t", help="Total efficiency.")] = 0.85,
    as_json: JsonOpt = False,
) -> None:
    """Pump flow, hydraulic and input power, torque.

    Example: keyparts design pump --displacement 28cm^3 --speed 1450rpm --pressure 200bar --json
    """
    from keyparts.design.hydraulics import pump_check

    res = pump_check(displacement_cm3=qty(displacement, "cm^3", "displacement"), speed_rpm=speed_rpm(speed),
                     pressure_bar=qty(pressure, "bar", "pressure"), eta_v=eta_v, eta_t=eta_t)
    _emit(res, as_json, "pump")


@design_app.command("iso4406")
def iso4406_cmd(
    counts: Annotated[list[float], typer.Argument(help="Particles per mL at ≥4, ≥6, ≥14 µm(c).")],
    as_json: JsonOpt = False,
) -> None:
    """ISO 4406 cleanliness code from particle counts per mL.

    Example: keyparts design iso4406 3000 500 7   (→ 19/16/10)
    """
    from keyparts.design.hydraulics import iso4406_code, iso4406_range

    code = iso4406_code(counts)
    out = {"code": code, "ranges_per_mL": [list(r) for r in iso4406_range(code)]}
    print(json.dumps(out) if as_json else code)


@design_app.command("parse")
def parse_cmd(
    text: Annotated[str, typer.Argument(help="Designation, e.g. 6205-2RS1/C3, NSK 6205DDU, 180205.")],
    system: Annotated[str, typer.Option("--system", help="auto, iso or old (GB 272-88 / GOST).")] = "auto",
    as_json: JsonOpt = False,
) -> None:
    """Parse a bearing designation into type, series, bore, d×D×B, seals, cage, clearance, precision.

    Example: keyparts design parse 180205 --json
    """
    from keyparts.design import parse_designation

    if system not in ("auto", "iso", "old"):
        raise InputError(f"--system: {system!r} (expected auto, iso or old)")
    _emit(parse_designation(text, system=system), as_json, f"designation {text}")  # type: ignore[arg-type]


@design_app.command("interchange")
def interchange_cmd(
    a: Annotated[str, typer.Argument(help="The part in use, e.g. 'SKF 6205-2RS1'.")],
    b: Annotated[str, typer.Argument(help="The candidate substitute, e.g. 180205.")],
    C_a: Annotated[str | None, typer.Option("--C-a", help="Catalogue C of a, e.g. 14.8kN.")] = None,
    C_b: Annotated[str | None, typer.Option("--C-b", help="Catalogue C of b.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Grade b as a substitute for a: identical, drop-in upgrade/downgrade, similar, not interchangeable.

    Example: keyparts design interchange "SKF 6205-2RS1" 180205 --json
    """
    from keyparts.design import interchange

    _emit(interchange(a, b, C_a_kN=qty(C_a, "kN", "C-a"), C_b_kN=qty(C_b, "kN", "C-b")), as_json,
          f"{b} for {a}")


def register(app: typer.Typer) -> None:
    """Add the ``design`` command group to the root app."""
    app.add_typer(design_app, name="design")
