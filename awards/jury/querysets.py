"""Reads of assignments shared by the judge's pages, the progress page and the services."""

from django.db import models


class AssignmentQuerySet(models.QuerySet):
    def visible_to_judge(self):
        """What a judge sees: assignments and self-recusals, never a declared conflict."""
        return self.exclude(recusal="declared")

    def of_user(self, user, evaluation_id):
        """The assignments of one logged-in judge in one evaluation (the isolation boundary)."""
        return self.visible_to_judge().filter(
            member__judge__user=user, member__scoresheet__evaluation_id=evaluation_id
        )

    def active(self):
        """Assignments that are to be scored (not recused)."""
        return self.filter(recusal="")
