"""Award certificates (PDF from an HTML template, per-edition wording, batches) and public
verification of their codes at /verify/. May import the core (models, querysets, codes,
identity, caching); the core never imports this package. Its own Django app (label
"certificates"): it owns the certificate design table.
"""
