"""Rolling-bearing designations: parse, normalise and format (ISO 15 / ISO 355 / ISO 104 basic
designations, GB/T 272 and maker suffixes, old GB 272-88 / GOST numeric codes).

``parse_designation("SKF 6205-2RS1/C3")`` → ``BearingDesignation`` with type, dimension series,
bore, d×D×B, seals (maker aliases 2RS1 = 2RSR = DDU = LLU → "2RS"; 2Z = ZZ → "2Z"), cage,
internal design, clearance (ISO 5753-1) and precision (ISO 492; ABEC 1/3/5/7/9 ≈ P0/P6/P5/P4/P2).
``format()`` gives a canonical ISO-style designation; parse → format → parse is stable.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from keyparts.design.boundary import bore_from_code, boundary_dimensions
from keyparts.design.oldcodes import decode_old_code, is_old_code_only
from keyparts.errors import InputError

# ---- basic designation prefixes: prefix → (type_code, dimension series) ----------------------
_PREFIX: dict[str, tuple[str, str]] = {}
for _p, _s in {"618": "18", "619": "19", "628": "28", "629": "29", "160": "00", "60": "10", "62": "02",
               "63": "03", "64": "04", "622": "22", "623": "23", "630": "30"}.items():
    _PREFIX[_p] = ("6", _s)
for _p, _s in {"70": "10", "72": "02", "73": "03", "74": "04", "718": "18", "719": "19"}.items():
    _PREFIX[_p] = ("7", _s)
for _p, _s in {"12": "02", "13": "03", "22": "22", "23": "23"}.items():
    _PREFIX[_p] = ("1", _s)
for _s in ("22", "23", "30", "31", "32", "38", "39", "40", "41", "48", "49", "92", "93", "94"):
    _PREFIX["2" + _s] = ("2", _s)
_PREFIX["213"] = ("2", "03")
for _s in ("02", "03", "13", "20", "22", "23", "29", "30", "31", "32"):
    _PREFIX["3" + _s] = ("3", _s)
_PREFIX.update({"42": ("4", "22"), "43": ("4", "23"), "32": ("0", "32"), "33": ("0", "33")})
for _s in ("11", "12", "13", "14", "22", "23", "24"):
    _PREFIX["5" + _s] = ("5", _s)
for _s in ("11", "12", "93", "94"):
    _PREFIX["8" + _s] = ("8", _s)
CYLINDRICAL = ("N", "NU", "NJ", "NUP", "NF", "NH", "NUH", "NCF", "NJG", "NN", "NNU", "NNF")
for _t in CYLINDRICAL:
    for _sd, _s in {"2": "02", "3": "03", "4": "04", "10": "10", "19": "19", "22": "22", "23": "23",
                    "29": "29", "30": "30", "48": "48", "49": "49"}.items():
        _PREFIX[_t + _sd] = (_t, _s)
for _s in ("48", "49", "69"):
    _PREFIX["NA" + _s] = ("NA", _s)
_PREFIX.update({"QJ2": ("QJ", "02"), "QJ3": ("QJ", "03"), "UC2": ("UC", "02"), "UC3": ("UC", "03")})
_CANONICAL_PREFIX = {v: k for k, v in _PREFIX.items() if k != "213"}
_CANONICAL_PREFIX[("2", "03")] = "213"
_PREFIX.update({"69": ("6", "19"), "68": ("6", "18"), "79": ("7", "19")})  # common aliases (6905 = 61905)
_TYPE_LETTERS = {k.rstrip("0123456789") for k in _PREFIX} - {""}

_TYPE_NAMES = {"6": "deep groove ball", "7": "angular contact ball", "1": "self-aligning ball",
               "2": "spherical roller", "3": "tapered roller", "4": "double-row deep groove ball",
               "0": "double-row angular contact ball", "5": "thrust ball", "8": "thrust cylindrical roller",
               "NA": "needle roller", "QJ": "four-point contact ball", "UC": "insert ball"}
_CHECK_TYPE = {"6": "deep_groove", "4": "deep_groove", "7": "angular_contact", "3": "tapered",
               "2": "spherical_roller", "1": "self_aligning_ball", "5": "thrust_ball", "8": "thrust_roller"}

# ---- suffix tokens: token → (category, normalised value) ----------------------------------------
_TOKENS: dict[str, tuple[str, str]] = {}
for _t in ("2RS1", "2RSH", "2RSR", "2RS2", "2RS", "DDU", "LLU", "LLH", "DD"):
    _TOKENS[_t] = ("seal", "2RS")
for _t in ("RS1", "RSH", "RSR", "RS2", "RS", "DU", "LU", "LH"):
    _TOKENS[_t] = ("seal", "RS")
for _t in ("2RSL", "2RZ", "VV", "LLB"):
    _TOKENS[_t] = ("seal", "2RZ")
for _t in ("RSL", "RZ", "LB"):
    _TOKENS[_t] = ("seal", "RZ")
for _t in ("2ZR", "2Z", "ZZ"):
    _TOKENS[_t] = ("seal", "2Z")
for _t in ("ZR", "Z"):
    _TOKENS[_t] = ("seal", "Z")
_TOKENS.update({"NR": ("snap", "NR"), "N": ("snap", "N")})
for _t in ("C1", "C2", "C3", "C4", "C5", "CN", "CM"):
    _TOKENS[_t] = ("clearance", _t)
_TOKENS.update({"P0": ("precision", "P0"), "P6": ("precision", "P6"), "P6X": ("precision", "P6"),
                "P5": ("precision", "P5"), "P4": ("precision", "P4"), "P4A": ("precision", "P4"),
                "P2": ("precision", "P2"), "PA9A": ("precision", "P2"), "SP": ("precision", "P5"),
                "UP": ("precision", "P4"), "ABEC1": ("precision", "P0"), "ABEC3": ("precision", "P6"),
                "ABEC5": ("precision", "P5"), "ABEC7": ("precision", "P4"), "ABEC9": ("precision", "P2")})
for _t in ("E", "EC", "EA", "EAE4", "E1", "CC", "CA", "C", "B", "BE", "AC", "A", "ACD", "CD", "ACE",
           "CE", "X", "Q"):
    _TOKENS[_t] = ("design", _t)
for _t in ("CB", "GA", "GB", "GC", "DB", "DF", "DT", "UA", "UB"):
    _TOKENS[_t] = ("matching", _t)
for _t in ("M", "MA", "MB", "ML", "J", "JN", "J1", "J2", "Y", "TN9", "TN", "TNH", "P", "PH", "TVP",
           "TVP2", "TVH"):
    _TOKENS[_t] = ("cage", _t)
_TOKENS.update({"K": ("taper", "K"), "K30": ("taper", "K30")})
for _t in ("W33", "W64", "S0", "S1", "S2", "HA3", "GJN", "HT", "MT33", "LHT23", "VT143", "VA201"):
    _TOKENS[_t] = ("other", _t)
_TOKEN_ORDER = sorted(_TOKENS, key=len, reverse=True)

CAGE_MATERIAL = {"M": "machined brass", "MA": "machined brass", "MB": "machined brass",
                 "ML": "machined brass", "J": "pressed steel", "JN": "pressed steel", "J1": "pressed steel",
                 "J2": "pressed steel", "Y": "pressed brass", "TN9": "polyamide", "TN": "polyamide",
                 "TNH": "PEEK", "P": "polyamide", "PH": "PEEK", "TVP": "polyamide", "TVP2": "polyamide",
                 "TVH": "polyamide"}
_AC_ANGLE = {"C": 15.0, "CD": 15.0, "CE": 15.0, "AC": 25.0, "ACD": 25.0, "ACE": 25.0, "E": 25.0,
             "A": 30.0, "B": 40.0, "BE": 40.0}
PRECISION_ORDER = ("P0", "P6", "P5", "P4", "P2")
_MAKERS = ("SKF", "FAG", "INA", "NSK", "NTN", "KOYO", "TIMKEN", "ZWZ", "HRB", "LYC", "NACHI", "C&U", "TMB")
_PREFIXES = ("E2.", "HR", "GS", "WS", "W", "R", "K", "F")

Seal = Literal["2RS", "RS", "2RZ", "RZ", "2Z", "Z"]


@dataclass(frozen=True)
class BearingDesignation:
    """A parsed bearing designation (dimensions in mm; None where unknown)."""

    text: str
    type_code: str
    type_name: str
    series: str
    bore_code: str
    d_mm: float
    D_mm: float | None
    B_mm: float | None
    seal: str | None = None
    seal_kind: str | None = None
    snap_ring: str | None = None
    clearance: str = "CN"
    precision: str = "P0"
    cage: str | None = None
    cage_material: str | None = None
    internal_design: str | None = None
    contact_angle_deg: float | None = None
    matching: str | None = None
    tapered_bore: str | None = None
    other: tuple[str, ...] = ()
    prefix: str | None = None
    maker: str | None = None
    old_code: str | None = None
    old_code_flag: bool = False
    old_code_confirmed: bool | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def basic(self) -> str:
        """Basic designation (type + dimension series + bore), e.g. '6205', 'NU2205', '62/22'."""
        p = _CANONICAL_PREFIX.get((self.type_code, self.series), self.type_code + self.series)
        return p + self.bore_code

    @property
    def check_type(self) -> str | None:
        """The ``bearing_type`` for ``bearing_check`` (deep_groove, tapered, ...), None if not covered."""
        if self.type_code in CYLINDRICAL:
            return "cylindrical"
        if self.type_code == "2" and self.series.startswith("9"):
            return "thrust_roller"
        return _CHECK_TYPE.get(self.type_code)

    def format(self) -> str:
        """Canonical ISO-style designation, e.g. '6205-2RS/C3', '7205 BECBP', 'NU205 ECP'."""
        head = (self.prefix or "") + self.basic
        group = "".join(x for x in (self.internal_design, self.matching, self.cage) if x)
        closure = (self.seal or "") + (self.snap_ring or "")
        tail = ""
        if closure:
            tail += ("-" if self.seal else " ") + closure
        for extra in (self.tapered_bore, *self.other):
            if extra:
                tail += " " + extra
        if self.precision != "P0":
            tail += "/" + self.precision
        if self.clearance != "CN":
            tail += "/" + self.clearance
        text = head + (" " + group if group else "") + tail
        if group and _key(parse_designation(text, system="iso")) != _key(self):
            spaced = " ".join(x for x in (self.internal_design, self.matching, self.cage) if x)
            text = head + " " + spaced + tail
        return text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["other"] = list(self.other)
        d["notes"] = list(self.notes)
        d["basic"] = self.basic
        d["canonical"] = self.format()
        d["old_code_equivalent"] = to_old_code(self)
        return d


def _key(b: BearingDesignation) -> tuple[Any, ...]:
    """The meaning of a designation, without its text and notes (for stability checks)."""
    d = asdict(b)
    for k in ("text", "notes", "old_code", "old_code_flag", "old_code_confirmed", "maker"):
        d.pop(k)
    return tuple(sorted(d.items()))


def parse_designation(text: str, *, system: Literal["auto", "iso", "old"] = "auto") -> BearingDesignation:
    """Parse a bearing designation (ISO / GB/T 272 / maker, or old GB 272-88 / GOST numeric).

    ``system="auto"`` reads digit strings that cannot be ISO (205, 180205) as old codes and notes
    when an ISO code is also an old code of another bearing (7205 = old 30205).
    Raises InputError naming the part that could not be parsed. Results are cached (immutable).
    """
    if not isinstance(text, str):
        raise InputError(f"designation: {text!r} is not text (expected e.g. '6205-2RS1' or '180205')")
    return _parse_cached(text, system)


@lru_cache(maxsize=65536)
def _parse_cached(text: str, system: str) -> BearingDesignation:
    """Parse a bearing designation (ISO / GB/T 272 / maker, or old GB 272-88 / GOST numeric).

    ``system="auto"`` reads digit strings that cannot be ISO (205, 180205) as old codes and notes
    when an ISO code is also an old code of another bearing (7205 = old 30205).
    Raises InputError naming the part that could not be parsed.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"designation: {text!r} is empty (expected e.g. '6205-2RS1' or '180205')")
    raw = text.strip()
    compact = raw.upper().replace(" ", "")
    if system == "old" or (system == "auto" and (is_old_code_only(compact)
                                                  or re.fullmatch(r"[GEDCB0-6]-\d{3,7}", compact))):
        old = decode_old_code(compact)
        iso = _parse_iso(old.iso, raw)
        note = f"old code {old.old} = {old.iso} ({old.note})"
        return replace(iso, text=raw, old_code=old.old, old_code_flag=True, old_code_confirmed=old.confirmed,
                       notes=iso.notes + (note,))
    try:
        res = _parse_iso(raw, raw)
    except InputError:
        if system == "auto" and re.fullmatch(r"\d{4,5}", compact):
            return parse_designation(raw, system="old")
        raise
    if system == "auto" and re.fullmatch(r"\d{4,5}", compact):
        try:
            alt = decode_old_code(compact)
            if alt.iso != res.basic:
                res = replace(res, notes=res.notes + ((f"read as ISO {res.basic}; as an old GB 272-88 / GOST "
                                                      f"code it would be {alt.iso}"),))
        except InputError:
            pass
    return res


