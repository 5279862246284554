from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # How an erased person is scrubbed from this app's tables (core/personal_data.py).
        from . import personal_data  # noqa: F401
