"""The search index: one row per part, one column per parameter, built once.

Numeric parameters become float64 columns in the parameter's canonical unit (NaN where a
part has no value); enum and text parameters become integer codes into a label array
(-1 = no value), so that a filter is a NumPy boolean mask and a facet a ``bincount``. Part
fields (``status``, ``maker_id``, ``country`` of the maker, ``designation``,
``unit_price_usd``, ``annual_capacity``) are columns like any parameter, so a query can say
``status in qualified,production; unit_price_usd<=40``. Two text columns serve free-word
search (:data:`WORD_FIELDS`): ``maker_name`` (the maker's name) and ``category_names`` (the
names of the part's category and its parents, English and Chinese, one label per category).

Parameters are declared per category in ``parameters.csv`` and inherited by
subcategories; a name declared in several categories with different but compatible units is
stored in one column, in the unit most categories use (:attr:`PartIndex.units`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from keyparts.dataset.units import category_ancestors, resolve_parameters
from keyparts.errors import InputError, NotFoundError
from keyparts.units import convert

N_BUCKETS = 10
FIELD_TEXT = ("status", "maker_id", "country", "designation")
FIELD_NUMBER = {"unit_price_usd": "USD", "annual_capacity": "1/year"}
#: Text columns searched by free words (``6205``, ``SKF``, ``轴承``), besides ``designation``.
WORD_FIELDS = ("designation", "maker_id", "maker_name", "category_names")
# Part fields usable in a query like any parameter: name -> (kind, unit).
PART_FIELDS: dict[str, tuple[str, str]] = {
    **{f: ("text" if f == "designation" else "enum", "") for f in (*FIELD_TEXT, "certifications")},
    **{f: ("number", u) for f, u in FIELD_NUMBER.items()}}


@dataclass(frozen=True)
class TextColumn:
    """An enum/text column: ``codes[i]`` indexes ``labels`` (-1 = no value)."""

    codes: np.ndarray
    labels: np.ndarray  # object array of str

    @classmethod
    def from_values(cls, values: np.ndarray | pd.Series) -> TextColumn:
        s = pd.Series(values, dtype=object)
        s = s.where(s.notna(), None)
        codes, labels = pd.factorize(s, use_na_sentinel=True)
        return cls(codes.astype(np.int32), np.asarray(labels, dtype=object).astype(str).astype(object))

    @classmethod
    def from_series(cls, s: pd.Series) -> TextColumn:
        """:meth:`from_values` of a frame's column without a Python string per cell: a column
        of Arrow text (the import's lean frames) is factorized in Arrow, and only its distinct
        values become Python strings (at a million parts: 3 columns x 1 M strings fewer)."""
        if s.dtype == object:
            return cls.from_values(s.to_numpy(object))
        codes, labels = pd.factorize(s, use_na_sentinel=True)
        return cls(codes.astype(np.int32), np.asarray(labels, dtype=object).astype(str).astype(object))

    def reordered(self, order: np.ndarray) -> TextColumn:
        """The column of rows ``order``, its labels in order of first appearance there (as
        :meth:`from_values` of the reordered values numbers them)."""
        new, old = pd.factorize(self.codes[order])
        keep = old >= 0
        remap = np.full(len(old), -1, np.int32)
        remap[keep] = np.arange(int(keep.sum()), dtype=np.int32)
        return TextColumn(remap[new], self.labels[old[keep]])

    @cached_property
    def labels_lower(self) -> np.ndarray:
        """Labels in lower case (for case-insensitive matching), computed once."""
        return np.char.lower(self.labels.astype(str)) if self.labels.size else np.array([], str)

    def label_mask(self, pred: np.ndarray) -> np.ndarray:
        """Mask of rows whose label satisfies ``pred`` (a bool per label); missing -> False."""
        lut = np.append(np.asarray(pred, bool), False)
        return lut[self.codes]


def nice_edges(values: np.ndarray, n: int = N_BUCKETS) -> np.ndarray:
    """Bucket edges at the quantiles of ``values`` rounded to two significant digits."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        return np.array([0.0, 1.0])
    q = np.quantile(v, np.linspace(0, 1, n + 1))
    with np.errstate(all="ignore"):
        mag = 10.0 ** (np.floor(np.log10(np.abs(q), where=q != 0, out=np.zeros_like(q))) - 1)
        mag = np.where(np.isfinite(mag) & (mag > 0), mag, 1.0)
        r = np.round(q / mag) * mag
    r = np.where(np.isfinite(r), r, q)
    r[0], r[-1] = min(r[0], v.min()), max(r[-1], v.max())
    edges = np.unique(r)
    return edges if edges.size > 1 else np.array([edges[0], edges[0] + 1.0])


def bucket_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(edges, bucket of each value) of a numeric column: :func:`nice_edges`, and
    ``len(edges) - 1`` for the "no value" bucket."""
    edges = nice_edges(values)
    b = np.searchsorted(edges, values, side="right") - 1
    b = np.clip(b, 0, edges.size - 2)
    b[~np.isfinite(values)] = edges.size - 1  # the "no value" bucket
    return edges, b.astype(np.int16)


@dataclass(frozen=True)
class PartIndex:
    """Parts as columns, ready for vectorised filters (build with :meth:`from_frames`).

    ``numeric[name]`` is a float64 array in ``units[name]``; ``text[name]`` a
    :class:`TextColumn`; ``category_code`` indexes ``category_ids``; ``subtree[cid]`` is the
    bool lookup over category codes of ``cid`` and its descendants; ``visible[cid]`` the
    parameter names declared for ``cid`` or inherited.
    """

    part_id: np.ndarray
    category_code: np.ndarray
    category_ids: np.ndarray
    subtree: Mapping[str, np.ndarray]
    visible: Mapping[str, tuple[str, ...]]
    numeric: Mapping[str, np.ndarray]
    units: Mapping[str, str]
    text: Mapping[str, TextColumn]
    kinds: Mapping[str, str]
    buckets: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @cached_property
    def row_of(self) -> pd.Index:
        """Part id -> row, made on first use (a search never needs it)."""
        return pd.Index(self.part_id)

    def __len__(self) -> int:
        return int(self.part_id.size)

    @property
    def parameters(self) -> list[str]:
        return sorted(set(self.numeric) | set(self.text))

    def category_mask(self, category: str | None) -> np.ndarray | None:
        """Rows in ``category`` or its subcategories (``None`` = no restriction)."""
        if category is None:
            return None
        lut = self.subtree.get(category)
        if lut is None:
            raise NotFoundError(f"category {category!r} not found, expected one of: "
                                f"{', '.join(sorted(self.subtree)[:20])}")
        return lut[self.category_code]

    def category_parameters(self, category: str | None) -> dict[str, tuple[str, str]]:
        """Parameters a query on ``category`` may name -> (kind, canonical unit): those declared
        for it or inherited, and the part fields (every parameter when ``category`` is None or
        unknown)."""
        names = self.visible.get(category, ()) if category in self.visible else self.parameters
        out = {n: (self.kinds.get(n, "number" if n in self.numeric else "enum"), self.units.get(n, ""))
               for n in names}
        out.update({n: k for n, k in PART_FIELDS.items() if n in self.numeric or n in self.text})
        return out

    def row(self, part_id: str) -> int:
        i = self.row_of.get_indexer([part_id])[0]
        if i < 0:
            raise NotFoundError(f"part {part_id!r} not found in the dataset")
        return int(i)

    def values_of(self, row: int) -> dict[str, float | str]:
        """Every value a part has, in canonical units (numbers) or labels (enum/text)."""
        out: dict[str, float | str] = {}
        for name, col in self.numeric.items():
            v = col[row]
            if not np.isnan(v):
                out[name] = float(v)
        for name, tc in self.text.items():
            c = tc.codes[row]
            if c >= 0 and name not in out:
                out[name] = str(tc.labels[c])
        return out

    def values_of_rows(self, rows: np.ndarray) -> list[dict[str, float | str]]:
        """:meth:`values_of` of several rows, one column at a time (a page of results costs
        one gather per column, not one look-up per row and column)."""
        rows = np.asarray(rows, dtype=np.int64)
        out: list[dict[str, float | str]] = [{} for _ in range(rows.size)]
        for name, col in self.numeric.items():
            v = col[rows]
            for i in np.flatnonzero(~np.isnan(v)):
                out[i][name] = float(v[i])
        for name, tc in self.text.items():
            c = tc.codes[rows]
            for i in np.flatnonzero(c >= 0):
                out[i].setdefault(name, str(tc.labels[c[i]]))
        return out

    def without(self, name: str) -> PartIndex:
        """This index with the numeric column ``name`` blank (NaN for every part), as if it
        were built from frames whose ``name`` is empty: e.g. the public index (no prices) from
        the full one, without a second build. The other columns are shared, not copied."""
        if name not in self.numeric:
            return self
        blank = np.full(len(self), np.nan)
        return replace(self, numeric={**self.numeric, name: blank},
                       buckets={**self.buckets, name: bucket_codes(blank)})

    # ------------------------------------------------------------------ building
    @classmethod
    def from_arrays(cls, *, part_id: np.ndarray, category_id: np.ndarray,
                    categories: pd.DataFrame, numeric: Mapping[str, np.ndarray],
                    units: Mapping[str, str], text: Mapping[str, np.ndarray | TextColumn],
                    kinds: Mapping[str, str] | None = None,
                    visible: Mapping[str, tuple[str, ...]] | None = None) -> PartIndex:
        """Index from column arrays already in canonical units (used by the generator/bench).

        Rows are sorted by ``part_id`` so that results come in a stable order.
        """
        order = np.argsort(np.asarray(part_id, dtype=object).astype(str), kind="stable")
        part_id = np.asarray(part_id, dtype=object)[order]
        cat_ids = np.asarray(categories["id"], dtype=object)
        code_of = pd.Index(cat_ids)
        cat_code = code_of.get_indexer(np.asarray(category_id, dtype=object)[order]).astype(np.int32)
        if (cat_code < 0).any():
            bad = np.asarray(category_id, dtype=object)[order][cat_code < 0][0]
            raise InputError(f"part category {bad!r} is not in categories")
        anc = category_ancestors(categories)
        subtree: dict[str, np.ndarray] = {c: np.zeros(len(cat_ids) + 1, bool) for c in cat_ids}
        for cid, chain in anc.items():
            for a in chain:
                subtree[a][code_of.get_loc(cid)] = True
        # rows read in key order are sorted already: then no column is copied to reorder it
        # (a million parts x ~50 parameters: 400 MB per copy of the numeric columns)
        ordered = bool((order == np.arange(order.size)).all())
        num = {k: np.ascontiguousarray(np.asarray(v, float) if ordered else np.asarray(v, float)[order])
               for k, v in numeric.items()}
        txt = {k: ((v if ordered else v.reordered(order)) if isinstance(v, TextColumn)
                   else TextColumn.from_values(np.asarray(v, dtype=object) if ordered
                                               else np.asarray(v, dtype=object)[order]))
               for k, v in text.items()}
        kinds = dict(kinds or {})
        for k in num:
            kinds.setdefault(k, "number")
        if "name" in categories.columns and "category_names" not in txt:
            words = _category_words(categories, anc)
            txt["category_names"] = TextColumn(cat_code, np.array([words[c] for c in cat_ids], dtype=object))
        for k in txt:
            kinds.setdefault(k, "text" if k in ("designation", "maker_name", "category_names") else "enum")
        buckets = {k: bucket_codes(v) for k, v in num.items()}
        if visible is None:
            visible = {c: tuple(sorted(set(num) | set(txt))) for c in cat_ids}
        return cls(part_id=part_id, category_code=cat_code, category_ids=cat_ids,
                   subtree=subtree, visible=dict(visible), numeric=num, units=dict(units),
                   text=txt, kinds=kinds, buckets=buckets)

    @classmethod
    def from_frames(cls, parts: pd.DataFrame, part_values: pd.DataFrame,
                    parameters: pd.DataFrame, categories: pd.DataFrame,
                    enterprises: pd.DataFrame | None = None) -> PartIndex:
        """Index from the typed dataset frames (``Dataset.frames``).

        Numeric values are taken from ``part_values.value_canonical`` when the validator
        added it, else converted here from ``value``/``unit``.
        """
        vis = resolve_parameters(parts, parameters, categories)
        visible = {c: tuple(sorted(g["name"])) for c, g in vis.groupby("category_id")}
        for c in categories["id"]:
            visible.setdefault(c, ())
        visible = {c: tuple(sorted(set(v) | set(FIELD_TEXT) | set(FIELD_NUMBER)))
                   for c, v in visible.items()}
        decl = vis[["category_id", "name", "unit", "kind"]]
        num_decl = decl[decl["kind"] == "number"].fillna({"unit": ""})
        col_unit = num_decl.groupby("name")["unit"].agg(lambda s: s.value_counts().index[0]).to_dict()

        n = len(parts)
        # Each value's declaration by integer codes (no merge: a national ``part_values`` is
        # 3.4 M rows, and a merged copy of it with every column was the import's memory peak).
        part_row = pd.Index(parts["id"]).get_indexer(part_values["part_id"])
        keep = part_row >= 0
        whole = bool(keep.all())
        rows = part_row if whole else part_row[keep]
        pick = (lambda s: s) if whole else (lambda s: s[keep])
        ccodes, cnames = pd.factorize(parts["category_id"])
        pcodes, pnames = pd.factorize(pick(part_values["parameter"]))
        decl = decl.reset_index(drop=True)
        ci = pd.Index(cnames).get_indexer(decl["category_id"])
        pi = pd.Index(pnames).get_indexer(decl["name"])
        lut = np.full((len(cnames) + 1, len(pnames) + 1), -1, np.int64)
        ok = (ci >= 0) & (pi >= 0)
        lut[ci[ok], pi[ok]] = np.flatnonzero(ok)  # decl is unique per (category, name)
        drow = lut[ccodes[rows], pcodes] if len(rows) else np.zeros(0, np.int64)

        def declared(column: str) -> np.ndarray:
            """``decl[column]`` of each kept value (NaN where the parameter is undeclared)."""
            return np.append(decl[column].to_numpy(object), np.nan)[drow]

        kind = declared("kind")
        unit_decl = pd.Series(declared("unit"), dtype=object)
        if "value_canonical" in part_values.columns:
            val = pd.to_numeric(pick(part_values["value_canonical"]), errors="coerce").to_numpy(float)
            from_unit = unit_decl.fillna("").to_numpy(object)
        else:
            val = pd.to_numeric(pick(part_values["value"]), errors="coerce").to_numpy(float)
            given = pd.Series(pick(part_values["unit"]).to_numpy(object), dtype=object)
            from_unit = given.where(given.notna(), unit_decl).fillna("").to_numpy(object)
        numeric: dict[str, np.ndarray] = {}
        text: dict[str, np.ndarray] = {}
        kinds: dict[str, str] = {}
        undeclared = pd.isna(kind)
        kept_at = None if whole else np.flatnonzero(keep)
        for k, pname in enumerate(pnames):
            sel = pcodes == k
            is_num = (kind == "number") & sel
            if undeclared[sel].all() and np.isfinite(val[sel]).all():
                is_num = sel
            if is_num.any():
                unit = col_unit.get(pname, "")
                col = numeric.setdefault(pname, np.full(n, np.nan))
                ii = np.flatnonzero(is_num)
                col[rows[ii]] = convert(val[ii], from_unit[ii], unit)
                kinds[pname] = "number"
            is_txt = sel & ~is_num
            if is_txt.any():
                col_t = text.setdefault(pname, np.full(n, None, dtype=object))
                ii = np.flatnonzero(is_txt)
                col_t[rows[ii]] = part_values["value"].iloc[ii if whole else kept_at[ii]].to_numpy(object)
                kinds.setdefault(pname, "text" if (kind[is_txt] == "text").any() else "enum")
        units = {k: col_unit.get(k, "") for k in numeric}
        for f, u in FIELD_NUMBER.items():
            if f in parts.columns:
                numeric[f] = pd.to_numeric(parts[f], errors="coerce").to_numpy(float)
                units[f] = u
        for f in ("status", "maker_id", "designation"):
            text[f] = TextColumn.from_series(parts[f])
        if enterprises is not None and len(enterprises):
            text["country"] = parts["maker_id"].map(dict(zip(enterprises["id"], enterprises["country"]))
                                                    ).to_numpy(object)
            text["maker_name"] = parts["maker_id"].map(dict(zip(enterprises["id"], enterprises["name"]))
                                                       ).to_numpy(object)
            if "certifications" in enterprises.columns:  # the maker's approvals, ';'-joined
                text["certifications"] = parts["maker_id"].map(
                    dict(zip(enterprises["id"], enterprises["certifications"]))).to_numpy(object)
        return cls.from_arrays(part_id=parts["id"].to_numpy(object),
                               category_id=parts["category_id"].to_numpy(object),
                               categories=categories, numeric=numeric, units=units, text=text,
                               kinds=kinds, visible=visible)


def _category_words(categories: pd.DataFrame, anc: Mapping[str, list[str]]) -> dict[str, str]:
    """Each category id -> the names (``name``, ``name_zh``) of it and its parents, joined by
    `` / `` (nearest first): what a free word is matched against."""
    names: dict[str, list[str]] = {}
    for r in categories.to_dict("records"):
        names[r["id"]] = [str(r[k]) for k in ("name", "name_zh") if isinstance(r.get(k), str) and r[k]]
    return {c: " / ".join(n for a in anc.get(c, [c]) for n in names.get(a, [])) for c in categories["id"]}


def build_index(ds) -> PartIndex:
    """:class:`PartIndex` of a typed :class:`~keyparts.dataset.model.Dataset`."""
    f = ds.frames
    for need in ("parts", "part_values", "parameters", "categories"):
        if need not in f:
            raise InputError(f"the dataset has no {need}.csv, expected it to build the search index")
    return PartIndex.from_frames(f["parts"], f["part_values"], f["parameters"], f["categories"],
                                 f.get("enterprises"))
