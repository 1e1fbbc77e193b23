"""Whole-edition workbooks and safe spreadsheet imports (see README, "Spreadsheets").

May import the core (`awards.models`, `awards.text`, `awards.caching`); the core never imports it.
An import runs in stages, one module each, read top to bottom:

1. read           `reading`       bytes -> `Table`s; size, zip-bomb and format checks first
2. map columns    `columns`       header row -> {field: column index}, over `layout`'s Column lists
3. check cells    `cells`         each cell -> the value stored, or an Issue (`CellReader`)
4. match          `matching`      the existing nominees, lists, cases and awards rows refer to
5. plan           `plan`          `plan_tables()`: `plan_edition` (届次, 榜单, CSV grouping), then
                                  `plan_awards` (every award row, workbook sheet or CSV alike;
                                  `plan_nominees` and `plan_cases` find each row's nominee and
                                  case, `plan_english` checks the nominees' English names)
                                  -> `outcomes.ImportPlan`
6. apply          `services`      `plan_import()` / `apply_import()`: one transaction, bulk writes

`layout` is the one declarative list of sheets and columns: add a `Column` there to add one.
Around the stages: `workbook` (export, template), `formats` and `storage` (the per-model
import-export screens), `admin` (upload -> preview -> confirm), `models` (pending uploads).
"""
