"""Builders for the story submission tests (test_submission_services.py, test_submission_views.py).

Fixtures (``member``, ``member_client``) are found by pytest; the plain functions are imported:
``from tests.community.conftest import draft, story_data, ...``.

One story runs through all of them: Sari's home bakery, as the form posts it (``story_data``) and
as the services take it (``draft``), with the same text, so a test of either layer reads the same.
"""

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import NameObject
from wagtail.models import WorkflowState

from community.forms.submission import AboutStep, ClaimsStep, DeclarationsStep, ImagesStep
from community.models import DECLARATIONS, Consent, ConsentKind, Organization
from community.services import (
    ClaimDraft,
    ImageDraft,
    StoryDraft,
    story_declarations,
    story_save_draft,
)
from community.uploads import CheckedFile, check_evidence, check_image
from stories.body import body_parts
from stories.models import CustomImage, EvidenceFile, Industry, StoryPage
from tests.factories import UserFactory, publish_reviewed

# --- Sari's story ---------------------------------------------------------------------------------

TITLE = "Dari dapur rumah ke tiga puluh pelanggan"
SUBJECT_NAME = "Sari Wulandari"
SUMMARY = "Sari menjual kue kering dari dapurnya dan kini punya tiga puluh pelanggan tetap."
PRODUCT = "Kue kering rumahan"
PRODUCT_DESCRIPTION = "Nastar dan kastengel, dijual per toples."
SECTIONS = {
    "background": "Saya mulai tahun 2023.\n\nDulu saya guru honorer.",
    "challenge": "",
    "actions": "Saya menawarkan kue ke tetangga & kantor suami.",
    "results": "Sekarang rata-rata Rp 3 juta sebulan.",
    "lessons": "Promosi lewat grup WhatsApp tidak berhasil.",
}
CLAIM_STATEMENT = "Rata-rata Rp 3 juta per bulan selama 2025."
CLAIM_EVIDENCE_NOTE = "Rekening koran 12 bulan"


@pytest.fixture
def member(story_index):
    return UserFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# --- Files ----------------------------------------------------------------------------------------


def one_page_pdf(open_action=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if open_action:
        writer.root_object[NameObject("/OpenAction")] = open_action
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


PDF = one_page_pdf()


def jpeg_with_gps() -> bytes:
    """A photo that says where it was taken (EXIF GPS), as phones write them."""
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 10.0, 30.0)
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(output, "JPEG", exif=exif)
    return output.getvalue()


def png(color="orange") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(output, "PNG")
    return output.getvalue()


def gps_of(file) -> dict:
    """The GPS part of a stored image's EXIF (empty once the location is removed)."""
    with file.open("rb") as stored:
        return dict(Image.open(stored).getexif().get_ifd(0x8825))


def checked_png(name="foto.png", color="orange") -> CheckedFile:
    """An image upload that passed the form's checks (as the demo loader builds them)."""
    return check_image(SimpleUploadedFile(name, png(color)))


def checked_jpeg_with_gps(name="foto.jpg") -> CheckedFile:
    return check_image(SimpleUploadedFile(name, jpeg_with_gps()))


def checked_evidence(name="rekening.pdf", content=PDF) -> CheckedFile:
    return check_evidence(SimpleUploadedFile(name, content))


# --- What the services take -----------------------------------------------------------------------


def industries(*slugs) -> tuple[Industry, ...]:
    return tuple(Industry.objects.filter(slug__in=slugs).order_by("slug"))


def claim(**overrides) -> ClaimDraft:
    return ClaimDraft(
        **{
            "kind": "income",
            "statement": CLAIM_STATEMENT,
            "evidence_note": CLAIM_EVIDENCE_NOTE,
            **overrides,
        }
    )


def new_image(alt_text: str, name="foto.png", **overrides) -> ImageDraft:
    """A hero or body image uploaded now (``section`` and ``caption`` for a body image)."""
    return ImageDraft(alt_text=alt_text, upload=checked_png(name), **overrides)


