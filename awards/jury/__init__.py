"""Jury review (评委评审): judges score an evaluation's candidates on weighted criteria.

May import the core (awards.models, extensions) and awards.evaluation (through adapter.py);
neither imports it. Public output only through awards.extensions parts (see apps.py).
"""
