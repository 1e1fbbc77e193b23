"""The jury's screens: judge.py (what a judge sees), organizer.py (set up, assign, progress, result)."""
