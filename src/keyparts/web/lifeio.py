"""Life-test CSV upload: parse, fit, probability plot (SVG, matplotlib, server side).

CSV columns: ``time`` (required), ``status`` (F failure, S suspension, L left-censored,
I interval; default F), optional ``time_upper``, ``count``, ``unit_id``, ``stress``,
``time_unit`` — the columns of ``tests.csv`` in docs/data-format.md.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.errors import InputError, Problem, ValidationError

MAX_ROWS = 100_000
STATUSES = TABLE_BY_NAME["tests"].column("status").choices  # F, S, L, I as in tests.csv
TIME_UNITS = TABLE_BY_NAME["tests"].column("time_unit").choices
COUNT_MAX = int(TABLE_BY_NAME["tests"].column("count").max)  # as stored (tests.csv contract)


def parse_life_csv(data: bytes, file: str = "upload.csv") -> pd.DataFrame:
    """Typed frame (time, time_upper, status, count, unit_id, stress, time_unit) or ValidationError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start}); expected a CSV file") from exc
    if "\x00" in text:
        raise InputError(f"{file}: contains NUL bytes; expected a CSV text file")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, nrows=MAX_ROWS + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(f"{file}: not a readable CSV ({str(exc).splitlines()[0]}); expected a header "
                         "row with at least 'time' and 'status'") from exc
    df.columns = [str(c).strip() for c in df.columns]
    if "time" not in df.columns:
        raise ValidationError([Problem(file, 1, "time", f"no 'time' column (found: {', '.join(df.columns)})")])
    if len(df) > MAX_ROWS:
        raise InputError(f"{file}: more than {MAX_ROWS} rows; split the file")
    if len(df) == 0:
        raise ValidationError([Problem(file, None, None, "no data rows")])
    problems: list[Problem] = []
    out = pd.DataFrame(index=df.index)

    def num(col: str, required: bool) -> pd.Series:
        raw = df[col].str.strip() if col in df.columns else pd.Series("", index=df.index)
        v = pd.to_numeric(raw.replace("", np.nan), errors="coerce")
        bad = (raw != "") & (v.isna() | ~np.isfinite(v.fillna(0)) | (v < 0))
        for i in np.flatnonzero(bad.to_numpy())[:20]:
            problems.append(Problem(file, int(i) + 2, col, f"{raw.iloc[i]!r} is not a number >= 0"))
        return v.astype(float)

    out["time"] = num("time", True)
    out["time_upper"] = num("time_upper", False)
    st = (df["status"].str.strip().str.upper() if "status" in df.columns
          else pd.Series("F", index=df.index)).replace("", "F")
    bad = ~st.isin(STATUSES)
    for i in np.flatnonzero(bad.to_numpy())[:20]:
        problems.append(Problem(file, int(i) + 2, "status", f"{st.iloc[i]!r} is not one of F, S, L, I"))
    out["status"] = st
    cnt = num("count", False)
    whole = cnt.isna() | ((cnt >= 1) & (cnt <= COUNT_MAX) & (cnt == np.floor(cnt.fillna(0))))
    for i in np.flatnonzero(~whole.to_numpy())[:20]:
        problems.append(Problem(file, int(i) + 2, "count", f"{cnt.iloc[i]:g} is not a whole number in [1, {COUNT_MAX}]"))
    out["count"] = cnt
    out["stress"] = num("stress", False) if "stress" in df.columns else np.nan
    out["unit_id"] = (df["unit_id"].str.strip() if "unit_id" in df.columns
                      else pd.Series([f"u{i + 1}" for i in range(len(df))], index=df.index))
    if out["unit_id"].duplicated().any():
        i = int(np.flatnonzero(out["unit_id"].duplicated().to_numpy())[0])
        problems.append(Problem(file, i + 2, "unit_id", f"{out['unit_id'].iloc[i]!r} appears twice"))
    tu = df["time_unit"].str.strip() if "time_unit" in df.columns else pd.Series("h", index=df.index)
    tu = tu.replace("", "h")
    for i in np.flatnonzero(~tu.isin(TIME_UNITS).to_numpy())[:20]:
        problems.append(Problem(file, int(i) + 2, "time_unit", f"{tu.iloc[i]!r} is not one of {', '.join(TIME_UNITS)}"))
    out["time_unit"] = tu
    need_t = out["status"].isin(["F", "S", "I"]) & out["time"].isna()
    for i in np.flatnonzero(need_t.to_numpy())[:20]:
        problems.append(Problem(file, int(i) + 2, "time", "empty; a failure, suspension or interval needs a time"))
    need_u = out["status"].isin(["L", "I"]) & out["time_upper"].isna()
    for i in np.flatnonzero(need_u.to_numpy())[:20]:
        problems.append(Problem(file, int(i) + 2, "time_upper", "empty; L and I rows need time_upper"))
    if problems:
        raise ValidationError(problems)
    return out.reset_index(drop=True)


def frame_life_data(df: pd.DataFrame):
    """The :class:`keyparts.life.LifeData` of a frame from :func:`parse_life_csv`."""
    from keyparts.life import life_data

    cnt = df["count"].fillna(1).astype(int).to_numpy() if "count" in df else None
    tu = df["time_upper"].to_numpy(float) if df["time_upper"].notna().any() else None
    return life_data(df["time"].to_numpy(float), df["status"].to_numpy(object), time_upper=tu, count=cnt)


def fit_frame(df: pd.DataFrame, *, dist: str = "weibull2p", method: str = "mle", cl: float = 0.9):
    """:func:`keyparts.life.fit` of a parsed frame."""
    from keyparts.life import fit

    return fit(frame_life_data(df), dist=dist, method=method, cl=cl)


def probability_plot_svg(df: pd.DataFrame, res, unit: str = "h") -> str:
    """The probability plot of keyparts.life.plots (points, fitted line, bounds) as inline SVG."""
    from keyparts.life.plots import probability_plot

    data = frame_life_data(df)
    buf = io.StringIO()
    probability_plot(res, data, buf, unit=unit, fmt="svg")
    svg = buf.getvalue()
    return svg[svg.find("<svg"):]
