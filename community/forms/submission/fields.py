"""Inputs, fields and limits shared by the steps of the submission form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ...uploads import check_evidence, check_image

SECTION_MAX_CHARS = 4000
MAX_CLAIMS = 10
MAX_BODY_IMAGES = 4
MAX_INDUSTRIES = 3
# Any image, so a phone offers its gallery and its camera alike (no `capture`, which hides the
# gallery on Android); the server judges the file by its content (uploads.check_image).
IMAGE_ACCEPT = "image/*"
EVIDENCE_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class ImageInput(forms.FileInput):
    """A file input for one image, with a preview of the chosen file (static/js/image-preview.js)."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "accept": IMAGE_ACCEPT,
                "data-image-preview": "",
                "data-preview-label": _("Preview of the image you chose"),
                "data-preview-failed": _(
                    "This browser cannot show this file. It is checked when you save."
                ),
                **(attrs or {}),
            }
        )


class CheckedImageField(forms.FileField):
    """One image, checked by content; cleans to a ``CheckedFile`` (or None when none was chosen)."""

    widget = ImageInput

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return check_image(upload) if upload else None


class CheckedEvidenceField(forms.FileField):
    """Several evidence files, each checked by content; cleans to a list of ``CheckedFile``."""

    widget = MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT})

    def __init__(self, *, max_files: int, **kwargs):
        self.max_files = max_files
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        return bool(data)

    def clean(self, data, initial=None):
        uploads = [
            upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload
        ]
        if len(uploads) > self.max_files:
            raise ValidationError(
                ngettext_lazy(
                    "Choose at most %(limit)d file for one claim.",
                    "Choose at most %(limit)d files for one claim.",
                    "limit",
                ),
                code="too_many_files",
                params={"limit": self.max_files},
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                super().clean(upload)
                checked.append(check_evidence(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return checked


def _is_id(value) -> bool:
    """A database id as a form sends it: digits only, small enough for any database integer."""
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) <= 18


class IndustriesField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if isinstance(value, list | tuple):
            if len(set(value)) > MAX_INDUSTRIES:
                raise ValidationError(
                    _("Choose at most %(limit)d industries."),
                    code="too_many_industries",
                    params={"limit": MAX_INDUSTRIES},
                )
            if not all(_is_id(pk) for pk in value):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


class OrganizationField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def textarea(rows: int, max_length: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": max_length})


def conditional(field: forms.Field, when) -> forms.Field:
    """``field``, marked as needed only ``when`` (its form checks that in ``clean``)."""
    field.required_when = when
    return field


def in_use(formset, form) -> bool:
    """Existing rows always count; a blank extra row counts once something was filled in."""
    return (not form.empty_permitted or form.has_changed()) and not formset._should_delete_form(
        form
    )
