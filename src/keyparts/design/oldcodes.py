"""Old Chinese (GB 272-88 and earlier) / Soviet-Russian GOST 3189 numeric bearing codes ↔
ISO / GB/T 272 designations.

Reading right to left: digits 1–2 bore code, digit 3 diameter series, digit 4 type (0–9),
digits 5–6 construction variant, digit 7 width series; leading zeros dropped (so 6205 was
"205"). The rules below reproduce every row of the GOST 3189 ↔ ISO analogue table published in
the GitHub repository ArtemFilin1990/BearingsInfo
(02_standards_marking/02_10_iso_gost_analogues.md);
that the old Chinese codes follow the same scheme is recalled [R] (a Chinese maker's page lists
the same type classes 0–9). Rows tagged confirmed=False are not yet confirmed (GOST 36/46/66
angular contact use ~12°/26°/36°, not 15°/25°/40°).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from keyparts.errors import InputError

_DG_SERIES = {"1": "60", "2": "62", "3": "63", "4": "64"}  # old diameter series → ISO deep groove prefix
_DG_VARIANT = {"": "", "6": "-Z", "8": "-2Z", "16": "-RS", "18": "-2RS", "5": " N", "15": "-Z N"}
_CYL_VARIANT = {"": "N", "3": "NU", "4": "NJ", "9": "NUP"}
_CYL_SERIES = {"2": "2", "3": "3", "4": "4", "5": "22", "6": "23", "1": "10"}
_TAPERED = {("", "2"): "302", ("", "3"): "303", ("", "5"): "322", ("", "6"): "323", ("2", "3"): "313",
            ("200", "1"): "320", ("300", "2"): "332"}
_AC_VARIANT = {"3": " C", "4": " AC", "6": " B"}
_AC_SERIES = {"1": "70", "2": "72", "3": "73"}
#: Old-CN precision letters and GOST precision digits (prefix, e.g. "6-205" or "E205") [R].
OLD_PRECISION = {"G": "P0", "E": "P6", "D": "P5", "C": "P4", "B": "P2",
                 "0": "P0", "6": "P6", "5": "P5", "4": "P4", "2": "P2"}


@dataclass(frozen=True)
class OldCode:
    """A decoded old numeric code: the ISO / GB/T 272 designation and whether the row is confirmed."""

    old: str
    iso: str
    confirmed: bool
    note: str


def decode_old_code(text: str) -> OldCode:
    """Translate an old GB 272-88 / GOST 3189 numeric code (e.g. ``180205``) into ISO (``6205-2RS``).

    Raises InputError when the digits do not follow a known old pattern.
    """
    s = text.strip().upper().replace(" ", "")
    precision = ""
    m = re.fullmatch(r"(?:([GEDCB0-6])-)?(\d{3,7})", s)
    if not m:
        raise InputError(f"designation: {text!r} is not an old numeric code (expected 3–7 digits, "
                         "e.g. 180205, optionally with a precision prefix like 6-205)")
    if m.group(1):
        precision = "/" + OLD_PRECISION[m.group(1)]
    digits = m.group(2)
    bore, dia = digits[-2:], digits[-3]
    typ = digits[-4] if len(digits) >= 4 else "0"
    rest = digits[:-4]
    iso, confirmed, note = _translate(typ, dia, rest, bore, digits, text)
    if precision:
        confirmed = False
        note += "; precision prefix mapping (old CN letters / GOST digits) not confirmed [R]"
    return OldCode(old=text.strip(), iso=iso + precision, confirmed=confirmed, note=note)


def _translate(typ: str, dia: str, rest: str, bore: str, digits: str, text: str) -> tuple[str, bool, str]:
    src = "GOST 3189 ↔ ISO table [V]; identity with old GB 272-88 [R]"
    fail = InputError(f"designation: old code {text!r} (type digit {typ}, series digit {dia}, "
                      f"variant {rest or '-'}) has no known ISO equivalent")
    if typ == "0":
        if rest == "700" and dia == "1":
            return f"160{bore}", True, src
        if rest in _DG_VARIANT and dia in _DG_SERIES:
            return f"{_DG_SERIES[dia]}{bore}{_DG_VARIANT[rest]}", True, src
        raise fail
    if typ == "1":
        base = {"2": "12", "3": "13", "5": "22", "6": "23"}.get(dia)
        if base and rest in ("", "11"):
            return f"{base}{bore}" + (" K" if rest == "11" else ""), True, src
        raise fail
    if typ == "2" and rest in _CYL_VARIANT and dia in _CYL_SERIES:
        return f"{_CYL_VARIANT[rest]}{_CYL_SERIES[dia]}{bore}", True, src
    if typ == "3":
        base = {"5": "222", "6": "223"}.get(dia)
        if base and rest in ("", "5", "11"):
            return f"{base}{bore}" + (" K" if rest == "11" else ""), True, src
        raise fail
    if typ == "7" and (rest, dia) in _TAPERED:
        return f"{_TAPERED[(rest, dia)]}{bore}" + (" X" if rest == "200" else ""), True, src
    if typ == "6" and rest in _AC_VARIANT and dia in _AC_SERIES:
        return (f"{_AC_SERIES[dia]}{bore}{_AC_VARIANT[rest]}", False,
                ("GOST 36/46/66 contact angles (~12°/26°/36°) differ from ISO C/AC/B (15°/25°/40°): "
                "row not confirmed [R]"))
    if typ == "8" and rest in ("", "3"):
        base = {"1": "511", "2": "512", "3": "513"}.get(dia) if rest == "" else {"2": "522", "3": "523"}.get(dia)
        if base:
            return f"{base}{bore}", True, src
    raise fail


def is_old_code_only(text: str) -> bool:
    """True for digit strings that cannot be an ISO basic designation (e.g. 205, 180205)."""
    s = text.strip()
    return bool(re.fullmatch(r"\d+", s)) and (len(s) >= 6 or (len(s) == 3 and s[0] != "6"))