def draft(**overrides) -> StoryDraft:
    """Sari's story as the services take it: what ``story_data`` posts, with one income claim, the
    "no connection" declaration and the consent to publish. ``sections`` replaces only the sections
    it names."""
    sections = {**SECTIONS, **overrides.pop("sections", {})}
    values = {
        "title": TITLE,
        "subject_kind": "person",
        "subject_name": SUBJECT_NAME,
        "language": "id",
        "summary": SUMMARY,
        "industries": industries("food-beverage"),
        "sections": sections,
        "product_or_service": PRODUCT,
        "product_description": PRODUCT_DESCRIPTION,
        "no_material_connection": True,
        "agree_to_publish": True,
        "claims": (claim(),),
    }
    values.update(overrides)
    return StoryDraft(**values)


def redraft(member, story, **overrides) -> StoryDraft:
    """The story's latest draft sent back as it is, as the edit form does when the member changes
    nothing: the claims with their keys, the images by id, no new agreement to a declaration
    already made. ``sections`` replaces only the sections it names."""
    page = latest(story)
    parts = body_parts(page.body)
    no_connection = story_declarations(story=story)[ConsentKind.NO_CONNECTION]
    alt_texts = dict(
        CustomImage.objects.filter(pk__in=[image.image_id for image in parts.images]).values_list(
            "pk", "alt_text"
        )
    )
    organization, organization_name = None, ""
    if page.organization is not None:
        if Organization.objects.represented_by(member).filter(pk=page.organization_id).exists():
            organization = page.organization
        else:
            organization_name = page.organization.name
    values = {
        "title": page.title,
        "subject_kind": page.subject_kind,
        "subject_name": page.subject_name,
        "language": page.language,
        "summary": page.summary,
        "industries": tuple(page.industries.all()),
        "sections": {**parts.sections, **overrides.pop("sections", {})},
        "organization": organization,
        "organization_name": organization_name,
        "product_or_service": page.product_or_service,
        "product_description": page.product_description,
        "material_connection": "" if no_connection is not None else page.material_connection,
        "no_material_connection": no_connection is not None and no_connection.is_current,
        "agree_to_publish": False,
        "claims": tuple(
            ClaimDraft(key=c.key, kind=c.kind, statement=c.statement, evidence_note=c.evidence_note)
            for c in page.claims.all()
        ),
        "hero": (
            ImageDraft(alt_text=page.hero_image.alt_text, image_id=page.hero_image_id)
            if page.hero_image_id
            else None
        ),
        "body_images": tuple(
            ImageDraft(
                alt_text=alt_texts[image.image_id],
                caption=image.caption,
                section=image.section,
                image_id=image.image_id,
            )
            for image in parts.images
            if image.image_id in alt_texts
        ),
    }
    values.update(overrides)
    return StoryDraft(**values)


def save_story_with_images(member) -> StoryPage:
    """A new draft with a hero image and one body image (in "What we did")."""
    page = story_save_draft(
        member=member,
        story=None,
        data=draft(
            hero=new_image("Dapur Sari", "dapur.png"),
            body_images=(
                new_image(
                    "Toples nastar", "toples.png", caption="Empat puluh kue", section="actions"
                ),
            ),
        ),
    )
    return StoryPage.objects.get(pk=page.pk)


# --- Reading a story back -------------------------------------------------------------------------


def latest(story) -> StoryPage:
    """The story's latest draft, read again from the database."""
    return StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()


def publish(story) -> StoryPage:
    """Publish the story's latest draft through a recorded two-person review."""
    story = StoryPage.objects.get(pk=story.pk)
    publish_reviewed(story, revision=story.get_latest_revision())
    return StoryPage.objects.get(pk=story.pk)


def without_keys(html: str) -> str:
    """Paragraph HTML without the block keys the rich-text editor's format adds."""
    return re.sub(r' data-block-key="[^"]*"', "", html)


