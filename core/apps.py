from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared tools")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The deployment checks of `manage.py check --deploy` register themselves.
        from . import checks  # noqa: F401

        # Each app's imports.py registers its kinds of record (core names no app).
        from .imports.registry import autodiscover

        autodiscover()
