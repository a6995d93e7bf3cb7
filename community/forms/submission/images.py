"""The images step: the main image and the images placed in the story."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stories.body import STORY_SECTIONS
from stories.models import CustomImage

from ...services import ImageDraft
from .fields import MAX_BODY_IMAGES, CheckedImageField, conditional, in_use


class BodyImageForm(forms.Form):
    image_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    file = CheckedImageField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data is removed from photos."),
    )
    alt_text = forms.CharField(
        label=_("Describe the image"),
        max_length=250,
        help_text=_("For people who cannot see it, e.g. 'Jars of nastar on the kitchen table'."),
        error_messages={"required": _("Describe the image for people who cannot see it.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)
    section = forms.ChoiceField(
        label=_("Show it after"),
        choices=[(section.key, section.heading) for section in STORY_SECTIONS],
        initial="results",
    )

    def __init__(self, *args, images_by_id: dict, **kwargs):
        super().__init__(*args, **kwargs)
        raw = (
            self.data.get(self.add_prefix("image_id"))
            if self.is_bound
            else self.initial.get("image_id")
        )
        self.existing_image: CustomImage | None = images_by_id.get(_int_or_none(raw))
        if self.existing_image is None:
            # A row for a new image: the whole row may stay empty.
            for name in ("alt_text", "section"):
                self.fields[name].required = False
                conditional(self.fields[name], _("required if you add this image"))

    def clean(self):
        cleaned = super().clean()
        cleaned["image_id"] = self.existing_image.pk if self.existing_image else None
        if not cleaned.get("section") and "section" not in self.errors:
            self.add_error("section", _("Choose where the image goes in the story."))
        has_image = cleaned.get("file") is not None or self.existing_image is not None
        if not has_image and "file" not in self.errors:
            self.add_error("file", _("Choose an image file, or leave this image empty."))
        elif has_image and not cleaned.get("alt_text", "").strip():
            self.add_error("alt_text", _("Describe the image for people who cannot see it."))
        return cleaned


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BaseBodyImageFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The images part of the form arrived incomplete. Reload the page and try again; "
            "your text is kept below."
        ),
        "too_many_forms": _(
            "A story can have at most %(num)d images besides the main one. Remove one, then save."
        ),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this image")

    def drafts(self) -> tuple[ImageDraft, ...]:
        return tuple(
            ImageDraft(
                image_id=form.cleaned_data["image_id"],
                upload=form.cleaned_data.get("file"),
                alt_text=form.cleaned_data["alt_text"].strip(),
                caption=form.cleaned_data["caption"].strip(),
                section=form.cleaned_data["section"],
            )
            for form in self.forms
            if in_use(self, form)
        )


BodyImageFormSet = forms.formset_factory(
    BodyImageForm,
    formset=BaseBodyImageFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_BODY_IMAGES,
    absolute_max=MAX_BODY_IMAGES,
    validate_max=True,
)


class HeroImageForm(forms.Form):
    hero_image = CheckedImageField(
        label=_("Main image"),
        required=False,
        help_text=_(
            "A photo from your phone or computer: JPEG, PNG or WebP, at most 10 MB and 40 "
            "megapixels. Location data is removed from photos."
        ),
    )
    hero_alt_text = conditional(
        forms.CharField(
            label=_("Describe the main image"),
            max_length=250,
            required=False,
            help_text=_(
                "For people who cannot see it, e.g. 'Ibu Sari packing orders in her kitchen'."
            ),
        ),
        _("required with an image"),
    )
    remove_hero_image = forms.BooleanField(label=_("Remove the main image"), required=False)

    def __init__(self, *args, hero: CustomImage | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hero = hero
        if hero is None:
            del self.fields["remove_hero_image"]

    def clean(self):
        cleaned = super().clean()
        keeps_image = cleaned.get("hero_image") is not None or (
            self.hero is not None and not cleaned.get("remove_hero_image")
        )
        if keeps_image and not cleaned.get("hero_alt_text", "").strip():
            self.add_error(
                "hero_alt_text",
                _("Describe the main image for people who cannot see it."),
            )
        return cleaned

    def to_draft(self) -> ImageDraft | None:
        cleaned = self.cleaned_data
        alt_text = cleaned["hero_alt_text"].strip()
        if cleaned.get("hero_image") is not None:
            return ImageDraft(alt_text=alt_text, upload=cleaned["hero_image"])
        if self.hero is not None and not cleaned.get("remove_hero_image"):
            return ImageDraft(alt_text=alt_text, image_id=self.hero.pk)
        return None
