"""Checks for files members upload: judged by their content, never by their name.

Images are decoded with Pillow under a pixel budget and re-encoded, so nothing but the pixels (and a
colour profile) reaches storage: no EXIF, no GPS position, no XMP. Evidence files are PDFs or images;
everything else (executables, HTML, SVG, office files) is refused.
"""

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MEGABYTE = 1024 * 1024
IMAGE_MAX_BYTES = 10 * MEGABYTE
IMAGE_MAX_PIXELS = 40_000_000
EVIDENCE_MAX_BYTES = 10 * MEGABYTE
EVIDENCE_MAX_PER_CLAIM = 5
EVIDENCE_MAX_PER_STORY = 20
FILENAME_MAX_CHARS = 80

# Pillow format name -> (file extension, content type).
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed its checks, with a safe name and the content to store."""

    name: str
    content: bytes
    content_type: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)

    def as_content_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.name)


def safe_filename(name: str, extension: str) -> str:
    """A file name without paths, control or shell characters, ending in the real extension."""
    name = unicodedata.normalize("NFKC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\- ]+", "-", stem)
    stem = re.sub(r"[\s_\-]+", "-", stem).strip("-.")[:FILENAME_MAX_CHARS].strip("-.")
    return f"{stem or 'file'}.{extension}"


def display_name(upload) -> str:
    name = str(getattr(upload, "name", "") or "")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name[:FILENAME_MAX_CHARS] or str(_("(no name)"))


def _read(upload, limit: int, too_big_message) -> bytes:
    params = {"name": display_name(upload), "limit": limit // MEGABYTE}
    if (getattr(upload, "size", 0) or 0) > limit:
        raise ValidationError(too_big_message, code="file_too_big", params=params)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(too_big_message, code="file_too_big", params=params)
    if not data:
        raise ValidationError(
            _("The file %(name)s is empty."), code="file_empty", params={"name": params["name"]}
        )
    return data


def _decode_image(data: bytes, name: str) -> tuple[Image.Image, str]:
    """Open, verify and decode an image, refusing unknown formats and decompression bombs."""
    params = {"name": name}
    not_an_image = ValidationError(
        _("%(name)s is not a JPEG, PNG or WebP image, or it is damaged."),
        code="not_an_image",
        params=params,
    )
    too_many_pixels = ValidationError(
        _(
            "%(name)s has too many pixels. Use an image of at most 40 megapixels, "
            "for example 7000 × 5000."
        ),
        code="too_many_pixels",
        params=params,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                if image_format not in IMAGE_FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise too_many_pixels
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except Exception:  # Pillow raises many kinds of error for malformed files.
            raise not_an_image from None
    return image, image_format


def _reencode(image: Image.Image, image_format: str) -> bytes:
    """Pixels only: orientation applied, every metadata block (EXIF, GPS, XMP, comments) dropped."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = ImageOps.exif_transpose(image)
    options = {}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        options.update(quality=90)
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        if image.mode == "P" and "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        options.update(optimize=True)
    clean = image.copy()
    clean.info = {}
    output = io.BytesIO()
    clean.save(output, format=image_format, **options)
    return output.getvalue()


def check_image(upload) -> CheckedFile:
    """A JPEG, PNG or WebP image of at most 10 MB and 40 megapixels, re-encoded without metadata."""
    name = display_name(upload)
    data = _read(
        upload,
        IMAGE_MAX_BYTES,
        _("%(name)s is larger than %(limit)s MB. Make the image smaller and choose it again."),
    )
    return _checked_image(data, name, upload)


def _checked_image(data: bytes, name: str, upload) -> CheckedFile:
    image, image_format = _decode_image(data, name)
    try:
        content = _reencode(image, image_format)
    except Exception:  # A file Pillow could decode but not re-encode is as good as damaged.
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG or WebP image, or it is damaged."),
            code="not_an_image",
            params={"name": name},
        ) from None
    finally:
        image.close()
    extension, content_type = IMAGE_FORMATS[image_format]
    return CheckedFile(
        name=safe_filename(getattr(upload, "name", ""), extension),
        content=content,
        content_type=content_type,
        original_name=name,
    )


def check_evidence(upload) -> CheckedFile:
    """A PDF (kept as sent) or an image (re-encoded without metadata) of at most 10 MB."""
    name = display_name(upload)
    data = _read(
        upload,
        EVIDENCE_MAX_BYTES,
        _(
            "%(name)s is larger than %(limit)s MB. Split it or make it smaller, then choose it again."
        ),
    )
    if data.startswith(PDF_MAGIC):
        return CheckedFile(
            name=safe_filename(getattr(upload, "name", ""), "pdf"),
            content=data,
            content_type="application/pdf",
            original_name=name,
        )
    try:
        return _checked_image(data, name, upload)
    except ValidationError as error:
        if error.code != "not_an_image":
            raise
        raise ValidationError(
            _(
                "%(name)s cannot be used as evidence. Upload a PDF document or a JPEG, PNG or "
                "WebP image (a photo or a screenshot)."
            ),
            code="evidence_type",
            params={"name": name},
        ) from None
