"""Reader of the input files of the Inoue & Todo simulator (ProductionNetworkSimulator).

The only module of :mod:`keyparts.dynamics` that reads files. A network folder holds, with
whitespace-separated columns and one record a line:

- ``firmAffiliation.txt``: ``firm sector [anything]`` (the order of the firms is this file's;
  sector an integer; a third column, which the reference requires, is ignored);
- ``aTableLine.txt``: ``supplier client amount`` (amount per day > 0);
- ``cVector.txt``: ``firm amount`` (final demand per day; unlisted firms have 0);
- ``piniVector.txt``: ``firm amount`` (read and checked only: the reference, like keyparts,
  replaces each firm's output by final demand + sales to clients).

A delta file, passed apart, holds ``firm delta [start_day]`` (share of capacity lost, 0..1;
start day default 0). Firm ids are kept as text. Errors name file, line and field.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from keyparts.dynamics.network import Network, network
from keyparts.errors import InputError

FILES = ("firmAffiliation.txt", "aTableLine.txt", "cVector.txt", "piniVector.txt")


def _table(path: Path, ncols: int, names: list[str]) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: file not found (expected {' '.join(names)} per line)")
    try:
        df = pd.read_csv(path, sep=r"\s+", header=None, names=list(range(ncols)), dtype=str,
                         engine="c", comment=None, skip_blank_lines=True)
    except pd.errors.ParserError as e:
        raise InputError(f"{path}: {e} (expected {' '.join(names)} per line)") from None
    except pd.errors.EmptyDataError:
        df = pd.DataFrame({i: pd.Series(dtype=str) for i in range(ncols)})
    return df


def _numbers(path: Path, col: pd.Series, field: str, expected: str, *, integer=False) -> np.ndarray:
    x = pd.to_numeric(col, errors="coerce")
    bad = x.isna().to_numpy() | ~np.isfinite(x.to_numpy(dtype=float, na_value=np.nan))
    if integer:
        bad |= ~bad & (x.fillna(0) % 1 != 0).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{path.name}:{col.index[i] + 1}:{field}: {col.iloc[i]!r} is not {expected}")
    return x.to_numpy(dtype=np.int64 if integer else np.float64)


def _rows(path: Path, ids: pd.Index, col: pd.Series, field: str) -> np.ndarray:
    rows = ids.get_indexer(col)
    if (rows < 0).any():
        i = int(np.flatnonzero(rows < 0)[0])
        raise InputError(f"{path.name}:{col.index[i] + 1}:{field}: firm {col.iloc[i]!r} is not in "
                         f"firmAffiliation.txt")
    return rows


def _require(path: Path, df: pd.DataFrame, cols: int, names: list[str]) -> None:
    missing = df[list(range(cols))].isna().any(axis=1).to_numpy()
    if missing.any():
        i = int(np.flatnonzero(missing)[0])
        raise InputError(f"{path.name}:{df.index[i] + 1}: expected {' '.join(names)}")


def read_network(folder) -> Network:
    """Read a network folder of the reference's format (see the module docstring)."""
    d = Path(folder)
    if not d.is_dir():
        raise InputError(f"{d}: not a folder (expected {', '.join(FILES)})")
    p = d / "firmAffiliation.txt"
    aff = _table(p, 3, ["firm", "sector", "[ignored]"])
    _require(p, aff, 2, ["firm", "sector"])
    dup = aff[0].duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise InputError(f"{p.name}:{i + 1}:firm: {aff[0].iloc[i]!r} appears twice")
    sector = _numbers(p, aff[1], "sector", "an integer sector code", integer=True)
    ids = pd.Index(aff[0].to_numpy())

    p = d / "aTableLine.txt"
    a = _table(p, 3, ["supplier", "client", "amount"])
    _require(p, a, 3, ["supplier", "client", "amount"])
    sup = _rows(p, ids, a[0], "supplier")
    cus = _rows(p, ids, a[1], "client")
    amount = _numbers(p, a[2], "amount", "an amount per day")
    if (amount <= 0).any():
        i = int(np.flatnonzero(amount <= 0)[0])
        raise InputError(f"{p.name}:{i + 1}:amount: {a[2].iloc[i]} is not above 0 "
                         "(an amount per day)")
    key = pd.Series(sup.astype(np.int64) * len(ids) + cus)
    dup = key.duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise InputError(f"{p.name}:{i + 1}: link {a[0].iloc[i]} -> {a[1].iloc[i]} appears twice")

    c = np.zeros(len(ids))
    for name, store in (("cVector.txt", c), ("piniVector.txt", None)):
        p = d / name
        v = _table(p, 2, ["firm", "amount"])
        _require(p, v, 2, ["firm", "amount"])
        rows = _rows(p, ids, v[0], "firm")
        x = _numbers(p, v[1], "amount", "an amount per day")
        if (x < 0).any():
            i = int(np.flatnonzero(x < 0)[0])
            raise InputError(f"{p.name}:{i + 1}:amount: {v[1].iloc[i]} is negative")
        if store is not None:
            store[rows] = x
    return network(sup, cus, amount, c, sector, firm_ids=ids.tolist())


