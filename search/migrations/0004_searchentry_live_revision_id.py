"""The live revision each database-engine entry was built from (what ``search_index --check`` compares).

Existing entries get none and read as stale until ``manage.py search_index --rebuild`` fills them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('story_search', '0003_document_rows_deleted_explicitly'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='live_revision_id',
            field=models.BigIntegerField(null=True),
        ),
    ]
