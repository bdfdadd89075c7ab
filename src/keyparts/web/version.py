"""The REST API's version: an integer bumped on every change clients can see, with a changelog."""

API_VERSION = 2

CHANGELOG: list[dict] = [
    {"version": 1, "date": "2026-11-26",
     "changes": [("First REST API: catalog (categories, enterprises, parts with parametric search and "
                 "facets), owned rows (demands, sourcing, life tests, prices) with visibility, audit "
                 "log, assessment, scenarios, exposure, life fit/compare/plan, bearing, bolt and cylinder "
                 "checks, demand matches, allocation, dataset validate/import, CSV export, accounts and API tokens.")]},
    {"version": 2, "date": "2026-12-02",
     "changes": [("Qualification (issue 13) under /qualification: the OEM's applications (CRUD), cases "
                  "visible to their parties only (maker, OEM, lab), case status with gates (as `keyparts "
                  "qualify status --json`), history, decisions by the OEM with audited overrides, test plan, "
                  "first-use premium; national aggregates (summary) and the chain view. Scenarios take "
                  "qualify_days."),
                 ("Sharing: PUT/GET /sharing (several rows' visibility at once), GET /prices (own parts), "
                  "GET /board (makers' demand board), offers (POST /demands/{id}/offers, GET /offers, "
                  "DELETE /offers/{id}); allocations use offers, give reasons for every unmet quantity and "
                  "return run_id (saved for audit); DemandIn gains certifications (derived from the dataset "
                  "contract)."),
                 ("Makers (issue 16) under /makers: capability search, own specialisation, fragmentation, "
                  "R&D intensity, talent gap (k rule), standards registry."),
                 ("Catalogue (issue 12): GET /parts takes free words beside clauses (q=6205; d=25mm), "
                  "select=parameter:a,b and range=parameter:low..high facets, order=asc|desc, columns; "
                  "items carry maker_name, country and category names; hints explain an empty result; "
                  "GET /parts/export.csv (UTF-8 BOM) and /parts/export.xlsx; GET /categories/tree with counts."),
                 ("Programme (issue 14) under /programme: category trend (IR, HHI, origins, localisation, "
                  "targets), localisation (national for analysts, an OEM's own products for its members; "
                  "scope says which), editions (list with export links, one edition, CSV/XLSX/HTML export, "
                  "diff with drivers), challenge board (gaps, effects, portfolio)."),
                 ("Accounts (issue 12 §6): PATCH /users/{username} (role, disabled), PUT /users/{username}/password, "
                  "GET /admin/audit (the platform's trail filtered by user, action and days; admin); errors of "
                  "pages are HTML for browsers, the API keeps JSON (an unexpected failure is a 500 without internals)."),
                 ("Scenarios day by day (issue 15): POST /scenarios/dynamic runs the firm-level propagation "
                  "(at most 180 days) and returns daily production, final consumption and value added "
                  "beside the static estimate."),
                 ("Engineering (issue 12 §4): /life/* and /design/* answer typed models (the engine results' "
                  "fields); /life/fit-csv takes dist=all (ranked by AICc) and table (B-lives and R(t) with "
                  "bounds); POST /life/alt-csv fits accelerated-life data; /life/plan also gives "
                  "substantiation (benchmark) and MTBF plans.")]},
]
