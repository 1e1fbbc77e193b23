from django.core.management import call_command
from django.core.management.base import BaseCommand

from awards.models import Edition


class Command(BaseCommand):
    help = "Load the 2022 fixture when the database holds no edition yet; otherwise do nothing."

    def handle(self, *args, **options):
        if Edition.objects.exists():
            self.stdout.write("Editions already present; fixture not loaded.")
            return
        call_command("loaddata", "summit_2022", verbosity=options["verbosity"])
