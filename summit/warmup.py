"""Load what every public request needs once, before gunicorn forks its workers.

With `preload_app` (summit/gunicorn.py) the master imports summit.wsgi; without this, each
worker still imported the views, compiled the templates and read the translation catalogs on
its own first request: 0.5-0.9 s of CPU per worker on a loaded 2-core machine, paid again by
every worker that `max_requests` recycles. When the recycled workers' first requests met a
benchmark round, the cached page fell to the uncached rate (issue 21, docs/performance.md).
Done here, the work is done once, its memory is shared copy-on-write, and a fresh worker's
first cached hit costs what any other does.

Nothing here touches the database: connections opened in the master would be shared by the
forked workers (summit/gunicorn.py closes them anyway).
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)

# The template folders of the public site, relative to a template directory.
_PUBLIC_TEMPLATE_DIRS = ("awards", "includes")
_PUBLIC_TEMPLATES = ("base.html", "404.html", "500.html")


def public_template_names() -> list[str]:
    """Every template of the public site, by the name views load it with."""
    names = list(_PUBLIC_TEMPLATES)
    for root in settings.TEMPLATES[0]["DIRS"]:
        root = Path(root)
        for folder in _PUBLIC_TEMPLATE_DIRS:
            names += sorted(str(path.relative_to(root)) for path in (root / folder).rglob("*.html"))
    return names


def warm() -> int:
    """Import the URLconf's views, compile the public templates, read every catalog.

    Not the word segmenter or pypinyin (about 90 MB): public pages spell names from the forms
    stored with them (awards.pinyin.stored_forms), so only a worker that saves a name loads
    them, on its first save (docs/performance.md, "h21m").

    Returns the number of templates compiled. A template that fails to compile is left for
    its page to report as it always did: a warm-up never stops the server from starting.
    """
    engine = engines["django"]
    compiled = 0
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # Imports the URLconf and every view module it names, reads this language's
            # catalogs, and builds its reverse map (i18n_patterns differ per language).
            reverse("awards:home")
    for name in public_template_names():
        try:
            engine.get_template(name)  # the cached loader keeps the compiled template
        except (TemplateDoesNotExist, TemplateSyntaxError):
            logger.warning("template %s not warmed", name, exc_info=True)
            continue
        compiled += 1
    return compiled
