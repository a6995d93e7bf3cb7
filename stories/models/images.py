"""Wagtail's image and rendition models for Terang: files behind a checked view, with alt text."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    WagtailImageField,
    get_rendition_upload_to,
    get_upload_to,
)
from wagtail.images.models import Image as WagtailImage

from ..storage import image_storage


class CustomImage(AbstractImage):
    # Not web-served: /images/<name> answers through a view that checks who may see it.
    file = WagtailImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
        db_index=True,
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describes the image for people who cannot see it."),
    )

    admin_form_fields = WagtailImage.admin_form_fields + ("alt_text",)

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")
    # A rendition is seen by whoever may see its image.
    file = WagtailImageField(
        upload_to=get_rendition_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
        db_index=True,
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
