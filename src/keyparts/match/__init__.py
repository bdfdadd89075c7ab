"""Matching production and demand: parametric search, interchange, demand matching, allocation."""

from keyparts.match.allocate import AllocationResult, allocate
from keyparts.match.demand import DEFAULT_WEIGHTS, MatchResult, match_dataset_demand, match_demand
from keyparts.match.evidence import Evidence, part_evidence
from keyparts.match.index import PartIndex, build_index
from keyparts.match.interchange import InterchangeIndex, InterchangeResult
from keyparts.match.plan import allocate_dataset, allocation_inputs
from keyparts.match.query import Clause, parse_loads, parse_query
from keyparts.match.search import SearchResult, search

__all__ = ["DEFAULT_WEIGHTS", "AllocationResult", "Clause", "Evidence", "InterchangeIndex", "InterchangeResult",
           "MatchResult", "PartIndex", "SearchResult", "allocate", "allocate_dataset", "allocation_inputs",
           "build_index", "match_dataset_demand", "match_demand", "parse_loads", "parse_query",
           "part_evidence", "search"]
