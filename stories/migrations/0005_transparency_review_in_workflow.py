from django.db import migrations


def add_transparency_review(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    TransparencyReviewTask = apps.get_model("stories", "TransparencyReviewTask")

    moderators = Group.objects.get(name="Moderators")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="stories", model="transparencyreviewtask"
    )
    review, _ = TransparencyReviewTask.objects.get_or_create(
        name="Transparency review", defaults={"content_type": task_type, "active": True}
    )
    review.groups.add(moderators)
    workflow = Workflow.objects.get(name="Story review")
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=review).update(sort_order=1)
    WorkflowTask.objects.update_or_create(
        workflow=workflow, task=review, defaults={"sort_order": 0}
    )


class Migration(migrations.Migration):
    dependencies = [("stories", "0004_review_decisions_and_transparency_task")]

    operations = [migrations.RunPython(add_transparency_review, migrations.RunPython.noop)]
