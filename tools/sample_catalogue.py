"""Static tables for the bundled sample dataset: countries, taxonomy, parameters, part catalogue.

Used only by ``tools/build_sample.py``. Provenance of every figure is in
``src/keyparts/data/README.md``; the tags below say the same in short:
[V] verified catalogue value (where each was read: "SKF values" in the data README),
[R] recalled catalogue magnitude (illustrative), [I] invented for illustration.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Countries: code, name, risk (0-10, illustrative, of the order of 2*(2.5 - mean WGI)),
# export_control factor (illustrative, in the spirit of the EU CRM t_c values 1.1-1.5).
COUNTRIES = [
    ("CN", "China", 5.6, 1.0),
    ("JP", "Japan", 2.4, 1.2),
    ("DE", "Germany", 2.2, 1.1),
    ("SE", "Sweden", 1.8, 1.1),
    ("US", "United States", 3.0, 1.4),
    ("IT", "Italy", 3.8, 1.1),
    ("KR", "Republic of Korea", 3.0, 1.05),
    ("TW", "Taiwan, Province of China", 2.6, 1.2),
    ("CH", "Switzerland", 1.6, 1.1),
    ("FR", "France", 2.8, 1.1),
    ("AT", "Austria", 2.2, 1.1),
    ("GB", "United Kingdom", 2.6, 1.1),
    ("IN", "India", 5.2, 1.0),
    ("VN", "Viet Nam", 5.4, 1.0),
    ("TH", "Thailand", 5.0, 1.0),
    ("SG", "Singapore", 1.8, 1.0),
    ("RU", "Russian Federation", 7.4, 1.0),
    ("MX", "Mexico", 5.8, 1.0),
    ("BR", "Brazil", 5.0, 1.0),
]

# ---------------------------------------------------------------------------------------------
# Taxonomy: (id, name, name_zh, parent_id, level, hs_codes). HS codes only on the middle
# level (one HS6 heading per category, never shared), so trade is never counted twice.
FAMILIES = [
    ("BRG", "Rolling bearings", "滚动轴承"),
    ("FST", "Fasteners", "紧固件"),
    ("HYD", "Hydraulic components", "液压元件"),
    ("SEAL", "Seals", "密封件"),
    ("GEAR", "Gears and reducers", "齿轮及减速器"),
    ("BSC", "Ball screws", "滚珠丝杠副"),
    ("LGD", "Linear guides", "滚动直线导轨副"),
    ("SPN", "Machine-tool spindles", "机床主轴"),
]

CATEGORIES = [  # id, name, name_zh, family, hs_codes
    ("BRG-BALL", "Ball bearings", "球轴承", "BRG", "848210"),
    ("BRG-TRB", "Tapered roller bearings", "圆锥滚子轴承", "BRG", "848220"),
    ("BRG-SRB", "Spherical roller bearings", "调心滚子轴承", "BRG", "848230"),
    ("BRG-NRB", "Needle roller bearings", "滚针轴承", "BRG", "848240"),
    ("BRG-CRB", "Cylindrical roller bearings", "圆柱滚子轴承", "BRG", "848250"),
    ("BRG-OTH", "Other rolling bearings (slewing, crossed-roller)", "其他滚动轴承（转盘、交叉滚子）", "BRG", "848280"),
    ("BRG-ELEM", "Rolling elements and bearing parts", "滚动体及轴承零件", "BRG", "848291;848299"),
    ("FST-BOLT", "Screws and bolts", "螺钉及螺栓", "FST", "731815"),
    ("FST-NUT", "Nuts", "螺母", "FST", "731816"),
    ("FST-RIVET", "Rivets", "铆钉", "FST", "731823"),
    ("HYD-PPUMP", "Piston pumps (reciprocating positive-displacement)", "柱塞泵", "HYD", "841350"),
    ("HYD-RPUMP", "Rotary positive-displacement pumps (gear, vane)", "齿轮泵及叶片泵", "HYD", "841360"),
    ("HYD-VALVE", "Valves for oleohydraulic transmissions", "液压阀", "HYD", "848120"),
    ("HYD-CYL", "Hydraulic cylinders (linear hydraulic motors)", "液压缸", "HYD", "841221"),
    ("HYD-MOTOR", "Hydraulic motors", "液压马达", "HYD", "841229"),
    ("SEAL-RUB", "Rubber seals and gaskets", "橡胶密封件", "SEAL", "401693"),
    ("SEAL-MECH", "Mechanical seals", "机械密封", "SEAL", "848420"),
    ("GEAR-BOX", "Gearboxes and speed changers", "齿轮箱及减速器", "GEAR", "848340"),
    ("GEAR-WHEEL", "Toothed wheels and transmission elements", "齿轮及传动元件", "GEAR", "848390"),
    ("BSC-BALL", "Ball screws", "滚珠丝杠", "BSC", ""),
    ("LGD-RAIL", "Profile-rail linear guides", "滚动直线导轨", "LGD", ""),
    ("SPN-SPDL", "Machine-tool spindles", "机床主轴", "SPN", "846693"),
]

GRADES = [  # id, name, name_zh, parent category
    ("BRG-BALL-DG0", "Deep-groove ball bearings, P0/P6", "深沟球轴承（P0/P6级）", "BRG-BALL"),
    ("BRG-BALL-DG5", "Deep-groove ball bearings, P5 precision", "精密深沟球轴承（P5级）", "BRG-BALL"),
    ("BRG-BALL-AC0", "Angular-contact ball bearings, general", "通用角接触球轴承", "BRG-BALL"),
    ("BRG-BALL-ACP4", "Angular-contact spindle bearings, P4", "机床主轴角接触球轴承（P4级）", "BRG-BALL"),
    ("BRG-BALL-ACP2", "Angular-contact spindle bearings, P2", "超精密主轴轴承（P2级）", "BRG-BALL"),
    ("BRG-BALL-AERO", "Aero-engine main-shaft ball bearings", "航空发动机主轴球轴承", "BRG-BALL"),
    ("BRG-BALL-FLEX", "Thin-section flexible bearings for harmonic drives", "谐波减速器柔性薄壁轴承", "BRG-BALL"),
    ("BRG-TRB-STD", "Tapered roller bearings, general", "通用圆锥滚子轴承", "BRG-TRB"),
    ("BRG-TRB-RAIL", "High-speed EMU axle-box bearing units", "高速动车组轴箱轴承", "BRG-TRB"),
    ("BRG-SRB-STD", "Spherical roller bearings, general", "通用调心滚子轴承", "BRG-SRB"),
    ("BRG-SRB-WIND", "Wind-turbine main-shaft bearings", "风电主轴轴承", "BRG-SRB"),
    ("BRG-CRB-STD", "Cylindrical roller bearings, general", "通用圆柱滚子轴承", "BRG-CRB"),
    ("BRG-CRB-P4", "Double-row cylindrical roller bearings for machine tools, P4", "机床双列圆柱滚子轴承（P4级）", "BRG-CRB"),
    ("BRG-CRB-AERO", "Aero-engine main-shaft roller bearings", "航空发动机主轴滚子轴承", "BRG-CRB"),
    ("BRG-CRB-GBX", "Gearbox bearings for wind and rail gear units", "风电及轨道交通齿轮箱轴承", "BRG-CRB"),
    ("BRG-OTH-SLEW", "Wind-turbine pitch and yaw slewing bearings", "风电变桨/偏航轴承", "BRG-OTH"),
    ("BRG-OTH-XRB", "Crossed-roller bearings for robots", "机器人交叉滚子轴承", "BRG-OTH"),
    ("BRG-ELEM-G3", "Precision steel balls, grades G3-G10", "精密钢球（G3-G10级）", "BRG-ELEM"),
    ("BRG-ELEM-CER", "Silicon-nitride ceramic balls", "氮化硅陶瓷球", "BRG-ELEM"),
    ("BRG-ELEM-ROL", "Precision rollers", "精密滚子", "BRG-ELEM"),
    ("FST-BOLT-88", "Bolts, property class 8.8", "8.8级螺栓", "FST-BOLT"),
    ("FST-BOLT-109", "High-strength bolts, classes 10.9/12.9", "10.9/12.9级高强度螺栓", "FST-BOLT"),
    ("FST-BOLT-AEROTI", "Aerospace titanium-alloy bolts", "航空钛合金螺栓", "FST-BOLT"),
    ("FST-BOLT-AERONI", "Aerospace superalloy bolts (A286, 718)", "航空高温合金螺栓", "FST-BOLT"),
    ("FST-NUT-STD", "Nuts, general", "通用螺母", "FST-NUT"),
    ("FST-NUT-AERO", "Aerospace self-locking nuts", "航空自锁螺母", "FST-NUT"),
    ("FST-RIVET-AERO", "Aerospace lockbolts and blind rivets", "航空环槽钉及抽芯铆钉", "FST-RIVET"),
    ("HYD-PPUMP-HP", "High-pressure axial piston pumps (>= 35 MPa)", "高压柱塞泵（≥35 MPa）", "HYD-PPUMP"),
    ("HYD-PPUMP-AERO", "Aircraft engine-driven hydraulic pumps", "航空发动机驱动液压泵", "HYD-PPUMP"),
    ("HYD-RPUMP-GEAR", "Gear pumps", "齿轮泵", "HYD-RPUMP"),
    ("HYD-VALVE-MCV", "Multi-way control valves", "多路阀", "HYD-VALVE"),
    ("HYD-VALVE-PROP", "Proportional and servo valves", "比例阀及伺服阀", "HYD-VALVE"),
    ("HYD-VALVE-DIR", "Directional valves, general", "通用换向阀", "HYD-VALVE"),
    ("HYD-CYL-STD", "Hydraulic cylinders, general", "通用液压缸", "HYD-CYL"),
    ("HYD-CYL-HP", "High-pressure cylinders for construction machinery", "工程机械高压油缸", "HYD-CYL"),
    ("HYD-MOTOR-TRAVEL", "Travel motors with reduction gear", "行走马达（带减速机）", "HYD-MOTOR"),
    ("HYD-MOTOR-SWING", "Swing motors", "回转马达", "HYD-MOTOR"),
    ("SEAL-RUB-ORING", "O-rings", "O形圈", "SEAL-RUB"),
    ("SEAL-RUB-HP", "High-pressure rod and piston seals", "高压液压密封件", "SEAL-RUB"),
    ("SEAL-MECH-STD", "Mechanical face seals, general", "通用机械密封", "SEAL-MECH"),
    ("SEAL-MECH-SHIP", "Stern-tube seals", "船舶艉轴密封", "SEAL-MECH"),
    ("GEAR-BOX-WIND", "Wind-turbine main gearboxes", "风电主齿轮箱", "GEAR-BOX"),
    ("GEAR-BOX-RAIL", "Rail traction gear units", "轨道交通牵引齿轮箱", "GEAR-BOX"),
    ("GEAR-BOX-MARINE", "Marine reduction gearboxes", "船用齿轮箱", "GEAR-BOX"),
    ("GEAR-BOX-RV", "RV (cycloidal) reducers for robots", "机器人RV减速器", "GEAR-BOX"),
    ("GEAR-BOX-HARM", "Harmonic drives", "谐波减速器", "GEAR-BOX"),
    ("GEAR-BOX-AGB", "Aero-engine accessory gearboxes", "航空发动机附件机匣", "GEAR-BOX"),
    ("GEAR-WHEEL-GRND", "Ground precision gears (ISO 1328 grade 4-6)", "精密磨齿齿轮", "GEAR-WHEEL"),
    ("BSC-BALL-C3", "Ground ball screws, accuracy C1-C3", "磨制滚珠丝杠（C1-C3级）", "BSC-BALL"),
    ("BSC-BALL-C7", "Rolled ball screws, accuracy C5-C7", "轧制滚珠丝杠（C5-C7级）", "BSC-BALL"),
    ("LGD-RAIL-BALL", "Ball-type profile-rail guides", "滚珠型直线导轨", "LGD-RAIL"),
    ("LGD-RAIL-ROLL", "Roller-type profile-rail guides", "滚柱型直线导轨", "LGD-RAIL"),
    ("SPN-SPDL-MOTOR", "Motorised spindles (>= 12 000 r/min)", "高速电主轴", "SPN-SPDL"),
    ("SPN-SPDL-MECH", "Mechanical (belt-driven) spindles", "机械主轴", "SPN-SPDL"),
]

# Parameters per category (inherited by subcategories): (category, name, unit, kind, description)
PARAMETERS = [
    ("BRG", "d", "mm", "number", "Bore diameter"),
    ("BRG", "D", "mm", "number", "Outside diameter"),
    ("BRG", "B", "mm", "number", "Width (total width T for tapered roller bearings)"),
    ("BRG", "C", "kN", "number", "Basic dynamic radial load rating (ISO 281)"),
    ("BRG", "C0", "kN", "number", "Basic static radial load rating (ISO 76)"),
    ("BRG", "precision", "", "enum", "Tolerance class (ISO 492): P0, P6, P5, P4, P2"),
    ("BRG", "seals", "", "enum", "Closure: open, 2RS (contact seals both sides), 2Z (shields both sides)"),
    ("BRG", "clearance", "", "enum", "Radial internal clearance: C2, CN, C3, C4"),
    ("BRG", "n_lim", "rpm", "number", "Limiting speed"),
    ("BRG", "material", "", "text", "Ring / rolling-element material, e.g. GCr15, M50, Si3N4 hybrid"),
    ("BRG-BALL", "alpha", "deg", "number", "Nominal contact angle"),
    ("BRG-BALL", "f0", "", "number", "Calculation factor f0 (ISO 76), catalogue value for deep-groove ball bearings"),
    ("BRG-TRB", "e", "", "number", "Limit of Fa/Fr for the equivalent-load factors (catalogue)"),
    ("BRG-TRB", "Y", "", "number", "Axial load factor Y for Fa/Fr > e (catalogue)"),
    ("BRG-TRB", "Y0", "", "number", "Static axial load factor Y0 (catalogue)"),
    ("BRG-SRB", "e", "", "number", "Limit of Fa/Fr for the equivalent-load factors (catalogue)"),
    ("BRG-SRB", "Y1", "", "number", "Axial load factor for Fa/Fr <= e (catalogue)"),
    ("BRG-SRB", "Y2", "", "number", "Axial load factor for Fa/Fr > e (catalogue)"),
    ("BRG-ELEM", "Dw", "mm", "number", "Rolling-element diameter"),
    ("BRG-ELEM", "ball_grade", "", "enum", "Ball grade (ISO 3290): G3, G5, G10, G16"),
    ("FST", "thread", "", "text", "Thread designation, e.g. M12x1.75, MJ10x1.25"),
    ("FST", "property_class", "", "enum", "Property class or alloy: 8.8, 10.9, 12.9, Ti-6Al-4V, A286, 718"),
    ("FST", "length", "mm", "number", "Nominal length"),
    ("FST", "Rm", "MPa", "number", "Minimum tensile strength"),
    ("HYD", "p_rated", "bar", "number", "Rated (continuous) pressure"),
    ("HYD", "p_peak", "bar", "number", "Peak pressure"),
    ("HYD-PPUMP", "Vg", "cm**3", "number", "Geometric displacement per revolution"),
    ("HYD-PPUMP", "n_max", "rpm", "number", "Maximum speed"),
    ("HYD-RPUMP", "Vg", "cm**3", "number", "Geometric displacement per revolution"),
    ("HYD-RPUMP", "n_max", "rpm", "number", "Maximum speed"),
    ("HYD-MOTOR", "Vg", "cm**3", "number", "Geometric displacement per revolution"),
    ("HYD-MOTOR", "T_max", "N*m", "number", "Maximum output torque"),
    ("HYD-VALVE", "Q_rated", "L/min", "number", "Rated flow"),
    ("HYD-VALVE", "control", "", "enum", "Actuation: manual, hydraulic pilot, electro-proportional, servo"),
    ("HYD-CYL", "bore", "mm", "number", "Piston (bore) diameter"),
    ("HYD-CYL", "rod", "mm", "number", "Rod diameter"),
    ("HYD-CYL", "stroke", "mm", "number", "Stroke"),
    ("SEAL", "d1", "mm", "number", "Inner (shaft or rod) diameter"),
    ("SEAL", "p_max", "bar", "number", "Maximum pressure"),
    ("SEAL", "material", "", "enum", "Material: NBR, HNBR, FKM, PTFE, PU, SiC/carbon"),
    ("SEAL", "temp_max", "degC", "number", "Maximum service temperature"),
    ("GEAR", "ratio", "", "number", "Transmission ratio"),
    ("GEAR", "T_rated", "N*m", "number", "Rated output torque"),
    ("GEAR", "accuracy", "", "enum", "Gear accuracy grade (ISO 1328-1): 4, 5, 6, 7, 8"),
    ("GEAR", "backlash", "arcmin", "number", "Backlash (precision reducers)"),
    ("BSC", "d0", "mm", "number", "Nominal (ball-centre) diameter"),
    ("BSC", "lead", "mm", "number", "Lead"),
    ("BSC", "accuracy", "", "enum", "Lead accuracy grade (ISO 3408-3): C1, C3, C5, C7"),
    ("BSC", "Ca", "kN", "number", "Basic dynamic axial load rating"),
    ("BSC", "C0a", "kN", "number", "Basic static axial load rating"),
    ("LGD", "size", "mm", "number", "Rail width (size)"),
    ("LGD", "C", "kN", "number", "Basic dynamic load rating"),
    ("LGD", "C0", "kN", "number", "Basic static load rating"),
    ("LGD", "precision", "", "enum", "Accuracy class: N, H, P, SP, UP"),
    ("SPN", "n_max", "rpm", "number", "Maximum speed"),
    ("SPN", "P", "kW", "number", "Rated (S1) power"),
    ("SPN", "T", "N*m", "number", "Rated (S1) torque"),
    ("SPN", "runout", "um", "number", "Radial runout at the nose"),
    ("SPN", "interface", "", "text", "Tool interface, e.g. HSK-A63, BT40"),
]

# ---------------------------------------------------------------------------------------------
# Catalogue per grade: (designation, {parameter: value}, price_usd, capacity_pcs_per_year).
# Bearing boundary dimensions follow ISO 15 / ISO 355 for the designation. Load ratings:
# [V] for the SKF rows listed in the data README ("SKF values"); otherwise recalled magnitudes [R]; maker
# variation is applied on top in build_sample.py.


def _b(d, D, B, C, C0, precision, n_lim, material="GCr15", **extra):
    v = {"d": d, "D": D, "B": B, "C": C, "C0": C0, "precision": precision,
         "n_lim": n_lim, "material": material}
    v.update(extra)
    return v


BEARINGS = {
    "BRG-BALL-DG0": [  # 6205/6206/6305/6306/6309/6200 [V]; others [R]
        ("6200", _b(10, 30, 9, 5.4, 2.36, "P0", 36000, alpha=0), 0.35, 8e6),
        ("6203", _b(17, 40, 12, 9.95, 4.75, "P0", 24000, alpha=0), 0.55, 6e6),
        ("6204", _b(20, 47, 14, 13.5, 6.55, "P0", 20000, alpha=0), 0.7, 6e6),
        ("6205", _b(25, 52, 15, 14.8, 7.8, "P6", 18000, alpha=0), 0.85, 6e6),
        ("6206", _b(30, 62, 16, 20.3, 11.2, "P0", 15000, alpha=0), 1.1, 5e6),
        ("6208", _b(40, 80, 18, 32.5, 19.0, "P0", 11000, alpha=0), 1.9, 3e6),
        ("6210", _b(50, 90, 20, 37.1, 23.2, "P0", 10000, alpha=0), 2.6, 2e6),
        ("6305", _b(25, 62, 17, 23.4, 11.6, "P0", 13000, alpha=0), 1.2, 4e6),
        ("6306", _b(30, 72, 19, 29.6, 16.0, "P0", 11000, alpha=0), 1.6, 3e6),
        ("6308", _b(40, 90, 23, 42.3, 24.0, "P0", 9000, alpha=0), 2.8, 2e6),
        ("6309", _b(45, 100, 25, 55.3, 31.5, "P6", 8500, alpha=0), 3.6, 1.5e6),
        ("6310", _b(50, 110, 27, 65.0, 38.0, "P0", 8000, alpha=0), 4.5, 1.2e6),
        ("6010", _b(50, 80, 16, 22.9, 16.0, "P0", 11000, alpha=0), 2.2, 1.5e6),
    ],
    "BRG-BALL-DG5": [
        ("6204/P5", _b(20, 47, 14, 13.5, 6.55, "P5", 26000, alpha=0), 4.5, 6e5),
        ("6205/P5", _b(25, 52, 15, 14.8, 7.8, "P5", 22000, alpha=0), 5.2, 6e5),
        ("6206/P5", _b(30, 62, 16, 20.3, 11.2, "P5", 19000, alpha=0), 6.5, 5e5),
        ("6305/P5", _b(25, 62, 17, 23.4, 11.6, "P5", 17000, alpha=0), 7.0, 4e5),
    ],
    "BRG-BALL-AC0": [  # 7304 B [V]; 7205 B [R]; others [R]
        ("7205B", _b(25, 52, 15, 15.6, 10.0, "P0", 12000, alpha=40), 2.4, 1e6),
        ("7304B", _b(20, 52, 15, 19.0, 10.0, "P0", 12000, alpha=40), 2.6, 8e5),
        ("7208B", _b(40, 80, 18, 32.5, 24.0, "P0", 8500, alpha=40), 4.5, 6e5),
        ("7210B", _b(50, 90, 20, 37.7, 28.5, "P0", 7500, alpha=40), 6.0, 5e5),
    ],
    "BRG-BALL-ACP4": [  # super-precision 15 deg (C) series, [R] magnitudes
        ("7008C/P4", _b(40, 68, 15, 20.6, 15.4, "P4", 24000, alpha=15), 95.0, 4e4),
        ("7010C/P4", _b(50, 80, 16, 26.5, 21.0, "P4", 20000, alpha=15), 120.0, 4e4),
        ("7012C/P4", _b(60, 95, 18, 37.5, 31.0, "P4", 17000, alpha=15), 160.0, 3e4),
        ("7014C/P4", _b(70, 110, 20, 48.0, 43.5, "P4", 14500, alpha=15), 210.0, 3e4),
        ("7016C/P4", _b(80, 125, 22, 58.5, 55.5, "P4", 12500, alpha=15), 260.0, 2e4),
        ("7020C/P4", _b(100, 150, 24, 75.5, 77.5, "P4", 10000, alpha=15), 380.0, 1.5e4),
        ("7205AC/P4", _b(25, 52, 15, 16.0, 10.5, "P4", 26000, alpha=25), 70.0, 4e4),
    ],
    "BRG-BALL-ACP2": [
        ("7010C/P2", _b(50, 80, 16, 26.5, 21.0, "P2", 22000, alpha=15), 420.0, 5e3),
        ("7014C/P2", _b(70, 110, 20, 48.0, 43.5, "P2", 16000, alpha=15), 640.0, 5e3),
        ("7016C/P2", _b(80, 125, 22, 58.5, 55.5, "P2", 14000, alpha=15), 780.0, 4e3),
        ("H7014C/P2", _b(70, 110, 20, 46.0, 41.0, "P2", 22000, "GCr15 rings, Si3N4 balls", alpha=15), 950.0, 3e3),
    ],
    "BRG-BALL-AERO": [  # [I] three-point-contact main-shaft bearings, magnitudes only
        ("QJ1026/AE", _b(130, 200, 33, 176.0, 250.0, "P4", 15000, "M50", alpha=30), 6500.0, 400),
        ("QJ1030/AE", _b(150, 225, 35, 208.0, 315.0, "P4", 13000, "M50NiL", alpha=30), 8200.0, 300),
        ("QJ218/AE", _b(90, 160, 30, 136.0, 150.0, "P2", 18000, "M50, Si3N4 balls", alpha=30), 5200.0, 400),
    ],
    "BRG-BALL-FLEX": [  # [I] harmonic-drive flexible bearings
        ("FB-816", _b(80, 105, 13, 10.5, 11.0, "P5", 6000, alpha=0), 18.0, 1e5),
        ("FB-820", _b(100, 130, 16, 15.0, 16.5, "P5", 5000, alpha=0), 24.0, 8e4),
    ],
    "BRG-TRB-STD": [  # 30205, 30305, 32205 [V]; others [R]
        ("30205", _b(25, 52, 16.25, 30.8, 33.5, "P0", 13000), 1.4, 3e6),
        ("30305", _b(25, 62, 18.25, 44.6, 43.0, "P0", 12000), 1.9, 2e6),
        ("32205", _b(25, 52, 19.25, 35.8, 44.0, "P0", 13000), 1.6, 2e6),
        ("30210", _b(50, 90, 21.75, 76.5, 91.5, "P0", 7000), 4.2, 1e6),
        ("32210", _b(50, 90, 24.75, 91.3, 116.0, "P0", 6700), 4.8, 1e6),
        ("32212", _b(60, 110, 29.75, 125.0, 160.0, "P0", 5600), 7.5, 6e5),
    ],
    "BRG-TRB-RAIL": [  # [I] double-row tapered roller bearing units (TBU)
        ("TBU130x230x160", _b(130, 230, 160, 1020.0, 1600.0, "P5", 2600), 2800.0, 8000),
        ("TBU130x240x160", _b(130, 240, 160, 1150.0, 1800.0, "P5", 2500), 3100.0, 6000),
    ],
    "BRG-SRB-STD": [  # 22210 E [R]; others [R]
        ("22210E", _b(50, 90, 23, 104.0, 108.0, "P0", 9500), 9.0, 3e5),
        ("22212E", _b(60, 110, 28, 156.0, 166.0, "P0", 8000), 13.0, 2e5),
        ("22220E", _b(100, 180, 46, 425.0, 490.0, "P0", 4800), 48.0, 8e4),
        ("22318E", _b(90, 190, 64, 610.0, 695.0, "P0", 4300), 70.0, 5e4),
    ],
    "BRG-SRB-WIND": [  # [I] main-shaft spherical roller bearings, ISO 15 boundary dimensions
        ("240/600ECA", _b(600, 870, 272, 6950.0, 13700.0, "P5", 560), 38000.0, 600),
        ("241/600ECA", _b(600, 980, 375, 9000.0, 16600.0, "P5", 480), 52000.0, 500),
        ("240/710ECA", _b(710, 1030, 315, 8800.0, 18000.0, "P5", 450), 61000.0, 400),
    ],
    "BRG-NRB": [  # [R]
        ("NK25/20", _b(25, 33, 20, 21.6, 31.5, "P0", 16000), 1.2, 2e6),
        ("NA4905", _b(25, 42, 17, 24.2, 32.5, "P0", 14000), 1.5, 1.5e6),
        ("NA4910", _b(50, 72, 22, 45.7, 73.5, "P0", 8500), 3.8, 8e5),
    ],
    "BRG-CRB-STD": [  # NU 205 ECP [V]; others [R]
        ("NU205", _b(25, 52, 15, 32.5, 27.0, "P0", 16000), 2.2, 1.5e6),
        ("NU210", _b(50, 90, 20, 73.5, 69.5, "P0", 8500), 5.5, 8e5),
        ("NU2216", _b(80, 140, 33, 187.0, 245.0, "P0", 5300), 22.0, 2e5),
    ],
    "BRG-CRB-P4": [  # [R]
        ("NN3014K/P4", _b(70, 110, 30, 102.0, 153.0, "P4", 11000), 320.0, 1.5e4),
        ("NN3016K/P4", _b(80, 125, 34, 119.0, 186.0, "P4", 9500), 380.0, 1.2e4),
        ("NN3020K/P4", _b(100, 150, 37, 157.0, 260.0, "P4", 8000), 520.0, 1e4),
    ],
    "BRG-CRB-AERO": [  # [I]
        ("NU1026/AE", _b(130, 200, 33, 260.0, 390.0, "P4", 15000, "M50"), 5600.0, 400),
        ("NU1011/AE", _b(55, 90, 18, 64.0, 78.0, "P4", 24000, "M50"), 1800.0, 1500),
    ],
    "BRG-CRB-GBX": [  # [R]/[I]
        ("NU2240", _b(200, 360, 98, 1600.0, 2200.0, "P6", 2400), 2400.0, 6000),
        ("NNCF5024", _b(120, 180, 80, 540.0, 950.0, "P6", 2600), 1500.0, 1e4),
        ("NU2228", _b(140, 250, 68, 780.0, 1020.0, "P6", 3400), 980.0, 1.2e4),
    ],
    "BRG-OTH-SLEW": [  # [I] slewing rings; d/D/B envelope and static rating only
        ("PB-2600", _b(2300, 2800, 180, 3900.0, 14500.0, "P0", 20), 42000.0, 3000),
        ("YB-2900", _b(2600, 3100, 160, 3500.0, 13000.0, "P0", 20), 38000.0, 1500),
    ],
    "BRG-OTH-XRB": [  # [I]
        ("XRB200x250x25", _b(200, 250, 25, 34.0, 58.0, "P4", 1500), 260.0, 4e4),
        ("XRB80x120x18", _b(80, 120, 18, 21.0, 30.0, "P4", 3000), 130.0, 6e4),
    ],
    "BRG-ELEM-G3": [  # [I] balls; Dw from inch sizes
        ("Ball 7.938 G5", {"Dw": 7.938, "ball_grade": "G5", "material": "GCr15"}, 0.02, 5e8),
        ("Ball 11.112 G10", {"Dw": 11.112, "ball_grade": "G10", "material": "GCr15"}, 0.03, 3e8),
        ("Ball 7.144 G3", {"Dw": 7.144, "ball_grade": "G3", "material": "GCr15"}, 0.06, 1e8),
    ],
    "BRG-ELEM-CER": [
        ("Si3N4 ball 7.144 G5", {"Dw": 7.144, "ball_grade": "G5", "material": "Si3N4"}, 1.6, 5e6),
        ("Si3N4 ball 12.7 G5", {"Dw": 12.7, "ball_grade": "G5", "material": "Si3N4"}, 3.8, 2e6),
    ],
    "BRG-ELEM-ROL": [
        ("Roller 10x14", {"Dw": 10.0, "material": "GCr15"}, 0.05, 3e8),
        ("Roller 28x45", {"Dw": 28.0, "material": "GCr15SiMn"}, 0.9, 2e7),
    ],
}


def _f(thread, cls, length, Rm):
    return {"thread": thread, "property_class": cls, "length": length, "Rm": Rm}


def _h(**kw):
    return kw


OTHER = {
    "FST-BOLT-88": [
        ("M12x50 8.8", _f("M12x1.75", "8.8", 50, 800), 0.12, 5e7),
        ("M16x60 8.8", _f("M16x2", "8.8", 60, 800), 0.25, 3e7),
        ("M20x80 8.8", _f("M20x2.5", "8.8", 80, 830), 0.5, 2e7),
    ],
    "FST-BOLT-109": [
        ("M20x90 10.9", _f("M20x2.5", "10.9", 90, 1040), 0.9, 1e7),
        ("M30x200 10.9", _f("M30x3.5", "10.9", 200, 1040), 3.5, 3e6),
        ("M36x320 10.9", _f("M36x4", "10.9", 320, 1040), 7.8, 1.5e6),
        ("M16x60 12.9", _f("M16x2", "12.9", 60, 1220), 0.6, 8e6),
    ],
    "FST-BOLT-AEROTI": [
        ("HLT-6-10", _f("MJ6x1", "Ti-6Al-4V", 20, 1100), 6.5, 2e6),
        ("HLT-8-14", _f("MJ8x1", "Ti-6Al-4V", 28, 1100), 9.0, 1.5e6),
    ],
    "FST-BOLT-AERONI": [
        ("HTB-8-A286", _f("MJ8x1", "A286", 40, 1100), 14.0, 8e5),
        ("HTB-10-718", _f("MJ10x1.25", "718", 45, 1550), 38.0, 4e5),
    ],
    "FST-NUT-STD": [
        ("Nut M20 10", _f("M20x2.5", "10.9", 18, 1040), 0.15, 3e7),
        ("Nut M36 10", _f("M36x4", "10.9", 31, 1040), 1.2, 5e6),
    ],
    "FST-NUT-AERO": [
        ("SLN-6", _f("MJ6x1", "A286", 7, 1100), 3.5, 3e6),
        ("SLN-8", _f("MJ8x1", "A286", 9, 1100), 4.5, 2e6),
    ],
    "FST-RIVET-AERO": [
        ("LB-5", _f("5 mm lockbolt", "Ti-6Al-4V", 16, 1100), 2.2, 1e7),
        ("BR-4", _f("4 mm blind rivet", "Ti-6Al-4V", 12, 950), 1.1, 2e7),
    ],
    "HYD-PPUMP-HP": [
        ("AP-112", _h(Vg=112, n_max=2500, p_rated=350, p_peak=420), 5200.0, 8000),
        ("AP-140", _h(Vg=140, n_max=2300, p_rated=350, p_peak=420), 6400.0, 6000),
        ("AP-180", _h(Vg=180, n_max=2100, p_rated=350, p_peak=420), 8100.0, 4000),
        ("AP-71", _h(Vg=71, n_max=2800, p_rated=280, p_peak=350), 3300.0, 8000),
    ],
    "HYD-PPUMP-AERO": [
        ("EDP-3000", _h(Vg=12, n_max=4000, p_rated=207, p_peak=240), 42000.0, 200),
        ("EDP-5000", _h(Vg=8, n_max=5000, p_rated=345, p_peak=400), 55000.0, 150),
    ],
    "HYD-RPUMP-GEAR": [
        ("GP-32", _h(Vg=32, n_max=3000, p_rated=250, p_peak=280), 180.0, 1e5),
        ("GP-63", _h(Vg=63, n_max=2500, p_rated=250, p_peak=280), 260.0, 8e4),
        ("VP-20", _h(Vg=20, n_max=3000, p_rated=140, p_peak=160), 150.0, 1e5),
    ],
    "HYD-VALVE-MCV": [
        ("MCV-20T", _h(Q_rated=480, p_rated=343, p_peak=380, control="hydraulic pilot"), 4800.0, 8000),
        ("MCV-5L", _h(Q_rated=300, p_rated=250, p_peak=280, control="hydraulic pilot"), 1800.0, 1e4),
    ],
    "HYD-VALVE-PROP": [
        ("PV-10", _h(Q_rated=80, p_rated=315, p_peak=350, control="electro-proportional"), 900.0, 2e4),
        ("SV-16", _h(Q_rated=150, p_rated=315, p_peak=350, control="servo"), 3200.0, 5000),
    ],
    "HYD-VALVE-DIR": [
        ("DV-6", _h(Q_rated=60, p_rated=315, p_peak=350, control="manual"), 60.0, 2e5),
        ("DV-10", _h(Q_rated=120, p_rated=315, p_peak=350, control="hydraulic pilot"), 110.0, 1e5),
    ],
    "HYD-CYL-STD": [
        ("CY-63/36-200", _h(bore=63, rod=36, stroke=200, p_rated=160, p_peak=210), 260.0, 5e4),
        ("CY-100/56-500", _h(bore=100, rod=56, stroke=500, p_rated=160, p_peak=210), 520.0, 3e4),
    ],
    "HYD-CYL-HP": [
        ("HC-135/95-1300", _h(bore=135, rod=95, stroke=1300, p_rated=343, p_peak=380), 1900.0, 2e4),
        ("HC-120/85-1100", _h(bore=120, rod=85, stroke=1100, p_rated=343, p_peak=380), 1600.0, 2e4),
    ],
    "HYD-MOTOR-TRAVEL": [
        ("TM-20", _h(Vg=110, T_max=40000, p_rated=343, p_peak=380), 4200.0, 1e4),
        ("TM-30", _h(Vg=160, T_max=62000, p_rated=343, p_peak=380), 5600.0, 6000),
    ],
    "HYD-MOTOR-SWING": [
        ("SM-20", _h(Vg=130, T_max=1100, p_rated=280, p_peak=320), 2100.0, 1e4),
    ],
    "SEAL-RUB-ORING": [
        ("OR 50x3 NBR", _h(d1=50, p_max=160, material="NBR", temp_max=100), 0.05, 5e7),
        ("OR 100x5 FKM", _h(d1=100, p_max=250, material="FKM", temp_max=200), 0.4, 1e7),
    ],
    "SEAL-RUB-HP": [
        ("RS-90 PU", _h(d1=90, p_max=400, material="PU", temp_max=110), 4.0, 2e6),
        ("PS-135 PTFE", _h(d1=135, p_max=400, material="PTFE", temp_max=200), 9.0, 1e6),
    ],
    "SEAL-MECH-STD": [
        ("MS-60", _h(d1=60, p_max=25, material="SiC/carbon", temp_max=180), 120.0, 1e5),
        ("FS-400 floating", _h(d1=400, p_max=3, material="HNBR", temp_max=120), 90.0, 1e5),
    ],
    "SEAL-MECH-SHIP": [
        ("STS-500", _h(d1=500, p_max=4, material="FKM", temp_max=80), 18000.0, 400),
    ],
    "GEAR-BOX-WIND": [
        ("WGB-6.0", _h(ratio=130, T_rated=4.6e6, accuracy="5"), 380000.0, 800),
        ("WGB-4.5", _h(ratio=120, T_rated=3.6e6, accuracy="5"), 300000.0, 1000),
    ],
    "GEAR-BOX-RAIL": [
        ("TGU-350", _h(ratio=2.79, T_rated=4000, accuracy="5"), 26000.0, 3000),
    ],
    "GEAR-BOX-MARINE": [
        ("MGB-2000", _h(ratio=4.5, T_rated=95000, accuracy="6"), 85000.0, 300),
    ],
    "GEAR-BOX-RV": [
        ("RV-40E", _h(ratio=121, T_rated=412, accuracy="4", backlash=1.0), 900.0, 6e4),
        ("RV-80E", _h(ratio=121, T_rated=784, accuracy="4", backlash=1.0), 1300.0, 4e4),
    ],
    "GEAR-BOX-HARM": [
        ("HD-25-100", _h(ratio=100, T_rated=67, accuracy="4", backlash=0.3), 420.0, 8e4),
        ("HD-32-100", _h(ratio=100, T_rated=137, accuracy="4", backlash=0.3), 560.0, 6e4),
    ],
    "GEAR-BOX-AGB": [
        ("AGB-16", _h(ratio=1.6, T_rated=900, accuracy="4"), 240000.0, 60),
    ],
    "GEAR-WHEEL-GRND": [
        ("GW-m4-z48", _h(ratio=1, T_rated=2500, accuracy="5"), 140.0, 2e5),
        ("GW-m8-z60", _h(ratio=1, T_rated=16000, accuracy="5"), 950.0, 5e4),
    ],
    "BSC-BALL-C3": [
        ("BS4010-C3", _h(d0=40, lead=10, accuracy="C3", Ca=37.0, C0a=72.0), 650.0, 2e4),
        ("BS5010-C3", _h(d0=50, lead=10, accuracy="C3", Ca=46.0, C0a=101.0), 820.0, 1.5e4),
        ("BS4010-C1", _h(d0=40, lead=10, accuracy="C1", Ca=37.0, C0a=72.0), 1100.0, 5e3),
    ],
    "BSC-BALL-C7": [
        ("BS2505-C7", _h(d0=25, lead=5, accuracy="C7", Ca=12.5, C0a=24.0), 60.0, 2e5),
        ("BS4010-C7", _h(d0=40, lead=10, accuracy="C7", Ca=33.0, C0a=65.0), 120.0, 1e5),
    ],
    "LGD-RAIL-BALL": [
        ("LG-35-P", _h(size=35, C=62.5, C0=103.0, precision="P"), 210.0, 1e5),
        ("LG-25-H", _h(size=25, C=34.0, C0=55.0, precision="H"), 95.0, 2e5),
    ],
    "LGD-RAIL-ROLL": [
        ("LR-45-SP", _h(size=45, C=155.0, C0=290.0, precision="SP"), 680.0, 3e4),
        ("LR-35-P", _h(size=35, C=92.0, C0=170.0, precision="P"), 420.0, 4e4),
    ],
    "SPN-SPDL-MOTOR": [
        ("MS170-24k", _h(n_max=24000, P=35, T=120, runout=1.5, interface="HSK-A63"), 28000.0, 800),
        ("MS200-18k", _h(n_max=18000, P=40, T=200, runout=2.0, interface="HSK-A100"), 34000.0, 600),
    ],
    "SPN-SPDL-MECH": [
        ("BS150-8k", _h(n_max=8000, P=15, T=95, runout=3.0, interface="BT40"), 3800.0, 4000),
        ("BS190-6k", _h(n_max=6000, P=22, T=280, runout=4.0, interface="BT50"), 5200.0, 3000),
    ],
}

CATALOGUE = {**BEARINGS, **OTHER}

# Catalogue load factors by basic designation (suffixes /P5, -2RS stripped).
# f0 of deep-groove ball bearings (ISO 76 calculation factor): 6200 13 [V]; 6205 14 (the
# reference note gives ~14); others recalled SKF values [R].
F0 = {"6200": 13, "6203": 13, "6204": 13, "6205": 14, "6206": 14, "6208": 14, "6210": 14,
      "6305": 12, "6306": 13, "6308": 13, "6309": 13, "6310": 13, "6010": 15}
# Tapered roller (e, Y, Y0): 30205, 30305, 32205 [V]; others [R]; TBU units [I].
TRB_FACTORS = {"30205": (0.37, 1.6, 0.9), "30305": (0.30, 2.0, 1.1), "32205": (0.57, 1.05, 0.6),
               "30210": (0.42, 1.4, 0.8), "32210": (0.43, 1.4, 0.8), "32212": (0.40, 1.5, 0.8),
               "TBU130x230x160": (0.37, 1.8, 1.0), "TBU130x240x160": (0.37, 1.8, 1.0)}
# Spherical roller (e, Y1, Y2): 22210 E (0.24, 2.8, 4.2) and the others recalled [R]/[I].
SRB_FACTORS = {"22210E": (0.24, 2.8, 4.2), "22212E": (0.24, 2.8, 4.2), "22220E": (0.26, 2.6, 3.9),
               "22318E": (0.35, 1.9, 2.9), "240/600ECA": (0.30, 2.3, 3.4), "241/600ECA": (0.37, 1.8, 2.7),
               "240/710ECA": (0.30, 2.3, 3.4)}


def load_factors(designation: str) -> dict[str, float]:
    """Catalogue load factors (f0, or e/Y/Y0, or e/Y1/Y2) of a bearing designation."""
    base = designation.split("/P")[0].removesuffix("-2RS")
    if base in F0:
        return {"f0": F0[base]}
    if base in TRB_FACTORS:
        return dict(zip(("e", "Y", "Y0"), TRB_FACTORS[base]))
    if base in SRB_FACTORS:
        return dict(zip(("e", "Y1", "Y2"), SRB_FACTORS[base]))
    return {}

# Limits of number parameters (parameters.csv column ``limits``; inherited like the parameter):
# physical ranges (sizes, ratings, speeds, pressures > 0) and the relations the geometry or the
# rating implies (bearing D > d, ISO 15 boundary dimensions; a cylinder rod thinner than its
# bore; peak pressure at least the rated pressure).
LIMITS = {
    ("BRG", "d"): ">0", ("BRG", "D"): ">0;>d", ("BRG", "B"): ">0", ("BRG", "C"): ">0",
    ("BRG", "C0"): ">0", ("BRG", "n_lim"): ">0",
    ("BRG-BALL", "alpha"): ">=0;<=90", ("BRG-BALL", "f0"): ">0",
    ("BRG-TRB", "e"): ">0", ("BRG-TRB", "Y"): ">0", ("BRG-TRB", "Y0"): ">0",
    ("BRG-SRB", "e"): ">0", ("BRG-SRB", "Y1"): ">0", ("BRG-SRB", "Y2"): ">0",
    ("BRG-ELEM", "Dw"): ">0",
    ("FST", "length"): ">0", ("FST", "Rm"): ">0",
    ("HYD", "p_rated"): ">0", ("HYD", "p_peak"): ">0;>=p_rated",
    ("HYD-PPUMP", "Vg"): ">0", ("HYD-PPUMP", "n_max"): ">0",
    ("HYD-RPUMP", "Vg"): ">0", ("HYD-RPUMP", "n_max"): ">0",
    ("HYD-MOTOR", "Vg"): ">0", ("HYD-MOTOR", "T_max"): ">0",
    ("HYD-VALVE", "Q_rated"): ">0",
    ("HYD-CYL", "bore"): ">0", ("HYD-CYL", "rod"): ">0;<bore", ("HYD-CYL", "stroke"): ">0",
    ("SEAL", "d1"): ">0", ("SEAL", "p_max"): ">0", ("SEAL", "temp_max"): ">-273.15",
    ("GEAR", "ratio"): ">0", ("GEAR", "T_rated"): ">0", ("GEAR", "backlash"): ">=0",
    ("BSC", "d0"): ">0", ("BSC", "lead"): ">0", ("BSC", "Ca"): ">0", ("BSC", "C0a"): ">0",
    ("LGD", "size"): ">0", ("LGD", "C"): ">0", ("LGD", "C0"): ">0",
    ("SPN", "n_max"): ">0", ("SPN", "P"): ">0", ("SPN", "T"): ">0", ("SPN", "runout"): ">=0",
}

# Units of catalogue parameters (parameter -> unit) for part_values.csv.
UNITS = {p[1]: p[2] for p in PARAMETERS}
