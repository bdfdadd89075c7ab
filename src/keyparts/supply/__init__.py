"""Supply network engines: indicators per category, BOM explosion, exposure, disruption scenarios."""

from keyparts.supply.bom import BomGraph, build_graph
from keyparts.supply.concentration import hhi, hhi_wgi_t, shares
from keyparts.supply.country import country_risk, risk_factors
from keyparts.supply.exposure import Exposure, exposure, single_points_of_failure
from keyparts.supply.indicators import CategoryIndicators, category_indicators, import_reliance
from keyparts.supply.model import SupplyModel, build_supply_model, node_origin_value
from keyparts.supply.scenario import Scenario, ScenarioResult, simulate
from keyparts.supply.taxonomy import Taxonomy, build_taxonomy, hs_allocation

__all__ = ["BomGraph", "CategoryIndicators", "Exposure", "Scenario", "ScenarioResult", "SupplyModel",
           "Taxonomy", "build_graph", "build_supply_model", "build_taxonomy", "category_indicators",
           "country_risk", "exposure", "hhi", "hhi_wgi_t", "hs_allocation", "import_reliance", "node_origin_value",
           "risk_factors", "shares", "simulate", "single_points_of_failure"]
