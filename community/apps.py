from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using="default", **kwargs):
    """Every `migrate` (and a test database's set-up) also creates the database cache's table.

    The log-in throttle and the rate limits live there; `createcachetable` is idempotent.
    """
    call_command("createcachetable", database=using, verbosity=0)


def organization_changed(sender, instance, **kwargs):
    from stories.page_cache import purge_public_pages

    purge_public_pages()


def check_regulator_lists(sender, instance, raw=False, **kwargs):
    """A new or renamed organisation, or a new licence number, is checked against the lists."""
    if raw:
        return
    from .services.regulator import match_organizations

    match_organizations([instance])


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="terang-cache-tables")
        from django.db.models.signals import post_delete, post_save

        from .models import Organization

        # An organisation's name and verification show on its page and on its stories.
        for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                organization_changed, sender=Organization, dispatch_uid=f"page_cache_org_{uid}"
            )
        post_save.connect(
            check_regulator_lists, sender=Organization, dispatch_uid="regulator_list_check"
        )