def paragraphs(body) -> list[str]:
    return [without_keys(block["value"]) for block in body.raw_data if block["type"] == "paragraph"]


def body_images(story) -> list[tuple[int, str]]:
    """(image id, caption) of each image in the body of the story's latest draft."""
    return [
        (block["value"]["image"], block["value"]["caption"])
        for block in latest(story).body.raw_data
        if block["type"] == "image"
    ]


def active_states(story):
    return WorkflowState.objects.for_instance(story).active()


# --- What the form posts --------------------------------------------------------------------------


def industry_ids(*slugs):
    return [str(pk) for pk in Industry.objects.filter(slug__in=slugs).values_list("pk", flat=True)]


STEP_URL_NAMES = {
    "story": "story_edit",
    "claims": "story_claims",
    "images": "story_images",
    "declarations": "story_declarations",
}
STEP_FORMS_OF = {
    "story": AboutStep,
    "claims": ClaimsStep,
    "images": ImagesStep,
    "declarations": DeclarationsStep,
}


def step_of(name: str) -> str:
    """The step of the form that posts the field ``name``."""
    if name.startswith("claims-"):
        return "claims"
    if name.startswith(("images-", "hero_", "remove_hero_image")):
        return "images"
    if name.startswith(("material_connection", "no_material_connection", "no_connection_")):
        return "declarations"
    if name.startswith("consent_"):
        return "declarations"
    return "story"