_BASIC_RE = re.compile(r"^(?P<pre>E2\.|[A-Z]*)\s*(?P<digits>\d+)(?:/(?P<slash>\d+(?:\.\d+)?))?(?P<rest>.*)$")


def _parse_iso(s: str, original: str) -> BearingDesignation:
    u = re.sub(r"\s+", " ", s.strip().upper())
    u = re.sub(r"ABEC[- ]?(\d)", r"/ABEC\1", u)
    maker = None
    first = u.split(" ", 1)[0]
    if first in _MAKERS and " " in u:
        maker, u = first, u.split(" ", 1)[1]
    u = re.sub(r"^(GS|WS|K)\.", r"\1 ", u)  # GB/T 272 pre-codes written with a dot (K.81108)
    m = _BASIC_RE.match(u)
    if not m:
        raise InputError(f"designation: {original!r} has no basic designation (expected type/series digits "
                         "and a bore code, e.g. 6205, NU 205, 62/22)")
    pre, digits, slash, rest = m.group("pre"), m.group("digits"), m.group("slash"), m.group("rest")
    prefix = None
    if pre and pre not in _TYPE_LETTERS:
        for p in _PREFIXES:
            if pre.startswith(p) and (pre[len(p):] in _TYPE_LETTERS or pre[len(p):] == ""):
                prefix, pre = p, pre[len(p):]
                break
        else:
            raise InputError(f"designation: {original!r}: prefix {pre!r} is not a known type or pre-code "
                             f"(known types {sorted(_TYPE_LETTERS)}, pre-codes {list(_PREFIXES)})")
    if slash is not None:
        key, bcode = pre + digits, "/" + slash
    elif not pre and len(digits) == 3:
        key, bcode = digits[:2], digits[2]
    elif len(digits) >= 3:
        key, bcode = pre + digits[:-2], digits[-2:]
    else:
        raise InputError(f"designation: {original!r}: {pre + digits!r} is too short for a series and bore code")
    if key not in _PREFIX:
        if slash is None and digits.endswith("2") and re.match(r"(RS|RZ|Z)", rest):  # 62052RS → 6205-2RS
            return _parse_iso(f"{pre}{digits[:-1]}-2{rest}", original)
        raise InputError(f"designation: {original!r}: {key!r} is not a known type + dimension series "
                         "(e.g. 62 = deep groove series 02, 222 = spherical roller series 22, NU22)")
    type_code, series = _PREFIX[key]
    d = bore_from_code(bcode)
    if key in ("69", "68", "79"):
        bcode_note = (f"{key}xx read as {_CANONICAL_PREFIX[(type_code, series)]}xx",)
    else:
        bcode_note = ()
    D, B = boundary_dimensions(type_code, series, d)
    attrs = _parse_suffixes(rest, type_code, original)
    type_name = _TYPE_NAMES.get(type_code, "cylindrical roller" if type_code in CYLINDRICAL else type_code)
    if type_code == "2" and series.startswith("9"):
        type_name = "thrust spherical roller"
    if type_code.startswith("NN"):
        type_name = "double-row cylindrical roller"
    notes = bcode_note + attrs.pop("notes")
    if D is None:
        notes += ("boundary dimensions D, B not in the built-in ISO 15 / 355 / 104 table",)
    return BearingDesignation(text=original, type_code=type_code, type_name=type_name, series=series,
                              bore_code=bcode, d_mm=d, D_mm=D, B_mm=B, prefix=prefix, maker=maker,
                              notes=notes, **attrs)


