"""Evaluation by data (评估): candidates, their account metrics, an index, a ranking, promotion.

A Django app of its own (label "evaluation"). May import the core (awards.models, awards.importing
reading/cells helpers, awards.text, awards.caching, awards.extensions); the core never imports it.
"""
