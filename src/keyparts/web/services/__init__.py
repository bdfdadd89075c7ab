"""The service layer: what the REST API and the pages both call (one function per question),
over the tenant repository and the data cache. Routes stay thin; authorisation stays in
dependencies (``keyparts.web.deps``)."""
