"""Validate a dataset chunk by chunk, in memory bounded by the key columns.

The rules are those of :mod:`keyparts.dataset.validate` and so are the messages; what
changes is how much is held at once. A table is read in chunks (:mod:`keyparts.dataset.chunks`):

- per-row rules (types, enums, bounds, empty cells, NUL, references to earlier tables,
  units and values of ``part_values``) run on each chunk, with each problem's row shifted
  to its line in the file;
- whole-table rules keep only compact arrays: a 64-bit hash of each row's key (unique
  keys), of each (buyer, item) with its share (share sums), integer codes of each BOM edge
  (cycles), the id sets referenced by other files, and of ``part_values`` the numbers the
  ``limits`` of ``parameters.csv`` compare. When a hash repeats or a sum is over 1, the file
  is read a second time for those rows only, to name them exactly as the in-memory rules do;
- the small tables whose rules look across columns of other tables (categories,
  parameters, tests, demands, projects, applications, qualification cases, events and
  inspections) are held whole and checked by the same functions as before.

Each typed chunk is handed to ``sink(name, frame)`` (the import spools it to disk; a dataset
in memory collects it). Problems come back sorted as :func:`keyparts.dataset.validate.validate`
sorts them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from itertools import count, repeat

import numpy as np
import pandas as pd

import importlib
from keyparts.arrays import unique
from keyparts.dataset.chunks import ReadProblem, Source
from keyparts.dataset.limits import value_problems
from keyparts.dataset.schema import TABLE_BY_NAME, TABLES, Table
from keyparts.dataset.units import canonical_values, resolve_parameters
from keyparts.errors import Problem, ValidationError

# Tables held whole: their rules read other columns of other tables (small in any dataset).
WHOLE = frozenset({"countries", "categories", "parameters", "tests", "demands", "projects", "applications",
                   "qualification_cases", "qualification_events", "inspections"})
# The order validate() has always reported problems of one row in.
PHASES = {p: i for i, p in enumerate((
    "structure", "type", "unique", "nul", "references", "shares", "bom", "taxonomy", "tests", "parameters",
    "part_values", "demands", "applications", "cases", "events", "inspections"))}
ORDER = {t.name: i for i, t in enumerate(TABLES)}
v = importlib.import_module("keyparts.dataset.validate")  # the rules (the package exports a function of that name)

Sink = Callable[[str, pd.DataFrame], None]
Progress = Callable[[str, int, int | None], None]  # (what, done, total or None)


class _Log:
    """Problems tagged with their phase, sorted at the end as validate() sorts them."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, Problem]] = []
        self._seq = count()

    def add(self, phase: str, problems: list[Problem], offset: int = 0) -> None:
        for p in problems:
            if offset and p.row is not None:
                p = dataclasses.replace(p, row=p.row + offset)
            self.items.append((PHASES[phase], next(self._seq), p))

    def sorted(self) -> list[Problem]:
        def key(item: tuple[int, int, Problem]) -> tuple:
            phase, seq, p = item
            return (p.severity != "error", ORDER.get(p.file[:-4], -1) if p.file.endswith(".csv") else -1,
                    p.row or 0, phase, seq)
        return [p for _ph, _s, p in sorted(self.items, key=key)]


def _hash(df: pd.DataFrame, cols: list[str]) -> np.ndarray:
    # categorize=False: the same hashes, without factorizing ids that are nearly all distinct
    # (4.6x faster on 100 000 BOM rows)
    return pd.util.hash_pandas_object(df[cols], index=False, categorize=False).to_numpy(np.uint64)


