from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Owns the certificate design table (awards_certificatedesign, named before the move)."""

    name = "awards.certificates"
    label = "certificates"
    verbose_name = _("证书")
