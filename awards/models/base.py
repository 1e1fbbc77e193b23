"""What the awards app's record models share."""

from django.core.validators import MaxValueValidator, MinValueValidator

# The years an edition or a list may name: a typo such as 20222 or 202 is refused (by the
# validators for a friendly message, by a check constraint in the database).
FIRST_YEAR, LAST_YEAR = 1990, 2200


def plausible_year() -> list:
    return [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def import_permission(model_name: str, label: str) -> tuple[str, str]:
    # django-import-export checks "<app>.import_<model>" (IMPORT_EXPORT_IMPORT_PERMISSION_CODE).
    return (f"import_{model_name}", f"Can import {label}")
