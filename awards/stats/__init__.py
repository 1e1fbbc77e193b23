"""Statistics of one edition (/<year>/stats/) and of the archive (/stats/): figures aggregated
in the database, drawn as SVG charts with pygal, each with its table. Imports only the core."""
