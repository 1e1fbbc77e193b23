"""Whole-edition workbooks and safe spreadsheet imports (see README, "Spreadsheets")."""
