"""Life tests on the web: an uploaded CSV read by the dataset contract's ``tests.csv`` rules
(:func:`keyparts.dataset.upload.read_life_tests`: errors read ``upload.csv:4:time_upper: ...``),
converted by the one converter :func:`keyparts.life.from_tests_frame`, fitted, and plotted
(SVG, matplotlib, server side). The API, the life page and the part page all come here.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd

from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.dataset.upload import read_life_tests

if TYPE_CHECKING:  # keyparts.life (SciPy) is imported by the first fit, not at server start
    from keyparts.life import FitResult, LifeData

MAX_ROWS = 100_000


def read_life_csv(data: bytes, file: str = "upload.csv") -> pd.DataFrame:
    """The typed ``tests`` frame of an uploaded CSV (at most ``MAX_ROWS`` rows) or ValidationError."""
    return read_life_tests(data, file=file, max_rows=MAX_ROWS)


def records(df: pd.DataFrame) -> list[dict]:
    """Rows of a typed ``tests`` frame as the store takes them (None for empty cells)."""
    df = df[TABLE_BY_NAME["tests"].column_names]  # extra columns of an upload are not stored
    out = df.astype(object).where(df.notna(), None).to_dict("records")
    for r in out:
        if r.get("count") is not None:
            r["count"] = int(r["count"])
    return out


def fit_tests(df: pd.DataFrame, *, dist: str = "weibull2p", method: str = "mle", cl: float = 0.9,
              to_unit: str | None = None) -> tuple[FitResult, LifeData]:
    """:func:`keyparts.life.fit` of a ``tests`` frame, and the life data it fitted."""
    from keyparts.life import fit, from_tests_frame

    data = from_tests_frame(df, to_unit=to_unit)
    return fit(data, dist=dist, method=method, cl=cl), data


def probability_plot_svg(res: FitResult, data: LifeData, labels: dict[str, str] | None = None,
                         kind: str | None = None) -> str:
    """The probability plot of keyparts.life.plots (points, suspensions, fitted line, bounds;
    time axis in the data's unit) as inline SVG; ``labels``: legend and axis words in the
    interface language; ``kind``: the bounds drawn (the fit's own by default)."""
    from keyparts.life.plots import probability_plot

    buf = io.StringIO()
    probability_plot(res, data, buf, fmt="svg", labels=labels, kind=kind)
    svg = buf.getvalue()
    return svg[svg.find("<svg"):]