def _isin(h: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.isin`` by hashing (numpy's sorts both arrays: slow when ``values`` is large)."""
    return pd.Series(h).isin(pd.Index(values)).to_numpy()


class KeySet:
    """The ids of one table, looked up by a dict: at a million ids pandas' ``get_indexer``
    of object (or text) values costs 3-20 times as much per lookup (measured: 100 000 BOM
    ids against 1.1 M nodes, 0.27-0.45 s against 0.09 s)."""

    def __init__(self, ids: np.ndarray):
        self.ids = ids  # object array of distinct ids, in order of first appearance
        self.position = dict(zip(ids.tolist(), range(len(ids))))

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, item: object) -> bool:
        return item in self.position

    def codes(self, values: np.ndarray, missing: int = -1) -> np.ndarray:
        """Each value's position among the ids (``missing`` where it is not one)."""
        return np.fromiter(map(self.position.get, values, repeat(missing)), np.int64, len(values))


def _repeated(h: np.ndarray) -> np.ndarray:
    """The hash values that occur more than once."""
    s = np.sort(h)
    return unique(s[1:][s[1:] == s[:-1]])


class Checker:
    """One pass over a :class:`Source`; see the module doc."""

    def __init__(self, source: Source, sink: Sink | None = None, progress: Progress | None = None):
        self.source, self.sink, self.progress = source, sink, progress
        self.log = _Log()
        self.typed: dict[str, pd.DataFrame] = {}   # tables held whole (+ parts' id and category_id)
        self.keysets: dict[str, KeySet] = {}
        self.read_problems: list[Problem] = []
        self.rows: dict[str, int] = {}

    # ------------------------------------------------------------ driver
    def run(self) -> list[Problem]:
        src = self.source
        for table in TABLES:
            if table.name not in src.openers and table.required:
                self.log.add("structure", [Problem(table.file, None, None, "is missing, expected a file with columns "
                                                   + ", ".join(table.column_names))])
        for key in ("name", "country"):
            if key not in src.meta:
                self.log.add("structure", [Problem("dataset.toml", None, key, f"is missing ({'the home country, CN assumed' if key == 'country' else 'dataset name'})", severity="warning")])
        for table in TABLES:
            if table.name not in src.openers:
                continue
            try:
                if table.name in WHOLE:
                    self._whole(table)
                else:
                    self._streamed(table)
            except ReadProblem as exc:
                self.read_problems.append(exc.problem)
        if src.problems or self.read_problems:
            raise ValidationError(src.problems + self.read_problems)
        self._across()
        return self.log.sorted()

    def _tick(self, name: str, rows: int) -> None:
        if self.progress:
            size = self.source.sizes.get(name)
            if size:
                self.progress(f"check {TABLE_BY_NAME[name].file}", self.source.positions.get(name, 0), size)
            else:
                self.progress(f"check {TABLE_BY_NAME[name].file}", rows, None)

    def _header_ok(self, table: Table, df: pd.DataFrame) -> bool:
        p: list[Problem] = []
        ok = v._header(table, df, p)
        self.log.add("structure", p)
        return ok

    def _type(self, table: Table, df: pd.DataFrame, offset: int) -> pd.DataFrame:
        p: list[Problem] = []
        out = df.copy()
        for col in table.columns:
            out[col.name] = v._type_column(table, col, df[col.name], p) if col.name in df.columns else None
        self.log.add("type", p, offset)
        return out

    def _nul(self, table: Table, df: pd.DataFrame, offset: int) -> None:
        p: list[Problem] = []
        v._nul_cells(table, df, p)
        self.log.add("nul", p, offset)

    def _references(self, table: Table, df: pd.DataFrame, offset: int) -> None:
        """validate._references for one table's chunk, against the id sets read so far."""
        p: list[Problem] = []
        for col in table.columns:
            if not col.refs or col.name not in df.columns:
                continue
            vals = df[col.name]
            if col.kind == "list":
                for i, val in enumerate(vals):
                    for item in (val.split(";") if isinstance(val, str) else ()):
                        if not any(item in self.keysets.get(ref, ()) for ref in col.refs):
                            targets = " or ".join(TABLE_BY_NAME[r].file for r in col.refs)
                            p.append(Problem(table.file, i + 2, col.name, f"'{item}' is not an id in {targets}"))
                continue
            codes, uniq = pd.factorize(vals.to_numpy(object))  # each distinct id looked up once
            uniq = np.asarray(uniq, dtype=object)
            known_u = np.zeros(len(uniq), bool)
            for ref in col.refs:
                todo = np.flatnonzero(~known_u)
                if ref in self.keysets and len(todo):
                    known_u[todo] = self.keysets[ref].codes(uniq[todo]) >= 0
            present = codes >= 0
            known = np.where(present, known_u[np.maximum(codes, 0)] if len(uniq) else False, False)
            targets = " or ".join(f"{TABLE_BY_NAME[r].file}" for r in col.refs)
            for row, val in v._cells(vals, present & ~known):
                p.append(Problem(table.file, row, col.name, f"'{val}' is not an id in {targets}"))
        self.log.add("references", p, offset)

    def _keyset(self, table: Table, values: list[np.ndarray]) -> None:
        if len(table.key) == 1:
            allv = pd.Series(np.concatenate(values) if values else np.array([], object), dtype=object)
            self.keysets[table.name] = KeySet(allv.dropna().unique().astype(object))

    # ------------------------------------------------------------ tables
    def _whole(self, table: Table) -> None:
        chunks = []
        for chunk in self.source.open(table.name):
            chunks.append(chunk)
            self._tick(table.name, sum(len(c) for c in chunks))
        df = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0].reset_index(drop=True)
        del chunks
        if not self._header_ok(table, df):
            return
        out = self._type(table, df, 0)
        if table.key:
            p: list[Problem] = []
            v._unique(table, df, p)
            self.log.add("unique", p)
        self._nul(table, df, 0)
        if len(table.key) == 1:  # a table may name its own ids (categories.parent_id)
            self._keyset(table, [out[table.key[0]].to_numpy(object)])
        self._references(table, out, 0)
        self.typed[table.name] = out
        self.rows[table.name] = len(out)
        if self.sink:
            self.sink(table.name, out)

    def _streamed(self, table: Table) -> None:
        name = table.name
        offset = 0
        keys: list[np.ndarray] = []
        hashes: list[np.ndarray] = []
        extra = _Extra.make(self, table)
        chunks = self.source.open(name)
        try:
            for i, chunk in enumerate(chunks):
                if i == 0 and not self._header_ok(table, chunk):
                    return
                out = self._type(table, chunk, offset)
                self._nul(table, chunk, offset)
                self._references(table, out, offset)
                if table.key:
                    hashes.append(_hash(chunk, list(table.key)))
                if len(table.key) == 1:
                    keys.append(out[table.key[0]].to_numpy(object))
                if extra:
                    out = extra.chunk(chunk, out, offset)
                if self.sink:
                    self.sink(name, out)
                offset += len(chunk)
                self._tick(name, offset)
        finally:
            chunks.close()
        self.rows[name] = offset
        if table.key and hashes:
            h = np.concatenate(hashes)
            hashes.clear()  # the chunks' copies go before the sort (11 M keys: 88 MB each copy)
            self._unique(table, h)
            del h
        self._keyset(table, keys)
        del keys
        if extra:
            extra.finish()

    def _unique(self, table: Table, h: np.ndarray) -> None:
        """Repeated keys: the hashes find them; a second read names the rows (as validate)."""
        suspect = _repeated(h)
        if not len(suspect):
            return
        key = list(table.key)
        parts, lines = [], []
        offset = 0
        for chunk in self.source.open(table.name):
            hit = _isin(_hash(chunk, key), suspect)
            parts.append(chunk.loc[hit, key])
            lines.append(np.flatnonzero(hit) + offset + 2)
            offset += len(chunk)
        p: list[Problem] = []
        v._unique(table, pd.concat(parts, ignore_index=True), p, np.concatenate(lines))
        self.log.add("unique", p)

    # ------------------------------------------------------------ across tables
    def _across(self) -> None:
        typed = self.typed
        p: list[Problem] = []
        if "categories" in typed:
            v._taxonomy(typed["categories"], p)
        self.log.add("taxonomy", p)
        p = []
        if "tests" in typed:
            v._tests(typed["tests"], p)
        self.log.add("tests", p)
        p = []
        if "parameters" in typed:
            v._check_parameters(typed, p)
        self.log.add("parameters", p)
        if self.pv_limits is not None:
            self.pv_limits()
        for phase, rule in (("demands", v._demands), ("cases", v._cases), ("events", v._events)):
            p = []
            if phase == "cases" and "applications" in typed:
                v._applications(typed["applications"], q := [])
                self.log.add("applications", q)
            rule(typed, p)
            self.log.add(phase, p)
        p = []
        if "inspections" in typed:
            v._inspections(typed["inspections"], p)
        self.log.add("inspections", p)

    pv_limits: Callable[[], None] | None = None