def _parse_suffixes(rest: str, type_code: str, original: str) -> dict[str, Any]:
    out: dict[str, Any] = {"seal": None, "seal_kind": None, "snap_ring": None, "clearance": "CN",
                           "precision": "P0", "cage": None, "cage_material": None, "internal_design": None,
                           "contact_angle_deg": None, "matching": None, "tapered_bore": None}
    design: list[str] = []
    other: list[str] = []
    notes: list[str] = []
    for chunk in filter(None, re.split(r"[-/\s.]+", rest)):
        gb = re.fullmatch(r"P([0246])([1-5])", chunk)  # GB/T 272 combined code /P63 = P6 + C3
        if gb:
            out["precision"], out["clearance"] = f"P{gb.group(1)}", f"C{gb.group(2)}"
            continue
        i = 0
        while i < len(chunk):
            tok = next((t for t in _TOKEN_ORDER if chunk.startswith(t, i)), None)
            if tok is None:
                raise InputError(f"designation: {original!r}: suffix {chunk[i:]!r} in {chunk!r} is not a known "
                                 "seal, shield, cage, clearance, precision or design code")
            cat, val = _TOKENS[tok]
            if type_code == "7" and tok in ("CA", "CC"):
                cat = "matching"
            if cat == "seal":
                out["seal"] = val
                out["seal_kind"] = "contact" if val in ("2RS", "RS") else "non-contact"
                if tok != val:
                    notes.append(f"{tok} read as {val}")
            elif cat == "snap":
                out["snap_ring"] = val
            elif cat == "clearance":
                out["clearance"] = "CN" if val == "CN" else val
            elif cat == "precision":
                out["precision"] = val
                if tok != val:
                    notes.append(f"{tok} read as ISO 492 class {val}")
            elif cat == "design":
                design.append(val)
            elif cat == "matching":
                out["matching"] = val
            elif cat == "cage":
                out["cage"], out["cage_material"] = val, CAGE_MATERIAL[val]
            elif cat == "taper":
                out["tapered_bore"] = val
            else:
                other.append(val)
            i += len(tok)
    if design:
        out["internal_design"] = "".join(design)
        if type_code == "7":
            angle = next((_AC_ANGLE[t] for t in design if t in _AC_ANGLE), None)
            out["contact_angle_deg"] = angle
    out["other"] = tuple(other)
    out["notes"] = tuple(notes)
    return out


