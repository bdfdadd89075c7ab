"""The dataset format: every file, column, type, unit and reference, as data.

This module is the single statement of the contract documented in ``docs/data-format.md``;
the reader, the validator, the store and the exporter all walk it. Column names and meanings
are stable (users' scripts build on them); optional columns may be added freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# Column kinds: "str" text, "float" number, "int" integer, "bool" true/false,
# "enum" one of ``choices``, "list" ';'-separated text, "date" ISO 8601 date (YYYY-MM-DD).


@dataclass(frozen=True)
class Column:
    """One column of a dataset file."""

    name: str
    kind: str = "str"
    required: bool = True          # the column must be present in the file
    nullable: bool = False         # a cell may be empty
    choices: tuple[str, ...] = ()  # for kind == "enum"
    unit: str = ""                 # unit of a numeric column ("" = dimensionless / n/a)
    min: float | None = None       # inclusive lower bound
    max: float | None = None       # inclusive upper bound
    min_exclusive: bool = False    # lower bound is exclusive (quantities must be > 0)
    refs: tuple[str, ...] = ()     # tables whose primary key this column references
    description: str = ""
    pattern: str = ""              # for kind == "str": a regular expression the whole cell matches
    aliases_zh: tuple[str, ...] = ()  # Chinese headers read as this column (a file from Chinese Excel)


@dataclass(frozen=True)
class Table:
    """One dataset file (``<name>.csv`` or the sheet ``<name>`` of a workbook)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""
    required: bool = True  # the file must exist in a dataset
    extra_columns: tuple[str, ...] = field(default=())
    owner: str = ""  # column naming the enterprise whose confidential rows these are ("" = not owned)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


C = Column
# The largest whole number both databases store in an int column (PostgreSQL ``integer``,
# 4 bytes; PostgreSQL documentation, "Numeric Types", Table 8.2).
INT_MAX = 2**31 - 1