class _Extra:
    """The whole-table rules of one streamed table (sourcing, bom, parts, part_values)."""

    @staticmethod
    def make(ck: Checker, table: Table) -> _Extra | None:
        cls = {"sourcing": _Shares, "bom": _Cycles, "parts": _Parts, "part_values": _PartValues}.get(table.name)
        return cls(ck, table) if cls else None

    def __init__(self, ck: Checker, table: Table):
        self.ck, self.table = ck, table

    def chunk(self, raw: pd.DataFrame, typed: pd.DataFrame, offset: int) -> pd.DataFrame:
        return typed

    def finish(self) -> None:
        pass


class _Parts(_Extra):
    """Keeps each part's id and category_id (what the rules of other tables read)."""

    def __init__(self, ck: Checker, table: Table):
        super().__init__(ck, table)
        self.frames: list[pd.DataFrame] = []

    def chunk(self, raw, typed, offset):
        self.frames.append(typed[["id", "category_id"]])
        return typed

    def finish(self):
        self.ck.typed["parts"] = pd.concat(self.frames, ignore_index=True)


class _Shares(_Extra):
    """Shares of one buyer and item summing to more than 1: a hash of (buyer, item) and the
    share per row; the groups over 1 are read again to be reported as validate reports them."""

    def __init__(self, ck: Checker, table: Table):
        super().__init__(ck, table)
        self.h: list[np.ndarray] = []
        self.share: list[np.ndarray] = []

    def chunk(self, raw, typed, offset):
        ok = (typed["buyer_id"].notna() & typed["item_id"].notna()).to_numpy()
        self.h.append(_hash(typed, ["buyer_id", "item_id"])[ok])
        self.share.append(typed["share"].to_numpy(float)[ok])
        return typed

    def finish(self):
        if not self.h:
            return
        h = np.concatenate(self.h)
        self.h = []
        order = np.argsort(h, kind="stable")  # groups of one (buyer, item) hash, rows in file order
        h = h[order]
        share = np.nan_to_num(np.concatenate(self.share))[order]
        self.share = []
        del order
        starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]]) if len(h) else np.zeros(0, np.int64)
        total = np.add.reduceat(share, starts) if len(h) else np.zeros(0)
        # the sum of k shares differs from pandas' (compensated) sum by ~k ulp: a margin of
        # 1e-12 keeps every group validate would report; the exact sums are taken on the second read
        suspect = h[starts][total > 1 + v.SHARE_TOLERANCE - 1e-12]
        del h, share, starts, total
        if not len(suspect):
            return
        parts, lines, offset = [], [], 0
        col = self.table.column("share")
        for chunk in self.ck.source.open("sourcing"):
            ok = (chunk["buyer_id"].notna() & chunk["item_id"].notna()).to_numpy()
            hit = ok & _isin(_hash(chunk, ["buyer_id", "item_id"]), suspect)
            sub = chunk.loc[hit, ["buyer_id", "item_id", "share"]].reset_index(drop=True)
            sub["share"] = v._type_column(self.table, col, sub["share"], [])
            parts.append(sub)
            lines.append(np.flatnonzero(hit) + offset + 2)
            offset += len(chunk)
        p: list[Problem] = []
        v._shares(pd.concat(parts, ignore_index=True), p, np.concatenate(lines))
        self.ck.log.add("shares", p)


