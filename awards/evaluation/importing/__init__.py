"""Metric workbooks and CSV files into an evaluation, staged as awards.importing does:
read (its reader: calamine, GB18030 CSV) → map columns → check cells → match → plan → apply.
"""
