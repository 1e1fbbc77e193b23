from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "awards.corrections"
    label = "corrections"
    verbose_name = _("更正记录")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete
        from simple_history.signals import post_create_historical_record

        from awards import extensions, services
        from awards.corrections import recording, selectors, sitemaps
        from awards.models import Award, AwardList, Case, Edition, Nominee

        # The edition's JSON download and API record carry the log; the feed's entries move
        # with it and name the latest corrections.
        extensions.register("edition_record", "corrections", selectors.edition_log)
        extensions.register("edition_feed", "corrections", selectors.feed_additions)
        # sitemap.xml: lastmod follows the log, and the corrections pages are listed.
        extensions.register("edition_changes", "corrections", selectors.last_corrections)
        extensions.register("sitemap_sections", "corrections", sitemaps.sections)
        # Every writer (admin forms, actions, imports, history reverts) goes through
        # simple-history, so one receiver sees every change to a published edition.
        post_create_historical_record.connect(recording.record_change, dispatch_uid="corrections")
        services.nominees_merged.connect(recording.record_merge, dispatch_uid="corrections-merge")
        services.bulk_history_written.connect(
            recording.record_bulk, dispatch_uid="corrections-bulk"
        )
        # Awards deleted with their list or edition are not corrections of their own.
        for model in (Edition, AwardList):
            pre_delete.connect(recording.mark_deleting, sender=model, dispatch_uid=f"del-{model}")
            post_delete.connect(
                recording.unmark_deleting, sender=model, dispatch_uid=f"deleted-{model}"
            )
        # Records loaded by loaddata (the 2022 fixture) get no history row from simple-history;
        # without one, their first correction would have no "before" to compare with.
        for model in (Edition, AwardList, Nominee, Case, Award):
            post_save.connect(
                recording.history_for_loaded_row, sender=model, dispatch_uid=f"loaded-{model}"
            )
