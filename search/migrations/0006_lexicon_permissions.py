"""Editors and moderators may change the search lexicon (Snippets → Search lexicon)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")
CODENAMES = ("add_lexiconpair", "change_lexiconpair", "delete_lexiconpair", "view_lexiconpair")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("story_search")
    app_config.models_module = True  # a migration's app config stub: let Django make the rows
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="story_search", codename__in=CODENAMES
        )
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="story_search", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("story_search", "0005_lexicon_pair"),
        ("stories", "0003_moderators_and_review_workflow"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
