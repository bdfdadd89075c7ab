"""Customs statistics as users download them, mapped to the rows of ``trade.csv``.

Two formats:

* ``comtrade``: a UN Comtrade+ CSV export (columns ``refYear, reporterISO, flowCode,
  partnerISO, cmdCode, primaryValue`` required; ``qty, qtyUnitAbbr, netWgt, motCode,
  customsCode, partner2ISO, classificationCode`` used when present). ISO 3166-1 alpha-3
  partners become alpha-2 (pycountry).
* ``china-customs``: an export of the GACC statistics query platform (海关统计数据在线查询平台):
  HS8 商品编码, partner 贸易伙伴名称, 进出口 (or the flow given by the caller, since the
  platform asks for it as a query condition), 美元 (USD), 第一数量 / 第一计量单位, 数据年月.
  Header synonyms are accepted (``CHINA_COLUMNS``); docs/programme.md says what they
  rest on.

Only imports and exports of the home country enter ``trade.csv``. Re-imports and re-exports
(Comtrade RM/RX, 复进口/复出口; in IMTS 2010 they are already part of M and X), other Comtrade
flows, breakdown rows (by mode of transport, customs procedure, second partner), world totals,
imports from the home country itself, aggregate codes whose subheadings are in the file, and
rows of other reporters are set aside and counted in the report, never dropped silently.
Decoding bytes and parsing are pure; the CLI reads the file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd

from keyparts.errors import InputError
from keyparts.programme.concordance import KEY, _sum_by_key

FORMATS = ("comtrade", "china-customs")
COMTRADE_REQUIRED = ("refYear", "reporterISO", "flowCode", "partnerISO", "cmdCode", "primaryValue")
COMTRADE_FLOWS = {"M": "import", "X": "export"}
COMTRADE_OTHER_FLOWS = {"RM": "re-import", "RX": "re-export", "DX": "domestic export", "FM": "foreign import",
                        "MIP": "import for inward processing", "XIP": "export after inward processing",
                        "MOP": "import after outward processing", "XOP": "export for outward processing"}
COMTRADE_UNITS = {"u": "pcs", "kg": "kg", "n/a": "", "": ""}
# China customs export headers: first match wins (the platform's names first, then common variants)
CHINA_COLUMNS = {
    "code": ("商品编码", "商品代码", "HS编码", "海关编码"),
    "partner": ("贸易伙伴名称", "国别(地区)", "国别（地区）", "国家(地区)", "国家（地区）", "贸易伙伴", "国别"),
    "flow": ("进出口", "进出口类型", "进出口标志", "贸易流向"),
    "value": ("美元", "金额(美元)", "金额（美元）", "美元值"),
    "qty": ("第一数量", "数量"),
    "unit": ("第一计量单位", "计量单位"),
    "year": ("数据年月", "年月", "年份", "年度"),
}
CHINA_FLOWS = {"进口": "import", "出口": "export", "import": "import", "export": "export"}
CHINA_OTHER_FLOWS = {"复进口": "re-import", "复出口": "re-export", "进出口": "imports plus exports (total)"}
# counts of items are one unit, as Comtrade's "u" (number of items); mass in kg
CHINA_UNITS = {"个": "pcs", "套": "pcs", "件": "pcs", "台": "pcs", "只": "pcs", "千克": "kg", "吨": "t",
               "pcs": "pcs", "kg": "kg"}


@dataclass(frozen=True)
class TradeImport:
    """Rows for trade.csv and the report of what happened to every input row."""

    rows: pd.DataFrame                       # trade.csv columns
    source: str
    format: str
    encoding: str
    rows_read: int
    rows_mapped: int                         # input rows that went into ``rows``
    set_aside: dict[str, int]                # reason -> input rows
    unknown_partners: dict[str, int]         # partner as written -> input rows set aside
    partners_not_in_countries: list[str] = field(default_factory=list)
    unmapped_codes: dict[str, float] = field(default_factory=dict)   # hs_code -> value USD, no category
    units_not_mapped: dict[str, int] = field(default_factory=dict)   # unit -> rows kept, quantity empty

    def to_dict(self) -> dict:
        return {"source": self.source, "format": self.format, "encoding": self.encoding,
                "rows_read": self.rows_read, "rows_mapped": self.rows_mapped, "rows_written": len(self.rows),
                "set_aside": self.set_aside, "unknown_partners": self.unknown_partners,
                "partners_not_in_countries": self.partners_not_in_countries,
                "unmapped_codes": self.unmapped_codes, "units_not_mapped": self.units_not_mapped}


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM), else GB18030 (which contains GBK/GB2312)."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source}: the file is neither UTF-8 nor GB18030 text; expected a CSV export")


def read_trade_export(data: bytes, *, fmt: str, source: str = "trade file", home: str = "CN",
                      hs_digits: int = 6, flow: str | None = None, year: int | None = None,
                      category_codes: list[str] | None = None,
                      countries: list[str] | None = None) -> TradeImport:
    """Parse a customs export (``fmt`` in FORMATS) into trade.csv rows of the ``home`` country.

    ``hs_digits``: codes are cut to this many digits and summed (6 = HS6, comparable across
    countries and with the concordance; 8 keeps China's national subheadings). ``flow`` and
    ``year`` stand in for a China export without a flow or period column. ``category_codes``
    (the categories' ``hs_codes``) and ``countries`` (codes of countries.csv) only feed the report.
    """
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt}: expected one of {', '.join(FORMATS)}")
    if hs_digits not in (6, 8):
        raise InputError(f"--digits {hs_digits}: expected 6 (HS6) or 8 (national HS8)")
    text, enc = decode(data, source)
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{source}: not a readable CSV ({str(exc).splitlines()[0]}); "
                         "expected a customs export") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    raw = raw.apply(lambda s: s.str.strip())
    parse = _comtrade if fmt == "comtrade" else _china
    rows, aside, unknown, units = parse(raw, source, home, flow, year)
    rows["hs_code"] = rows["hs_code"].str.replace(".", "", regex=False)
    # aggregate codes whose subheadings are also in the file would be counted twice
    codes = pd.unique(rows["hs_code"])
    proper_prefixes = {c[:k] for c in codes for k in range(1, len(c))}
    is_agg = rows["hs_code"].isin(proper_prefixes)
    _count(aside, "aggregate code (its subheadings are in the file)", int(is_agg.sum()))
    rows = rows[~is_agg].copy()
    rows["hs_code"] = rows["hs_code"].str[:hs_digits]
    mapped = len(rows)
    out = _sum_by_key(rows[KEY + ["value_usd", "quantity", "unit"]])
    not_in = sorted(set(out["partner_country"]) - set(countries)) if countries is not None else []
    unmapped = _unmapped(out, category_codes) if category_codes is not None else {}
    return TradeImport(out, source, fmt, enc, len(raw), mapped, aside, unknown, not_in, unmapped, units)


def _count(d: dict[str, int], reason: str, n: int) -> None:
    if n:
        d[reason] = d.get(reason, 0) + n


class _SetAside:
    """Rows of an export set aside, counted per reason (never dropped silently); ``keep`` marks
    the rows still in, and a row is counted under the first reason that takes it."""

    def __init__(self, index: pd.Index):
        self.keep = pd.Series(True, index=index)
        self.counts: dict[str, int] = {}

    def drop(self, mask: pd.Series, reason: str) -> None:
        m = mask & self.keep
        _count(self.counts, reason, int(m.sum()))
        self.keep &= ~m


def _unmapped(out: pd.DataFrame, category_codes: list[str]) -> dict[str, float]:
    prefixes = {c.strip().replace(".", "") for c in category_codes if c and c.strip()}
    hit = np.zeros(len(out), dtype=bool)
    for n in {len(p) for p in prefixes}:
        hit |= out["hs_code"].str[:n].isin({p for p in prefixes if len(p) == n}).to_numpy()
    miss = out[~hit].groupby("hs_code")["value_usd"].sum()
    return {str(k): float(v) for k, v in miss.items()}


def _need(raw: pd.DataFrame, names: tuple[str, ...], source: str, what: str) -> str:
    for n in names:
        if n in raw.columns:
            return n
    raise InputError(f"{source}:1: no column {' / '.join(names)}; expected {what} "
                     f"(the header has: {', '.join(raw.columns[:12])})")


def _optional(raw: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in raw.columns), None)


def _number(raw: pd.DataFrame, col: str, source: str, what: str, *, required: bool) -> np.ndarray:
    """Numbers of a column (thousands separators removed); the first bad cell is an error."""
    s = raw[col].str.replace(",", "", regex=False)
    v = pd.to_numeric(s, errors="coerce")
    bad = (v.isna() & (s != "")) | (v < 0) | (required & (s == ""))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{source}:{i + 2}:{col}: '{raw[col].iloc[i]}' is not {what}")
    return v.to_numpy(dtype=float)


def _year(raw: pd.DataFrame, col: str, source: str) -> np.ndarray:
    y = pd.to_numeric(raw[col].str[:4], errors="coerce")
    bad = y.isna() | (y < 1900) | (y > 2100)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{source}:{i + 2}:{col}: '{raw[col].iloc[i]}' is not a year or period; "
                         "expected YYYY or YYYYMM")
    return y.to_numpy(dtype=int)


def _frame(raw: pd.DataFrame, code: pd.Series, year: np.ndarray, partner: pd.Series, flow: pd.Series,
           value: np.ndarray, qty: np.ndarray, unit: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"hs_code": code.to_numpy(), "year": year, "partner_country": partner.to_numpy(),
                         "flow": flow.to_numpy(), "value_usd": value, "quantity": qty,
                         "unit": unit.to_numpy()}, index=raw.index)


def _comtrade(raw: pd.DataFrame, source: str, home: str, flow: str | None, year: int | None):
    import pycountry

    for c in COMTRADE_REQUIRED:
        _need(raw, (c,), source, "a UN Comtrade+ export (" + ", ".join(COMTRADE_REQUIRED) + ")")
    value = _number(raw, "primaryValue", source, "a trade value in USD (a number >= 0)", required=True)
    yr = _year(raw, "refYear", source)
    qty = (_number(raw, "qty", source, "a quantity (a number >= 0)", required=False) if "qty" in raw
           else np.full(len(raw), np.nan))
    if "qtyUnitAbbr" in raw:
        unit = raw["qtyUnitAbbr"].str.lower().map(COMTRADE_UNITS)
        odd = unit.isna()
    else:
        unit, odd = pd.Series("", index=raw.index), pd.Series(False, index=raw.index)
    unit = unit.fillna("")
    no_qty = (unit == "") | ~(qty > 0)
    if "netWgt" in raw:
        wgt = _number(raw, "netWgt", source, "a net weight in kg (a number >= 0)", required=False)
        use_w = no_qty & (wgt > 0)
        qty = np.where(use_w, wgt, qty)
        unit = unit.where(~use_w, "kg")
        no_qty = no_qty & ~use_w
    qty = np.where(no_qty, np.nan, qty)
    unit = unit.where(~no_qty, "")
    home3 = pycountry.countries.get(alpha_2=home)
    home3 = home3.alpha_3 if home3 else home
    aside = _SetAside(raw.index)
    drop = aside.drop

    for r in sorted(set(raw["reporterISO"]) - {home3}):
        drop(raw["reporterISO"] == r, f"reported by {r}, not the home country {home3}")
    drop(raw["cmdCode"].str.upper() == "TOTAL", "total of all commodities (cmdCode TOTAL)")
    for col, total, what in (("motCode", ("", "0"), "mode of transport"),
                             ("customsCode", ("", "C00"), "customs procedure"),
                             ("partner2ISO", ("", "0", "W00"), "second partner")):
        if col in raw:
            drop(~raw[col].isin(total), f"breakdown by {what} ({col} is not a total)")
    fl = raw["flowCode"].str.upper()
    for f in sorted(set(fl) - set(COMTRADE_FLOWS)):
        drop(fl == f, f"flow {f} ({COMTRADE_OTHER_FLOWS.get(f, 'not import or export')})")
    drop(raw["partnerISO"] == "W00", "world total (partner W00)")
    drop(raw["partnerISO"] == home3, f"imports from / exports to the home country {home3} (re-imports)")
    iso2 = raw["partnerISO"].map(
        lambda c: getattr(pycountry.countries.get(alpha_3=c), "alpha_2", None) if len(c) == 3 else None)
    unknown_m = iso2.isna() & aside.keep
    unknown = {str(k): int(v) for k, v in raw.loc[unknown_m, "partnerISO"].value_counts().items()}
    drop(iso2.isna(), "partner code not an ISO 3166 country")
    rows = _frame(raw, raw["cmdCode"], yr, iso2, fl.map(COMTRADE_FLOWS), value, qty, unit)
    units = raw.loc[odd & aside.keep, "qtyUnitAbbr"].value_counts() if "qtyUnitAbbr" in raw else pd.Series(dtype=int)
    return rows[aside.keep.to_numpy()].copy(), aside.counts, unknown, {str(k): int(v) for k, v in units.items()}


def _partner_names() -> dict[str, str]:
    with resources.files("keyparts.data").joinpath("partners_zh.csv").open("rb") as f:
        t = pd.read_csv(f, dtype=str)
    return dict(zip(t["name_zh"], t["iso2"]))


def _china(raw: pd.DataFrame, source: str, home: str, flow: str | None, year: int | None):
    import pycountry

    C = CHINA_COLUMNS
    code = _need(raw, C["code"], source, "the HS8 commodity code (商品编码)")
    partner = _need(raw, C["partner"], source, "the partner's name (贸易伙伴名称)")
    vcol = _optional(raw, C["value"])
    if vcol is None:
        extra = (" (this export is in 人民币: choose 美元 as currency on the platform)"
                 if "人民币" in raw.columns else "")
        raise InputError(f"{source}:1: no column {' / '.join(C['value'])}; "
                         f"expected the value in USD (美元){extra}")
    value = _number(raw, vcol, source, "a value in USD (a number >= 0)", required=True)
    fcol = _optional(raw, C["flow"])
    if fcol is None and flow is None:
        raise InputError(f"{source}:1: no column {' / '.join(C['flow'])}; give the flow of the export "
                         "(--flow import or --flow export), as chosen on the platform")
    fl = raw[fcol] if fcol else pd.Series(flow, index=raw.index)
    ycol = _optional(raw, C["year"])
    if ycol is None and year is None:
        raise InputError(f"{source}:1: no column {' / '.join(C['year'])}; give the year of the export (--year)")
    yr = _year(raw, ycol, source) if ycol else np.full(len(raw), int(year))
    qcol, ucol = _optional(raw, C["qty"]), _optional(raw, C["unit"])
    qty = (_number(raw, qcol, source, "a quantity (a number >= 0)", required=False) if qcol
           else np.full(len(raw), np.nan))
    unit = raw[ucol].map(CHINA_UNITS) if ucol else pd.Series(None, index=raw.index, dtype=object)
    unknown_unit = unit.isna() & (raw[ucol] != "") if ucol else pd.Series(False, index=raw.index)
    unit = unit.fillna("")
    qty = np.where((unit == "") | unknown_unit, np.nan, qty)
    aside = _SetAside(raw.index)
    drop = aside.drop

    mapped_flow = fl.map(CHINA_FLOWS)
    for f in sorted(set(fl[mapped_flow.isna()])):
        drop(fl == f, f"flow {f} ({CHINA_OTHER_FLOWS.get(f, 'not 进口 or 出口')})")
    names = _partner_names()

    def iso(name: str) -> str | None:
        if name in names:
            return names[name]
        if len(name) == 2 and pycountry.countries.get(alpha_2=name.upper()):
            return name.upper()
        try:
            return pycountry.countries.lookup(name).alpha_2
        except LookupError:
            return None

    iso2 = raw[partner].map(iso)
    drop(iso2 == home, f"trade with the home country {home} itself (re-imports)")
    unknown_m = iso2.isna() & aside.keep
    unknown = {str(k): int(v) for k, v in raw.loc[unknown_m, partner].value_counts().items()}
    drop(iso2.isna(), "partner name not in the partner table")
    rows = _frame(raw, raw[code], yr, iso2, mapped_flow, value, qty, unit)
    units = raw.loc[unknown_unit & aside.keep, ucol].value_counts() if ucol else pd.Series(dtype=int)
    return rows[aside.keep.to_numpy()].copy(), aside.counts, unknown, {str(k): int(v) for k, v in units.items()}
