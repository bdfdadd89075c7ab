"""The REST API's version: an integer bumped on every change clients can see, with a changelog."""

API_VERSION = 1

CHANGELOG: list[dict] = [
    {"version": 1, "date": "2026-11-26",
     "changes": [("First REST API: catalog (categories, enterprises, parts with parametric search and "
                 "facets), owned rows (demands, sourcing, life tests, prices) with visibility, audit "
                 "log, assessment, scenarios, exposure, life fit/compare/plan, bearing, bolt and cylinder "
                 "checks, demand matches, allocation, dataset validate/import, CSV export, accounts and API tokens.")]},
]
