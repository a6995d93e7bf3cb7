"""What the HTTP layer adds to the submission services: the form in steps (each at its own
address, saving its part of the draft), log-in and ownership, redirects and messages, each step
round-tripping what the member wrote, form tokens, the check page, refusing bad input at the step
with everything typed kept, and rate limits.

What a saved draft holds and what submitting does is proved in test_submission_services.py.
"""

import io
import json
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from wagtail.models import WorkflowState

from community.forms.submission import AboutStep, DeclarationsStep
from community.models import (
    DECLARATIONS,
    Consent,
    ConsentKind,
    Declaration,
    Organization,
    OrganizationMembership,
)
from stories.choices import ReviewStep
from stories.models import CustomImage, EvidenceFile, StoryPage
from stories.review import record_decision
from tests.community.conftest import (
    CLAIM_EVIDENCE_NOTE,
    CLAIM_STATEMENT,
    PDF,
    SUMMARY,
    TITLE,
    active_states,
    assert_refused,
    assert_step_refused,
    body_images,
    claims_data,
    create_story,
    create_story_with_images,
    declarations_data,
    gps_of,
    images_data,
    industry_ids,
    jpeg_with_gps,
    latest,
    one_page_pdf,
    png,
    post_new,
    post_step,
    publish,
    start_story,
    step_data,
    step_errors,
    step_url,
    story_data,
    story_url,
    submit,
)
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

STEPS = ["story", "claims", "images", "declarations"]
# A real HEIC photo starts so: an ISO media file of brand "heic" (what many iPhones take).
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def new_wording(monkeypatch, kind) -> Declaration:
    """The declaration of ``kind`` gets a new wording version; returns the old one."""
    from community import models as community_models

    old = DECLARATIONS[kind]
    monkeypatch.setitem(
        community_models.DECLARATIONS,
        kind,
        Declaration(kind=old.kind, version="2099-01", text=old.text),
    )
    return old


def html_of(response) -> str:
    return response.content.decode()


# --- Log-in and ownership ------------------------------------------------------------------------


def test_create__anonymous__redirected_to_login(client, story_index):
    for response in (
        client.get(reverse("community:story_create")),
        client.post(reverse("community:story_create"), story_data()),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    assert not StoryPage.objects.exists()


@pytest.mark.parametrize("step", [*STEPS, "check"])
def test_step__anonymous__redirected_to_login(client, member_client, member, step):
    story = create_story(member_client)
    client.logout()
    url = story_url("story_check", story) if step == "check" else step_url(step, story)
    for response in (client.get(url), client.post(url, {"title": "Dibajak"})):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    assert story.revisions.count() == 3


def test_step__unknown_story__404(member_client):
    for name in ("story_edit", "story_claims", "story_images", "story_declarations"):
        assert member_client.get(reverse(f"community:{name}", args=[999999])).status_code == 404


@pytest.mark.parametrize("step", STEPS)
def test_step__another_members_story__404_and_nothing_shown_or_changed(
    client, member_client, member, step
):
    story = create_story(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile("slip.pdf", PDF)]}
    )
    data = step_data(member, story, step)
    client.force_login(UserFactory())
    for response in (client.get(step_url(step, story)), client.post(step_url(step, story), data)):
        assert response.status_code == 404
        body = html_of(response)
        assert TITLE not in body
        assert "slip.pdf" not in body
        assert CLAIM_STATEMENT not in body
    assert story.revisions.count() == 3


def test_other_pages__another_members_story__404(client, member_client):
    story = create_story(member_client)
    client.force_login(UserFactory())
    assert client.get(story_url("story_check", story)).status_code == 404
    assert client.post(story_url("story_submit", story), {}).status_code == 404
    assert client.post(story_url("story_consent_withdraw", story)).status_code == 404
    assert not active_states(story).exists()


def test_draft__the_public_never_sees_it(client, member_client):
    story = create_story(member_client)
    client.logout()
    assert client.get(f"/stories/{story.slug}/").status_code == 404
    assert TITLE not in html_of(client.get("/stories/"))


# --- The steps: addresses, progress, buttons -----------------------------------------------------


def test_new_story__first_step__shows_step_1_of_5_and_no_links_to_later_steps(member_client):
    response = member_client.get(reverse("community:story_create"))
    html = html_of(response)
    assert "Step 1 of 5: Your story" in html
    assert 'aria-current="step"' in html
    # Nothing to revisit yet: the later steps are not links.
    assert "/claims/" not in html
    assert "/check/" not in html
    assert 'name="claims-TOTAL_FORMS"' not in html
    assert 'name="consent_to_publish"' not in html


@pytest.mark.parametrize(
    ("step", "number", "title", "previous"),
    [
        ("story", 1, "Your story", None),
        ("claims", 2, "Claims and evidence", "story"),
        ("images", 3, "Images", "claims"),
        ("declarations", 4, "Declarations", "images"),
    ],
)
def test_step__own_address_progress_and_links_to_every_step(
    member_client, step, number, title, previous
):
    story = create_story(member_client)
    html = html_of(member_client.get(step_url(step, story)))
    assert f"Step {number} of 5: {title}" in html
    assert f'action="{step_url(step, story)}"' in html
    for other in STEPS:
        if other != step:
            assert f'href="{step_url(other, story)}"' in html
    assert f'href="{story_url("story_check", story)}"' in html
    assert ('value="back"' in html) == (previous is not None)


@pytest.mark.parametrize(
    ("step", "following"),
    [("story", "claims"), ("claims", "images"), ("images", "declarations")],
)
def test_step__save_and_continue__leads_to_the_next_step(member_client, member, step, following):
    story = create_story(member_client)
    response = post_step(member_client, member, story, step)
    assert response.url == step_url(following, story)


def test_declarations__save_and_continue__leads_to_the_check(member_client, member):
    story = create_story(member_client)
    response = post_step(member_client, member, story, "declarations")
    assert response.url == story_url("story_check", story)


