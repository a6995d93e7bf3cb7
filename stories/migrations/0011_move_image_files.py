"""Move existing image and rendition files out of MEDIA_ROOT (or the media bucket).

Until 0010, Wagtail stored them in the default storage, which the web server (or the bucket's
public policy) served to anyone with the URL, drafts included. They now live in the image
storage, served only through the checked image view. The same move is `manage.py move_images`.
"""

from django.db import migrations

from stories.storage import move_image_files


def forwards(apps, schema_editor):
    move_image_files(apps.get_model("stories", "CustomImage"), apps.get_model("stories", "CustomRendition"))


def backwards(apps, schema_editor):
    move_image_files(
        apps.get_model("stories", "CustomImage"),
        apps.get_model("stories", "CustomRendition"),
        back=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0010_images_in_private_storage"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
