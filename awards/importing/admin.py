"""Admin hooks for whole-edition workbooks: import, export and the template download."""


class EditionWorkbookAdminMixin:
    """Mixed into EditionAdmin; adds the workbook screens and their buttons."""