@pytest.mark.parametrize(("step", "before"), [("claims", "story"), ("declarations", "images")])
def test_step__back__saves_then_leads_to_the_step_before(member_client, member, step, before):
    story = create_story(member_client)
    overrides = (
        {"claims-0-statement": "Tiga puluh pelanggan tetap."}
        if step == "claims"
        else {"no_material_connection": None, "material_connection": "Saya reseller PT Kue."}
    )
    response = post_step(member_client, member, story, step, action="back", **overrides)
    assert response.url == step_url(before, story)
    assert story.revisions.count() == 4


def test_step__save_draft__stays_on_the_step_saying_it_is_private(member_client, member):
    story = create_story(member_client)
    response = post_step(member_client, member, story, "story", action="save", title="Judul baru")
    assert response.url == step_url("story", story)
    page = html_of(member_client.get(response.url))
    assert "Your draft is saved. Nobody else can see it." in page
    assert 'value="Judul baru"' in page


def test_step__revisited__shows_what_was_saved(member_client):
    story = create_story_with_images(member_client)
    assert 'value="Dari dapur rumah ke tiga puluh pelanggan"' in html_of(
        member_client.get(step_url("story", story))
    )
    assert CLAIM_STATEMENT in html_of(member_client.get(step_url("claims", story)))
    images = html_of(member_client.get(step_url("images", story)))
    assert "Current main image" in images
    assert 'value="Dapur Sari"' in images
    assert 'value="Toples nastar"' in images
    declarations = html_of(member_client.get(step_url("declarations", story)))
    assert "You agreed to publication on" in declarations
    assert 'name="no_material_connection" id="id_no_material_connection" checked' in declarations


def test_dashboard__edit_link__leads_to_the_first_step(member_client):
    story = create_story(member_client)
    html = html_of(member_client.get(reverse("community:dashboard")))
    assert f'href="{step_url("story", story)}"' in html


# --- Each step saves its part: one revision per completed step, none without a change ----------


def test_create__first_step__saves_a_private_draft_and_leads_to_the_claims(member_client, member):
    response = post_new(member_client)
    story = StoryPage.objects.get()
    assert response.url == step_url("claims", story)
    assert story.owner == member
    assert not story.live
    assert story.revisions.count() == 1
    saved = latest(story)
    assert saved.title == TITLE
    assert [industry.slug for industry in saved.industries.all()] == ["food-beverage"]
    assert list(saved.claims.all()) == []
    assert not Consent.objects.exists()


def test_create__every_step_that_changes_something__one_revision_each(member_client):
    story = create_story_with_images(member_client)
    assert story.revisions.count() == 4
    # The images step left empty changes nothing in a new story: no revision for it.
    assert create_story(member_client).revisions.count() == 3
    saved = latest(story)
    assert [claim.statement for claim in saved.claims.all()] == [CLAIM_STATEMENT]
    assert Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).active().exists()


@pytest.mark.parametrize("step", STEPS)
def test_step__saved_unchanged__no_new_revision(member_client, member, step):
    story = create_story_with_images(member_client)
    response = post_step(member_client, member, story, step)
    assert response.status_code == 302
    assert story.revisions.count() == 4


@pytest.mark.parametrize(
    ("step", "change"),
    [
        ("story", {"title": "Judul baru"}),
        ("claims", {"claims-0-statement": "Tiga puluh pelanggan tetap."}),
        ("images", {"hero_alt_text": "Sari di dapur"}),
        ("declarations", {"no_material_connection": None, "material_connection": "Saya agen."}),
    ],
)
def test_step__changed__exactly_one_new_revision(member_client, member, step, change):
    story = create_story_with_images(member_client)
    assert post_step(member_client, member, story, step, **change).status_code == 302
    assert story.revisions.count() == 5


def test_create__consent_recorded_in_the_language_the_member_saw(member_client):
    for language in ("en", "id"):
        member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        story = create_story(member_client)
        consent = Consent.objects.get(story=story, kind=ConsentKind.PUBLISH)
        assert consent.language == language
        with translation.override(language):
            assert consent.text == str(DECLARATIONS[ConsentKind.PUBLISH].text)


def test_create__same_form_token_posted_twice__one_story(member_client):
    data = story_data()
    first = member_client.post(reverse("community:story_create"), data)
    second = member_client.post(reverse("community:story_create"), data)
    story = StoryPage.objects.get()
    assert first.status_code == second.status_code == 302
    assert second.url == step_url("claims", story)
    assert story.revisions.count() == 1


def test_create__two_forms_with_their_own_tokens__two_stories(member_client):
    start_story(member_client)
    start_story(member_client)
    assert StoryPage.objects.count() == 2
    assert len(set(StoryPage.objects.values_list("slug", flat=True))) == 2


def test_later_step_of_a_new_story_refused__the_first_steps_stay_saved(member_client, member):
    story = start_story(member_client)
    response = member_client.post(
        step_url("claims", story), claims_data(**{"claims-0-statement": "x" * 1001})
    )
    assert_step_refused(response, story, "claims-0-statement", revisions=1)
    assert latest(story).title == TITLE


# --- Each step round-trips what the member wrote -----------------------------------------------


def test_story_step__shows_the_sections_as_the_member_wrote_them(member_client, member):
    background = "Baris satu\nbaris dua\n\nParagraf kedua <dengan> & tanda."
    story = create_story(member_client, section_background=background)
    form = AboutStep(member=member, story=story).form
    assert form.initial["section_background"] == background
    assert form.initial["section_actions"] == "Saya menawarkan kue ke tetangga & kantor suami."
    assert form.initial["section_challenge"] == ""
    html = html_of(member_client.get(step_url("story", story)))
    assert "Paragraf kedua &lt;dengan&gt; &amp; tanda." in html


def test_story_step__finds_sections_by_block_id_even_if_a_heading_is_reworded(
    member_client, member
):
    story = create_story(member_client)
    page = latest(story)
    raw = [dict(block) for block in page.body.raw_data]
    for block in raw:
        if block["id"] == "section-results":
            block["value"] = "Hasil usaha (diedit moderator)"
    page.body = json.dumps(raw)
    page.save_revision(user=member)
    story.refresh_from_db()
    form = AboutStep(member=member, story=story).form
    assert form.initial["section_results"] == "Sekarang rata-rata Rp 3 juta sebulan."


