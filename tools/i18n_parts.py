"""Fold the helpers' ``*.po-part`` files (plain msgid/msgstr pairs) into the zh_CN catalog.

Run by ``tools/i18n parts`` after extraction: every msgid of a part that the catalog holds (the
templates and code use it) gets the part's msgstr where the catalog has none, or differs from it
only when ``--force`` is given; conflicts between parts and the catalog are listed, not settled.
Prints what it did; the parts are left in place (delete them once merged).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "keyparts" / "locale"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="let a part's msgstr replace the catalog's")
    args = ap.parse_args(argv)
    po_path = LOCALE / "zh_CN" / "LC_MESSAGES" / "messages.po"
    with open(po_path, "rb") as f:
        catalog = read_po(f, locale="zh_CN")
    filled = conflicts = unused = 0
    for part in sorted(po_path.parent.glob("*.po-part")):
        with open(part, "rb") as f:
            entries = [m for m in read_po(f, locale="zh_CN") if m.id and m.string]
        for m in entries:
            msgid = m.id if isinstance(m.id, str) else m.id[0]
            have = catalog.get(msgid)
            if have is None:
                unused += 1
                continue
            if not have.string or have.fuzzy:
                have.string, filled = m.string, filled + 1
                have.flags.discard("fuzzy")
            elif have.string != m.string:
                if args.force:
                    have.string, filled = m.string, filled + 1
                else:
                    conflicts += 1
                    print(f"{part.name}: {msgid!r}: catalog {have.string!r}, part {m.string!r}", file=sys.stderr)
    with open(po_path, "wb") as f:
        write_po(f, catalog, width=100, no_location=True, sort_output=True)
    empty = sum(1 for m in catalog if m.id and not m.string)
    print(f"filled {filled}, conflicts {conflicts} (catalog kept), not in the catalog {unused}, "
          f"still untranslated {empty}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
