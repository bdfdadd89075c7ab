"""Validate a dataset before anything is written, and turn its text into typed values.

Every rule reports *all* its findings as :class:`keyparts.errors.Problem` with the file,
the row (the line number in the CSV, header = line 1, so the first data row is 2), the
column, what was found and what was expected. Rules: required files and columns, unknown
columns (warning), types, enums, empty cells, bounds, unique keys, references, units
(pint), the limits parameters.csv declares for part values (ranges and relations such as
D > d, :mod:`keyparts.dataset.limits`), shares of one buyer/item summing to at most 1, BOM
cycles (with the cycle's path), the taxonomy's levels, life-test time fields, and each
demand's clauses against its category's parameters (dimension of the unit, known parameter),
and the qualification files (an application's loads; a case for its own OEM's application and
category; each case's decisions in stage order, none before it was opened, leaving it at its
stage; inspection tolerances).
A cause is reported once: the values of a part whose category is unknown are not checked
again. :func:`validate_table` applies the rules that need no other table to one table sent on
its own (a life-test upload).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from keyparts.arrays import unique
from keyparts.dataset.model import Dataset
from keyparts.dataset.schema import TABLE_BY_NAME, TABLES, Column, Table, bound_text
from keyparts.dataset.limits import declaration_problems, value_problems
from keyparts.dataset.units import canonical_values, resolve_parameters, unit_problem
from keyparts.errors import Problem, ValidationError

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
SHARE_TOLERANCE = 1e-9


def _rows(mask: np.ndarray | pd.Series) -> np.ndarray:
    """CSV line numbers of the rows selected by ``mask`` (header is line 1)."""
    return np.flatnonzero(np.asarray(mask)) + 2


def _cells(values: pd.Series, mask) -> Iterable[tuple[int, str]]:
    """(CSV line number, cell) of the cells selected by ``mask``."""
    vals = values.to_numpy()
    return ((int(i) + 2, vals[i]) for i in np.flatnonzero(np.asarray(mask)))


def _numbers(raw: pd.Series) -> pd.Series:
    """Text cells as float (NaN where empty or not a number): Arrow's cast when every cell
    parses (about 2x pandas' ``to_numeric`` on 100 000 cells), else ``to_numeric``."""
    try:
        arr = pc.cast(pa.array(raw.to_numpy(object), pa.string(), from_pandas=True), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pd.to_numeric(raw, errors="coerce").astype(float)
    return pd.Series(arr.to_numpy(zero_copy_only=False), index=raw.index, dtype=float)


def _type_column(table: Table, col: Column, raw: pd.Series, problems: list[Problem]) -> pd.Series:
    """Convert one text column to its kind, appending a Problem per bad cell."""
    f = table.file
    present = raw.notna().to_numpy()
    if not col.nullable:
        for row in _rows(~present):
            problems.append(Problem(f, int(row), col.name, f"is empty, expected {_expect(col)}"))
    if col.kind in ("float", "int"):
        num = _numbers(raw)
        bad = present & ~np.isfinite(num.to_numpy())
        num = num.where(np.isfinite(num))
        for row, v in _cells(raw, bad):
            problems.append(Problem(f, row, col.name, f"'{v}' is not a number, expected {_expect(col)}"))
        if col.kind == "int":
            frac = present & ~bad & (num.to_numpy() % 1 != 0)
            for row, v in _cells(raw, frac):
                problems.append(Problem(f, row, col.name, f"'{v}' is not a whole number, expected {_expect(col)}"))
        vals = num.to_numpy()
        with np.errstate(invalid="ignore"):
            low = np.zeros(len(vals), bool)
            if col.min is not None:
                low = (vals <= col.min) if col.min_exclusive else (vals < col.min)
            high = (vals > col.max) if col.max is not None else np.zeros(len(vals), bool)
        for row, v in _cells(raw, low):
            op = "above" if col.min_exclusive else "at least"
            problems.append(Problem(f, row, col.name, f"{v} is out of range, expected a value {op} {bound_text(col.min)}"
                                    f"{' ' + col.unit if col.unit else ''} ({col.description or col.name})"))
        for row, v in _cells(raw, high):
            problems.append(Problem(f, row, col.name, f"{v} is above {bound_text(col.max)}, expected {_expect(col)}"))
        if col.kind == "int":  # whole numbers beyond int64 are already reported as out of range
            return num.where((num % 1 == 0) & (num.abs() < 2.0**63)).astype("Int64")
        return num
    if col.kind == "bool":
        low = raw.str.lower()
        ok = low.isin(_TRUE | _FALSE).to_numpy()
        for row, v in _cells(raw, present & ~ok):
            problems.append(Problem(f, row, col.name, f"'{v}' is not true or false"))
        return low.isin(_TRUE).where(present, None) if col.nullable else low.isin(_TRUE)
    if col.kind == "enum":
        ok = raw.isin(col.choices).to_numpy()
        for row, v in _cells(raw, present & ~ok):
            problems.append(Problem(f, row, col.name, f"'{v}' is not one of {' | '.join(col.choices)}"))
        return raw
    if col.kind == "date":
        d = pd.to_datetime(raw, errors="coerce", format="%Y-%m-%d")
        for row, v in _cells(raw, present & d.isna().to_numpy()):
            problems.append(Problem(f, row, col.name, f"'{v}' is not a date, expected YYYY-MM-DD"))
        return raw
    if col.pattern:
        ok = raw.str.fullmatch(col.pattern).fillna(False).to_numpy(bool)
        for row, v in _cells(raw, present & ~ok):
            problems.append(Problem(f, row, col.name, f"'{v}' is not in the expected form, expected {_expect(col)}"))
    if col.kind == "list":
        return raw.map(lambda s: ";".join(x.strip() for x in s.split(";") if x.strip()) if isinstance(s, str) else s)
    return raw


def _expect(col: Column) -> str:
    kind = {"float": "a number", "int": "a whole number", "bool": "true or false",
            "enum": "one of " + " | ".join(col.choices), "date": "a date YYYY-MM-DD",
            "list": "';'-separated codes", "str": "text"}[col.kind]
    rng = ""
    if col.min is not None and col.max is not None:
        rng = f" in [{bound_text(col.min)}, {bound_text(col.max)}]"
    elif col.min is not None:
        rng = f" {'>' if col.min_exclusive else '>='} {bound_text(col.min)}"
    if col.pattern:
        rng = f" matching {col.pattern}"
    unit = f" {col.unit}" if col.unit and col.unit != "time_unit" else ""
    what = f" ({col.description})" if col.description else ""
    return f"{kind}{rng}{unit}{what}"


def _nul_cells(table: Table, df: pd.DataFrame, problems: list[Problem]) -> None:
    """Text may not hold NUL characters (PostgreSQL refuses them in text; no field needs one)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for name in df.columns:
        col = df[name]
        if col.dtype == object:
            try:  # the common case, no NUL anywhere, in one pass of Arrow's kernel
                if not pc.any(pc.match_substring(pa.array(col.to_numpy(object), pa.string(), from_pandas=True),
                                                 "\x00")).as_py():
                    continue
            except (pa.ArrowException, TypeError):
                pass
            for row, v in _cells(col, col.str.contains("\x00", regex=False).fillna(False).to_numpy(bool)):
                problems.append(Problem(table.file, row, str(name), "contains a NUL character (\\x00), "
                                        "expected plain text"))


def _structure(ds: Dataset, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """Files and columns: required ones present, unknown ones warned about."""
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        df = ds.frames.get(table.name)
        if df is None:
            if table.required:
                problems.append(Problem(table.file, None, None, "is missing, expected a file with columns "
                                        + ", ".join(table.column_names)))
            continue
        if _header(table, df, problems):
            frames[table.name] = df
    for key in ("name", "country"):
        if key not in ds.meta:
            sev = "warning"
            problems.append(Problem("dataset.toml", None, key, f"is missing ({'the home country, CN assumed' if key == 'country' else 'dataset name'})", severity=sev))
    return frames


def _header(table: Table, df: pd.DataFrame, problems: list[Problem]) -> bool:
    """Required columns present (False if not), unknown ones warned about."""
    missing = [c.name for c in table.columns if c.required and c.name not in df.columns]
    for name in missing:
        problems.append(Problem(table.file, 1, name, "required column is missing from the header"))
    for name in df.columns:
        if name not in table.column_names:
            problems.append(Problem(table.file, 1, name, "unknown column: kept as an extra column, "
                                    "not used by any analysis", severity="warning"))
    return not missing


def _type_table(table: Table, df: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Every column typed (absent optional ones as None) and the unique key checked."""
    out = df.copy()
    for col in table.columns:
        out[col.name] = _type_column(table, col, df[col.name], problems) if col.name in df.columns else None
    if table.key:
        _unique(table, df, problems)
    _nul_cells(table, df, problems)
    return out


def _unique(table: Table, df: pd.DataFrame, problems: list[Problem], lines: np.ndarray | None = None) -> None:
    """One problem per repeated key. ``lines``: each row's CSV line (default: its position + 2)."""
    key = list(table.key)
    dup = df.duplicated(subset=key, keep="first").to_numpy()
    if not dup.any():
        return
    line = np.arange(len(df)) + 2 if lines is None else np.asarray(lines)
    first = {}
    keys = df[key].astype(str).agg("|".join, axis=1).to_numpy()
    for i, k in enumerate(keys):
        first.setdefault(k, int(line[i]))
    for i in np.flatnonzero(dup):
        shown = ", ".join(f"{c}={df[c].iat[i]}" for c in key)
        problems.append(Problem(table.file, int(line[i]), key[-1] if len(key) == 1 else None,
                                f"duplicate key ({shown}), first given on row {first[keys[i]]}; expected unique"))


def _references(typed: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    keysets: dict[str, pd.Index] = {}
    for name, df in typed.items():
        t = TABLE_BY_NAME[name]
        if len(t.key) == 1:
            keysets[name] = pd.Index(df[t.key[0]].dropna().unique())
    for name, df in typed.items():
        t = TABLE_BY_NAME[name]
        for col in t.columns:
            if not col.refs or col.name not in df.columns:
                continue
            vals = df[col.name]
            if col.kind == "list":  # each ';'-separated id must exist
                for i, v in enumerate(vals):
                    for item in (v.split(";") if isinstance(v, str) else ()):
                        if not any(item in keysets.get(ref, ()) for ref in col.refs):
                            targets = " or ".join(TABLE_BY_NAME[r].file for r in col.refs)
                            problems.append(Problem(t.file, i + 2, col.name, f"'{item}' is not an id in {targets}"))
                continue
            present = vals.notna().to_numpy()
            known = np.zeros(len(df), bool)
            for ref in col.refs:
                if ref in keysets:
                    known |= vals.isin(keysets[ref]).to_numpy()
            targets = " or ".join(f"{TABLE_BY_NAME[r].file}" for r in col.refs)
            for row, v in _cells(vals, present & ~known):
                problems.append(Problem(t.file, row, col.name, f"'{v}' is not an id in {targets}"))


def _shares(df: pd.DataFrame, problems: list[Problem], lines: np.ndarray | None = None) -> None:
    """Shares of one buyer and item summing to more than 1. ``lines``: each row's CSV line
    (default: its position + 2; the streaming check passes the rows of the suspect groups only)."""
    line = np.arange(len(df)) + 2 if lines is None else np.asarray(lines)
    total = df.groupby(["buyer_id", "item_id"], sort=False)["share"].transform("sum").to_numpy()
    over = total > 1 + SHARE_TOLERANCE
    seen: set[tuple[str, str]] = set()
    for i in np.flatnonzero(over):
        key = (df["buyer_id"].iat[i], df["item_id"].iat[i])
        if key in seen:
            continue
        seen.add(key)
        rows = line[((df["buyer_id"] == key[0]) & (df["item_id"] == key[1])).to_numpy()]
        problems.append(Problem("sourcing.csv", int(rows[0]), "share",
                                f"shares of buyer {key[0]} for item {key[1]} sum to {total[i]:.4g} "
                                f"(rows {', '.join(map(str, rows))}), expected at most 1"))


def find_cycle(parents: np.ndarray, children: np.ndarray) -> list[str] | None:
    """One directed cycle in the graph of edges parent -> child, as a path, or None.

    Kahn's algorithm (topological sort), level by level on whole arrays, removes every node
    not on or downstream of a cycle; the same peeling against the edges' direction then
    removes the nodes downstream of every cycle, and a walk along the remaining edges closes
    a cycle. O(V + E), vectorised (a national BOM has tens of millions of edges).
    """
    path = cycle_nodes(parents, children)
    return None if path is None else [str(x) for x in path]


def _peel(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """Nodes left after removing, level by level, every node with no incoming edge from a
    node still left (Kahn's algorithm on whole frontiers)."""
    order = np.argsort(src, kind="stable")
    dd = dst[order]
    start = np.searchsorted(src[order], np.arange(n + 1))
    indeg = np.bincount(dst, minlength=n)
    left = np.ones(n, bool)
    frontier = np.flatnonzero(indeg == 0)
    while len(frontier):
        left[frontier] = False
        counts = start[frontier + 1] - start[frontier]
        total = int(counts.sum())
        if not total:
            break
        idx = np.repeat(start[frontier] - (np.cumsum(counts) - counts), counts) + np.arange(total)
        targets = dd[idx]
        indeg -= np.bincount(targets, minlength=n)
        cand = unique(targets)
        frontier = cand[(indeg[cand] == 0) & left[cand]]
    return left


def cycle_nodes(parents: np.ndarray, children: np.ndarray) -> list | None:
    """:func:`find_cycle` giving the nodes themselves (e.g. integer codes) instead of text."""
    codes, uniq = pd.factorize(np.concatenate([parents, children]))
    p, c = codes[: len(parents)], codes[len(parents):]
    n = len(uniq)
    left = _peel(p, c, n)
    if not left.any():
        return None
    both = left[p] & left[c]
    left &= _peel(c[both], p[both], n)  # drop what is only downstream of a cycle
    order = np.argsort(p, kind="stable")
    ps, cs = p[order], c[order]
    start = np.searchsorted(ps, np.arange(n + 1))
    u = int(np.flatnonzero(left)[0])
    path, pos = [], {}
    while u not in pos:
        pos[u] = len(path)
        path.append(u)
        nxt = [v for v in cs[start[u]:start[u + 1]] if left[v]]
        u = int(nxt[0])
    cyc = path[pos[u]:] + [u]
    return [uniq[i] for i in cyc]


def _bom_cycles(df: pd.DataFrame, problems: list[Problem]) -> None:
    ok = df["parent_id"].notna() & df["child_id"].notna()
    sub = df[ok]
    cycle = find_cycle(sub["parent_id"].to_numpy(object), sub["child_id"].to_numpy(object))
    if cycle:
        row = _rows((df["parent_id"] == cycle[0]) & (df["child_id"] == cycle[1]))
        problems.append(Problem("bom.csv", int(row[0]) if len(row) else None, "child_id",
                                f"the BOM has a cycle: {' -> '.join(cycle)}; expected a hierarchy "
                                "(no item may contain itself)"))


def _taxonomy(df: pd.DataFrame, problems: list[Problem]) -> None:
    level = dict(zip(df["id"], df["level"]))
    expected_parent = {"family": None, "category": "family", "grade": "category"}
    for i, (cid, lev, parent) in enumerate(zip(df["id"], df["level"], df["parent_id"])):
        if lev not in expected_parent:
            continue
        want = expected_parent[lev]
        if want is None and parent is not None:
            problems.append(Problem("categories.csv", i + 2, "parent_id",
                                    f"'{parent}' given for family {cid}, expected empty (a family has no parent)"))
        elif want is not None and parent is None:
            problems.append(Problem("categories.csv", i + 2, "parent_id",
                                    f"is empty for {lev} {cid}, expected the id of its {want}"))
        elif want is not None and parent in level and level[parent] != want:
            problems.append(Problem("categories.csv", i + 2, "parent_id",
                                    f"'{parent}' is a {level[parent]}, expected a {want} as parent of a {lev}"))


def _tests(df: pd.DataFrame, problems: list[Problem]) -> None:
    t, tu, st = df["time"].to_numpy(float), df["time_upper"].to_numpy(float), df["status"].to_numpy(object)
    for i in range(len(df)):
        s = st[i]
        if s in ("F", "S") and np.isnan(t[i]):
            problems.append(Problem("tests.csv", i + 2, "time", f"is empty for status {s}, expected the time"))
        elif s == "I" and (np.isnan(t[i]) or np.isnan(tu[i]) or not tu[i] > t[i]):
            problems.append(Problem("tests.csv", i + 2, "time_upper",
                                    f"interval ({_f(t[i])}, {_f(tu[i])}] is not valid, expected time < time_upper"))
        elif s == "L" and np.isnan(tu[i]):
            problems.append(Problem("tests.csv", i + 2, "time_upper",
                                    "is empty for status L, expected the time by which the unit had failed"))


def _f(x: float) -> str:
    return "empty" if np.isnan(x) else f"{x:g}"


def _part_values(typed: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Parameter declared for the part's category (or an ancestor); numeric values and units."""
    pv, parts, params, cats = (typed.get(k) for k in ("part_values", "parts", "parameters", "categories"))
    if pv is None or parts is None or params is None or cats is None:
        return
    canonical, errors = canonical_values(pv, parts, params, cats)
    cat_of = pv["part_id"].map(dict(zip(parts["id"], parts["category_id"])))
    visible = resolve_parameters(parts, params, cats)
    errors += value_problems(pv, cat_of, visible, canonical)
    for row, column, message in errors:
        problems.append(Problem("part_values.csv", row, column, message))
    _unchecked(pv, cat_of, cats, problems)
    typed["part_values"] = pv.assign(value_canonical=canonical)


def _demands(typed: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Each demand's constraints and loads against the parameters of its category
    (:func:`keyparts.match.demand.demand_problems`: ``d=25kg`` is refused where d is in mm)."""
    dem, params, cats = (typed.get(k) for k in ("demands", "parameters", "categories"))
    if dem is None or params is None or cats is None or not len(dem):
        return
    from keyparts.match.demand import demand_problems
    from keyparts.match.index import PART_FIELDS

    vis = resolve_parameters(typed.get("parts"), params, cats)
    by_cat = {c: {**PART_FIELDS, **{n: (k, u or "") for n, k, u in zip(g["name"], g["kind"], g["unit"])
                                          if isinstance(n, str)}}  # an empty name is reported on parameters.csv
              for c, g in vis.groupby("category_id")}
    known = set(cats["id"])
    for i, d in enumerate(dem.to_dict("records")):
        if d.get("category_id") not in known:
            continue  # an unknown category is reported once (references); its clauses cannot be read
        for column, msg in demand_problems(d, by_cat.get(d.get("category_id"), PART_FIELDS)):
            problems.append(Problem("demands.csv", i + 2, column, msg))


def _unchecked(pv: pd.DataFrame, cat_of: pd.Series, cats: pd.DataFrame, problems: list[Problem]) -> None:
    """One warning per part whose category_id is unknown (the error is on parts.csv): its
    values could not be checked, instead of one follow-on error per value."""
    orphan = (cat_of.notna() & ~cat_of.isin(pd.Index(cats["id"]))).to_numpy()
    if not orphan.any():
        return
    lost = pd.DataFrame({"line": np.flatnonzero(orphan) + 2, "part_id": pv["part_id"].to_numpy(object)[orphan],
                         "category_id": cat_of.to_numpy(object)[orphan]})
    for (pid, cid), grp in lost.groupby(["part_id", "category_id"], sort=False):
        problems.append(Problem("part_values.csv", int(grp["line"].iat[0]), "part_id",
                                f"{len(grp)} value(s) of part {pid} not checked: its category_id '{cid}' "
                                "is not an id in categories.csv (the error reported on parts.csv)",
                                severity="warning"))


def _applications(df: pd.DataFrame, problems: list[Problem]) -> None:
    """Each application's loads in the demands' syntax (the one load check of the demands)."""
    from keyparts.match.demand import demand_problems

    for i, loads in enumerate(df["loads"]):
        for column, msg in demand_problems({"loads": loads}, {}):
            problems.append(Problem("applications.csv", i + 2, column, msg))


def _descendants(cats: pd.DataFrame | None, root: object) -> set:
    """``root`` and every category below it in the taxonomy."""
    if cats is None:
        return {root}
    kids: dict = {}
    for cid, parent in zip(cats["id"], cats["parent_id"]):
        kids.setdefault(parent, []).append(cid)
    out, todo = set(), [root]
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo.extend(kids.get(c, ()))
    return out


def _cases(typed: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """A case is for an application of its own OEM, and its part is of the application's
    category (or one below it)."""
    cases, apps, parts = (typed.get(k) for k in ("qualification_cases", "applications", "parts"))
    if cases is None or apps is None:
        return
    app = apps.set_index("id")
    part_cat = dict(zip(parts["id"], parts["category_id"])) if parts is not None else {}
    tests = typed.get("tests")
    campaign_part = {} if tests is None else dict(zip(tests["test_id"], tests["part_id"]))
    for i, r in enumerate(cases.to_dict("records")):
        for tid in (r.get("test_ids") or "").split(";") if isinstance(r.get("test_ids"), str) else ():
            if campaign_part.get(tid) != r["part_id"]:
                got = f"a campaign of part {campaign_part[tid]}" if tid in campaign_part else "not in tests.csv"
                problems.append(Problem("qualification_cases.csv", i + 2, "test_ids",
                                        f"'{tid}' is {got}, expected a test_id of part {r['part_id']}"))
        a = r["application_id"]
        if a not in app.index:
            continue
        if r["oem_id"] != app.at[a, "oem_id"]:
            problems.append(Problem("qualification_cases.csv", i + 2, "oem_id",
                                    f"'{r['oem_id']}' is not the OEM of application {a} "
                                    f"({app.at[a, 'oem_id']}), expected the application's oem_id"))
        cat = part_cat.get(r["part_id"])
        want = app.at[a, "category_id"]
        known = set(typed["categories"]["id"]) if typed.get("categories") is not None else set()
        if cat in known and cat not in _descendants(typed.get("categories"), want):  # unknown: reported once
            problems.append(Problem("qualification_cases.csv", i + 2, "part_id",
                                    f"part {r['part_id']} is a {cat}, expected a part of the "
                                    f"application's category {want} (or one below it)"))


def _events(typed: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Each case's decisions in date order follow the stages (keyparts.qualify.stages.replay),
    none before the case was opened, and they leave the case at its ``stage``."""
    ev, cases = typed.get("qualification_events"), typed.get("qualification_cases")
    if ev is None or cases is None:
        return
    from keyparts.qualify.stages import history_order, replay

    opened = dict(zip(cases["id"], cases["opened"]))
    row_of = {c: i + 2 for i, c in enumerate(cases["id"])}
    stage_of = dict(zip(cases["id"], cases["stage"]))
    rows = ev.assign(_row=np.arange(len(ev)) + 2,
                     _key=[history_order(s, d) for s, d in zip(ev["stage"], ev["decision"])])
    rows = rows[rows["date"].notna() & rows["case_id"].isin(opened.keys())]
    for case, g in rows.sort_values(["case_id", "date", "_key"], kind="stable").groupby("case_id", sort=False):
        start = opened.get(case)
        for row, d in zip(g["_row"], g["date"]):
            if isinstance(start, str) and d < start:
                problems.append(Problem("qualification_events.csv", int(row), "date",
                                        f"{d} is before case {case} was opened ({start})"))
        final, bad = replay(list(zip(g["stage"], g["decision"])))
        for pos, msg in bad:
            problems.append(Problem("qualification_events.csv", int(g["_row"].iat[pos]), "stage",
                                    f"case {case}: {msg}"))
        if not bad and final is not None and final != stage_of[case]:
            problems.append(Problem("qualification_cases.csv", row_of[case], "stage",
                                    f"'{stage_of[case]}' but its decisions in "
                                    f"qualification_events.csv leave case {case} at '{final}'"))


def _inspections(df: pd.DataFrame, problems: list[Problem]) -> None:
    """lower_tol <= upper_tol, and one nominal and tolerance per case and characteristic."""
    lo, hi = df["lower_tol"].to_numpy(float), df["upper_tol"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        for row in _rows(lo > hi):
            problems.append(Problem("inspections.csv", int(row), "upper_tol",
                                    f"{hi[row - 2]:g} is below lower_tol {lo[row - 2]:g}, expected "
                                    "lower_tol <= upper_tol (signed deviations from nominal)"))
    lims = df[["case_id", "characteristic", "nominal", "lower_tol", "upper_tol"]]
    n = lims.groupby(["case_id", "characteristic"], sort=False)[["nominal", "lower_tol", "upper_tol"]] \
        .transform("nunique").max(axis=1).to_numpy()
    seen: set = set()
    for i in np.flatnonzero(n > 1):
        key = (df["case_id"].iat[i], df["characteristic"].iat[i])
        if key not in seen:
            seen.add(key)
            problems.append(Problem("inspections.csv", int(i) + 2, "nominal",
                                    f"case {key[0]} characteristic {key[1]!r} has more than one "
                                    "nominal/tolerance, expected the same on every sample"))


def _check_parameters(typed: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Units pint knows; limits that can be read and name number parameters in the same unit."""
    params = typed["parameters"]
    for i, (unit, kind) in enumerate(zip(params["unit"], params["kind"])):
        if kind == "number" and unit is not None:
            msg = unit_problem(unit)
            if msg:
                problems.append(Problem("parameters.csv", i + 2, "unit", msg))
    if "categories" in typed and "parts" in typed:
        visible = resolve_parameters(typed["parts"], params, typed["categories"])
        for row, msg in declaration_problems(params, visible):
            problems.append(Problem("parameters.csv", row, "limits", msg))


def validate(ds: Dataset) -> list[Problem]:
    """Every problem in ``ds`` (errors and warnings); an empty list means it can be imported."""
    problems: list[Problem] = []
    _typed(ds, problems)
    return problems


def validate_and_type(ds: Dataset) -> Dataset:
    """The dataset with typed frames; raises :class:`ValidationError` listing every error.

    Warnings are kept on the returned dataset's ``warnings``.
    """
    problems: list[Problem] = []
    typed = _typed(ds, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(problems)
    out = Dataset(meta=dict(ds.meta), frames=typed, source=ds.source,
                  warnings=[p for p in problems if p.severity != "error"], read_as=dict(ds.read_as))
    out.meta.setdefault("country", "CN")
    return out


def validate_table(name: str, df: pd.DataFrame, *, file: str | None = None,
                   optional: Iterable[str] = ()) -> pd.DataFrame:
    """One table on its own, typed, by the contract's rules that need no other table.

    ``df`` holds text cells as :func:`keyparts.dataset.read_dataset` reads them (``str`` or
    None). Rules: required columns, types, enums, empty cells, bounds, the unique key (over
    the key columns present) and the table's own row rules (``tests``: a time for F/S, an
    interval with ``time < time_upper``, ``time_upper`` for L); references to other tables
    are not checked. ``optional``: required columns this caller lets be absent (they come
    back as None). Problems name ``file`` (default the table's file), e.g.
    ``upload.csv:4:time_upper``. Raises :class:`ValidationError` listing every error.
    """
    base = TABLE_BY_NAME[name]
    opt = set(optional)
    table = dataclasses.replace(
        base, columns=tuple(dataclasses.replace(c, required=False) if c.name in opt else c for c in base.columns),
        key=tuple(k for k in base.key if k in df.columns))
    problems: list[Problem] = []
    if _header(table, df, problems):
        out = _type_table(table, df, problems)
        if name == "tests":
            _tests(out, problems)
    named = [dataclasses.replace(p, file=file) if file and p.file == table.file else p for p in problems]
    if any(p.severity == "error" for p in named):
        raise ValidationError(named)
    return out


def _typed(ds: Dataset, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """Every rule over ``ds`` (:mod:`keyparts.dataset.stream`, chunk by chunk as for a file);
    the typed frames of the tables whose header is complete."""
    from keyparts.dataset.chunks import dataset_source
    from keyparts.dataset.spool import MemorySpool
    from keyparts.dataset.stream import check

    spool = MemorySpool()
    problems.extend(check(dataset_source(ds), sink=spool.append))
    return spool.frames()
