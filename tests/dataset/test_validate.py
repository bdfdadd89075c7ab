"""Each validation rule, shown by a deliberately broken copy of the tiny dataset.

Each case states the broken cell and the exact ``file:row:column`` the report must name
(row = CSV line number, header = 1).
"""

from __future__ import annotations

import pytest

from keyparts.dataset import read_dataset, validate, validate_and_type
from keyparts.errors import ValidationError
from tests.dataset.tiny import TINY, write_tiny


def _errors(tmp_path, **changes):
    problems = validate(read_dataset(write_tiny(tmp_path / "ds", **changes)))
    return [p for p in problems if p.severity == "error"], [p for p in problems if p.severity != "error"]


def _replace(name: str, old: str, new: str) -> str:
    text = TINY[name]
    assert old in text, f"fixture drifted: {old!r} not in {name}"
    return text.replace(old, new, 1)


def test_tiny_dataset_is_valid(tmp_path):
    errors, warnings = _errors(tmp_path)
    assert errors == []
    assert warnings == []


CASES = [
    # (id, changes, expected location "file:row:column", words the message must contain)
    ("missing file", {"parts_csv": None}, "parts.csv", "is missing"),
    ("missing column", {"countries_csv": "code,name,risk\nCN,China,3\nJP,Japan,1\nDE,Germany,1\n"},
     "countries.csv:1:export_control", "required column is missing"),
    ("not a number", {"parts_csv": _replace("parts.csv", "4.5", "four")}, "parts.csv:2:unit_price_usd",
     "'four' is not a number"),
    ("bad enum", {"parts_csv": _replace("parts.csv", "qualified", "approved")}, "parts.csv:2:status",
     "'approved' is not one of prototype | qualified | production"),
    ("empty required cell", {"enterprises_csv": _replace("enterprises.csv", "M2,Kansai Bearing,parts_maker,JP",
                                                         "M2,,parts_maker,JP")},
     "enterprises.csv:3:name", "is empty"),
    ("risk above 10", {"countries_csv": _replace("countries.csv", "JP,Japan,1.1", "JP,Japan,11")},
     "countries.csv:3:risk", "above 10"),
    ("zero quantity", {"bom_csv": _replace("bom.csv", "X1,A1,2,", "X1,A1,0,")}, "bom.csv:2:qty",
     "out of range, expected a value above 0"),
    ("negative quantity", {"demands_csv": _replace("demands.csv", "5000", "-5")}, "demands.csv:2:quantity",
     "out of range"),
    ("zero required life", {"demands_csv": _replace("demands.csv", "14kN,20000,", "14kN,0,")},
     "demands.csv:2:required_life_h", "out of range, expected a value above 0"),
    ("duplicate id", {"parts_csv": TINY["parts.csv"] + "P1,M2,BRG,dup,qualified,1,1\n"}, "parts.csv:5:id",
     "duplicate key (id=P1), first given on row 2"),
    ("unknown reference", {"parts_csv": _replace("parts.csv", "P2,M2", "P2,M9")}, "parts.csv:3:maker_id",
     "'M9' is not an id in enterprises.csv"),
    ("bom child neither part nor category", {"bom_csv": TINY["bom.csv"] + "A1,ZZ,1,true\n"},
     "bom.csv:5:child_id", "'ZZ' is not an id in parts.csv or categories.csv"),
    ("shares above 1", {"sourcing_csv": _replace("sourcing.csv", "M2,JP,0.6", "M2,JP,0.7")},
     "sourcing.csv:3:share", "sum to 1.1"),
    ("share above 1 in one row", {"sourcing_csv": _replace("sourcing.csv", "O1,A1,M1,CN,1", "O1,A1,M1,CN,1.3")},
     "sourcing.csv:2:share", "1.3 is above 1"),
    ("bom cycle", {"bom_csv": TINY["bom.csv"] + "P1,A1,1,true\n"}, "bom.csv", "cycle: A1 -> P1 -> A1"),
    ("bad unit", {"part_values_csv": _replace("part_values.csv", "P1,d,25,mm", "P1,d,25,furlongz")},
     "part_values.csv:2:unit", "'furlongz' is not a known unit"),
    ("incompatible unit", {"part_values_csv": _replace("part_values.csv", "P1,C,14.8,kN", "P1,C,14.8,mm")},
     "part_values.csv:3:unit", "cannot be converted to kN"),
    ("undeclared parameter", {"part_values_csv": TINY["part_values.csv"] + "P1,colour,red,\n"},
     "part_values.csv:7:parameter", "'colour' is not a parameter of category BRG-DGBB-P5"),
    ("taxonomy level", {"categories_csv": _replace("categories.csv", "BRG-DGBB-P5,Deep-groove ball bearings P5,P5级深沟球轴承,BRG-DGBB",
                                                   "BRG-DGBB-P5,Deep-groove ball bearings P5,P5级深沟球轴承,BRG")},
     "categories.csv:4:parent_id", "'BRG' is a family, expected a category"),
    ("interval without upper bound", {"tests_csv": _replace("tests.csv", "800,1000,I", "800,,I")},
     "tests.csv:4:time_upper", "expected time < time_upper"),
    ("bad date", {"demands_csv": _replace("demands.csv", "2024-06-30", "30/06/2024")}, "demands.csv:2:need_by",
     "expected YYYY-MM-DD"),
    ("fractional count", {"tests_csv": _replace("tests.csv", "S,10,h,3", "S,10,h,2.5")}, "tests.csv:3:count",
     "'2.5' is not a whole number"),
    ("unknown participant in a list", {"projects_csv": _replace("projects.csv", "M2;O1", "M2;X9")},
     "projects.csv:2:participants", "'X9' is not an id in enterprises.csv"),
    ("readiness level above 9", {"projects_csv": _replace("projects.csv", ",4,running", ",10,running")},
     "projects.csv:2:readiness_level", "above 9"),
    ("occupation code not of the 2022 classification's form",
     {"enterprise_occupations_csv": _replace("enterprise_occupations.csv", "6-18-01-01", "6-18-1")},
     "enterprise_occupations.csv:2:occupation_code", "'6-18-1' is not in the expected form"),
    ("niche market share above 1", {"enterprise_years_csv": _replace("enterprise_years.csv", ",0.12,", ",12,")},
     "enterprise_years.csv:2:niche_market_share", "above 1"),
    ("unknown capability kind", {"capabilities_csv": _replace("capabilities.csv", "M1,test,", "M1,lab,")},
     "capabilities.csv:3:kind", "'lab' is not one of process | machine | test | accreditation"),
    ("capacity of an unknown enterprise", {"enterprise_categories_csv": _replace(
        "enterprise_categories.csv", "M1,2023", "M9,2023")},
     "enterprise_categories.csv:2:enterprise_id", "'M9' is not an id in enterprises.csv"),
    ("bad boolean", {"bom_csv": _replace("bom.csv", "X1,A1,2,true", "X1,A1,2,maybe")}, "bom.csv:2:essential",
     "'maybe' is not true or false"),
]


