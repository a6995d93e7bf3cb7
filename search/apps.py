from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "story_search"
    verbose_name = _("Story search")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