def to_old_code(designation: str | BearingDesignation) -> str | None:
    """The old GB 272-88 / GOST 3189 numeric code of an ISO designation (6205-2RS → 180205), or None.

    Found by decoding every old-code pattern for the bore and keeping the one whose ISO reading has
    the same basic designation, seals, snap ring, bore shape and internal design. Precision and
    clearance are not encoded. Rows not yet confirmed (angular contact) are returned too: check
    ``parse_designation(code).old_code_confirmed``.
    """
    target = designation if isinstance(designation, BearingDesignation) else parse_designation(designation)
    return _old_code_for(_old_key(target), target.bore_code)


def _old_key(b: BearingDesignation) -> tuple[Any, ...]:
    design = b.internal_design if b.type_code in ("7", "3") else None
    return (b.basic, b.seal, b.snap_ring, b.tapered_bore, design)


@lru_cache(maxsize=4096)
def _old_code_for(key: tuple[Any, ...], bore: str) -> str | None:
    if not re.fullmatch(r"\d\d", bore):
        return None
    variants = ("", "6", "8", "16", "18", "5", "15", "11", "3", "4", "9", "2", "200", "300", "700")
    for rest in variants:
        for typ in "0123678":
            for dia in "123456":
                code = (rest + typ + dia + bore).lstrip("0")
                try:
                    iso = decode_old_code(code).iso
                    cand = _parse_iso(iso, iso)
                except InputError:
                    continue
                if _old_key(cand) == key:
                    return code
    return None
