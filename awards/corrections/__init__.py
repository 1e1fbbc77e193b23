"""Corrections after publication: the public log (更正记录), lasting links, checked problems.

May import the record and the public site; the core never imports it. It adds its log to the
core's feed, downloads, API and sitemap through awards/extensions.py (apps.py registers the
parts, corrections/selectors.py reads them).
"""
