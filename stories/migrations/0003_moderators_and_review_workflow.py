from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("stories", "industry", "add_industry"),
    ("stories", "industry", "change_industry"),
    ("stories", "industry", "view_industry"),
    ("community", "organization", "add_organization"),
    ("community", "organization", "change_organization"),
    ("community", "organization", "view_organization"),
    ("stories", "evidencefile", "view_evidencefile"),
]


def create_moderators_and_workflow(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, model, codename in MODERATOR_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        moderators.permissions.add(permission)

    task_type = ContentType.objects.get_for_model(GroupApprovalTask)
    approval, _ = GroupApprovalTask.objects.get_or_create(
        name="Editorial approval", defaults={"content_type": task_type, "active": True}
    )
    approval.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name="Story review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=approval, defaults={"sort_order": 1})


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_curated_industries"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("community", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_moderators_and_workflow, migrations.RunPython.noop)]