def test_story_step__unchanged__identical_body_claims_and_connection(member_client, member):
    story = create_story_with_images(member_client)
    before = latest(story)
    assert post_step(member_client, member, story, "story").status_code == 302
    after = latest(story)
    strip = lambda body: [(b["type"], b["value"]) for b in body.raw_data]  # noqa: E731
    assert strip(after.body) == strip(before.body)
    assert [(c.key, c.statement) for c in after.claims.all()] == [
        (c.key, c.statement) for c in before.claims.all()
    ]
    assert after.material_connection == before.material_connection


def test_story_step__changed_text__keeps_the_images_claims_and_declarations(member_client, member):
    story = create_story_with_images(member_client)
    images, hero = body_images(story), latest(story).hero_image_id
    response = post_step(member_client, member, story, "story", section_results="Naik dua kali.")
    assert response.status_code == 302
    saved = latest(story)
    assert "Naik dua kali." in str(saved.body.raw_data)
    assert body_images(story) == images
    assert saved.hero_image_id == hero
    assert [c.statement for c in saved.claims.all()] == [CLAIM_STATEMENT]
    assert Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).active().exists()


def test_images_step__remove_boxes_ticked__images_removed(member_client, member):
    story = create_story_with_images(member_client)
    response = post_step(
        member_client,
        member,
        story,
        "images",
        remove_hero_image="on",
        **{"images-0-DELETE": "on"},
    )
    assert response.status_code == 302
    assert body_images(story) == []
    assert latest(story).hero_image is None


def test_claims_step__changed_statement__keeps_its_key_and_its_evidence(member_client, member):
    story = create_story(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile("a.pdf", PDF)]}
    )
    key = latest(story).claims.get().key
    response = post_step(
        member_client,
        member,
        story,
        "claims",
        **{"claims-0-statement": "Rata-rata Rp 2,5 juta per bulan."},
    )
    assert response.status_code == 302
    claim = latest(story).claims.get()
    assert (claim.key, claim.statement) == (key, "Rata-rata Rp 2,5 juta per bulan.")
    assert EvidenceFile.objects.get(story=story).claim_key == key


def test_claims_step__file_ticked_for_removal__removed(member_client, member):
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    story = create_story(member_client, **{"claims-0-evidence_files": files})
    doomed = EvidenceFile.objects.get(story=story, original_name="a.pdf")
    response = post_step(
        member_client, member, story, "claims", **{"claims-0-remove_files": [str(doomed.pk)]}
    )
    assert response.status_code == 302
    assert list(
        EvidenceFile.objects.filter(story=story).values_list("original_name", flat=True)
    ) == ["b.pdf"]
    assert story.revisions.count() == 4


def test_claims_step__save_and_add_another__a_new_empty_claim_appears(member_client, member):
    story = create_story(member_client)
    response = post_step(
        member_client,
        member,
        story,
        "claims",
        action="save",
        **{"claims-1-kind": "time", "claims-1-statement": "Empat jam sehari."},
    )
    assert response.url == step_url("claims", story)
    html = html_of(member_client.get(response.url))
    assert "Empat jam sehari." in html
    assert 'name="claims-2-statement"' in html
    assert [c.statement for c in latest(story).claims.all()] == [
        CLAIM_STATEMENT,
        "Empat jam sehari.",
    ]


def test_claims_step__no_claim_at_all__accepted(member_client, member):
    story = start_story(member_client)
    response = member_client.post(
        step_url("claims", story),
        claims_data(**{"claims-0-statement": "", "claims-0-evidence_note": ""}),
    )
    assert response.url == step_url("images", story)
    assert list(latest(story).claims.all()) == []


def test_published_story__a_step_saved__the_public_page_stays(member_client, member, client):
    story = publish(create_story(member_client))
    response = post_step(member_client, member, story, "story", title="Judul baru")
    assert response.status_code == 302
    public = html_of(client.get(story.url))
    assert TITLE in public
    assert "Judul baru" not in public


@pytest.mark.parametrize("step", STEPS)
def test_step__in_review__no_form_and_a_post_refused_with_409_keeping_the_text(
    member_client, member, step
):
    story = create_story(member_client)
    data = step_data(member, story, step)
    submit(member_client, story)
    response = member_client.get(step_url(step, story))
    assert "A moderator is checking this story" in html_of(response)
    assert "step" not in response.context
    # The page the member had open still posts: the change is refused and nothing is lost.
    typed = "Diubah saat direview"
    field = {
        "story": "title",
        "claims": "claims-0-statement",
        "images": "hero_alt_text",
        "declarations": "material_connection",
    }[step]
    data[field] = typed
    response = member_client.post(step_url(step, story), data)
    assert response.status_code == 409
    assert typed in html_of(response)
    assert story.revisions.count() == 3


# --- Required and optional, as the form says --------------------------------------------------------


MARKER = re.compile(r'<(?:label|legend)[^>]*>([^<]*)<span class="field__marker">\(([^)]*)\)</span>')


def markers(html) -> dict[str, list[str]]:
    """Each label's marker, by the label's text (a label may repeat: one marker per occurrence)."""
    found: dict[str, list[str]] = {}
    for label, marker in MARKER.findall(html):
        found.setdefault(label.strip(), []).append(marker)
    return found


@pytest.mark.parametrize("step", STEPS)
def test_markers__every_field_shows_the_marker_its_own_required_gives(member_client, step):
    """Required, optional, or required in a named case: the field says, the template shows it."""
    story = create_story_with_images(member_client)
    response = member_client.get(step_url(step, story))
    html = html_of(response)
    checked = 0
    for form in response.context["step"].forms:
        rows = form.forms if hasattr(form, "management_form") else [form]
        for row in rows:
            for field in row:
                shown = f'id="{field.auto_id}"' in html or f'id="{field.auto_id}_0"' in html
                if field.is_hidden or field.widget_type == "checkbox" or not shown:
                    continue
                if field.field.required:
                    marker = "required"
                else:
                    marker = str(getattr(field.field, "required_when", "") or "optional")
                text = (
                    f'{escape(field.label)} <span class="field__marker">({escape(marker)})</span>'
                )
                if field.use_fieldset:
                    assert f"<legend>{text}</legend>" in html, field.html_name
                else:
                    assert f'<label for="{field.id_for_label}">{text}</label>' in html, (
                        field.html_name
                    )
                checked += 1
    assert checked >= 1


