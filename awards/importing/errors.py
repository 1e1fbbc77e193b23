"""Import problems, located the way an organizer finds them: sheet, row and column."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Issue:
    """One problem in an uploaded file; `str()` gives the Chinese sentence shown to the user."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("工作表「%(sheet)s」") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("第%(row)d行") % {"row": self.row})
        if self.column:
            parts.append(_("「%(column)s」") % {"column": self.column})
        return "".join(parts)

    def __str__(self) -> str:
        where = self.location()
        if not where:
            return self.message
        return _("%(where)s:%(message)s") % {"where": where, "message": self.message}


class SpreadsheetError(Exception):
    """The file cannot be imported; `issues` lists every problem found."""

    def __init__(self, issues):
        if isinstance(issues, (str, Issue)):
            issues = [issues]
        self.issues = [i if isinstance(i, Issue) else Issue(str(i)) for i in issues]
        super().__init__("\n".join(str(i) for i in self.issues))
