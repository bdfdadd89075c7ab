"""A tiny valid dataset, written out as CSV text, that tests break one rule at a time."""

from __future__ import annotations

from pathlib import Path

TINY: dict[str, str] = {
    "dataset.toml": 'name = "tiny"\nyear = 2023\ncurrency = "USD"\ncountry = "CN"\nprovenance = "test fixture"\n',
    "countries.csv": "code,name,risk,export_control\nCN,China,3.2,1\nJP,Japan,1.1,1\nDE,Germany,1.0,1.2\n",
    "categories.csv": (
        "id,name,name_zh,parent_id,level,hs_codes\n"
        "BRG,Rolling bearings,滚动轴承,,family,848210;848220\n"
        "BRG-DGBB,Deep-groove ball bearings,深沟球轴承,BRG,category,848210\n"
        "BRG-DGBB-P5,Deep-groove ball bearings P5,P5级深沟球轴承,BRG-DGBB,grade,\n"
    ),
    "parameters.csv": (
        "category_id,name,unit,kind,description\n"
        "BRG,d,mm,number,bore diameter\n"
        "BRG,C,kN,number,basic dynamic load rating\n"
        "BRG-DGBB,precision,,enum,ISO 492 tolerance class\n"
    ),
    "enterprises.csv": (
        "id,name,kind,country,region\n"
        "M1,Liaoning Precision Bearing,parts_maker,CN,Liaoning\n"
        "M2,Kansai Bearing,parts_maker,JP,Kansai\n"
        "O1,Hengyu Machinery,oem,CN,Jiangsu\n"
    ),
    "parts.csv": (
        "id,maker_id,category_id,designation,status,unit_price_usd,annual_capacity\n"
        "P1,M1,BRG-DGBB-P5,6205-2RS/P5,qualified,4.5,100000\n"
        "P2,M2,BRG-DGBB-P5,6205-2RS1/P5,production,7.25,\n"
        "A1,M1,BRG,Spindle unit,production,1200,500\n"
    ),
    "part_values.csv": (
        "part_id,parameter,value,unit\n"
        "P1,d,25,mm\nP1,C,14.8,kN\nP1,precision,P5,\n"
        "P2,d,0.025,m\nP2,C,14800,N\n"
    ),
    "products.csv": "id,oem_id,name,industry,annual_units,unit_value_usd\nX1,O1,Excavator 20 t,construction machinery,1000,150000\n",
    "bom.csv": "parent_id,child_id,qty,essential\nX1,A1,2,true\nA1,P1,4,true\nA1,BRG-DGBB,2,false\n",
    "sourcing.csv": (
        "buyer_id,item_id,supplier_id,origin_country,share\n"
        "O1,A1,M1,CN,1\n"
        "M1,P1,M1,CN,0.4\nM1,P1,M2,JP,0.6\n"
    ),
    "trade.csv": (
        "hs_code,year,partner_country,flow,value_usd,quantity,unit\n"
        "848210,2023,JP,import,1000000,20000,pcs\n848210,2023,DE,export,500000,,\n"
    ),
    "production.csv": "category_id,year,domestic_output_usd\nBRG-DGBB,2023,5000000\n",
    "tests.csv": (
        "test_id,part_id,unit_id,time,time_upper,status,stress,time_unit,count\n"
        "T1,P1,u1,1200,,F,10,h,\nT1,P1,u2,1500,,S,10,h,3\nT1,P1,u3,800,1000,I,10,h,\n"
    ),
    "demands.csv": (
        "id,oem_id,category_id,quantity,need_by,constraints,required_life_h,loads\n"
        'D1,O1,BRG-DGBB,5000,2024-06-30,d=25mm; C>=14kN,20000,Fr=2kN; n=3000rpm\n'
    ),
    "projects.csv": (
        "id,name,category_id,lead_id,participants,budget_usd,start_year,end_year,readiness_level,status\n"
        "PRJ1,P5 deep-groove bearings for spindles,BRG-DGBB-P5,M1,M2;O1,1200000,2023,,4,running\n"
    ),
    # makers (issue 16)
    "enterprise_years.csv": (
        "enterprise_id,year,revenue_usd,main_business_revenue_usd,rd_spend_usd,employees,invention_patents,"
        "niche_market_share,export_share\n"
        "M1,2023,20000000,18000000,900000,300,6,0.12,0.1\n"
    ),
    "enterprise_categories.csv": (
        "enterprise_id,year,category_id,revenue_usd,capacity,output,segment\n"
        "M1,2023,BRG-DGBB-P5,18000000,100000,80000,mid\n"
    ),
    "enterprise_occupations.csv": "enterprise_id,year,occupation_code,employees\nM1,2023,6-18-01-01,40\n",
    "capabilities.csv": (
        "enterprise_id,kind,name,precision_class,capacity,unit\n"
        "M1,process,raceway superfinishing,P4,200000,pieces/year\nM1,test,life test,,4,test stations\n"
    ),
    "training.csv": "programme,occupation_code,region,graduates_per_year\nV-MECH,6-18-01-01,Liaoning,120\n",
    "standards.csv": ("id,code,title,category_id,kind,equivalent,equivalence,status,year\n"
                      "S1,GB/T 6391-2010,Rolling bearings - Dynamic load ratings and rating life,BRG,design,"
                      "ISO 281:2007,IDT,current,2010\n"),
    "project_staff.csv": "project_id,occupation_code,persons\nPRJ1,6-18-01-01,5\n",
    # qualification (issue 13): case C1 of P1 for O1's application A1, at bench_test after two passes
    "applications.csv": (
        "id,oem_id,category_id,product_id,loads,required_life_h,reliability,beta\n"
        "A1,O1,BRG-DGBB,X1,Fr=2kN; Fa=0kN; n=3000rpm,20000,0.9,1.5\n"
    ),
    "qualification_cases.csv": (
        "id,part_id,oem_id,application_id,lab_id,test_ids,stage,opened\n"
        "C1,P1,O1,A1,,T1,bench_test,2023-01-10\n"
    ),
    "qualification_events.csv": (
        "case_id,date,stage,decision,decided_by,note\n"
        "C1,2023-02-01,design_review,pass,Li,ok\n"
        "C1,2023-03-01,first_article,pass,Li,ok\n"
    ),
    "inspections.csv": (
        "case_id,characteristic,sample,nominal,lower_tol,upper_tol,measured,unit\n"
        "C1,bore d,S1,25,-0.012,0,24.995,mm\n"
        "C1,bore d,S2,25,-0.012,0,24.994,mm\n"
    ),
    # the programme over time (issue 14): an event, a challenge on BRG-DGBB, a roadmap target
    "events.csv": "category_id,year,kind,source,note\nBRG-DGBB,2024,export_control,test fixture,licence requirement\n",
    "challenges.csv": (
        "id,category_id,target,deadline,budget_usd,issuer,status,winner_id,planned_capacity\n"
        "CH1,BRG-DGBB,\"C>=20kN; precision in P4,P2\",2026-12-31,1000000,ministry,open,M1,50000\n"
    ),
    "challenge_staff.csv": "challenge_id,occupation_code,persons\nCH1,6-18-01-01,3\n",
    "challenge_bids.csv": "challenge_id,bidder_id,consortium,requested_usd,status\nCH1,M1,O1,900000,won\n",
    "challenge_milestones.csv": (
        "challenge_id,milestone,due,trl,mrl,status,decided\n"
        "CH1,prototype,2025-06-30,5,,passed,2025-06-01\nCH1,batch supply,2026-12-31,8,8,planned,\n"
    ),
    "roadmap.csv": "category_id,parameter,value,year,source\nBRG-DGBB,C,20kN,2025,test fixture\n",
    "targets.csv": "scope,indicator,value,year,source\nBRG-DGBB,consumption_share,0.7,2025,test fixture\n",
}


def write_tiny(folder: Path, **changes: str | None) -> Path:
    """Write TINY into ``folder``; ``changes`` maps a file name (dots as '_') to new text, None deletes."""
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(TINY)
    for key, text in changes.items():
        name = key.replace("_csv", ".csv").replace("_toml", ".toml")
        if text is None:
            files.pop(name, None)
        else:
            files[name] = text
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