def test_markers__the_optional_new_claim_is_not_marked_required(member_client):
    story = create_story(member_client)
    html = html_of(member_client.get(step_url("claims", story)))
    found = markers(html)
    # The saved claim needs its statement; the empty row for another claim is optional.
    assert found["Claim"] == ["required", "required if you add this claim"]
    assert "Another claim" in found and found["Another claim"] == ["optional"]
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = html_of(member_client.get(step_url("claims", story)))
    optional_row = html[html.index('id="claim-2"') :]
    assert "(wajib)" not in optional_row


def test_markers__required_sections_and_optional_ones(member_client):
    found = markers(html_of(member_client.get(reverse("community:story_create"))))
    assert found["Title"] == ["required"]
    assert found["Background"] == ["required"]
    assert found["The challenge"] == ["optional"]
    assert found["Product or service"] == ["optional"]
    assert found["Industries"] == ["required"]


def test_markers__consent_required_until_given(member_client, member):
    story = start_story(member_client)
    html = html_of(member_client.get(step_url("declarations", story)))
    consent = str(DECLARATIONS[ConsentKind.PUBLISH].text)
    assert re.search(
        re.escape(escape(consent)) + r' <span class="field__marker">\(required\)', html
    )
    assert (
        markers(html)["Your connection to the company"][0]
        == "required unless you tick below that you have none"
    )


# --- Claims: limits and errors at the step, nothing typed lost ----------------------------------


def test_claims_step__evidence_with_no_statement__refused_keeping_the_note(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("claims", story),
        claims_data(
            **{
                "claims-0-statement": "",
                "claims-0-evidence_files": [SimpleUploadedFile("a.pdf", PDF)],
            }
        ),
    )
    assert_step_refused(
        response,
        story,
        "claims-0-statement",
        revisions=1,
        message="Write the claim, or clear this row to add no claim.",
        kept=[CLAIM_EVIDENCE_NOTE],
    )
    assert "choose them again" in html_of(response)
    assert not EvidenceFile.objects.exists()


def test_claims_step__oversized_evidence_file(member_client, monkeypatch):
    story = start_story(member_client)
    monkeypatch.setattr("community.uploads.EVIDENCE_MAX_BYTES", 1024)
    response = member_client.post(
        step_url("claims", story),
        claims_data(
            **{"claims-0-evidence_files": [SimpleUploadedFile("besar.pdf", PDF + b"0" * 2000)]}
        ),
    )
    assert_step_refused(
        response,
        story,
        "claims-0-evidence_files",
        revisions=1,
        message="besar.pdf is larger than",
        kept=[CLAIM_STATEMENT],
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("bukti.html", b"<!doctype html><script>alert(1)</script>"),
        ("bukti.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ],
)
def test_claims_step__executable_or_html_evidence(member_client, name, content):
    story = start_story(member_client)
    response = member_client.post(
        step_url("claims", story),
        claims_data(**{"claims-0-evidence_files": [SimpleUploadedFile(name, content)]}),
    )
    assert_step_refused(
        response,
        story,
        "claims-0-evidence_files",
        revisions=1,
        message="cannot be used as evidence",
        kept=[CLAIM_STATEMENT],
    )
    assert not EvidenceFile.objects.exists()


def test_claims_step__pdf_with_a_script__refused_with_what_to_do(member_client):
    story = start_story(member_client)
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('Selamat!');"),
        }
    )
    files = [
        SimpleUploadedFile("rekening.pdf", PDF),
        SimpleUploadedFile("slip-gaji.pdf", one_page_pdf(open_action=script)),
    ]
    response = member_client.post(
        step_url("claims", story), claims_data(**{"claims-0-evidence_files": files})
    )
    html = assert_step_refused(
        response,
        story,
        "claims-0-evidence_files",
        revisions=1,
        message="slip-gaji.pdf contains scripts",
        kept=[CLAIM_STATEMENT, CLAIM_EVIDENCE_NOTE],
    )
    [error] = step_errors(response)["claims-0-evidence_files"].as_data()
    assert error.code == "pdf_active_content"
    assert "save it again without forms or scripts" in html
    assert not EvidenceFile.objects.exists()


def test_claims_step__six_evidence_files_on_one_claim(member_client):
    story = start_story(member_client)
    files = [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(6)]
    response = member_client.post(
        step_url("claims", story), claims_data(**{"claims-0-evidence_files": files})
    )
    assert_step_refused(
        response, story, "claims-0-evidence_files", revisions=1, kept=[CLAIM_STATEMENT]
    )


def test_claims_step__more_than_twenty_evidence_files_per_story(member_client):
    story = start_story(member_client)
    claims = {"claims-TOTAL_FORMS": "5"}
    for i in range(5):
        claims.update(
            {
                f"claims-{i}-kind": "other",
                f"claims-{i}-statement": f"Klaim {i}",
                f"claims-{i}-evidence_files": [
                    SimpleUploadedFile(f"{i}-{j}.pdf", PDF) for j in range(5)
                ],
            }
        )
    response = member_client.post(step_url("claims", story), claims_data(**claims))
    assert_step_refused(
        response,
        story,
        "__all__",
        revisions=1,
        message="at most 20 evidence files",
        kept=["Klaim 4"],
    )
    assert not EvidenceFile.objects.exists()


def test_claims_step__too_many_claims(member_client):
    story = start_story(member_client)
    claims = {"claims-TOTAL_FORMS": "11"}
    for i in range(11):
        claims.update({f"claims-{i}-kind": "other", f"claims-{i}-statement": f"Klaim {i}"})
    response = member_client.post(step_url("claims", story), claims_data(**claims))
    assert_step_refused(response, story, "__all__", revisions=1, message="at most 10 claims")


