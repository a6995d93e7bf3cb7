from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from stories.models import CustomImage, CustomRendition
from stories.storage import move_image_files


class Command(BaseCommand):
    help = _(
        "Move image and rendition files out of MEDIA_ROOT (or the media bucket) into the image "
        "storage, which no web server serves. Migration stories 0011 runs it once; run it again "
        "after restoring a media backup taken before that release."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--back",
            action="store_true",
            help=_(
                "Move them back into the default storage (before migrating stories back to 0010)."
            ),
        )

    def handle(self, *args, back=False, **options):
        moved = move_image_files(CustomImage, CustomRendition, back=back)
        self.stdout.write(_("Moved %(count)d image files.") % {"count": moved})
