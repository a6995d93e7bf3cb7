import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.uploads import (
    EVIDENCE_MAX_BYTES,
    IMAGE_MAX_BYTES,
    check_evidence,
    check_image,
    safe_filename,
)

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(image_format="PNG", size=(40, 30), mode="RGB", **save_options) -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, "orange").save(output, format=image_format, **save_options)
    return output.getvalue()


def jpeg_with_gps(size=(40, 30), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"
    gps[2] = (6.0, 10.0, 30.0)
    gps[3] = "E"
    gps[4] = (106.0, 49.0, 12.0)
    return image_bytes("JPEG", size=size, exif=exif)


def decompression_bomb() -> bytes:
    """A tiny PNG that declares 400 megapixels."""
    return image_bytes("PNG", size=(20000, 20000), mode="1")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_check_image__accepted_formats__reencoded_with_real_extension(image_format):
    checked = check_image(upload("holiday.bin", image_bytes(image_format)))
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    assert checked.name == f"holiday.{extension}"
    assert Image.open(io.BytesIO(checked.content)).format == image_format


def test_check_image__gps_exif__stored_bytes_have_no_gps_and_no_exif():
    checked = check_image(upload("toko.jpg", jpeg_with_gps(), "image/jpeg"))
    stored = Image.open(io.BytesIO(checked.content))
    assert stored.getexif().get_ifd(GPS_IFD) == {}
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert b"PhoneMaker" not in checked.content


def test_check_image__exif_orientation__applied_to_pixels_before_exif_is_dropped():
    checked = check_image(upload("portrait.jpg", jpeg_with_gps(size=(40, 30), orientation=6)))
    stored = Image.open(io.BytesIO(checked.content))
    assert stored.size == (30, 40)
    assert ORIENTATION not in stored.getexif()


def test_check_image__xmp_metadata__dropped():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>6,10S</exif:GPSLatitude></x:xmpmeta>'
    checked = check_image(upload("x.jpg", image_bytes("JPEG", xmp=xmp)))
    assert b"GPSLatitude" not in checked.content


def test_check_image__non_image_named_jpg__refused_by_content():
    with pytest.raises(ValidationError) as error:
        check_image(upload("photo.jpg", b"MZ\x90\x00\x03 this is a program", "image/jpeg"))
    assert "photo.jpg is not a JPEG, PNG or WebP image" in messages(error.value)


def test_check_image__truncated_jpeg__refused_as_damaged():
    data = image_bytes("JPEG", size=(200, 200))
    with pytest.raises(ValidationError) as error:
        check_image(upload("half.jpg", data[: len(data) // 3]))
    assert error.value.code == "not_an_image"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("anim.gif", image_bytes("GIF")),
        ("scan.bmp", image_bytes("BMP")),
    ],
)
def test_check_image__other_formats__refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_image(upload(name, content))
    assert error.value.code == "not_an_image"


def test_check_image__decompression_bomb__refused_without_decoding():
    bomb = decompression_bomb()
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        check_image(upload("bomb.png", bomb, "image/png"))
    assert error.value.code == "too_many_pixels"
    assert "40 megapixels" in messages(error.value)


def test_check_image__over_pixel_limit_below_pillow_warning__refused():
    with pytest.raises(ValidationError) as error:
        check_image(upload("wide.png", image_bytes("PNG", size=(8000, 5001), mode="1")))
    assert error.value.code == "too_many_pixels"


def test_check_image__over_size_limit__refused_with_the_limit_in_the_message():
    big = upload("big.png", b"\x89PNG" + b"\0" * IMAGE_MAX_BYTES)
    with pytest.raises(ValidationError) as error:
        check_image(big)
    assert error.value.code == "file_too_big"
    assert "larger than 10 MB" in messages(error.value)


def test_check_image__empty_file__refused():
    with pytest.raises(ValidationError) as error:
        check_image(upload("empty.png", b""))
    assert error.value.code == "file_empty"


def test_check_evidence__pdf__kept_byte_for_byte_with_sniffed_type():
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    checked = check_evidence(upload("rekening koran.exe", pdf, "application/x-msdownload"))
    assert checked.content == pdf
    assert checked.content_type == "application/pdf"
    assert checked.name == "rekening-koran.pdf"


def test_check_evidence__photo__accepted_and_gps_stripped():
    checked = check_evidence(upload("struk.jpg", jpeg_with_gps()))
    assert checked.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(checked.content)).getexif().get_ifd(GPS_IFD) == {}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        ("invoice.pdf.exe", b"\x7fELF\x02\x01\x01\x00"),
        ("statement.html", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("statement.pdf", b"<html><body>not really a pdf</body></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("data.zip", b"PK\x03\x04\x14\x00\x00\x00"),
    ],
)
def test_check_evidence__executables_html_svg_and_archives__refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_evidence(upload(name, content))
    assert error.value.code == "evidence_type"
    assert "Upload a PDF document or a JPEG, PNG or WebP image" in messages(error.value)


def test_check_evidence__over_size_limit__refused():
    with pytest.raises(ValidationError) as error:
        check_evidence(upload("huge.pdf", b"%PDF-1.4\n" + b"0" * EVIDENCE_MAX_BYTES))
    assert error.value.code == "file_too_big"


def test_check_evidence__bomb__refused_as_too_many_pixels():
    with pytest.raises(ValidationError) as error:
        check_evidence(upload("bomb.png", decompression_bomb()))
    assert error.value.code == "too_many_pixels"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\jane\\Laporan 2025 (final).PDF", "pdf", "Laporan-2025-final.pdf"),
        ("nul\x00byte\x07bell.png", "png", "nul-byte-bell.png"),
        ("\u202egnp.exe", "png", "gnp.png"),
        ("<script>.jpg", "jpg", "script.jpg"),
        ("...", "jpg", "file.jpg"),
        ("", "webp", "file.webp"),
        ("x" * 500 + ".jpg", "jpg", "x" * 80 + ".jpg"),
        ("foto_toko_ibu.jpeg", "jpg", "foto-toko-ibu.jpg"),
    ],
)
def test_safe_filename__strips_paths_and_unsafe_characters(name, extension, expected):
    assert safe_filename(name, extension) == expected
