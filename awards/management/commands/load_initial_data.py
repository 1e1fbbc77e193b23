from django.core.management import call_command
from django.core.management.base import BaseCommand

from awards.identity.models import SiteSettings
from awards.models import Edition


class Command(BaseCommand):
    help = (
        "Load the 2022 fixture when the database holds no edition yet, and Chengdu's site "
        "identity when none is set; otherwise leave the data alone."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if SiteSettings.objects.exclude(name="").exists():
            self.stdout.write("Site settings already present; identity not loaded.")
        else:
            call_command("loaddata", "site_chengdu", verbosity=verbosity)
        if Edition.objects.exists():
            self.stdout.write("Editions already present; fixture not loaded.")
            return
        call_command("loaddata", "summit_2022", verbosity=verbosity)