@pytest.mark.parametrize("changes,where,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validation_rule_reports_file_row_column(tmp_path, changes, where, words):
    errors, _ = _errors(tmp_path, **changes)
    assert any(str(p).startswith(where) and words in str(p) for p in errors), [str(p) for p in errors]


def test_all_errors_are_reported_at_once(tmp_path):
    """Three independent mistakes in three files give three errors in one report."""
    errors, _ = _errors(tmp_path,
                        parts_csv=_replace("parts.csv", "qualified", "approved"),
                        bom_csv=_replace("bom.csv", "X1,A1,2,", "X1,A1,0,"),
                        countries_csv=_replace("countries.csv", "JP,Japan,1.1", "JP,Japan,11"))
    assert len(errors) == 3


def test_unknown_column_is_a_warning_and_kept(tmp_path):
    changes = {"enterprises_csv": TINY["enterprises.csv"].replace("region\n", "region,website\n", 1)
               .replace("Liaoning\n", "Liaoning,lpb.example\n")}
    errors, warnings = _errors(tmp_path, **changes)
    assert errors == []
    assert [str(w) for w in warnings] == [("enterprises.csv:1:website: unknown column: kept as an extra "
                                           "column, not used by any analysis")]
    ds = validate_and_type(read_dataset(tmp_path / "ds"))
    assert ds.frames["enterprises"].set_index("id").loc["M1", "website"] == "lpb.example"


def test_units_are_normalised_to_the_parameter_unit(tmp_path):
    """P2 gives d = 0.025 m and C = 14800 N; the parameters are declared in mm and kN:
    25 mm and 14.8 kN by hand."""
    ds = validate_and_type(read_dataset(write_tiny(tmp_path / "ds")))
    pv = ds.frames["part_values"].set_index(["part_id", "parameter"])["value_canonical"]
    assert pv[("P2", "d")] == pytest.approx(25.0)
    assert pv[("P2", "C")] == pytest.approx(14.8)


def test_chinese_text_and_utf8_bom_import_cleanly(tmp_path):
    folder = write_tiny(tmp_path / "ds")
    text = (folder / "categories.csv").read_text(encoding="utf-8")
    (folder / "categories.csv").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    ds = validate_and_type(read_dataset(folder))
    names = ds.frames["categories"].set_index("id")["name_zh"]
    assert names["BRG"] == "滚动轴承"
    assert list(ds.frames["categories"].columns[:1]) == ["id"]


def test_file_in_no_known_encoding_is_refused_with_its_name(tmp_path):
    """GBK from Chinese Excel is read (tests/dataset/test_encodings.py); bytes that are neither
    UTF-8 nor GB18030 (0xFF never starts a GB18030 character) are refused, naming the file."""
    folder = write_tiny(tmp_path / "ds")
    (folder / "categories.csv").write_bytes(TINY["categories.csv"].encode("utf-8") + b"X,\xff\xff\n")
    with pytest.raises(ValidationError, match=r"categories.csv: is not text in UTF-8, UTF-16 or GB18030"):
        read_dataset(folder)


def test_xlsx_workbook_reads_like_the_folder(tmp_path):
    import pandas as pd

    folder = write_tiny(tmp_path / "ds")
    book = tmp_path / "ds.xlsx"
    with pd.ExcelWriter(book) as xw:
        pd.DataFrame({"key": ["name", "country"], "value": ["tiny", "CN"]}).to_excel(xw, sheet_name="dataset", index=False)
        for f in folder.glob("*.csv"):
            pd.read_csv(f, dtype=str, keep_default_na=False).to_excel(xw, sheet_name=f.stem, index=False)
    a = validate_and_type(read_dataset(folder))
    b = validate_and_type(read_dataset(book))
    for name, df in a.frames.items():
        pd.testing.assert_frame_equal(df.reset_index(drop=True), b.frames[name].reset_index(drop=True),
                                      check_dtype=False, obj=name)


# ---------------------------------------------------------------- limits of parameter values
# parameters.csv of the tiny dataset with the optional column ``limits``: D declared on BRG as
# ">0;>d" (ISO 15: a bearing's outside diameter exceeds its bore), inherited by BRG-DGBB-P5,
# the category of P1 and P2. P1: d = 25 mm; P2: d = 0.025 m (= 25 mm).
LIMITED_PARAMETERS = (
    "category_id,name,unit,kind,description,limits\n"
    "BRG,d,mm,number,bore diameter,>0\n"
    "BRG,D,mm,number,outside diameter,>0;>d\n"
    "BRG,C,kN,number,basic dynamic load rating,>0\n"
    "BRG-DGBB,precision,,enum,ISO 492 tolerance class,\n"
)


def _limited(values: str = "", parameters: str = LIMITED_PARAMETERS):
    return {"parameters_csv": parameters, "part_values_csv": TINY["part_values.csv"] + values}


def test_limits_accept_valid_values(tmp_path):
    """P1 D = 52 mm > d = 25 mm > 0 (6205: 25 x 52 x 15 mm, ISO 15): no problem."""
    errors, warnings = _errors(tmp_path, **_limited("P1,D,52,mm\n"))
    assert errors == [] and warnings == []


def test_negative_dimension_is_out_of_range(tmp_path):
    """P1 D = -30 mm breaks D > 0 (its first limit): one error on part_values.csv line 7, the
    value's line (header 1, five TINY rows 2-6), not a second one for D > d."""
    errors, _ = _errors(tmp_path, **_limited("P1,D,-30,mm\n"))
    assert [str(p) for p in errors] == ["part_values.csv:7:value: D = -30 mm of part P1 is out of range, "
                                        "expected D > 0 mm (limits of D in parameters.csv)"]


def test_outside_diameter_below_bore_breaks_the_relation(tmp_path):
    """P1 D = 20 mm < d = 25 mm: 'D > d' is broken, reported with both values."""
    errors, _ = _errors(tmp_path, **_limited("P1,D,20,mm\n"))
    assert [str(p) for p in errors] == ["part_values.csv:7:value: D = 20 mm of part P1 is not > d = 25 mm, "
                                        "expected D > d (limits of D in parameters.csv)"]


def test_relation_compares_values_in_the_parameter_unit(tmp_path):
    """P2 gives d = 0.025 m and D = 0.02 m: in the parameter's mm, 20 < 25 -> D > d broken;
    D = 0.052 m (52 mm) would pass."""
    errors, _ = _errors(tmp_path, **_limited("P2,D,0.02,m\n"))
    assert [str(p) for p in errors] == ["part_values.csv:7:value: D = 20 mm of part P2 is not > d = 25 mm, "
                                        "expected D > d (limits of D in parameters.csv)"]
    assert _errors(tmp_path / "ok", **_limited("P2,D,0.052,m\n"))[0] == []


def test_a_relation_is_checked_only_when_both_values_exist(tmp_path):
    """A1 has no d: its D = 10 mm meets D > 0 and the relation D > d is not evaluated."""
    errors, _ = _errors(tmp_path, **_limited("A1,D,10,mm\n"))
    assert errors == []


def test_unreadable_limit_is_reported_on_parameters_csv(tmp_path):
    """'bigger than d' has no operator: parameters.csv line 3 (D), column limits."""
    params = LIMITED_PARAMETERS.replace(">0;>d", "bigger than d")
    errors, _ = _errors(tmp_path, **_limited(parameters=params))
    assert len(errors) == 1 and str(errors[0]).startswith(
        "parameters.csv:3:limits: 'bigger than d' is not a limit, expected")


def test_limit_naming_an_unknown_parameter_is_reported(tmp_path):
    """'>d_outer' names no parameter of BRG."""
    params = LIMITED_PARAMETERS.replace(">0;>d", ">0;>d_outer")
    errors, _ = _errors(tmp_path, **_limited(parameters=params))
    assert len(errors) == 1 and str(errors[0]).startswith(
        "parameters.csv:3:limits: '> d_outer': d_outer is not a number parameter of category BRG, expected")


def test_limit_relating_different_units_is_reported(tmp_path):
    """C (kN) cannot be compared with d (mm)."""
    params = LIMITED_PARAMETERS.replace("load rating,>0", "load rating,>d")
    errors, _ = _errors(tmp_path, **_limited(parameters=params))
    assert [str(p) for p in errors] == ["parameters.csv:4:limits: '> d': d is in mm, C in kN, "
                                        "expected a parameter in the same unit"]


def test_limits_on_an_enum_parameter_are_refused(tmp_path):
    params = LIMITED_PARAMETERS.replace("tolerance class,", "tolerance class,>0")
    errors, _ = _errors(tmp_path, **_limited(parameters=params))
    assert [str(p) for p in errors] == ["parameters.csv:5:limits: '>0' given for a enum parameter, "
                                        "expected limits on number parameters only"]


def test_bad_category_id_is_reported_once_not_once_per_value(tmp_path):
    """P1's category_id mistyped: the cause is one error (parts.csv line 2); P1's three values
    (part_values.csv lines 2-4), which the unknown category cannot declare, are not each
    reported again, one warning says they were not checked."""
    errors, warnings = _errors(tmp_path, parts_csv=_replace("parts.csv", "P1,M1,BRG-DGBB-P5", "P1,M1,BRG-DGBB-P6"))
    assert [str(p) for p in errors] == ["parts.csv:2:category_id: 'BRG-DGBB-P6' is not an id in categories.csv"]
    assert [str(p) for p in warnings] == [
        "part_values.csv:2:part_id: 3 value(s) of part P1 not checked: its category_id 'BRG-DGBB-P6' "
        "is not an id in categories.csv (the error reported on parts.csv)"]


def test_bad_demand_category_is_reported_once_not_per_clause(tmp_path):
    """D1 asks 'd=25mm; C>=14kN' of BRG-DGBB; mistyped as BRG-DGBX the demand has one error,
    the unknown category, not one more per clause its parameters can no longer be read for."""
    errors, _ = _errors(tmp_path, demands_csv=_replace("demands.csv", "D1,O1,BRG-DGBB,", "D1,O1,BRG-DGBX,"))
    assert [str(p) for p in errors] == ["demands.csv:2:category_id: 'BRG-DGBX' is not an id in categories.csv"]