@pytest.mark.parametrize(
    "counts",
    [
        {"claims-TOTAL_FORMS": "-5"},
        {"claims-TOTAL_FORMS": "100000"},
        {"claims-TOTAL_FORMS": "abc"},
        {"claims-INITIAL_FORMS": "-3"},
        {"claims-TOTAL_FORMS": None, "claims-INITIAL_FORMS": None},
    ],
)
def test_claims_step__tampered_or_missing_management_form__never_a_500(member_client, counts):
    story = start_story(member_client)
    response = member_client.post(step_url("claims", story), claims_data(**counts))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        # No browser sends this: the step says so and saves nothing.
        assert_step_refused(response, story, "__all__", revisions=1)


def test_claims_step__missing_management_form__refused_with_a_message(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("claims", story),
        claims_data(**{"claims-TOTAL_FORMS": None, "claims-INITIAL_FORMS": None}),
    )
    assert_step_refused(response, story, "__all__", revisions=1, message="arrived incomplete")


def test_claims_step__tampered_claim_key_of_another_story__treated_as_new(member_client, member):
    other = create_story(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile("x.pdf", PDF)]}
    )
    other_key = latest(other).claims.get().key
    story = create_story(member_client)
    response = post_step(member_client, member, story, "claims", **{"claims-0-key": str(other_key)})
    assert response.status_code == 302
    assert latest(story).claims.get().key != other_key
    assert EvidenceFile.objects.get().story == other


def test_claims_step__edit_refused__earlier_evidence_stays_attached(member_client, member):
    story = create_story(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile("lama.pdf", PDF)]}
    )
    response = post_step(
        member_client,
        member,
        story,
        "claims",
        **{
            "claims-0-evidence_note": "Catatan baru yang diketik anggota.",
            "claims-0-evidence_files": [SimpleUploadedFile("baru.exe", b"MZ\x90\x00")],
        },
    )
    html = assert_step_refused(
        response,
        story,
        "claims-0-evidence_files",
        revisions=3,
        kept=["Catatan baru yang diketik anggota."],
    )
    assert "lama.pdf" in html
    assert "choose them again" in html
    assert list(EvidenceFile.objects.values_list("original_name", flat=True)) == ["lama.pdf"]


# --- Images ------------------------------------------------------------------------------------


def test_images_step__gallery_friendly_input_with_a_preview_script(member_client):
    story = start_story(member_client)
    html = html_of(member_client.get(step_url("images", story)))
    inputs = re.findall(r'<input type="file"[^>]*>', html)
    assert inputs
    for tag in inputs:
        assert 'accept="image/*"' in tag
        assert "capture" not in tag
        assert "data-image-preview" in tag
    assert re.search(r'<script src="/static/js/image-preview\.js[^"]*" defer></script>', html)
    assert "<script>" not in html


def test_images_step__uploaded_hero_and_body_image__saved_without_location_data(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("images", story),
        images_data(
            hero_image=SimpleUploadedFile("dapur.jpg", jpeg_with_gps()),
            hero_alt_text="Sari mengemas nastar di dapur",
            **{
                "images-TOTAL_FORMS": "1",
                "images-0-file": SimpleUploadedFile("toples.png", png()),
                "images-0-alt_text": "Toples nastar di meja",
                "images-0-caption": "Satu toples berisi 40 kue",
                "images-0-section": "results",
            },
        ),
    )
    assert response.url == step_url("declarations", story)
    saved = latest(story)
    assert saved.hero_image.alt_text == "Sari mengemas nastar di dapur"
    assert gps_of(saved.hero_image.file) == {}
    [(image_id, caption)] = body_images(story)
    assert CustomImage.objects.get(pk=image_id).alt_text == "Toples nastar di meja"
    assert caption == "Satu toples berisi 40 kue"
    assert story.revisions.count() == 2


def test_images_step__revisited__shows_the_current_images(member_client):
    story = create_story_with_images(member_client)
    response = member_client.get(step_url("images", story))
    html = html_of(response)
    hero = latest(story).hero_image
    assert hero.get_rendition("fill-480x320").url in html
    assert "Current main image" in html
    assert "Current image" in html
    assert 'name="remove_hero_image"' in html


def test_images_step__heic_photo__refused_with_what_to_do_and_the_text_kept(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("images", story),
        images_data(
            hero_image=SimpleUploadedFile("IMG_0042.HEIC", HEIC, "image/heic"),
            hero_alt_text="Sari di pasar",
        ),
    )
    html = assert_step_refused(
        response,
        story,
        "hero_image",
        revisions=1,
        message="IMG_0042.HEIC is a HEIC or HEIF photo",
        kept=["Sari di pasar"],
    )
    [error] = step_errors(response)["hero_image"].as_data()
    assert error.code == "heif"
    assert "Save or export it as a JPEG or PNG" in html
    assert not CustomImage.objects.exists()


def test_images_step__heic_body_image__refused(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("images", story),
        images_data(
            **{
                "images-TOTAL_FORMS": "1",
                "images-0-file": SimpleUploadedFile("foto.heic", HEIC),
                "images-0-alt_text": "Toples",
                "images-0-section": "results",
            }
        ),
    )
    assert_step_refused(
        response, story, "images-0-file", revisions=1, message="HEIC or HEIF", kept=["Toples"]
    )


def test_images_step__not_an_image_but_named_jpg(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("images", story),
        images_data(
            hero_image=SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a picture", "image/jpeg"),
            hero_alt_text="Foto",
        ),
    )
    html = assert_step_refused(
        response,
        story,
        "hero_image",
        revisions=1,
        message="foto.jpg is not a JPEG, PNG or WebP image",
        kept=["Foto"],
    )
    assert "choose them again" in html


def test_images_step__decompression_bomb(member_client):
    story = start_story(member_client)
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")
    response = member_client.post(
        step_url("images", story),
        images_data(hero_image=SimpleUploadedFile("bom.png", bomb.getvalue()), hero_alt_text="Bom"),
    )
    assert_step_refused(
        response, story, "hero_image", revisions=1, message="has too many pixels", kept=["Bom"]
    )


