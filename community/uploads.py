"""Checks for files members upload: judged by their content, never by their name.

Images are decoded with Pillow under a pixel budget and re-encoded, so nothing but the pixels (and a
colour profile) reaches storage: no EXIF, no GPS position, no XMP. Evidence files are PDFs or images;
everything else (executables, HTML, SVG, office files) is refused.

A PDF is stored as sent, and only moderators open it, so it is read with pypdf first: every object
in the file, including those packed in object streams, is inspected, and a PDF that is damaged,
encrypted, too complex to inspect within fixed limits, or carries active content (scripts, actions
that start programs, send data or open other files, automatic actions, attached files, rich media,
XFA forms) is refused. The rules are the ``PDF_*`` constants and ``_dictionary_finding``.
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
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

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
# HEIC/HEIF photos (what many iPhones take) are ISO media files that name their brand in bytes 4-12.
# Pillow cannot read them; they are refused with a message that says what to do instead.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
# The generic brands of HEIF and of AVIF alike: the compatible brands after them tell which.
HEIF_GENERIC_BRANDS = frozenset({b"mif1", b"msf1"})
PDF_OBJECT_HEADER = re.compile(rb"\s(\d{1,10})\s+(\d{1,5})\s+obj")  # as pypdf searches for them

# Bounds on the inspection of one PDF, so a hostile file cannot keep the server busy for long:
# pypdf parses some 100,000 values a second. Real evidence stays far below them: a 300-page scanned
# statement has a few thousand objects; "print to PDF" brings a file that is over them down.
PDF_MAX_OBJECTS = 20_000
PDF_MAX_DEPTH = 32  # arrays and dictionaries nested inside one object
PDF_MAX_VALUES = 500_000  # names, numbers, strings, arrays and dictionaries, over the whole file
PDF_MAX_OBJECT_STREAM_BYTES = 8 * MEGABYTE  # objects packed in (compressed) object streams
# Objects referenced but missing from the cross-reference tables: each is searched for in the file.
PDF_MAX_UNLISTED_OBJECTS = 100

# Action types (/S) that run code, start programs, send form data, import data, open other or
# embedded files, or play media. Refused wherever they appear.
PDF_DANGEROUS_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
# The only action types a document may carry (on links, bookmarks, form fields): moving around the
# document, opening a web or mail link when the moderator clicks it, showing or hiding parts of it.
PDF_SAFE_ACTIONS = frozenset(
    {"/GoTo", "/GoToDp", "/URI", "/Named", "/Hide", "/ResetForm", "/SetOCGState", "/Trans"}
)
# What may happen on its own when the document opens: going to a page, nothing else.
PDF_SAFE_OPEN_ACTIONS = frozenset({"/GoTo", "/GoToDp"})
PDF_SAFE_URI_SCHEMES = ("http://", "https://", "mailto:")
# Keys whose value is an action (or a list of actions) in links, bookmarks and form fields.
PDF_ACTION_KEYS = ("/A", "/PA", "/Next")
# Scripts (/JS, the /JavaScript name tree), automatic actions on opening, closing, printing,
# page or field events (/AA), Flash and other rich media, and XFA forms (which carry their own
# scripts inside XML).
PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/RichMediaContent", "/RichMediaSettings", "/XFA"}
)
PDF_ACTIVE_SUBTYPES = frozenset({"/RichMedia", "/3D", "/Movie", "/Sound"})
# Files carried inside the PDF: the /EmbeddedFiles name tree, embedded file streams and file
# attachment annotations.
PDF_ATTACHMENT_KEYS = frozenset({"/EmbeddedFiles", "/EF"})


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


def _is_heif(data: bytes) -> bool:
    if data[4:8] != b"ftyp":
        return False
    major = data[8:12]
    box_end = min(int.from_bytes(data[:4], "big"), 256)
    compatible = {data[i : i + 4] for i in range(16, box_end - 3, 4)}
    if major in HEIF_GENERIC_BRANDS:
        return bool(compatible & HEIF_BRANDS)
    return major in HEIF_BRANDS


def _decode_image(data: bytes, name: str) -> tuple[Image.Image, str]:
    """Open, verify and decode an image, refusing unknown formats and decompression bombs."""
    params = {"name": name}
    if _is_heif(data):
        raise ValidationError(
            _(
                "%(name)s is a HEIC or HEIF photo, the format of many iPhones, which Terang "
                "cannot read. Save or export it as a JPEG or PNG, then choose it again. (Choosing "
                "the photo from your photo library rather than from Files usually sends a JPEG "
                "by itself.)"
            ),
            code="heif",
            params=params,
        )
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


class _PdfTooComplex(Exception):
    """The PDF is over one of the inspection limits."""


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _name(value) -> str | None:
    value = _resolved(value)
    return str(value) if isinstance(value, NameObject) else None


def _action_kind(action) -> str | None:
    """The action type (/S) of an action dictionary ("" if it is not a name), or None if none."""
    if not isinstance(action, DictionaryObject) or "/S" not in action:
        return None
    return _name(action.get("/S")) or ""


def _is_safe_action(action: DictionaryObject, allowed: frozenset) -> bool:
    kind = _action_kind(action)
    if kind is None:
        return True  # not an action (for example structure attributes under /A)
    if kind not in allowed:
        return False
    if kind == "/URI":
        uri = _resolved(action.get("/URI"))
        if isinstance(uri, bytes):
            uri = uri.decode("latin-1")
        return isinstance(uri, str) and uri.strip().lower().startswith(PDF_SAFE_URI_SCHEMES)
    return True


def _dictionary_finding(dictionary: DictionaryObject) -> str | None:
    """What is wrong with one dictionary (an error code), or None."""
    keys = set(dict.keys(dictionary))
    kind = _name(dictionary.get("/Type"))
    subtype = _name(dictionary.get("/Subtype"))
    if keys & PDF_ATTACHMENT_KEYS or kind == "/EmbeddedFile" or subtype == "/FileAttachment":
        return "pdf_attachment"
    if keys & PDF_ACTIVE_KEYS or subtype in PDF_ACTIVE_SUBTYPES:
        return "pdf_active_content"
    if _action_kind(dictionary) in PDF_DANGEROUS_ACTIONS:
        return "pdf_active_content"
    if kind == "/Action" and not _is_safe_action(dictionary, PDF_SAFE_ACTIONS):
        return "pdf_active_content"
    for key in PDF_ACTION_KEYS:
        actions = _resolved(dictionary.get(key))
        for action in actions if isinstance(actions, ArrayObject) else [actions]:
            if not _is_safe_action(_resolved(action), PDF_SAFE_ACTIONS):
                return "pdf_active_content"
    # A destination (an array or a name) is harmless; an action on opening must be a plain GoTo.
    open_action = _resolved(dictionary.get("/OpenAction"))
    if isinstance(open_action, DictionaryObject) and (
        not _is_safe_action(open_action, PDF_SAFE_OPEN_ACTIONS)
        or _action_kind(open_action) is None
        or "/Next" in open_action
    ):
        return "pdf_active_content"
    return None


def _pdf_finding(reader: PdfReader, data: bytes) -> str | None:
    """Inspect every object of an (unencrypted) PDF; an error code, or None for a clean file.

    Every indirect object the cross-reference tables list is read, those packed in object streams
    included, and every dictionary in it, however deeply nested, is checked by
    ``_dictionary_finding``; the trailer is inspected too. A reference to an object the tables
    list is not followed, since that object is inspected on its own; a reference to one they do
    not list is, if the file has it (pypdf, like a viewer repairing the file, searches the file
    for it; a reference to an object that is nowhere is null for pypdf and viewers alike).
    """
    references = [
        IndirectObject(number, generation, reader)
        for generation, table in reader.xref.items()
        for number in table
    ]
    references += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    known = {(reference.idnum, reference.generation) for reference in references}
    if len(known) > PDF_MAX_OBJECTS:
        raise _PdfTooComplex
    if len(reader.pages) == 0:
        raise ValueError("A PDF without pages")
    decoded = 0
    for number in sorted({stream for stream, _index in reader.xref_objStm.values()}):
        stream = reader.get_object(number)
        if not isinstance(stream, StreamObject):
            raise ValueError("An object stream that is not a stream")
        decoded += len(stream.get_data())
        if decoded > PDF_MAX_OBJECT_STREAM_BYTES:
            raise _PdfTooComplex
    budget, unlisted, in_file = PDF_MAX_VALUES, 0, None
    objects = [reader.trailer, *references]
    for top in objects:  # grows while it is walked, with the objects the tables do not list
        pending = [(_resolved(top), 0)]
        while pending:
            value, depth = pending.pop()
            budget -= 1
            if budget < 0 or depth > PDF_MAX_DEPTH:
                raise _PdfTooComplex
            if isinstance(value, DictionaryObject):
                if finding := _dictionary_finding(value):
                    return finding
                children = dict.values(value)
            elif isinstance(value, ArrayObject):
                children = list.__iter__(value)
            else:
                continue
            for child in children:
                if not isinstance(child, IndirectObject):
                    pending.append((child, depth + 1))
                elif (key := (child.idnum, child.generation)) not in known:
                    known.add(key)
                    if in_file is None:
                        in_file = {
                            (int(number), int(generation))
                            for number, generation in PDF_OBJECT_HEADER.findall(data)
                        }
                    if key not in in_file:
                        continue
                    unlisted += 1
                    if unlisted > PDF_MAX_UNLISTED_OBJECTS or len(known) > PDF_MAX_OBJECTS:
                        raise _PdfTooComplex
                    objects.append(child)
    return None


def _check_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF pypdf cannot read strictly, an encrypted one, or one with active content."""
    params = {"name": name}
    damaged = ValidationError(
        _(
            "%(name)s is damaged or is not a complete PDF. Open it, save or print it to a new "
            "PDF, then choose the new file."
        ),
        code="pdf_damaged",
        params=params,
    )
    encrypted = ValidationError(
        _(
            "%(name)s is protected with a password or encryption, so moderators cannot check it. "
            "Open it, print it to a new PDF without the password, then choose the new file."
        ),
        code="pdf_encrypted",
        params=params,
    )
    too_complex = ValidationError(
        _(
            "%(name)s is too complex to check. Print it to a new PDF or split it into smaller "
            "files, then choose them again."
        ),
        code="pdf_too_complex",
        params=params,
    )
    refusals = {
        "pdf_active_content": ValidationError(
            _(
                "%(name)s contains scripts, media, automatic actions or links that open programs "
                "or other files. Evidence cannot contain these. Print it to a new PDF, or save it "
                "again without forms or scripts, then choose the new file."
            ),
            code="pdf_active_content",
            params=params,
        ),
        "pdf_attachment": ValidationError(
            _(
                "%(name)s has other files attached inside it. Print it to a new PDF without the "
                "attachments, and upload the attached documents as separate files."
            ),
            code="pdf_attachment",
            params=params,
        ),
    }
    try:
        # Strict: a file pypdf would have to repair or guess at (a broken cross-reference table,
        # a dictionary with a malformed or repeated entry) is refused rather than read differently
        # from the moderator's PDF viewer.
        reader = PdfReader(io.BytesIO(data), strict=True)
    except Exception:  # pypdf raises many kinds of error for malformed files.
        if re.search(rb"/Encrypt\b", data):  # an encryption pypdf cannot even open
            raise encrypted from None
        raise damaged from None
    if reader.is_encrypted:  # even with an empty user password, which viewers open silently
        raise encrypted
    try:
        finding = _pdf_finding(reader, data)
    except (_PdfTooComplex, LimitReachedError, RecursionError, MemoryError):
        raise too_complex from None
    except Exception:
        raise damaged from None
    if finding:
        raise refusals[finding]


def check_evidence(upload) -> CheckedFile:
    """A PDF (kept as sent) or an image (re-encoded without metadata) of at most 10 MB.

    A PDF must be readable by pypdf, unencrypted, and free of active content (``_check_pdf``).
    """
    name = display_name(upload)
    data = _read(
        upload,
        EVIDENCE_MAX_BYTES,
        _(
            "%(name)s is larger than %(limit)s MB. Split it or make it smaller, then choose it again."
        ),
    )
    if data.startswith(PDF_MAGIC):
        _check_pdf(data, name)
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
