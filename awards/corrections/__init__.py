"""Corrections after publication: the public log (更正记录), lasting links, checked problems.

May import the core (awards.models, querysets, services, text, caching); the core never imports it.
"""
