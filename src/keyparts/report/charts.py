"""Charts of the assessment report: the ECharts options of :mod:`keyparts.charts` (the same
builders as the web pages), drawn in the report by the ECharts library inlined once in the
HTML (read from the package, ``keyparts/web/static/echarts.min.js``; no network)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources

import pandas as pd

from keyparts import charts
from keyparts.charts.bars import bars_height
from keyparts.charts._common import same


@lru_cache(maxsize=1)
def echarts_js() -> str:
    """The vendored ECharts 5 library (Apache-2.0, notices in static/echarts.LICENSE)."""
    return resources.files("keyparts").joinpath("web", "static", "echarts.min.js").read_text("utf-8")  # no import of keyparts.web


def risk_matrix(table: pd.DataFrame, *, sr_threshold: float, ei_threshold: float, label_top: int = 10,
                names: dict[str, str] | None = None, gettext: Callable[[str], str] = same) -> dict:
    """SR (y) against EI (x) of the ranked categories with the EU thresholds; the top ranks
    labelled; names from ``names`` (id -> name in the report's language) where given."""
    t = table.copy()
    if names:
        t["name"] = [names.get(i) or n for i, n in zip(t.index, t["name"])]
    return charts.risk_matrix(t, sr_threshold=sr_threshold, ei_threshold=ei_threshold, label_top=label_top,
                              url=None, gettext=gettext)


def exposure_by_origin(by_origin: pd.DataFrame, home: str, top_countries: int = 6,
                       gettext: Callable[[str], str] = same) -> tuple[dict, int] | None:
    """Stacked 100 % bars: share of each industry's exploded input value by origin country,
    and the chart's height (px); None without data."""
    if by_origin.empty:
        return None
    opt = charts.stacked_shares(list(by_origin.index.astype(str)), by_origin.set_axis(by_origin.index.astype(str)),
                                axis_name=gettext("Share of exploded input value by origin country"),
                                top=top_countries, highlight=home, gettext=gettext)
    return opt, 100 + 30 * len(by_origin)


def embargo_losses(losses: dict[str, float], days: float,
                   gettext: Callable[[str], str] = same) -> tuple[dict, int] | None:
    """Bars: total lost output value under each single-country embargo, and the height (px)."""
    if not losses:
        return None
    opt = charts.bars(list(losses), list(losses.values()), top=len(losses),
                      axis_name=gettext("Lost output value (%(days)s-day embargo)") % {"days": f"{days:g}"},
                      gettext=gettext)
    return opt, bars_height(len(losses))
