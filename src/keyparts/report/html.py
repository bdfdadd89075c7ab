"""The assessment as one self-contained HTML file (Jinja2 template in the package; charts drawn
by the ECharts library inlined once, from the options of :mod:`keyparts.charts`),
in English or Chinese (``lang``: the interface's gettext catalogs in ``keyparts/locale``)."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import jinja2
from babel.support import Translations

from keyparts.messages import translate
from keyparts.priority.assess import Assessment
from keyparts.report import charts
from keyparts.supply.scenario import ScenarioResult


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


LANGS = ("en", "zh_CN")


@lru_cache(maxsize=None)
def translations(lang: str) -> Translations:
    """The compiled interface catalog of ``lang`` (a NullTranslations for English)."""
    if lang not in LANGS:
        raise ValueError(f"lang: {lang!r}, expected one of {', '.join(LANGS)}")
    return Translations.load(str(resources.files("keyparts").joinpath("locale")), [lang], domain="messages")


def _env(lang: str = "en") -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: resources.files("keyparts.report").joinpath("templates", name).read_text("utf-8")),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"])
    tr = translations(lang)
    env.install_gettext_translations(tr, newstyle=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # chart text readable

    def money(x: float | None) -> str:
        if _missing(x):
            return "–"
        for div, unit in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
            if abs(x) >= div:
                return f"{x / div:,.1f} {unit}"
        return f"{x:,.0f}"

    def pct(x: float | None, nd: int = 0) -> str:
        return "–" if _missing(x) else f"{x:.{nd}%}"

    def num(x: float | None, fmt: str = ".2f") -> str:
        return "–" if _missing(x) else format(x, fmt)

    def txt(x: object) -> str:
        return "–" if _missing(x) else str(x)

    def msg(text: object) -> str:
        return translate(text, tr.gettext)

    def drivers(text: object) -> str:
        """A category's "; "-joined drivers, each translated."""
        return ("；" if lang == "zh_CN" else "; ").join(msg(x) for x in str(text or "").split("; ") if x)

    env.filters.update(money=money, pct=pct, num=num, txt=txt, drivers=drivers, msg=msg)
    env.globals["html_lang"] = "zh-CN" if lang == "zh_CN" else "en"
    return env


def render_report(res: Assessment, *, title: str = "keyparts", scenarios: Sequence[ScenarioResult] = (),
                  lang: str = "en", names_zh: dict[str, str] | None = None) -> str:
    """HTML text of the report: risk matrix, key categories, exposure, scenarios, methods.

    ``scenarios`` are extra user scenarios shown after the worst single-country embargo.
    ``lang``: ``en`` or ``zh_CN``; in Chinese, categories are named by ``names_zh`` (id ->
    the dataset's ``name_zh``) where given.
    """
    env = _env(lang)
    names = names_zh if lang == "zh_CN" and names_zh else {}
    env.globals["cat_name"] = lambda cid, name: names.get(cid) or name
    _ = translations(lang).gettext
    m = res.method
    ranked = res.ranked()
    top = ranked.head(res.top_n)
    chart_matrix = charts.risk_matrix(res.table, sr_threshold=m["sr_threshold"], ei_threshold=m["ei_threshold"],
                                      label_top=res.top_n, names=names, gettext=_)
    chart_exposure = charts.exposure_by_origin(res.exposure.industry_by_origin, res.home, gettext=_)
    chart_embargo = charts.embargo_losses(res.embargo_losses, m["embargo_days"], gettext=_)
    worst = res.worst_scenario
    scen_products = scen_industries = None
    if worst is not None:
        scen_products = worst.products.sort_values("lost_value_usd", ascending=False).head(15)
        scen_industries = worst.industries.sort_values("lost_value_usd", ascending=False)
    return env.get_template("report.html.j2").render(
        title=title, res=res, method=m, top=top, ranked=ranked, n_ranked=len(ranked),
        families=res.table[res.table["level"] == "family"],
        chart_matrix=chart_matrix, chart_exposure=chart_exposure, chart_embargo=chart_embargo,
        echarts_js=charts.echarts_js(),
        industries=res.exposure.industries, spof=res.exposure.spof.head(15),
        worst=worst, scen_products=scen_products, scen_industries=scen_industries,
        extra=[(sc, sc.products.sort_values("lost_value_usd", ascending=False).head(15),
                sc.industries.sort_values("lost_value_usd", ascending=False)) for sc in scenarios],
        generated=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