def story_data(**overrides):
    """Sari's story as the first step posts it for a new story; an override of None leaves the
    field out."""
    data = {
        "form_token": uuid.uuid4().hex,
        "title": TITLE,
        "subject_kind": "person",
        "subject_name": SUBJECT_NAME,
        "organization_name": "",
        "industries": industry_ids("food-beverage"),
        "language": "id",
        "summary": SUMMARY,
        "product_or_service": PRODUCT,
        "product_description": PRODUCT_DESCRIPTION,
        **{f"section_{key}": text for key, text in SECTIONS.items()},
        "action": "next",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def claims_data(**overrides):
    """The claims step as Sari posts it on a new story: one income claim."""
    data = {
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "10",
        "claims-0-key": "",
        "claims-0-kind": "income",
        "claims-0-statement": CLAIM_STATEMENT,
        "claims-0-evidence_note": CLAIM_EVIDENCE_NOTE,
        "action": "next",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def images_data(**overrides):
    """The images step as posted on a new story with no image chosen."""
    data = {
        "hero_alt_text": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "4",
        "action": "next",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def declarations_data(**overrides):
    """The declarations step: no connection to any company, and consent to publish."""
    data = {
        "material_connection": "",
        "no_material_connection": "on",
        "no_connection_version": DECLARATIONS[ConsentKind.NO_CONNECTION].version,
        "consent_to_publish": "on",
        "consent_version": DECLARATIONS[ConsentKind.PUBLISH].version,
        "action": "next",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


NEW_STEP_DATA = {
    "story": story_data,
    "claims": claims_data,
    "images": images_data,
    "declarations": declarations_data,
}


def step_data(member, story, step, **overrides):
    """What a browser posts back from a step of an existing story when the member changes
    nothing (then ``overrides``; None leaves a field out)."""
    story.refresh_from_db()
    form_step = STEP_FORMS_OF[step](member=member, story=story)
    data = {}
    for form in form_step.forms:
        parts = [form.management_form, *form.forms] if hasattr(form, "management_form") else [form]
        for part in parts:
            for field in part:
                value = field.value()
                if value is None or value is False or value == []:
                    continue
                if value is True:
                    value = "on"
                data[field.html_name] = (
                    [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
                )
    data["action"] = "next"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def story_url(name, story):
    return reverse(f"community:{name}", args=[story.pk])


def step_url(step, story):
    return story_url(STEP_URL_NAMES[step], story)


def post_step(client, member, story, step, **overrides):
    """Post a step of an existing story as its page holds it, with ``overrides``."""
    return client.post(step_url(step, story), step_data(member, story, step, **overrides))


def post_new(client, **overrides):
    return client.post(reverse("community:story_create"), story_data(**overrides))


def create_story(client, **overrides) -> StoryPage:
    """A new story through every step of the form, each with the ``overrides`` of its fields;
    fails the test unless every step saved."""
    by_step: dict[str, dict] = {step: {} for step in NEW_STEP_DATA}
    for name, value in overrides.items():
        by_step[step_of(name)][name] = value
    response = post_new(client, **by_step["story"])
    assert response.status_code == 302, response.context and step_errors(response)
    story = StoryPage.objects.order_by("-pk").first()
    for step in ("claims", "images", "declarations"):
        response = client.post(step_url(step, story), NEW_STEP_DATA[step](**by_step[step]))
        assert response.status_code == 302, response.context and step_errors(response)
    return story


def create_story_with_images(client) -> StoryPage:
    return create_story(
        client,
        hero_image=SimpleUploadedFile("dapur.png", png()),
        hero_alt_text="Dapur Sari",
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-file": SimpleUploadedFile("toples.png", png()),
            "images-0-alt_text": "Toples nastar",
            "images-0-caption": "Empat puluh kue",
            "images-0-section": "actions",
        },
    )


def submit(client, story):
    """Submit from the check page the member has open (it posts the revision it showed)."""
    story.refresh_from_db()
    return client.post(story_url("story_submit", story), {"revision": story.latest_revision_id})


# --- A refused form -------------------------------------------------------------------------------


def assert_nothing_saved():
    assert not StoryPage.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert not CustomImage.objects.exists()
    assert not Consent.objects.exists()
    assert not Organization.objects.exists()


def step_errors(response) -> dict:
    """The errors of the step a response shows, by the field's name as posted ("__all__": the
    step's own errors and those of a formset as a whole)."""
    step = response.context["step"]
    errors = {"__all__": list(step.errors)} if step.errors else {}
    for form in step.forms:
        if hasattr(form, "management_form"):
            if form.non_form_errors():
                errors.setdefault("__all__", []).extend(form.non_form_errors())
            for row in form.forms:
                errors.update({row.add_prefix(name): e for name, e in row.errors.items()})
        else:
            errors.update(form.errors)
    return errors


def assert_refused(response, field=None, *, message=None):
    """The first step of a new story came back with an error: it says so, keeps what was typed,
    saved nothing."""
    assert response.status_code == 200
    errors = step_errors(response)
    if field is not None:
        assert field in errors, errors
    html = response.content.decode()
    if message is not None:
        assert message in html
    assert "This step was not saved" in html
    # What the member typed is still in the form.
    assert "Sari menjual kue kering dari dapurnya" in html
    assert "Promosi lewat grup WhatsApp tidak berhasil." in html
    assert_nothing_saved()
    return html


def assert_step_refused(response, story, field=None, *, revisions, message=None, kept=()):
    """A step of an existing story came back with an error on ``field``: it says so, keeps each
    text in ``kept`` as typed, and the draft still has ``revisions`` revisions."""
    assert response.status_code == 200
    errors = step_errors(response)
    if field is not None:
        assert field in errors, errors
    html = response.content.decode()
    if message is not None:
        assert message in html, html
    assert "This step was not saved" in html
    for text in kept:
        assert escape(text) in html
    assert story.revisions.count() == revisions
    return html


def start_story(client, **overrides) -> StoryPage:
    """A new story through its first step only."""
    response = post_new(client, **overrides)
    assert response.status_code == 302, response.context and step_errors(response)
    return StoryPage.objects.order_by("-pk").first()


class BrokenEmailBackend:
    """EMAIL_BACKEND = "tests.community.conftest.BrokenEmailBackend": the mail server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")

    def open(self):
        raise ConnectionRefusedError("SMTP is down")

    def close(self):
        pass