class _Cycles(_Extra):
    """BOM cycles: each edge as two integer codes of its items; the cycle is found on the
    codes (validate.find_cycle's walk, nodes numbered in the same order) and named after them."""

    def __init__(self, ck: Checker, table: Table):
        super().__init__(ck, table)
        known = [ck.keysets[n].ids for n in ("products", "parts", "categories") if n in ck.keysets]
        self.nodes = KeySet(pd.unique(np.concatenate(known)).astype(object) if known else np.array([], object))
        self.others: dict[str, int] = {}
        self.p: list[np.ndarray] = []
        self.c: list[np.ndarray] = []

    def _codes(self, values: pd.Series) -> np.ndarray:
        vals = values.to_numpy(object)
        each, uniq = pd.factorize(vals)  # a chunk names few parents: each looked up once
        codes = np.where(each >= 0, self.nodes.codes(np.asarray(uniq, dtype=object))[np.maximum(each, 0)]
                         if len(uniq) else -1, -1)
        miss = np.flatnonzero(codes < 0)
        for i in miss:
            x = vals[i]
            if x is not None:
                codes[i] = self.others.setdefault(x, len(self.nodes) + len(self.others))
        return codes.astype(np.int32) if len(self.nodes) + len(self.others) < 2**31 - 1 else codes

    def chunk(self, raw, typed, offset):
        self.p.append(self._codes(typed["parent_id"]))
        self.c.append(self._codes(typed["child_id"]))
        return typed

    def finish(self):
        if not self.p:
            return
        p, c = np.concatenate(self.p), np.concatenate(self.c)
        self.p = self.c = []
        ok = (p >= 0) & (c >= 0)
        cycle = v.cycle_nodes(p[ok], c[ok])
        if not cycle:
            return
        label = {code: x for x, code in self.others.items()}

        def name(code) -> str:
            code = int(code)
            return str(self.nodes.ids[code]) if code < len(self.nodes) else str(label[code])
        row = np.flatnonzero((p == cycle[0]) & (c == cycle[1]))
        path = [name(x) for x in cycle]
        self.ck.log.add("bom", [Problem("bom.csv", int(row[0]) + 2 if len(row) else None, "child_id",
                                        f"the BOM has a cycle: {' -> '.join(path)}; expected a hierarchy "
                                        "(no item may contain itself)")])


