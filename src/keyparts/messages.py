"""Messages that engines, the dataset reader and the validator build with values, as patterns,
so that an interface (web pages, the offline report) can show them in its language.

The engines speak English (the CLI, ``--json`` and the API keep their words). Where such a
message is shown to a user, :func:`translate` finds its pattern, keeps the values and looks the
words up in the interface's gettext catalog (``keyparts/locale``); a message without a pattern
or catalog entry is shown as written. ``tools/i18n`` extracts the ``N_`` strings below.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it."""
    return message


# Engine and validation messages built with values: (regular expression, message with the
# same named groups). The message is what the catalog translates; the values are kept.
PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(rx), msg) for rx, msg in (
    (r"^(?P<label>.*) \(eliminated the last (?P<n>\d+) candidate\(s\)\)$",
     N_("%(label)s (eliminated the last %(n)s candidate(s))")),
    (r"^(?P<file>[^:]+): not text in UTF-8, UTF-16 or GB18030 \((?P<why>.*)\); expected a CSV file$",
     N_("%(file)s: not a text file in a known encoding (%(why)s); expected a CSV file")),
    (r"^is not text in UTF-8, UTF-16 or GB18030 \((?P<why>.*)\); save it as CSV UTF-8$",
     N_("is not text in UTF-8, UTF-16 or GB18030 (%(why)s); save it as CSV UTF-8")),
    (r"^(?P<file>[^:]+): more than (?P<n>\d+) rows; split the file$",
     N_("%(file)s: more than %(n)s rows; split the file")),
    (r"^(?P<file>[^:]+): empty file$", N_("%(file)s: empty file")),
    (r"^(?P<file>[^:]+): contains NUL bytes; expected a CSV text file$",
     N_("%(file)s: contains NUL bytes; expected a CSV text file")),
    (r"^(?P<file>[^:]+): expected a \.zip of CSV files or an \.xlsx workbook$",
     N_("%(file)s: expected a .zip of CSV files or an .xlsx workbook")),
    (r"^(?P<file>[^:]+): no \.csv files in the zip$", N_("%(file)s: no .csv files in the zip")),
    (r"^has no data rows, expected one row per test unit$",
     N_("has no data rows, expected one row per test unit")),
    (r"^pick at least one of your demands to allocate$", N_("pick at least one of your demands to allocate")),
    (r"^importing needs the role admin$", N_("importing needs the role admin")),
    (r"^role '(?P<role>\w+)': this needs the role admin$", N_("role %(role)s: this needs the role admin")),
    (r"^role '(?P<role>\w+)': national views need the role analyst or admin$",
     N_("role %(role)s: national views need the role analyst or admin")),
    (r"^username: '(?P<u>[^']*)' is you; another admin must change your role or disable you$",
     N_("user name %(u)s is you; another admin must change your role or disable you")),
    (r"^username: '(?P<u>[^']*)' is already taken$", N_("user name %(u)s is already taken")),
    (r"^password: (?P<n>\d+) characters, expected (?P<r>[\d-]+)$", N_("password: %(n)s characters, expected %(r)s")),
    (r"^password: one of the 30 000 most common passwords, expected one that is not$",
     N_("password: one of the 30 000 most common passwords, expected one that is not")),
    (r"^password: contains the user name, expected one that does not$",
     N_("password: contains the user name, expected one that does not")),
    (r"^(?P<f>since|until): '(?P<v>[^']*)' is not a date, expected YYYY-MM-DD$",
     N_("%(f)s: %(v)s is not a date, expected YYYY-MM-DD")),
    (r"^token (?P<id>\d+) not found$", N_("token %(id)s not found")),
    (r"^the server failed to answer this request; it has been logged, try again or tell the operator$",
     N_("the server failed to answer this request; it has been logged, try again or tell the operator")),
    (r"^role '(?P<role>\w+)': scenarios need the role analyst or admin$",
     N_("role %(role)s: scenarios need the role analyst or admin")),
    (r"^category_id: (?P<v>.*) is not a category$", N_("category_id: %(v)s is not a category")),
    (r"^required_b10: (?P<v>.*) is not a number$", N_("required B10 life: %(v)s is not a number")),
    (r"^required_b10: (?P<v>.*), expected a finite life > 0$",
     N_("required B10 life: %(v)s, expected a finite life > 0")),
    (r"^test_id: (?P<v>.*): give a new campaign id \(no '\|' or ';'\) to store the data$",
     N_("campaign id %(v)s: give a new campaign id (no '|' or ';') to store the data")),
    (r"^(?P<field>[\w.]+): Field required$", N_("%(field)s: a value is required")),
    (r"^(?P<field>[\w.]+): missing$", N_("%(field)s: a value is required")),
    (r"^(?P<field>[\w.]+): Input should be a valid number.*$", N_("%(field)s: expected a number")),
    (r"^(?P<field>[\w.]+): Input should be greater than (?P<v>[-\d.e]+)$",
     N_("%(field)s: expected a value greater than %(v)s")),
    (r"^(?P<field>[\w.]+): Input should be greater than or equal to (?P<v>[-\d.e]+)$",
     N_("%(field)s: expected a value of at least %(v)s")),
    (r"^(?P<field>[\w.]+): Input should be less than or equal to (?P<v>[-\d.e]+)$",
     N_("%(field)s: expected a value of at most %(v)s")),
    (r"^(?P<field>[\w.]+): String should have at most (?P<v>\d+) characters?$",
     N_("%(field)s: at most %(v)s characters")),
    (r"^(?P<field>[\w.]+): Value error, (?P<why>.*)$", N_("%(field)s: %(why)s")),
    (r"^(?P<where>[^:]+:\d+:[\w_]+): (?P<v>.*) is not a number$", N_("%(where)s: %(v)s is not a number")),
    (r"^(?P<where>[^:]+:\d+:[\w_]+): empty, a value is required$",
     N_("%(where)s: empty, a value is required")),
    (r"^(?P<where>[^:]+): missing required column (?P<col>.*)$",
     N_("%(where)s: missing required column %(col)s")),
    (r"^read as (?P<enc>[\w-]+), delimiter '(?P<d>.)'$", N_("read as %(enc)s, delimiter '%(d)s'")),
    # validation reasons (keyparts.dataset.validate), shown after file:row:column
    (r"^'(?P<v>.*)' is not a number, expected (?P<e>.*)$", N_("'%(v)s' is not a number, expected %(e)s")),
    (r"^'(?P<v>.*)' is not a whole number, expected (?P<e>.*)$",
     N_("'%(v)s' is not a whole number, expected %(e)s")),
    (r"^(?P<v>.*) is out of range, expected a value (?P<e>.*)$",
     N_("%(v)s is out of range, expected a value %(e)s")),
    (r"^(?P<v>.*) is above (?P<b>\S+), expected (?P<e>.*)$", N_("%(v)s is above %(b)s, expected %(e)s")),
    (r"^'(?P<v>.*)' is not true or false$", N_("'%(v)s' is not true or false")),
    (r"^'(?P<v>.*)' is not one of (?P<c>.*)$", N_("'%(v)s' is not one of %(c)s")),
    (r"^'(?P<v>.*)' is not a date, expected YYYY-MM-DD$", N_("'%(v)s' is not a date, expected YYYY-MM-DD")),
    (r"^'(?P<v>.*)' is not an id in (?P<t>.*)$", N_("'%(v)s' is not an id in %(t)s")),
    (r"^is empty, expected (?P<e>.*)$", N_("is empty, expected %(e)s")),
    (r"^required column is missing from the header$", N_("required column is missing from the header")),
    (r"^unknown column: kept as an extra column, (?P<rest>.*)$",
     N_("unknown column: kept as an extra column, %(rest)s")),
    (r"^duplicate key \((?P<k>.*)\), first given on row (?P<r>\d+); expected unique$",
     N_("duplicate key (%(k)s), first given on row %(r)s; expected unique")),
    (r"^is empty for status (?P<s>\w), expected the time$", N_("is empty for status %(s)s, expected the time")),
    (r"^read as (?P<enc>[\w-]+)$", N_("read as %(enc)s")),
    # the drivers of a key category (keyparts.priority.assess._drivers), "; "-joined
    (r"^(?P<s>\d+%) of imports from (?P<c>\w+)$", N_("%(s)s of imports from %(c)s")),
    (r"^import reliance (?P<s>\d+%) \((?P<m>\w+)\)$", N_("import reliance %(s)s (%(m)s)")),
    (r"^origin HHI (?P<h>[\d.]+)$", N_("origin HHI %(h)s")),
    (r"^(?P<n>\d+) qualified domestic part\(s\) covering (?P<s>\d+%) of consumption$",
     N_("%(n)s qualified domestic part(s) covering %(s)s of consumption")),
    (r"^needed by (?P<n>\d+) product\(s\) in (?P<m>\d+) industr(y|ies)$",
     N_("needed by %(n)s product(s) in %(m)s industries")),
    (r"^(?P<n>\d+) domestic substitute\(s\) qualified by (?P<m>\d+) OEM\(s\) \(qualification cases at "
     r"small_batch or later\)$",
     N_("%(n)s domestic substitute(s) qualified by %(m)s OEM(s) (qualification cases at small batch or later)")),
    (r"^a (?P<d>\d+)-day embargo by (?P<c>\w+) loses (?P<v>USD .*)$", N_("a %(d)s-day embargo by %(c)s loses %(v)s")),
    (r"^flags: (?P<f>.*)$", N_("flags: %(f)s")),
    (r"^special projects: (?P<p>.*)$", N_("special projects: %(p)s")),
    (r"^no special project yet$", N_("no special project yet")),
    # sign-in and not-found messages of the web layer
    (r"^wrong user name or password \(or the account is disabled\)$",
     N_("wrong user name or password (or the account is disabled)")),
    (r"^too many failed sign-ins from this address; try again in (?P<s>\S+) s$",
     N_("too many failed sign-ins from this address; try again in %(s)s s")),
    (r"^(?P<kind>\w+) '(?P<key>[^']*)' not found$", N_("%(kind)s %(key)s not found")),
    (r"^part '(?P<p>[^']*)' not found among the parts of (?P<e>\S+)$",
     N_("part %(p)s not found among the parts of %(e)s")),
    # search and match funnels (keyparts.match.search, keyparts.match.demand)
    (r"^all parts$", N_("all parts")),
    (r"^category (?P<c>\S+)$", N_("category %(c)s")),
    (r"^status in (?P<s>[\w,]+)$", N_("status in %(s)s")),
    (r"^status in (?P<s>[\w,]+) or qualified by the buyer$", N_("status in %(s)s or qualified by the buyer")),
    (r"^maker holds (?P<c>.*)$", N_("maker holds %(c)s")),
    (r"^annual_capacity > 0$", N_("annual capacity > 0")),
    (r"^annual_capacity > 0 and >= (?P<n>.*)$", N_("annual capacity > 0 and >= %(n)s")),
    (r"^L10h >= (?P<h>\S+) h at (?P<l>[^:]*)$", N_("rating life L10h >= %(h)s h at %(l)s")),
    (r"^L10h >= (?P<h>\S+) h at (?P<l>[^:]*): L10h = (?P<v>.*)$",
     N_("rating life L10h >= %(h)s h at %(l)s: L10h = %(v)s")),
    (r"^(?P<t>.*) \(read as (?P<u>.*)\)$", N_("%(t)s (read as %(u)s)")),
    # reasons of a match (keyparts.match.demand): the verdict word and the words around values
    (r"^PASS status (?P<s>\w+); qualified by (?P<o>\S+) \(ranked first\)$",
     N_("PASS status %(s)s; qualified by %(o)s (ranked first)")),
    (r"^PASS status (?P<s>\w+)$", N_("PASS status %(s)s")),
    (r"^PASS annual capacity (?P<n>\S+) pieces \((?P<p>\S+) of the demand\)$",
     N_("PASS annual capacity %(n)s pieces (%(p)s of the demand)")),
    (r"^PASS capacity not stated$", N_("PASS capacity not stated")),
    (r"^application check not applicable \(no loads or no C rating\)$",
     N_("application check not applicable (no loads or no C rating)")),
    (r"^evidence: (?P<e>.*)$", N_("evidence: %(e)s")),
    (r"^supply: maker in (?P<c>\w+) \((?P<w>home|foreign), country risk (?P<r>[\d.]+)/10\)$",
     N_("supply: maker in %(c)s (%(w)s, country risk %(r)s/10)")),
    (r"^(?P<w>PASS|FAIL) (?P<c>[^:]+): the part has no (?P<n>.+)$", N_("%(w)s %(c)s: the part has no %(n)s")),
    (r"^(?P<w>PASS|FAIL) (?P<c>[^:]+): (?P<v>.+?) \(margin (?P<m>[^)]*?) below\)$",
     N_("%(w)s %(c)s: %(v)s (margin %(m)s below the limit)")),
    (r"^(?P<w>PASS|FAIL) (?P<c>[^:]+): (?P<v>.+?) \(margin (?P<m>[^)]*)\)$", N_("%(w)s %(c)s: %(v)s (margin %(m)s)")),
    (r"^(?P<w>PASS|FAIL) (?P<c>[^:]+): (?P<v>.+?) \(within (?P<m>.+) of a limit\)$",
     N_("%(w)s %(c)s: %(v)s (within %(m)s of a limit)")),
    (r"^(?P<w>PASS|FAIL) (?P<c>[^:]+): (?P<v>.+?) is (?P<d>.+?) below(?P<r>, \S+)?$",
     N_("%(w)s %(c)s: %(v)s is %(d)s below%(r)s")),
    (r"^(?P<w>PASS|FAIL) (?P<c>[^:]+): (?P<v>.+?) is (?P<d>.+?) above(?P<r>, \S+)?$",
     N_("%(w)s %(c)s: %(v)s is %(d)s above%(r)s")),
    (r"^(?P<w>PASS|FAIL) (?P<rest>.+)$", N_("%(w)s %(rest)s")),
    # single points of failure (keyparts.supply.exposure)
    (r"^one supplier, one origin$", N_("one supplier, one origin")),
    (r"^one supplier$", N_("one supplier")),
    (r"^one origin country$", N_("one origin country")),
    (r"^(?P<n>\d+) validation errors? for (?P<model>\w+)$", N_("%(n)s values are not valid")),
    (r"^(?P<n>\d+) error\(s\):?$", N_("%(n)s error(s):")),
    # the bearing check's note on eC (keyparts.design.bearing)
    (r"^eC = lower end of the ISO 281 Table 13 range for '(?P<level>[^']*)'$",
     N_("eC = lower end of the ISO 281 Table 13 range for '%(level)s'")),
))


