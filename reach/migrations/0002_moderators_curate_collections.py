from django.db import migrations

CODENAMES = [
    "add_storycollection",
    "change_storycollection",
    "delete_storycollection",
    "view_storycollection",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("reach")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.add(
            *Permission.objects.filter(content_type__app_label="reach", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reach", "0001_story_collections"),
        ("stories", "0003_moderators_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
