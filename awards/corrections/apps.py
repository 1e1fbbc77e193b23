from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "awards.corrections"
    label = "corrections"
    verbose_name = _("更正记录")

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from awards import services
        from awards.corrections import recording

        # Every writer (admin forms, actions, imports, history reverts) goes through
        # simple-history, so one receiver sees every change to a published edition.
        post_create_historical_record.connect(recording.record_change, dispatch_uid="corrections")
        services.nominees_merged.connect(recording.record_merge, dispatch_uid="corrections-merge")
        services.bulk_history_written.connect(
            recording.record_bulk, dispatch_uid="corrections-bulk"
        )