def test_images_step__oversized_image(member_client, monkeypatch):
    story = start_story(member_client)
    monkeypatch.setattr("community.uploads.IMAGE_MAX_BYTES", 1024)
    response = member_client.post(
        step_url("images", story),
        images_data(
            hero_image=SimpleUploadedFile("besar.jpg", jpeg_with_gps() + b"0" * 2000),
            hero_alt_text="Besar",
        ),
    )
    assert_step_refused(
        response, story, "hero_image", revisions=1, message="besar.jpg is larger than"
    )


def test_images_step__image_without_alt_text(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("images", story), images_data(hero_image=SimpleUploadedFile("a.png", png()))
    )
    assert_step_refused(
        response,
        story,
        "hero_alt_text",
        revisions=1,
        message="Describe the main image for people who cannot see it.",
    )


def test_images_step__body_image_row_with_text_but_no_file(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("images", story),
        images_data(
            **{
                "images-TOTAL_FORMS": "1",
                "images-0-alt_text": "Toples di meja",
                "images-0-section": "results",
            }
        ),
    )
    assert_step_refused(
        response,
        story,
        "images-0-file",
        revisions=1,
        message="Choose an image file, or leave this image empty.",
        kept=["Toples di meja"],
    )


def test_images_step__tampered_image_id__ignored_and_the_row_refused(member_client, member):
    story = create_story(member_client)
    response = post_step(
        member_client,
        member,
        story,
        "images",
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image_id": "424242",
            "images-0-alt_text": "x",
            "images-0-section": "results",
        },
    )
    assert_step_refused(response, story, "images-0-file", revisions=3)


def test_images_step__five_body_images__refused(member_client):
    story = start_story(member_client)
    rows = {"images-TOTAL_FORMS": "5"}
    for i in range(5):
        rows.update(
            {
                f"images-{i}-file": SimpleUploadedFile(f"{i}.png", png()),
                f"images-{i}-alt_text": f"Foto {i}",
                f"images-{i}-section": "results",
            }
        )
    response = member_client.post(step_url("images", story), images_data(**rows))
    assert_step_refused(response, story, "__all__", revisions=1, message="at most 4 images")
    assert not CustomImage.objects.exists()


@pytest.mark.parametrize(
    "counts",
    [
        {"images-TOTAL_FORMS": "9999999999999999999999"},
        {"images-TOTAL_FORMS": None, "images-INITIAL_FORMS": None},
    ],
)
def test_images_step__tampered_management_form__never_a_500(member_client, counts):
    story = start_story(member_client)
    response = member_client.post(
        step_url("images", story), images_data(hero_alt_text="Keterangan", **counts)
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Keterangan" in html_of(response)


# --- Declarations ------------------------------------------------------------------------------


def test_declarations_step__no_consent__refused_keeping_the_connection_text(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("declarations", story),
        declarations_data(
            consent_to_publish=None, no_material_connection=None, material_connection="Saya agen."
        ),
    )
    assert_step_refused(
        response,
        story,
        "consent_to_publish",
        revisions=1,
        message="only be sent for review if you agree to its publication",
        kept=["Saya agen."],
    )
    assert not Consent.objects.exists()


def test_declarations_step__neither_connection_nor_declaration(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("declarations", story), declarations_data(no_material_connection=None)
    )
    assert_step_refused(
        response,
        story,
        "material_connection",
        revisions=1,
        message="Describe your connection to the company",
    )


def test_declarations_step__connection_described_and_declared_none(member_client):
    story = start_story(member_client)
    response = member_client.post(
        step_url("declarations", story), declarations_data(material_connection="Saya reseller.")
    )
    assert_step_refused(
        response, story, "material_connection", revisions=1, kept=["Saya reseller."]
    )


def test_consent__already_given__not_asked_again(member_client, member):
    story = create_story(member_client)
    data = step_data(member, story, "declarations")
    assert "consent_to_publish" not in data
    response = member_client.post(step_url("declarations", story), data)
    assert response.status_code == 302
    assert Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).count() == 1


def test_consent__new_wording_version__must_be_agreed_again(member_client, member, monkeypatch):
    story = create_story(member_client)
    new_wording(monkeypatch, ConsentKind.PUBLISH)
    response = submit(member_client, story)
    assert response.url == step_url("declarations", story)
    assert not active_states(story).exists()

    page = html_of(member_client.get(step_url("declarations", story)))
    assert "agree to the current declarations" in page
    assert "The consent wording has changed" in page
    data = step_data(member, story, "declarations")
    response = member_client.post(step_url("declarations", story), data)
    assert "consent_to_publish" in step_errors(response)

    data.update(consent_to_publish="on", consent_version="2099-01")
    assert member_client.post(step_url("declarations", story), data).status_code == 302
    assert submit(member_client, story).status_code == 302
    assert active_states(story).exists()


def test_consent__form_rendered_with_old_wording__refused_after_the_wording_changed(
    member_client, monkeypatch
):
    story = start_story(member_client)
    old = new_wording(monkeypatch, ConsentKind.PUBLISH)
    response = member_client.post(
        step_url("declarations", story), declarations_data(consent_version=old.version)
    )
    assert_step_refused(response, story, "consent_to_publish", revisions=1)
    assert not Consent.objects.filter(kind=ConsentKind.PUBLISH).exists()


def test_no_connection__new_wording__ticked_box_cleared_until_confirmed(
    member_client, member, monkeypatch
):
    story = create_story(member_client)
    new_wording(monkeypatch, ConsentKind.NO_CONNECTION)
    form = DeclarationsStep(member=member, story=story).form
    assert form.initial["no_material_connection"] is False
    assert form.initial["material_connection"] == ""
    assert form.no_connection_outdated
    response = submit(member_client, story)
    assert not active_states(story).exists()
    assert response.url == step_url("declarations", story)


def test_no_connection__replaced_by_a_described_connection__the_step_shows_it(
    member_client, member
):
    story = create_story(member_client)
    response = post_step(
        member_client,
        member,
        story,
        "declarations",
        material_connection="Saya downline PT Kue.",
        no_material_connection=None,
    )
    assert response.status_code == 302
    assert not Consent.objects.filter(story=story, kind=ConsentKind.NO_CONNECTION).active().exists()
    story.refresh_from_db()
    form = DeclarationsStep(member=member, story=story).form
    assert form.initial["material_connection"] == "Saya downline PT Kue."
    assert form.initial["no_material_connection"] is False


