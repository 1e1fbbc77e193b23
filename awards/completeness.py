"""How a list's count is told: the announced number beside the recorded one whenever they
differ, withdrawn awards counted and named apart.

The list pages say it in templates/includes/award_list.html with the same (translated) words;
share images and other pictures say it with `count_note()`, so a picture shared alone never
makes a partial record look complete (公布10个,本页收录5个). Imports nothing of the app.
"""

from django.utils.translation import gettext as _


def count_note(*, announced: int | None, recorded: int, withdrawn: int = 0) -> str:
    """The count of one list as its page states it, for pictures and summaries.

    `recorded` counts every award of the list, withdrawn ones included (AwardList
    with_counts()); without an announced number and nothing withdrawn it is the plain count.
    """
    if announced and recorded != announced:
        note = _("公布%(announced)s个,本页收录%(recorded)s个") % {
            "announced": announced,
            "recorded": recorded,
        }
    elif announced:
        note = _("公布%(announced)s个") % {"announced": announced}
    elif withdrawn:
        note = _("收录%(recorded)s个") % {"recorded": recorded}
    else:
        return _("%(count)s项奖项") % {"count": recorded}
    if withdrawn:
        note += _(",其中%(withdrawn)s个已撤销") % {"withdrawn": withdrawn}
    return note
