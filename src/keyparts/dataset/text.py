"""CSV bytes as text: the one place where an uploaded or stored CSV is decoded.

Spreadsheet programs save CSV in the encoding and with the separator of the user's system:
Excel on a Chinese Windows writes GBK (a subset of GB18030) unless "CSV UTF-8" is chosen,
"Unicode text" is UTF-16 with tabs, and Excel in many European locales separates with ``;``
(the comma being their decimal sign). :func:`decode_csv` accepts all of these and says what it
found, so that a reader can report it ("read as GB18030, delimiter ';'").

Order of detection: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; else strict UTF-8; else
GB18030 (whose decoder also reads every GBK and GB2312 file). The delimiter is the one of
``,`` ``;`` tab that splits the header line (outside quotes) into the most fields; ``,`` wins
ties, so an ordinary file is read as before.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class CsvText:
    text: str
    encoding: str   # "UTF-8", "UTF-16", "GB18030"
    delimiter: str  # ",", ";" or "\t"

    @property
    def usual(self) -> bool:
        """UTF-8 with commas: nothing worth reporting."""
        return self.encoding == "UTF-8" and self.delimiter == ","

    @property
    def how(self) -> str:
        """What was detected, in the words of the import report, e.g. ``read as GB18030, delimiter ';'``."""
        d = "tab" if self.delimiter == "\t" else self.delimiter
        return f"read as {self.encoding}, delimiter '{d}'"


class UndecodableError(ValueError):
    """The bytes are not text in UTF-8, UTF-16 or GB18030."""

    def __init__(self, reason: str, start: int):
        super().__init__(f"{reason} at byte {start}")
        self.reason, self.start = reason, start


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of ``data`` by the module's order of detection."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"not UTF-16 text after its byte-order mark ({exc.reason})", exc.start) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as first:
        try:
            return data.decode("gb18030"), "GB18030"
        except UnicodeDecodeError:
            raise UndecodableError(f"neither UTF-8 ({first.reason}) nor GB18030", first.start) from first


def sniff_delimiter(text: str) -> str:
    """The delimiter of ``,`` ``;`` tab that splits the first line into the most fields."""
    line = text.split("\n", 1)[0]
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def decode_csv(data: bytes) -> CsvText:
    """The text of CSV ``data`` with its encoding and delimiter (see the module docstring);
    raises :class:`UndecodableError` for bytes that are not text in a known encoding."""
    text, encoding = decode(data)
    return CsvText(text, encoding, sniff_delimiter(text))


def sniff_file(path, sample_bytes: int = 1 << 20) -> tuple[str, CsvText]:
    """How to stream a CSV file without reading it whole: the Python codec to open it with and a
    :class:`CsvText` of its first ``sample_bytes`` (encoding and delimiter as :func:`decode_csv`
    finds them). A later byte that is not text in that encoding surfaces as the reader's
    ``UnicodeDecodeError``."""
    with open(path, "rb") as fh:
        head = fh.read(sample_bytes)
    if head.startswith(codecs.BOM_UTF8):
        codec, name = "utf-8-sig", "UTF-8"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec, name = "utf-16", "UTF-16"
    else:
        codec, name = "utf-8", "UTF-8"
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError as first:
            try:
                codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
            except UnicodeDecodeError:
                raise UndecodableError(f"neither UTF-8 ({first.reason}) nor GB18030", first.start) from first
            codec, name = "gb18030", "GB18030"
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head, final=False)
    return codec, CsvText(text[:0], name, sniff_delimiter(text.lstrip("\ufeff")))
