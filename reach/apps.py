from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reach"
    verbose_name = _("Reach")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
