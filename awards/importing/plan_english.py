"""Stage 5, plan (award rows' helper): the English names a file gives its nominees.

Each nominee takes the 获奖对象(英文) of the first row naming it; later rows must agree, and an
English name belongs to one nominee (the database refuses a second holder). Used by
`plan_awards.AwardRows`; imports `outcomes` only.
"""

from django.utils.translation import gettext as _

from awards.importing.outcomes import change


class EnglishNames:
    """The English names of one file's nominees, checked and queued for writing."""

    def __init__(self, plan, records, header: str):
        self.plan, self.records, self.header = plan, records, header
        # nominee identity -> (English name, row number, nominee, sheet) from its first row
        self.first = {}

    def agree(self, identity, nominee, table, number, row) -> bool:
        """Record the row's English name, or refuse it (with an issue) when it differs from
        the one an earlier row gave the same nominee."""
        earlier = self.first.get(identity)
        if earlier is None:
            self.first[identity] = (row["nominee_en"], number, nominee, table)
            if nominee.pk is None:
                nominee.name_en = row["nominee_en"]
            return True
        if earlier[0] == row["nominee_en"]:
            return True
        message = _("『%(name)s』的英文名称与第%(row)d行不一致。") % {
            "name": row["nominee"],
            "row": earlier[1],
        }
        self.plan.issue(message, table, number, self.header)
        return False

    def check_unique(self):
        """An English name held by one nominee of the file, and by no other stored one."""
        holders = {}
        for identity, (name_en, number, nominee, table) in self.first.items():
            if name_en:
                holders.setdefault(name_en, []).append((identity, number, nominee, table))
        owners = self.records.english_name_owners(list(holders))
        for name_en, claims in holders.items():
            first = claims[0]
            for _who, number, _nominee, table in claims[1:]:
                message = _(
                    "英文名称『%(value)s』与「%(sheet)s」第%(row)d行的『%(other)s』重复。"
                ) % {
                    "value": name_en,
                    "sheet": first[3].name,
                    "row": first[1],
                    "other": first[2].name,
                }
                self.plan.issue(message, table, number, self.header)
            owner = owners.get(name_en)
            if owner and owner[0] not in {claim[0][1] for claim in claims}:
                message = _("英文名称『%(value)s』已属于『%(other)s』。") % {
                    "value": name_en,
                    "other": owner[1],
                }
                self.plan.issue(message, first[3], first[1], self.header)

    def change_on(self, nominee, number) -> str | None:
        """The preview's old → new on the row that sets a stored nominee's English name."""
        english = self.first.get(("id", nominee.pk)) if nominee.pk else None
        if english and english[1] == number and english[0] != nominee.name_en:
            return change(self.header, nominee.name_en, english[0])
        return None

    def changed(self) -> dict:
        """{pk: English name} of the stored nominees whose English name changes."""
        return {
            identity[1]: name_en
            for identity, (name_en, _number, nominee, _table) in self.first.items()
            if identity[0] == "id" and name_en != nominee.name_en
        }
