"""Create (or update) a staff account in the 组织者 group: `manage.py create_organizer NAME`."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUP_NAME = "组织者"


class Command(BaseCommand):
    help = (
        "Create a staff user in the 组织者 (Organizer) group. Prompts for the password on a "
        "terminal, or reads it from the environment variable named by --password-from-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable (for scripts and CI).",
        )

    def handle(self, *args, username, email, password_from_env, **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=GROUP_NAME)
        except Group.DoesNotExist:
            raise CommandError(f"Group {GROUP_NAME} is missing; run `manage.py migrate`.") from None

        password = self._password(password_from_env)
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        created = user.pk is None
        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            if email:
                user.email = email
            user.set_password(password)
            user.save()
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} organizer {username} ({GROUP_NAME})."))

    def _password(self, variable):
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"Environment variable {variable} is empty or not set.")
            return password
        if not sys.stdin.isatty():
            raise CommandError("No terminal to prompt on; use --password-from-env VARIABLE.")
        for _attempt in range(3):
            password = getpass.getpass("Password: ")
            if password and password == getpass.getpass("Password (again): "):
                return password
            self.stderr.write("Passwords are empty or do not match; try again.")
        raise CommandError("No password given.")
