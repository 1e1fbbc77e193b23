"""Ids typed into URLs: the admin pages of one object, and the check of an id before a view
looks it up."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path


def object_page_urls(model_admin, **views) -> list:
    """An admin's extra pages of one object: each view at "<object_id>/<suffix>/", named
    admin:<app>_<model>_<suffix>, behind the admin's login and permission check."""
    opts = model_admin.model._meta
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            f"<path:object_id>/{suffix}/",
            wrap(view),
            name=f"{opts.app_label}_{opts.model_name}_{suffix}",
        )
        for suffix, view in views.items()
    ]


def require_pk(model, object_id) -> None:
    """404 for an id that cannot be a primary key of `model` ("abc", "%00"), before a lookup
    with it raises ValueError: the admin's own views do this in get_object(); our views and
    simple-history's history pages do not."""
    try:
        model._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        raise Http404 from None


class CheckedHistoryIds:
    """For any SimpleHistoryAdmin: its pages for any id a visitor may type ("abc", "%00") are a
    404, never a 500 (simple-history looks the ids up as they come)."""

    def history_view(self, request, object_id, extra_context=None):
        require_pk(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        require_pk(self.model, object_id)
        require_pk(self.model.history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
