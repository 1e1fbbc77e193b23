"""Browsing the archive: the nominee index (/nominees/), the case index (/cases/), the
previous/next links of an edition and the nominee timeline. Imports only the core."""