def test_consent_withdraw__published_story__off_the_site(member_client, client):
    story = publish(create_story(member_client))
    assert client.get(story.url).status_code == 200
    response = member_client.post(story_url("story_consent_withdraw", story), follow=True)
    assert response.redirect_chain[-1][0] == step_url("story", story)
    assert "You withdrew your consent" in html_of(response)
    assert client.get(f"/stories/{story.slug}/").status_code == 404


def test_consent_withdraw__the_declarations_step_offers_it(member_client):
    story = create_story(member_client)
    html = html_of(member_client.get(step_url("declarations", story)))
    assert f'action="{story_url("story_consent_withdraw", story)}"' in html


def test_consent_withdraw__in_review__resubmitting_asks_for_consent_again(member_client, member):
    story = create_story(member_client)
    submit(member_client, story)
    member_client.post(story_url("story_consent_withdraw", story))
    assert not active_states(story).exists()
    response = submit(member_client, story)
    assert response.url == step_url("declarations", story)
    assert not active_states(story).exists()
    data = step_data(member, story, "declarations")
    response = member_client.post(step_url("declarations", story), data)
    assert "consent_to_publish" in step_errors(response)
    data.update(consent_to_publish="on")
    assert member_client.post(step_url("declarations", story), data).status_code == 302
    assert submit(member_client, story).status_code == 302
    assert active_states(story).exists()


def test_consent_withdraw__get__not_allowed(member_client):
    story = create_story(member_client)
    assert member_client.get(story_url("story_consent_withdraw", story)).status_code == 405


# --- The check page (the last step) ---------------------------------------------------------------


def test_check__step_5_of_5_with_a_way_back_to_the_declarations(member_client):
    story = create_story(member_client)
    html = html_of(member_client.get(story_url("story_check", story)))
    assert "Step 5 of 5: Check and submit" in html
    assert f'href="{step_url("declarations", story)}"' in html


def test_check__lists_each_flag_with_severity_match_explanation_and_guide(member_client):
    story = create_story(member_client, section_results="Bisnis ini pasti untung setiap bulan.")
    response = member_client.get(story_url("story_check", story))
    html = html_of(response)
    flags = [found.flag for part in response.context["parts"] for found in part.flags]
    guaranteed = next(flag for flag in flags if flag.code == "guaranteed_income")
    assert guaranteed.severity == "high"
    assert "<mark>pasti untung</mark>" in html
    assert "High risk" in html
    assert guaranteed.explanation in html
    assert f'href="{guaranteed.guide_url}"' in html
    assert "Submit for review" in html


def test_check__scans_claims_too(member_client):
    story = create_story(
        member_client, **{"claims-0-statement": "Dijamin balik modal dalam sebulan."}
    )
    response = member_client.get(story_url("story_check", story))
    codes = {found.flag.code for part in response.context["parts"] for found in part.flags}
    assert "guaranteed_income" in codes


def test_check__clean_story__says_no_red_flags(member_client):
    story = create_story(
        member_client,
        section_results="Pelanggan tetap bertambah menjadi tiga puluh orang.",
        **{"claims-0-statement": "Tiga puluh pelanggan tetap."},
    )
    response = member_client.get(story_url("story_check", story))
    assert response.context["flag_count"] == 0
    assert "No red flags found" in html_of(response)


def test_check__declarations_not_made__no_submit_button_and_a_link_to_them(member_client):
    story = start_story(member_client)
    html = html_of(member_client.get(story_url("story_check", story)))
    assert "Submit for review" not in html
    assert "make the declarations and agree to its publication" in html
    assert f'href="{step_url("declarations", story)}"' in html


# --- Submitting ----------------------------------------------------------------------------------


def test_submit__sent__the_story_says_it_is_in_review(member_client):
    story = create_story(member_client)
    response = submit(member_client, story)
    assert response.url == step_url("story", story)
    assert active_states(story).get().status == WorkflowState.STATUS_IN_PROGRESS
    page = html_of(member_client.get(response.url))
    assert "Your story was sent for review" in page


def test_submit__without_the_declarations__sent_to_them(member_client):
    story = start_story(member_client)
    response = submit(member_client, story)
    assert response.url == step_url("declarations", story)
    assert not active_states(story).exists()


def test_submit__posted_twice__one_workflow_state(member_client):
    story = create_story(member_client)
    submit(member_client, story)
    response = submit(member_client, story)
    assert response.status_code == 302
    assert WorkflowState.objects.for_instance(story).count() == 1


def test_submit__stale_check__sends_the_member_back_to_the_check(member_client):
    story = create_story(member_client)
    response = member_client.post(story_url("story_submit", story), {"revision": "0"})
    assert response.url == story_url("story_check", story)
    assert not active_states(story).exists()


def test_submit__get__not_allowed(member_client):
    story = create_story(member_client)
    assert member_client.get(story_url("story_submit", story)).status_code == 405


def test_submit__published_and_unchanged__back_to_the_check_saying_nothing_to_review(
    member_client,
):
    story = publish(create_story(member_client))
    response = submit(member_client, story)
    assert response.url == story_url("story_check", story)
    assert not active_states(story).exists()
    assert "there is nothing to review" in html_of(member_client.get(response.url))


def test_changes_requested__every_step_shows_the_moderators_comment(member_client, member):
    story = create_story(member_client)
    submit(member_client, story)
    story.refresh_from_db()
    task_state = story.current_workflow_state.current_task_state
    moderator = ModeratorFactory()
    record_decision(
        task_state=task_state,
        user=moderator,
        action_name="reject",
        step=ReviewStep.TRANSPARENCY,
        reason="income_without_evidence",
        comment="Lampirkan rekening koran.",
    )
    task_state.reject(user=moderator)
    for step in STEPS:
        html = html_of(member_client.get(step_url(step, story)))
        assert "A moderator asked for changes" in html, step
        assert "Lampirkan rekening koran." in html, step
    # The story sent back goes through the same steps: a step saves, the check submits again.
    response = post_step(
        member_client, member, story, "claims", **{"claims-0-evidence_note": "Rekening koran"}
    )
    assert response.url == step_url("images", story)
    assert submit(member_client, story).status_code == 302
    assert active_states(story).get().status == WorkflowState.STATUS_IN_PROGRESS


