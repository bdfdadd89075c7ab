"""Words the engines and the dataset put on pages, in the interface language.

The engines speak English and keep their machine names (``qualified``, ``P_kN``) because the
CLI's ``--json`` and the API return them unchanged. Pages show them through:

- :func:`term`: an enumeration value (a part's status, a role, a taxonomy level, an
  allocation's status, a distribution) translated where the catalog has it;
- :func:`field_label`: a result key in words with its unit (``L10h_h`` -> "Basic rating life
  L10h (h)", in Chinese "额定寿命 L10h (h)");
- :func:`message`: an engine or validation message; messages built with values are matched by
  pattern (:data:`keyparts.messages.PATTERNS`), the values kept, the words translated.

Every word is marked with ``N_`` here so that ``tools/i18n`` extracts it into the catalogs.
"""

from __future__ import annotations

from functools import lru_cache

from keyparts.messages import translate
from keyparts.web.i18n import N_, current, gettext

TERMS = (
    # part status, project status, taxonomy levels
    N_("prototype"), N_("qualified"), N_("production"), N_("planned"), N_("running"), N_("completed"),
    N_("family"), N_("category"), N_("grade"),
    # roles and enterprise kinds
    N_("admin"), N_("analyst"), N_("member"), N_("parts_maker"), N_("oem"), N_("institute"), N_("lab"),
    # allocation status (HiGHS), visibility
    N_("optimal"), N_("feasible"), N_("time_limit"), N_("infeasible"), N_("unbounded"), N_("error"),
    N_("private"), N_("shared"), N_("public"),
    # life-data distributions and methods
    N_("weibull2p"), N_("weibull3p"), N_("exponential1p"), N_("exponential2p"), N_("lognormal"),
    N_("normal"), N_("loglogistic"), N_("gamma"), N_("mle"), N_("rr"),
    # bearing types (keyparts.design.BEARING_TYPES) and rolling elements
    N_("deep_groove"), N_("angular_contact"), N_("tapered"), N_("cylindrical"), N_("spherical_roller"),
    N_("self_aligning_ball"), N_("thrust_ball"), N_("thrust_roller"), N_("ball"), N_("roller"),
    # import-reliance methods of the assessment
    N_("trade"), N_("sourcing"),
    # facets the catalogue adds to a category's parameters
    N_("status"), N_("country"), N_("certifications"), N_("maker"), N_("home"), N_("foreign"),
    N_("part"), N_("demands"), N_("tests"), N_("user"), N_("token"),
    # industries of the bundled sample's products (a dataset's own words are shown as written)
    N_("aerospace"), N_("automotive"), N_("construction machinery"), N_("machine tools"), N_("rail"),
    N_("robotics"), N_("shipbuilding"), N_("wind power"), N_("energy"), N_("agricultural machinery"),
)


def term(word: object) -> str:
    """``word`` translated when it is one of :data:`TERMS` (else as it is)."""
    if word is None:
        return ""
    w = str(word)
    return gettext(w) if w in _TERM_SET else w


_TERM_SET = frozenset(TERMS)

