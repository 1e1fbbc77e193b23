"""The jury's screens: judge.py (what a judge sees), organizer.py (setup, progress, result)."""