# --- Bad input on the first step: clear messages, the typed text kept, nothing half-saved --------


def test_bad__title_of_201_characters(member_client):
    response = post_new(member_client, title="a" * 201)
    html = assert_refused(response, "title")
    error = step_errors(response)["title"][0]
    assert "200" in error
    assert escape(error) in html


def test_bad__summary_of_501_characters(member_client):
    assert_refused(post_new(member_client, summary=SUMMARY + "x" * 470), "summary")


def test_bad__section_of_4001_characters(member_client):
    assert_refused(post_new(member_client, section_results="x" * 4001), "section_results")


def test_bad__required_section_missing(member_client):
    assert_refused(post_new(member_client, section_actions=""), "section_actions")


def test_bad__no_industry(member_client):
    assert_refused(
        post_new(member_client, industries=[]),
        "industries",
        message="Choose at least one industry.",
    )


def test_bad__four_industries(member_client):
    four = industry_ids("food-beverage", "technology", "home-living", "crafts-creative")
    assert_refused(
        post_new(member_client, industries=four),
        "industries",
        message="Choose at most 3 industries.",
    )


@pytest.mark.parametrize("value", ["999999", "abc", "1\x00", "-1", "9" * 40, "1.5", " "])
def test_bad__unknown_industry(member_client, value):
    assert_refused(post_new(member_client, industries=[value]), "industries")


@pytest.mark.parametrize("value", ["999999", "abc", "9" * 40, "\x00"])
def test_bad__unknown_organisation(member_client, value):
    assert_refused(post_new(member_client, organization=value), "organization")


def test_bad__nul_bytes(member_client):
    assert_refused(post_new(member_client, title="Judul\x00jahat"), "title")


def test_bad__huge_strings_everywhere(member_client):
    huge = "z" * 100_000
    response = post_new(
        member_client,
        title=huge,
        subject_name=huge,
        organization_name=huge,
        product_or_service=huge,
    )
    assert_refused(response, "title")


@pytest.mark.parametrize("value", ["other-thing", "", "\x00"])
def test_bad__unknown_choice_values(member_client, value):
    assert_refused(post_new(member_client, subject_kind=value, language=value), "subject_kind")


def test_bad__garbage_post__never_a_500(member_client):
    response = member_client.post(
        reverse("community:story_create"), {"title": ["a", "b"], "industries": "x" * 5000}
    )
    assert response.status_code == 200
    assert not StoryPage.objects.exists()


def test_bad__existing_story_step_refused__the_draft_is_unchanged(member_client, member):
    story = create_story(member_client)
    response = post_step(
        member_client,
        member,
        story,
        "story",
        title="x" * 201,
        section_results="Teks baru yang diketik anggota.",
    )
    assert_step_refused(
        response, story, "title", revisions=3, kept=["Teks baru yang diketik anggota."]
    )
    assert latest(story).title == TITLE


# --- Organisation stories, as the form presents them ---------------------------------------------


def test_create__organisation_the_member_represents__chosen_in_the_form(member_client, member):
    organization = Organization.objects.create(name="CV Dapur Sari")
    OrganizationMembership.objects.create(user=member, organization=organization)
    page = html_of(member_client.get(reverse("community:story_create")))
    assert "CV Dapur Sari" in page
    story = start_story(member_client, organization=str(organization.pk))
    assert latest(story).organization == organization


def test_create__organisation_the_member_does_not_represent__refused_in_the_form(member_client):
    organization = Organization.objects.create(name="PT Orang Lain")
    response = post_new(member_client, organization=str(organization.pk))
    assert "organization" in step_errors(response)
    assert not StoryPage.objects.exists()


def test_organisation_story__registered_organisation_of_someone_else__is_refused(
    member_client, member
):
    Organization.objects.create(name="Best Corporation", verified=True)
    response = post_new(
        member_client, subject_kind="organization", organization_name="best corporation"
    )
    assert response.status_code == 200
    assert "Only its representatives" in html_of(response)
    assert not StoryPage.objects.filter(owner=member).exists()


# --- Rate limits: refused at the step, with what was typed ---------------------------------------


def _limits(settings, **rates):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **rates}


def test_save__over_the_limit_per_member__refused_at_the_step_keeping_everything(
    member_client, member, settings
):
    story = create_story(member_client)
    _limits(settings, story_save="1/h/user,300/h/ip")
    post_step(member_client, member, story, "story")

    typed = "Bulan ini kami membuka cabang kedua di Batu."
    response = post_step(member_client, member, story, "story", section_results=typed)
    html = assert_step_refused(
        response,
        story,
        "__all__",
        revisions=3,
        message="You saved very often in the last hour",
        kept=[typed],
    )
    assert typed not in str(latest(story).body)
    assert html


def test_save__over_the_limit_per_address__a_new_story_is_refused_in_the_form(
    client, story_index, settings
):
    _limits(settings, story_save="60/h/user,2/h/ip")
    for _ in range(2):
        client.force_login(UserFactory())
        start_story(client)

    client.force_login(UserFactory())
    response = post_new(client, title="Warung Bu Tini")
    assert response.status_code == 200
    assert "You saved very often in the last hour" in html_of(response)
    assert 'value="Warung Bu Tini"' in html_of(response)
    assert StoryPage.objects.count() == 2


def test_submit__over_the_limit_per_member__not_sent_and_the_check_page_says_so(
    member_client, settings
):
    _limits(settings, story_submit="1/h/user,50/h/ip")
    submit(member_client, create_story(member_client))
    second = create_story(member_client, title="Kisah kedua")

    response = submit(member_client, second)
    assert response.url == story_url("story_check", second)
    assert not active_states(second).exists()
    page = html_of(member_client.get(response.url))
    assert "You sent stories for review very often in the last hour" in page