# Flags of the assessment (keyparts.supply.indicators), shown by their machine names in --json.
FLAGS = (N_("one_country_over_65pct"), N_("extreme_bottleneck"), N_("high_end_gap"))

# Bearing types of a designation (keyparts.design.designation._TYPE_NAMES), shown in its reading.
BEARING_TYPES = (N_("deep groove ball"), N_("angular contact ball"), N_("self-aligning ball"),
                 N_("spherical roller"), N_("tapered roller"), N_("double-row deep groove ball"),
                 N_("double-row angular contact ball"), N_("thrust ball"), N_("thrust cylindrical roller"),
                 N_("needle roller"), N_("four-point contact ball"), N_("insert ball"))

# Whole messages the calculators write as notes (looked up as they are, no values in them).
NOTES = (
    N_("a_ISO not computed (missing viscosity and ν1 (speed + dm), eC or cleanliness, Pu (or C0 with d, D to "
       "estimate Cu)): L10m uses a_ISO = 1"),
    N_("R10 surface pressure computed but not judged (no pG given)"),
    N_("Φ unknown (no clamp length or Phi): bolt stress with Φ = 1 and clamp loss with Φ = 0 (both conservative)"),
    N_("kappa > 4 taken as 4 (ISO 281 Annex A)"),
    N_("kappa < 0.1: outside ISO 281 Annex A; a_ISO evaluated at kappa = 0.1"),
)


def translate(text: object, gettext: Callable[[str], str], depth: int = 2) -> str:
    """``text`` in the language of ``gettext``: the catalog's entry for the whole message, else
    the first pattern that matches with its values put back (a value that is itself a message,
    e.g. a funnel step inside "... (eliminated the last 3 candidate(s))", is translated too, up
    to ``depth`` levels), else ``text`` as it is."""
    s = str(text)
    direct = gettext(s)
    if direct != s or depth < 0:
        return direct
    for rx, msg in PATTERNS:
        m = rx.match(s)
        if m:
            return gettext(msg) % {k: translate(v, gettext, depth - 1) if v else ""
                                   for k, v in m.groupdict().items()}
    return s
