from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")

    def ready(self):
        # How an erased person is scrubbed from this app's tables (core/personal_data.py).
        from . import personal_data  # noqa: F401