class _PartValues(_Extra):
    """Parameter declared, number, unit (per chunk, against parts' categories); the limits
    of parameters.csv once every value is read (a limit may compare two values of a part)."""

    def __init__(self, ck: Checker, table: Table):
        super().__init__(ck, table)
        t = ck.typed
        self.ready = all(k in t for k in ("parts", "parameters", "categories"))
        if not self.ready:
            return
        self.parts = t["parts"]
        known = ck.keysets.get("parts")  # the distinct ids in file order: their rows when none repeats
        self.part_rows = known if known is not None and len(known) == len(self.parts) else None
        self.visible = resolve_parameters(self.parts, t["parameters"], t["categories"])
        self.cat_ids = pd.Index(t["categories"]["id"])
        self.kept: list[pd.DataFrame] = []
        self.orphans: list[pd.DataFrame] = []
        self.intern: dict = {}
        ck.pv_limits = self.limits

    def chunk(self, raw, typed, offset):
        if not self.ready:
            return typed
        t = self.ck.typed
        ids = pd.unique(typed["part_id"].dropna().to_numpy(object))
        if self.part_rows is not None:  # each part id on one row: its row looked up, not a pass over parts
            rows = self.part_rows.codes(ids)
            sub = self.parts.iloc[np.sort(rows[rows >= 0])]
        else:
            sub = self.parts[self.parts["id"].isin(ids)]
        canonical, errors = canonical_values(typed, sub, t["parameters"], t["categories"])
        self.ck.log.add("part_values", [Problem("part_values.csv", r, c, m) for r, c, m in errors], offset)
        cat_of = typed["part_id"].map(dict(zip(sub["id"], sub["category_id"])))
        keep = np.isfinite(canonical)
        intern = self.intern
        self.kept.append(pd.DataFrame({
            "part_id": [intern.setdefault(x, x) for x in typed["part_id"].to_numpy(object)[keep]],
            "parameter": [intern.setdefault(x, x) for x in typed["parameter"].to_numpy(object)[keep]],
            "category_id": [intern.setdefault(x, x) for x in cat_of.to_numpy(object)[keep]],
            "value": canonical[keep], "line": np.flatnonzero(keep) + offset + 2}))
        orphan = (cat_of.notna() & ~cat_of.isin(self.cat_ids)).to_numpy()
        if orphan.any():
            self.orphans.append(pd.DataFrame({"line": np.flatnonzero(orphan) + offset + 2,
                                              "part_id": typed["part_id"].to_numpy(object)[orphan],
                                              "category_id": cat_of.to_numpy(object)[orphan]}))
        return typed.assign(value_canonical=canonical)

    def limits(self) -> None:
        """validate._part_values' limits and the warnings of validate._unchecked."""
        if not self.ready:
            return
        kept = pd.concat(self.kept, ignore_index=True) if self.kept else pd.DataFrame(
            {"part_id": [], "parameter": [], "category_id": [], "value": [], "line": []})
        self.kept, self.intern = [], {}
        found = value_problems(kept[["part_id", "parameter"]], kept["category_id"], self.visible,
                               kept["value"].to_numpy(float))
        lines = kept["line"].to_numpy()
        self.ck.log.add("part_values", [Problem("part_values.csv", int(lines[r - 2]), c, m) for r, c, m in found])
        del kept
        if self.orphans:
            lost = pd.concat(self.orphans, ignore_index=True)
            warn = []
            for (pid, cid), grp in lost.groupby(["part_id", "category_id"], sort=False):
                warn.append(Problem("part_values.csv", int(grp["line"].iat[0]), "part_id",
                                    f"{len(grp)} value(s) of part {pid} not checked: its category_id '{cid}' "
                                    "is not an id in categories.csv (the error reported on parts.csv)",
                                    severity="warning"))
            self.ck.log.add("part_values", warn)


def check(source: Source, *, sink: Sink | None = None, progress: Progress | None = None) -> list[Problem]:
    """Every problem of ``source`` (errors and warnings), read chunk by chunk; typed chunks
    go to ``sink``. Raises :class:`ValidationError` when a file cannot be read at all."""
    return Checker(source, sink, progress).run()


__all__ = ["check", "Checker", "WHOLE"]