def read_delta(path, net: Network) -> tuple[np.ndarray, np.ndarray]:
    """Read ``firm delta [start_day]`` lines; return ``(delta, shock_day)`` per firm.

    Firms not listed get delta -1 (no shock), as in the reference. A firm listed twice keeps
    its last line (as the reference).
    """
    p = Path(path)
    df = _table(p, 3, ["firm", "delta", "[start_day]"])
    _require(p, df, 2, ["firm", "delta"])
    rows = _rows(p, pd.Index(list(net.firm_ids)), df[0], "firm")
    delta = _numbers(p, df[1], "delta", "a share of capacity lost (0..1)")
    bad = (delta < 0) | (delta > 1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{p.name}:{i + 1}:delta: {df[1].iloc[i]} is outside 0..1 "
                         "(share of capacity lost)")
    day = _numbers(p, df[2].fillna("0"), "start_day", "a whole day >= 0", integer=True)
    if (day < 0).any():
        i = int(np.flatnonzero(day < 0)[0])
        raise InputError(f"{p.name}:{i + 1}:start_day: {df[2].iloc[i]} is negative")
    d = np.full(net.n_firms, -1.0)
    s = np.zeros(net.n_firms, dtype=np.int64)
    d[rows] = delta
    s[rows] = day
    return d, s


def read_daily_final_demand(spec: str, net: Network, folder=None) -> dict[int, np.ndarray]:
    """Read the reference's daily final demand (its ``-M BASE:DAY:DAY...``).

    For each listed day the file ``BASE<day>.txt`` (relative to ``folder`` when given) holds
    ``firm amount`` lines; on that day those firms' final demand is the amount and every other
    firm keeps its ``cVector.txt`` value. Days not listed use ``cVector.txt``. Returns
    ``{day: final demand per firm}``.
    """
    base, *days = spec.split(":")
    if not base or not days:
        raise InputError(f"daily final demand: {spec!r} is not BASE:DAY[:DAY...], e.g. dailyC:5:12")
    try:
        day_list = [int(x) for x in days]
    except ValueError:
        raise InputError(f"daily final demand: {spec!r}: days must be whole numbers") from None
    ids = pd.Index(list(net.firm_ids))
    out = {}
    for day in day_list:
        p = Path(folder or ".") / f"{base}{day}.txt"
        v = _table(p, 2, ["firm", "amount"])
        _require(p, v, 2, ["firm", "amount"])
        rows = _rows(p, ids, v[0], "firm")
        x = _numbers(p, v[1], "amount", "an amount per day")
        if (x < 0).any():
            i = int(np.flatnonzero(x < 0)[0])
            raise InputError(f"{p.name}:{i + 1}:amount: {v[1].iloc[i]} is negative")
        c = np.array(net.final_demand, dtype=np.float64)
        c[rows] = x
        out[day] = c
    return out
