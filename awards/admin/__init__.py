"""The organizers' admin. Admin classes only: every workflow step calls awards.services.

One module per model family, each registering its ModelAdmins with @admin.register; Django's
admin autodiscovery imports this package, and each other app's admin module (certificates,
identity, corrections) the same way: no admin is registered as a side effect of another import.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.admin.awards import AwardAdmin
from awards.admin.editions import EditionAdmin
from awards.admin.lists import AwardListAdmin
from awards.admin.nominees import CaseAdmin, NomineeAdmin

# The header names the event from the site settings (templates/admin/base_site.html).
admin.site.site_title = _("评选榜单管理")
admin.site.index_title = _("管理首页")

__all__ = [
    "AwardAdmin",
    "AwardListAdmin",
    "CaseAdmin",
    "EditionAdmin",
    "NomineeAdmin",
]
