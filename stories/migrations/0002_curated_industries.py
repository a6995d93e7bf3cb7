from django.db import migrations

from stories.industries import CURATED_INDUSTRIES


def seed_industries(apps, schema_editor):
    Industry = apps.get_model("stories", "Industry")
    for slug, name, name_id in CURATED_INDUSTRIES:
        Industry.objects.update_or_create(slug=slug, defaults={"name": name, "name_id": name_id})


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(seed_industries, migrations.RunPython.noop)]
