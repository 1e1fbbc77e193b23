"""What every record model of the awards app shares."""


def import_permission(model_name: str, label: str) -> tuple[str, str]:
    # django-import-export checks "<app>.import_<model>" (IMPORT_EXPORT_IMPORT_PERMISSION_CODE).
    return (f"import_{model_name}", f"Can import {label}")