def bound_text(x: float) -> str:
    """A column bound as text: whole numbers exactly (2147483647, not 2.14748e+09)."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# 职业分类大典（2022年版） codes: major group - middle group - minor group - occupation, e.g. 6-18-01-01.
OCCUPATION_CODE = r"[1-8]-\d{2}-\d{2}-\d{2}"

TABLES: tuple[Table, ...] = (
    Table("countries", (
        C("code", description="ISO 3166-1 alpha-2 code, e.g. CN, JP, DE"),
        C("name", description="Country name in English"),
        C("risk", "float", min=0, max=10,
          description="Supply risk of the country, 0-10, higher is riskier (e.g. scaled WGI)"),
        C("export_control", "float", min=1,
          description="Export-restriction factor t >= 1 (1 = none), EU CRM methodology"),
    ), key=("code",), description="Countries of origin and of enterprises."),
    Table("categories", (
        C("id", description="Stable category id, e.g. BRG-ACBB-P4"),
        C("name", description="English name"),
        C("name_zh", nullable=True, description="Chinese name (UTF-8)"),
        C("parent_id", nullable=True, refs=("categories",),
          description="Parent category id; empty for a family"),
        C("level", "enum", choices=("family", "category", "grade"),
          description="Taxonomy level: family -> category -> grade"),
        C("hs_codes", "list", nullable=True,
          description="';'-separated HS6/HS8 codes whose trade measures this category"),
    ), key=("id",), description="Three-level taxonomy of key basic parts."),
    Table("parameters", (
        C("category_id", refs=("categories",)),
        C("name", description="Parameter name, e.g. d, C, precision"),
        C("unit", nullable=True, description="Canonical unit (pint syntax), empty for enum/text"),
        C("kind", "enum", choices=("number", "enum", "text")),
        C("description", nullable=True),
        C("limits", "list", required=False, nullable=True,
          description="';'-separated conditions a number value must meet: an operator > >= < <= and a "
                      "number in the parameter's unit or another parameter of the same part, e.g. >0;>d "
                      "(inherited with the parameter)"),
    ), key=("category_id", "name"),
       description="Parameter schema per category (inherited by its subcategories)."),
    Table("enterprises", (
        C("id"),
        C("name"),
        C("kind", "enum", choices=("parts_maker", "oem", "institute", "lab")),
        C("country", refs=("countries",)),
        C("region", nullable=True, description="Province / state / region"),
        C("certifications", "list", required=False, nullable=True,
          description="';'-separated quality approvals held, e.g. ISO 9001;IATF 16949;AS9100D"),
    ), key=("id",), description="Parts makers, OEMs, institutes and test labs."),
    Table("parts", (
        C("id"),
        C("maker_id", refs=("enterprises",)),
        C("category_id", refs=("categories",)),
        C("designation", description="Maker's designation, e.g. 7014CD/P4A"),
        C("status", "enum", choices=("prototype", "qualified", "production")),
        C("unit_price_usd", "float", nullable=True, min=0, unit="USD"),
        C("annual_capacity", "float", nullable=True, min=0, unit="pieces/year"),
    ), key=("id",), description="Parts a maker offers."),
    Table("part_values", (
        C("part_id", refs=("parts",)),
        C("parameter", description="A parameter name declared for the part's category"),
        C("value", description="Number or enum/text value"),
        C("unit", nullable=True, description="Unit of a numeric value (pint syntax)"),
    ), key=("part_id", "parameter"), description="Parameter values of parts."),
    Table("products", (
        C("id"),
        C("oem_id", refs=("enterprises",)),
        C("name"),
        C("industry", description="e.g. construction machinery, rail, aerospace"),
        C("annual_units", "float", min=0, min_exclusive=True, unit="units/year"),
        C("unit_value_usd", "float", min=0, min_exclusive=True, unit="USD"),
    ), key=("id",), description="End equipment built by OEMs."),
    Table("bom", (
        C("parent_id", refs=("products", "parts")),
        C("child_id", refs=("parts", "categories")),
        C("qty", "float", min=0, min_exclusive=True, unit="pieces per parent"),
        C("essential", "bool", description="true if the parent cannot be built without it"),
    ), key=("parent_id", "child_id"), description="Multi-level bills of materials."),
    Table("sourcing", (
        C("buyer_id", refs=("enterprises",)),
        C("item_id", refs=("parts", "categories")),
        C("supplier_id", refs=("enterprises",)),
        C("origin_country", refs=("countries",)),
        C("share", "float", min=0, max=1, min_exclusive=True,
          description="Share (0-1] of the buyer's need for the item"),
    ), key=("buyer_id", "item_id", "supplier_id", "origin_country"),
       description="Who buys what from whom, and where it is made."),
    Table("trade", (
        C("hs_code"),
        C("year", "int", min=1900, max=2100),
        C("partner_country", refs=("countries",)),
        C("flow", "enum", choices=("import", "export")),
        C("value_usd", "float", min=0, unit="USD"),
        C("quantity", "float", nullable=True, min=0),
        C("unit", nullable=True, description="Unit of quantity, e.g. pcs, kg"),
    ), key=("hs_code", "year", "partner_country", "flow"),
       description="The home country's trade by HS code, year and partner."),
    Table("production", (
        C("category_id", refs=("categories",)),
        C("year", "int", min=1900, max=2100),
        C("domestic_output_usd", "float", min=0, unit="USD"),
    ), key=("category_id", "year"), description="Domestic output per category and year."),
    Table("tests", (
        C("test_id"),
        C("part_id", refs=("parts",)),
        C("unit_id"),
        C("time", "float", nullable=True, min=0, unit="time_unit",
          description="Failure/censoring time; lower bound for interval data; empty for left-censored with time_upper"),
        C("time_upper", "float", nullable=True, min=0, unit="time_unit",
          description="Upper bound for interval (I) and left-censored (L) data"),
        C("status", "enum", choices=("F", "S", "L", "I"),
          description="F failure, S suspension (right-censored), L left-censored, I interval"),
        C("stress", "float", nullable=True, description="Test stress level (e.g. load in kN, temperature in K)"),
        C("time_unit", "enum", choices=("h", "min", "s", "cycles", "Mrev", "rev", "km", "days")),
        C("count", "int", required=False, nullable=True, min=1, max=INT_MAX,
          description="Number of identical units this row stands for (grouped data); default 1"),
    ), key=("test_id", "unit_id"), required=False, description="Life (endurance) test records."),
    Table("demands", (
        C("id"),
        C("oem_id", refs=("enterprises",)),
        C("category_id", refs=("categories",)),
        C("quantity", "float", min=0, min_exclusive=True, unit="pieces"),
        C("need_by", "date", nullable=True),
        C("constraints", nullable=True, description="e.g. d=45mm; C>=50kN; precision in P5,P4"),
        C("required_life_h", "float", nullable=True, min=0, min_exclusive=True, unit="h"),
        C("loads", nullable=True, description="e.g. Fr=10kN; Fa=0; n=3000rpm"),
        C("certifications", "list", required=False, nullable=True,
          description="';'-separated approvals the supplier must hold, e.g. AS9100D"),
    ), key=("id",), required=False, description="OEMs' needs for parts."),
    Table("standards", (
        C("id", description="Short id, e.g. STD-GBT307.1"),
        C("code", description="Standard number with year, e.g. GB/T 307.1-2017, JB/T 10235-2011, ISO 281:2007"),
        C("title", description="Title in words"),
        C("category_id", nullable=True, refs=("categories",), description="Key category it applies to"),
        C("kind", "enum", choices=("product", "test_method", "design", "material", "process"),
          description="What it standardises (a test method: how a qualification test is run)"),
        C("equivalent", required=False, nullable=True,
          description="International standard it adopts, e.g. ISO 492:2014"),
        C("equivalence", "enum", required=False, nullable=True, choices=("IDT", "MOD", "NEQ"),
          description="Degree of correspondence per GB/T 20000.2-2009: identical, modified, not equivalent"),
        C("status", "enum", choices=("current", "drafting", "withdrawn")),
        C("year", "int", required=False, nullable=True, min=1900, max=2100, description="Year published"),
    ), key=("id",), required=False,
       description="Standards registry per key category (GB/T, JB/T, ISO with equivalence; test methods)."),
    Table("projects", (
        C("id"),
        C("name", description="Project title"),
        C("category_id", refs=("categories",), description="The key category the project is to break"),
        C("lead_id", refs=("enterprises",), description="Leading enterprise or institute"),
        C("participants", "list", nullable=True, refs=("enterprises",),
          description="';'-separated ids of the other participating enterprises, institutes, labs"),
        C("budget_usd", "float", nullable=True, min=0, unit="USD", description="Total budget"),
        C("start_year", "int", min=1900, max=2100),
        C("end_year", "int", nullable=True, min=1900, max=2100),
        C("readiness_level", "int", nullable=True, min=1, max=9,
          description="Technology readiness level now, 1-9 (ISO 16290)"),
        C("readiness_level_start", "int", required=False, nullable=True, min=1, max=9,
          description="Technology readiness level when the project started (TRL gained = now - start)"),
        C("standards", "list", required=False, nullable=True, refs=("standards",),
          description="';'-separated ids of the standards the project is to produce (standards.csv)"),
        C("status", "enum", choices=("planned", "running", "completed")),
    ), key=("id",), required=False, description="Special R&D projects per key category."),
    # --- makers: enterprise facts, capabilities and training supply (issue 16) ----------------
    Table("enterprise_years", (
        C("enterprise_id", refs=("enterprises",)),
        C("year", "int", min=1900, max=2100),
        C("revenue_usd", "float", min=0, unit="USD", description="Operating revenue (营业收入) of the year"),
        C("main_business_revenue_usd", "float", nullable=True, min=0, unit="USD",
          description="Revenue of the main business (主营业务收入); per key category in enterprise_categories.csv"),
        C("rd_spend_usd", "float", nullable=True, min=0, unit="USD", description="R&D expenditure (研发费用) of the year"),
        C("employees", "int", nullable=True, min=0, unit="persons", description="Employees in total at year end"),
        C("invention_patents", "int", nullable=True, min=0,
          description="Granted invention patents held and in use (Class I IP, 发明专利)"),
        C("niche_market_share", "float", nullable=True, min=0, max=1,
          description="Share (0-1) of the national market of its niche (细分市场占有率)"),
        C("export_share", "float", nullable=True, min=0, max=1, description="Share (0-1) of revenue from exports"),
        C("niche_since", "int", required=False, nullable=True, min=1900, max=2100,
          description="Year the enterprise began serving its niche market"),
        C("debt_ratio", "float", required=False, nullable=True, min=0,
          description="Liabilities over assets (资产负债率), 0-1 and above"),
    ), key=("enterprise_id", "year"), required=False, owner="enterprise_id",
       description="Facts per enterprise and year (a future year holds a plan). Confidential to the enterprise."),
    Table("enterprise_categories", (
        C("enterprise_id", refs=("enterprises",)),
        C("year", "int", min=1900, max=2100),
        C("category_id", refs=("categories",)),
        C("revenue_usd", "float", min=0, unit="USD", description="Main-business revenue in this key category"),
        C("capacity", "float", nullable=True, min=0, unit="pieces/year", description="Production capacity"),
        C("output", "float", nullable=True, min=0, unit="pieces/year", description="Production in the year"),
        C("segment", "enum", nullable=True, choices=("low", "mid", "high"),
          description="Market segment of the enterprise's products in this category (low-end ... high-end)"),
    ), key=("enterprise_id", "year", "category_id"), required=False, owner="enterprise_id",
       description="Revenue and capacity per enterprise, year and key category (a future year is a capacity plan). "
                   "Confidential to the enterprise."),
    Table("enterprise_occupations", (
        C("enterprise_id", refs=("enterprises",)),
        C("year", "int", min=1900, max=2100),
        C("occupation_code", pattern=OCCUPATION_CODE,
          description="Occupation code of 中华人民共和国职业分类大典（2022年版）, e.g. 6-18-01-01"),
        C("employees", "int", min=0, unit="persons"),
    ), key=("enterprise_id", "year", "occupation_code"), required=False, owner="enterprise_id",
       description="Employees by occupation per enterprise and year. Confidential to the enterprise."),
    Table("capabilities", (
        C("enterprise_id", refs=("enterprises",)),
        C("kind", "enum", choices=("process", "machine", "test", "accreditation")),
        C("name", description="e.g. raceway superfinishing; life test; ISO/IEC 17025"),
        C("precision_class", nullable=True, description="Best precision class reached, e.g. P4 (ISO 492)"),
        C("capacity", "float", nullable=True, min=0, description="Capacity in the row's unit"),
        C("unit", nullable=True, description="Unit of capacity, e.g. pieces/year, test stations"),
    ), key=("enterprise_id", "kind", "name"), required=False, owner="enterprise_id",
       description="Processes, machines, tests and accreditations an enterprise has. Owned by the enterprise."),
    Table("training", (
        C("programme", description="Programme code and name (vocational or university), e.g. HN-V-017 数控技术"),
        C("occupation_code", pattern=OCCUPATION_CODE,
          description="Occupation the programme trains for (职业分类大典 2022 code)"),
        C("region", description="Province / state / region of the school"),
        C("graduates_per_year", "float", min=0, unit="persons/year"),
    ), key=("programme", "occupation_code", "region"), required=False,
       description="Training supply: graduates per year by programme, occupation and region."),
    Table("project_staff", (
        C("project_id", refs=("projects",)),
        C("occupation_code", pattern=OCCUPATION_CODE,
          description="Occupation the project needs (职业分类大典 2022 code)"),
        C("persons", "float", min=0, unit="persons/year",
          description="People of that occupation the project needs per year while it runs"),
    ), key=("project_id", "occupation_code"), required=False,
       description="Staff special projects need, per occupation (talent demand of projects; region of the lead)."),
    # --- qualification of domestic substitutes (issue 13; engine: keyparts.qualify) -------------
    Table("applications", (
        C("id"),
        C("oem_id", refs=("enterprises",), description="The OEM that owns the application"),
        C("category_id", refs=("categories",), description="Category of the part it needs"),
        C("product_id", required=False, nullable=True,
          refs=("products",), description="End product it is for"),
        C("loads", required=False, nullable=True,
          description="Operating point in the demands' syntax, e.g. "
          "Fr=4kN; Fa=0kN; n=1800rpm"),
        C("viscosity_cSt", "float", required=False, nullable=True,
          min=0, min_exclusive=True, unit="mm²/s",
          description="Lubricant viscosity at operating temperature (for a_ISO, ISO 281 Annex A)"),
        C("lubricant", required=False, nullable=True,
          description="Lubricant in words, e.g. ISO VG 68 mineral oil"),
        C("temperature_C", "float", required=False, nullable=True, min=-273.15, unit="°C",
          description="Operating temperature"),
        C("cleanliness", required=False, nullable=True,
          description="Contamination level (ISO 281 Table 13 words, "
          "e.g. normal cleanliness) or an ISO 4406 code, e.g. -/17/14"),
        C("required_life_h", "float", min=0, min_exclusive=True, unit="h",
          description="Life the part must reach at the reliability below"),
        C("reliability", "float", required=False, nullable=True, min=0, max=1, min_exclusive=True,
          description="Required reliability at the required life, e.g. 0.9 (empty: 0.9)"),
        C("beta", "float", required=False, nullable=True, min=0, min_exclusive=True,
          description="Weibull shape assumed for life demonstrations and test plans (the "
                      "benchmark part's), e.g. 2"),
        C("duty_hours_per_year", "float", required=False, nullable=True,
          min=0, min_exclusive=True, unit="h/year",
          description="Hours of operation per year (the first-use insured period)"),
        C("notes", required=False, nullable=True,
          description="Environment and other conditions in words"),
    ), key=("id",), required=False,
       description="Operating envelopes of OEMs' applications (owned by the OEM: oem_id)."),
    Table("qualification_cases", (
        C("id"),
        C("part_id", refs=("parts",), description="The substitute part (its maker is a party)"),
        C("oem_id", refs=("enterprises",), description="The OEM qualifying it (a party)"),
        C("application_id", refs=("applications",),
          description="The application it is qualified for"),
        C("lab_id", required=False, nullable=True, refs=("enterprises",),
          description="Test lab or institute taking part (a party), optional"),
        C("test_ids", "list", required=False, nullable=True,
          description="';'-separated test_id of tests.csv campaigns of the part that are the "
                      "case's bench-test evidence (empty: every campaign of the part)"),
        C("stage", "enum", choices=("design_review", "first_article", "bench_test", "system_test",
                                     "field_trial", "small_batch", "batch_supply", "rejected"),
          description="Current stage (after the last recorded decision)"),
        C("opened", "date", description="Date the case was opened (enters design_review)"),
        C("notes", required=False, nullable=True),
    ), key=("id",), required=False,
       description="One part x one OEM x one application through the OEM's qualification; "
                   "visible to its parties only (the part's maker, oem_id, lab_id)."),
    Table("qualification_events", (
        C("case_id", refs=("qualification_cases",)),
        C("date", "date"),
        C("stage", "enum", choices=("design_review", "first_article", "bench_test", "system_test",
                                     "field_trial", "small_batch", "batch_supply"),
          description="Stage decided on (the case's stage at that date)"),
        C("decision", "enum", choices=("pass", "fail", "hold"),
          description="pass: on to the next stage; hold: stays; fail: rejected"),
        C("decided_by", required=False, nullable=True,
          description="Name of the person who decided"),
        C("note", required=False, nullable=True, description="Reason or remark in words"),
        C("standard_id", required=False, nullable=True, refs=("standards",),
          description="Standard the test or inspection of this decision followed (standards.csv)"),
    ), key=("case_id", "date", "stage", "decision"), required=False,
       description="Decisions on qualification cases, in date order (the case's history)."),
    Table("inspections", (
        C("case_id", refs=("qualification_cases",)),
        C("characteristic", description="Characteristic (drawing balloon), e.g. bore d"),
        C("sample", description="Sample (piece) id"),
        C("nominal", "float", description="Nominal value"),
        C("lower_tol", "float", description="Lower tolerance as a signed deviation from nominal, "
          "e.g. -0.012"),
        C("upper_tol", "float", description="Upper tolerance as a signed deviation, e.g. 0"),
        C("measured", "float", description="Measured value"),
        C("unit", required=False, nullable=True,
          description="Unit of nominal, tolerances and measured, e.g. mm"),
    ), key=("case_id", "characteristic", "sample"), required=False,
       description="First-article inspection records (AS9102 form 3): one measured value per "
                   "characteristic and sample."),
    # --- the programme over time: events, challenges, roadmap (issue 14) -----------------------
    Table("events", (
        C("category_id", refs=("categories",), description="Category hit (a family or category "
          "counts for every grade under it)"),
        C("year", "int", min=1900, max=2100, description="Year the event took effect"),
        C("kind", "enum", choices=("export_control", "supply_shock", "price_spike")),
        C("source", description="Where the event is reported (regulation, notice, article)"),
        C("note", required=False, nullable=True, description="What happened, in words"),
    ), key=("category_id", "year", "kind"), required=False,
       description="Disruptions per category and year that the key-category list should have "
                   "foreseen (the back-test scores editions against them)."),
    Table("challenges", (
        C("id"),
        C("category_id", refs=("categories",), description="The key category to break"),
        C("target", description="Target in the search-query language, e.g. "
          "L10h>=30000h; precision in P4,P2; n_lim>=12000rpm"),
        C("deadline", "date", description="Date the target is to be met"),
        C("budget_usd", "float", min=0, min_exclusive=True, unit="USD", description="Public budget"),
        C("issuer", description="Issuing body (揭榜挂帅 notice), e.g. a ministry or province"),
        C("status", "enum", choices=("open", "awarded", "running", "met", "failed")),
        C("winner_id", required=False, nullable=True, refs=("enterprises",),
          description="Enterprise (or consortium lead) that took the challenge"),
        C("planned_capacity", "float", min=0, min_exclusive=True, unit="pieces/year",
          description="Batch-supply capacity planned when the target is met"),
        C("capacity_low", "float", required=False, nullable=True, min=0, unit="pieces/year",
          description="Lowest plausible capacity (empty: half the planned capacity)"),
        C("unit_price_usd", "float", required=False, nullable=True, min=0, min_exclusive=True, unit="USD",
          description="Price of the part (empty: median price of the category's parts)"),
        C("success_probability", "float", required=False, nullable=True, min=0, max=1,
          description="Probability the target is met by the deadline (empty: 0.5)"),
    ), key=("id",), required=False,
       description="Special projects as challenges (揭榜挂帅): a checkable target, a budget and "
                   "the capacity planned once the target is met."),
    Table("challenge_bids", (
        C("challenge_id", refs=("challenges",)),
        C("bidder_id", refs=("enterprises",), description="Bidding enterprise (the consortium lead)"),
        C("consortium", "list", nullable=True, refs=("enterprises",),
          description="';'-separated ids of the consortium's other members"),
        C("requested_usd", "float", nullable=True, min=0, unit="USD", description="Funding asked for"),
        C("status", "enum", choices=("submitted", "shortlisted", "won", "lost", "withdrawn")),
    ), key=("challenge_id", "bidder_id"), required=False,
       description="Bids (揭榜) for challenges, by a lead and its consortium."),
    Table("challenge_milestones", (
        C("challenge_id", refs=("challenges",)),
        C("milestone", description="Milestone in words, e.g. prototype bench test"),
        C("due", "date"),
        C("trl", "int", nullable=True, min=1, max=9,
          description="Technology readiness level the gate requires (ISO 16290)"),
        C("mrl", "int", nullable=True, min=1, max=10,
          description="Manufacturing readiness level the gate requires (US DoD MRL Deskbook)"),
        C("status", "enum", choices=("planned", "passed", "failed")),
        C("decided", "date", required=False, nullable=True, description="Date the gate was decided"),
    ), key=("challenge_id", "milestone"), required=False,
       description="Milestones of challenges with their TRL/MRL gates."),
    Table("challenge_staff", (
        C("challenge_id", refs=("challenges",)),
        C("occupation_code", pattern=OCCUPATION_CODE,
          description="Occupation the challenge needs (职业分类大典 2022 code)"),
        C("persons", "float", min=0, unit="persons/year",
          description="People of that occupation the challenge needs while it runs"),
    ), key=("challenge_id", "occupation_code"), required=False,
       description="Staff a challenge needs, per occupation (talent demand; region of the winner)."),
    Table("roadmap", (
        C("category_id", refs=("categories",)),
        C("parameter", description="A parameter declared for the category, e.g. L10h"),
        C("value", description="Target value with its unit, e.g. 30000h (a number: at least; "
          "a list P4,P2: one of)"),
        C("year", "int", min=1900, max=2100),
        C("source", required=False, nullable=True, description="Roadmap document"),
    ), key=("category_id", "parameter", "year"), required=False,
       description="Technology roadmap targets per category, parameter and year."),
    Table("targets", (
        C("scope", refs=("categories", "products"), description="Category or product id the target is for"),
        C("indicator", "enum", choices=("consumption_share", "bom_value_share", "qualified_capacity_share"),
          description="Localisation rate the target is set on (keyparts localisation)"),
        C("value", "float", min=0, max=1, description="Target share 0-1 (70 % as 0.7)"),
        C("year", "int", min=1900, max=2100, description="Year by which the target is to be reached"),
        C("source", required=False, nullable=True, description="Plan or notice that sets the target"),
    ), key=("scope", "indicator", "year"), required=False,
       description="Localisation targets (国产化率) per category or product, indicator and year."),
)

# Chinese column headers accepted for the main files (the reader renames them to the column's
# name; an English header is always accepted). Headers a Chinese user writes in a spreadsheet:
# the first alias is the one the documentation shows.
ALIASES_ZH: dict[str, dict[str, tuple[str, ...]]] = {
    "countries": {"code": ("国家代码", "代码"), "name": ("国家名称", "名称"), "risk": ("国家风险",),
                  "export_control": ("出口管制系数",)},
    "categories": {"id": ("品类编号", "编号"), "name": ("英文名称",), "name_zh": ("中文名称", "名称"),
                   "parent_id": ("上级品类", "上级编号"), "level": ("层级",), "hs_codes": ("HS编码", "海关编码")},
    "parameters": {"category_id": ("品类编号", "品类"), "name": ("参数名", "参数"), "unit": ("单位",),
                   "kind": ("类型",), "description": ("说明", "描述"), "limits": ("限值",)},
    "enterprises": {"id": ("企业编号", "编号"), "name": ("企业名称", "名称"), "kind": ("企业类型", "类型"),
                    "country": ("国家", "国别"), "region": ("地区", "省份"), "certifications": ("资质认证", "认证")},
    "parts": {"id": ("零件编号", "编号"), "maker_id": ("制造商编号", "制造商"), "category_id": ("品类编号", "品类"),
              "designation": ("型号",), "status": ("状态",), "unit_price_usd": ("单价（美元）", "单价(美元)", "单价"),
              "annual_capacity": ("年产能", "产能")},
    "part_values": {"part_id": ("零件编号", "零件"), "parameter": ("参数",), "value": ("数值", "值"),
                    "unit": ("单位",)},
    "products": {"id": ("产品编号", "编号"), "oem_id": ("主机厂编号", "主机厂"), "name": ("产品名称", "名称"),
                 "industry": ("行业",), "annual_units": ("年产量",), "unit_value_usd": ("单台价值（美元）", "单台价值")},
    "bom": {"parent_id": ("上级编号", "父项"), "child_id": ("下级编号", "子项"), "qty": ("用量", "数量"),
            "essential": ("必需", "是否必需")},
    "sourcing": {"buyer_id": ("采购方", "采购方编号"), "item_id": ("物料编号", "物料"),
                 "supplier_id": ("供应商编号", "供应商"), "origin_country": ("原产国", "来源国"),
                 "share": ("份额", "占比")},
    "trade": {"hs_code": ("HS编码", "海关编码"), "year": ("年份",), "partner_country": ("贸易伙伴", "伙伴国"),
              "flow": ("流向", "进出口"), "value_usd": ("金额（美元）", "金额(美元)", "金额"),
              "quantity": ("数量",), "unit": ("单位",)},
    "production": {"category_id": ("品类编号", "品类"), "year": ("年份",),
                   "domestic_output_usd": ("国内产值（美元）", "国内产值")},
    "tests": {"test_id": ("试验编号", "批次编号"), "part_id": ("零件编号", "零件"), "unit_id": ("样品编号", "样品"),
              "time": ("时间", "寿命"), "time_upper": ("时间上限",), "status": ("状态",), "stress": ("应力", "载荷水平"),
              "time_unit": ("时间单位", "单位"), "count": ("台数", "数量")},
    "demands": {"id": ("需求编号", "编号"), "oem_id": ("主机厂编号", "主机厂"), "category_id": ("品类编号", "品类"),
                "quantity": ("数量", "需求量"), "need_by": ("需求日期", "交付日期"), "constraints": ("约束条件", "技术要求"),
                "required_life_h": ("要求寿命（h）", "要求寿命(h)", "要求寿命"), "loads": ("载荷", "工况"),
                "certifications": ("资质要求",)},
}


def _with_aliases(table: Table) -> Table:
    zh = ALIASES_ZH.get(table.name, {})
    return replace(table, columns=tuple(replace(c, aliases_zh=zh.get(c.name, ())) for c in table.columns))


TABLES = tuple(_with_aliases(t) for t in TABLES)

TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

# Order in which tables can be written so that every reference exists first.
IMPORT_ORDER: tuple[str, ...] = tuple(t.name for t in TABLES)

# Keys of dataset.toml.
META_KEYS = {
    "name": "Dataset name",
    "year": "Reference year of the data (int)",
    "currency": "Currency of money columns (USD)",
    "country": "ISO alpha-2 code of the home country whose import dependence is measured",
    "provenance": "Where the figures come from (free text; per-file detail in README)",
}

# Columns computed on import, stored beside the user's values, never exported as data.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"part_values": ("value_canonical",)}