# Result keys of the calculators (keyparts.design to_dict()) -> label, unit.
FIELDS: dict[str, tuple[str, str]] = {
    # rolling bearing, ISO 281:2007 / ISO 76:2006
    "P_kN": (N_("Dynamic equivalent load P"), "kN"),
    "L10_Mrev": (N_("Basic rating life L10"), "10⁶ r"),
    "L10h_h": (N_("Basic rating life L10h"), "h"),
    "a1": (N_("Life modification factor for reliability a1"), ""),
    "nu1_cSt": (N_("Reference viscosity ν1"), "mm²/s"),
    "kappa": (N_("Viscosity ratio κ"), ""),
    "a_iso": (N_("Life modification factor a_ISO"), ""),
    "L10m_Mrev": (N_("Modified rating life L10m"), "10⁶ r"),
    "L10mh_h": (N_("Modified rating life L10mh"), "h"),
    "P0_kN": (N_("Static equivalent load P0"), "kN"),
    "s0": (N_("Static safety factor s0"), ""),
    "eC": (N_("Contamination factor eC"), ""),
    "Cu_kN": (N_("Fatigue load limit Cu"), "kN"),
    "Cu_estimated": (N_("Cu estimated"), ""),
    "required_L10mh_h": (N_("Required life L10mh"), "h"),
    "reliability": (N_("Reliability"), ""),
    "bearing_type": (N_("Bearing type"), ""),
    "kind": (N_("Rolling elements"), ""),
    "passed": (N_("Verdict"), ""),
    # bolted joint, VDI 2230-1:2015
    "thread": (N_("Thread"), ""),
    "property_class": (N_("Property class"), ""),
    "As_mm2": (N_("Stress area As"), "mm²"),
    "FM_zul_kN": (N_("Permissible assembly preload FM zul"), "kN"),
    "FM_min_kN": (N_("Minimum assembly preload FM min"), "kN"),
    "MA_Nm": (N_("Tightening torque MA"), "N·m"),
    "sigma_red_MPa": (N_("Equivalent stress σred"), "MPa"),
    "safety_yield": (N_("Safety against yield"), ""),
    "Phi": (N_("Load factor Φ"), ""),
    "FKR_min_kN": (N_("Minimum residual clamp load FKR min"), "kN"),
    "sigma_a_MPa": (N_("Alternating stress σa"), "MPa"),
    "sigma_ASV_MPa": (N_("Fatigue limit σASV"), "MPa"),
    "safety_fatigue": (N_("Safety against fatigue"), ""),
    "p_MPa": (N_("Surface pressure p"), "MPa"),
    "safety_pressure": (N_("Safety against surface pressure"), ""),
    "safety_slip": (N_("Safety against slipping"), ""),
    # hydraulic cylinder
    "A1_mm2": (N_("Piston area A1"), "mm²"),
    "A2_mm2": (N_("Annulus area A2"), "mm²"),
    "phi": (N_("Area ratio φ"), ""),
    "F_push_kN": (N_("Push force"), "kN"),
    "F_pull_kN": (N_("Pull force"), "kN"),
    "v_out_m_s": (N_("Extension speed"), "m/s"),
    "v_in_m_s": (N_("Retraction speed"), "m/s"),
    "I_mm4": (N_("Second moment of area I"), "mm⁴"),
    "L_K_mm": (N_("Buckling length LK"), "mm"),
    "slenderness": (N_("Slenderness λ"), ""),
    "F_K_kN": (N_("Euler buckling load FK"), "kN"),
    "F_perm_kN": (N_("Permissible load"), "kN"),
    "safety_buckling": (N_("Safety against buckling"), ""),
    "euler_valid": (N_("Euler formula applies"), ""),
}


def field_label(key: str) -> str:
    """A result key in words with its unit, e.g. ``L10h_h`` -> "Basic rating life L10h (h)"."""
    if key not in FIELDS:
        return key
    label, unit = FIELDS[key]
    return f"{gettext(label)} ({unit})" if unit else gettext(label)


def yes_no(value: object) -> str:
    """A verdict or flag in words: yes/no, pass/fail for ``passed``, an em dash for none."""
    if value is None:
        return "—"
    return gettext("yes") if value else gettext("no")


def message(text: object) -> str:
    """An engine or validation message in the interface language (:func:`keyparts.messages.translate`)."""
    return translate(text, gettext)


def message_list(text: object, sep: str = "; ") -> str:
    """A ``sep``-joined list of messages (a category's drivers), each translated."""
    return ("；" if current() == "zh_CN" else sep).join(message(x) for x in str(text or "").split(sep) if x)


def install(env) -> None:
    """The filters ``term``, ``field_label``, ``yes_no`` and ``msg`` for templates."""
    env.filters.update(term=term, field_label=field_label, yes_no=yes_no, msg=message, msgs=message_list)
    env.globals["country_name"] = country_name


@lru_cache(maxsize=1)
def _countries_zh() -> dict[str, str]:
    """ISO alpha-2 -> Chinese country name (the customs' partner list bundled with keyparts)."""
    import csv
    import io
    from importlib import resources
    text = resources.files("keyparts.data").joinpath("partners_zh.csv").read_text("utf-8-sig")
    return {r["iso2"]: r["name_zh"] for r in csv.DictReader(io.StringIO(text))}


def country_name(country: dict | str, name: str | None = None) -> str:
    """A country's name in the interface language (``{"code", "name"}`` row or code + name)."""
    code, en = (country.get("code"), country.get("name")) if isinstance(country, dict) else (country, name)
    if current() == "zh_CN" and code in _countries_zh():
        return _countries_zh()[code]
    return en or code or ""
