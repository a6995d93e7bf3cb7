"""What the HTTP layer adds to the submission services: log-in and ownership, redirects and
messages, the form round-tripping what the member wrote, form tokens, the check page, refusing bad
input in the form with everything typed kept, and rate limits.

What a saved draft holds and what submitting does is proved in test_submission_services.py.
"""

import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from wagtail.models import WorkflowState

from community.forms.submission import StorySubmission
from community.models import (
    DECLARATIONS,
    Consent,
    ConsentKind,
    Declaration,
    Organization,
    OrganizationMembership,
)
from stories.models import CustomImage, EvidenceFile, StoryPage
from tests.community.conftest import (
    CLAIM_STATEMENT,
    PDF,
    TITLE,
    active_states,
    assert_refused,
    assert_refused_claims,
    body_images,
    create_story,
    create_story_with_images,
    edit_data,
    gps_of,
    industry_ids,
    jpeg_with_gps,
    latest,
    one_page_pdf,
    png,
    post_new,
    publish,
    story_data,
    story_url,
    submit,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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


# --- Log-in and ownership ------------------------------------------------------------------------


def test_create__anonymous__redirected_to_login(client, story_index):
    for response in (
        client.get(reverse("community:story_create")),
        client.post(reverse("community:story_create"), story_data()),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    assert not StoryPage.objects.exists()


def test_edit__anonymous__redirected_to_login(client, member_client):
    story = create_story(member_client)
    client.logout()
    response = client.get(story_url("story_edit", story))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_edit__unknown_story__404(member_client):
    assert member_client.get(reverse("community:story_edit", args=[999999])).status_code == 404


def test_edit__another_members_story__404_everywhere(client, member_client, member):
    story = create_story(member_client)
    client.force_login(UserFactory())
    assert client.get(story_url("story_edit", story)).status_code == 404
    assert client.post(story_url("story_edit", story), edit_data(member, story)).status_code == 404
    assert client.get(story_url("story_check", story)).status_code == 404
    assert client.post(story_url("story_submit", story), {}).status_code == 404
    assert client.post(story_url("story_consent_withdraw", story)).status_code == 404
    assert story.revisions.count() == 1
    assert not active_states(story).exists()


# --- Creating: what the form sends, redirects and messages, form tokens --------------------------


def test_create__saves_what_the_member_typed_as_their_unpublished_draft(member_client, member):
    story = create_story(member_client)
    assert story.owner == member
    assert not story.live
    assert story.latest_revision is not None
    saved = latest(story)
    assert saved.title == TITLE
    assert [industry.slug for industry in saved.industries.all()] == ["food-beverage"]
    assert [claim.statement for claim in saved.claims.all()] == [CLAIM_STATEMENT]


def test_create__redirects_to_the_edit_page_with_a_saved_message(member_client):
    response = member_client.post(reverse("community:story_create"), story_data(), follow=True)
    story = StoryPage.objects.get()
    assert response.redirect_chain[-1][0] == story_url("story_edit", story)
    assert "Your draft is saved" in response.content.decode()


def test_check_and_submit_button__saves_then_shows_the_check(member_client):
    response = member_client.post(reverse("community:story_create"), story_data(action="check"))
    story = StoryPage.objects.get()
    assert response.url == story_url("story_check", story)


@pytest.mark.parametrize("language", ["en", "id"])
def test_create__consent_is_recorded_in_the_language_the_member_saw(member_client, language):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    story = create_story(member_client)
    consent = Consent.objects.get(story=story, kind=ConsentKind.PUBLISH)
    assert consent.language == language
    with translation.override(language):
        assert consent.text == str(DECLARATIONS[ConsentKind.PUBLISH].text)


def test_create__uploaded_evidence__attached_to_the_claim_without_location_data(member_client):
    files = [
        SimpleUploadedFile("rekening.pdf", PDF),
        SimpleUploadedFile("struk.jpg", jpeg_with_gps()),
    ]
    story = create_story(member_client, **{"claims-0-evidence_files": files})
    claim = latest(story).claims.get()
    evidence = list(EvidenceFile.objects.filter(story=story).order_by("original_name"))
    assert [e.original_name for e in evidence] == ["rekening.pdf", "struk.jpg"]
    assert {e.claim_key for e in evidence} == {claim.key}
    assert {e.content_type for e in evidence} == {"application/pdf", "image/jpeg"}
    assert gps_of(evidence[1].file) == {}


def test_create__uploaded_hero_and_body_images__saved_with_alt_text_and_caption(member_client):
    story = create_story(
        member_client,
        hero_image=SimpleUploadedFile("dapur.jpg", jpeg_with_gps()),
        hero_alt_text="Sari mengemas nastar di dapur",
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-file": SimpleUploadedFile("toples.png", png()),
            "images-0-alt_text": "Toples nastar di meja",
            "images-0-caption": "Satu toples berisi 40 kue",
            "images-0-section": "results",
        },
    )
    saved = latest(story)
    assert saved.hero_image.alt_text == "Sari mengemas nastar di dapur"
    assert gps_of(saved.hero_image.file) == {}
    [(image_id, caption)] = body_images(story)
    assert CustomImage.objects.get(pk=image_id).alt_text == "Toples nastar di meja"
    assert caption == "Satu toples berisi 40 kue"


def test_create__same_form_token_posted_twice__one_story(member_client):
    data = story_data()
    first = member_client.post(reverse("community:story_create"), data)
    second = member_client.post(reverse("community:story_create"), data)
    story = StoryPage.objects.get()
    assert first.status_code == second.status_code == 302
    assert second.url == story_url("story_edit", story)
    assert story.revisions.count() == 1
    assert Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).count() == 1


def test_create__two_forms_with_their_own_tokens__two_stories(member_client):
    create_story(member_client)
    create_story(member_client)
    assert StoryPage.objects.count() == 2
    assert len(set(StoryPage.objects.values_list("slug", flat=True))) == 2


# --- Editing: the form round-trips what the member wrote ----------------------------------------


def test_edit__form_shows_the_sections_as_the_member_wrote_them(member_client, member):
    background = "Baris satu\nbaris dua\n\nParagraf kedua <dengan> & tanda."
    story = create_story(member_client, section_background=background)
    form = StorySubmission(member=member, story=story).form
    assert form.initial["section_background"] == background
    assert form.initial["section_actions"] == "Saya menawarkan kue ke tetangga & kantor suami."
    assert form.initial["section_challenge"] == ""
    assert form.initial["section_lessons"] == "Promosi lewat grup WhatsApp tidak berhasil."
    response = member_client.get(story_url("story_edit", story))
    assert "Paragraf kedua &lt;dengan&gt; &amp; tanda." in response.content.decode()


def test_edit__form_finds_sections_by_block_id_even_if_a_heading_is_reworded(member_client, member):
    story = create_story(member_client)
    page = latest(story)
    raw = [dict(block) for block in page.body.raw_data]
    for block in raw:
        if block["id"] == "section-results":
            block["value"] = "Hasil usaha (diedit moderator)"
    page.body = json.dumps(raw)
    page.save_revision(user=member)
    story.refresh_from_db()
    assert "Hasil usaha (diedit moderator)" in str(latest(story).body.raw_data)
    form = StorySubmission(member=member, story=story).form
    assert form.initial["section_results"] == "Sekarang rata-rata Rp 3 juta sebulan."


def test_edit__unchanged_form_round_trips_to_an_identical_body_and_claims(member_client, member):
    story = create_story(member_client)
    before = latest(story)
    response = member_client.post(story_url("story_edit", story), edit_data(member, story))
    assert response.status_code == 302
    after = latest(story)
    assert story.revisions.count() == 2
    strip = lambda body: [(b["type"], b["value"]) for b in body.raw_data]  # noqa: E731
    assert strip(after.body) == strip(before.body)
    assert [(c.key, c.statement) for c in after.claims.all()] == [
        (c.key, c.statement) for c in before.claims.all()
    ]
    assert after.material_connection == before.material_connection


def test_edit__unchanged_form_keeps_the_images(member_client, member):
    story = create_story_with_images(member_client)
    before, hero = body_images(story), latest(story).hero_image_id
    response = member_client.post(story_url("story_edit", story), edit_data(member, story))
    assert response.status_code == 302
    assert body_images(story) == before
    assert latest(story).hero_image_id == hero
    assert CustomImage.objects.count() == 2
    page = member_client.get(story_url("story_edit", story)).content.decode()
    assert "Toples nastar" in page


def test_edit__remove_boxes_ticked__images_removed(member_client, member):
    story = create_story_with_images(member_client)
    data = edit_data(member, story, remove_hero_image="on", **{"images-0-DELETE": "on"})
    assert member_client.post(story_url("story_edit", story), data).status_code == 302
    assert body_images(story) == []
    assert latest(story).hero_image is None


def test_edit__changed_claim_statement__keeps_its_key_and_its_evidence(member_client, member):
    story = create_story(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile("a.pdf", PDF)]}
    )
    key = latest(story).claims.get().key
    data = edit_data(member, story, **{"claims-0-statement": "Rata-rata Rp 2,5 juta per bulan."})
    assert member_client.post(story_url("story_edit", story), data).status_code == 302
    claim = latest(story).claims.get()
    assert (claim.key, claim.statement) == (key, "Rata-rata Rp 2,5 juta per bulan.")
    assert EvidenceFile.objects.get(story=story).claim_key == key


def test_edit__file_ticked_for_removal__removed(member_client, member):
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    story = create_story(member_client, **{"claims-0-evidence_files": files})
    doomed = EvidenceFile.objects.get(story=story, original_name="a.pdf")
    data = edit_data(member, story, **{"claims-0-remove_files": [str(doomed.pk)]})
    assert member_client.post(story_url("story_edit", story), data).status_code == 302
    assert list(
        EvidenceFile.objects.filter(story=story).values_list("original_name", flat=True)
    ) == ["b.pdf"]


def test_edit__published_story__saved_as_a_draft_while_the_public_page_stays(
    member_client, member, client
):
    story = publish(create_story(member_client))
    response = member_client.post(
        story_url("story_edit", story), edit_data(member, story, title="Judul baru")
    )
    assert response.status_code == 302
    public = client.get(story.url).content.decode()
    assert TITLE in public
    assert "Judul baru" not in public


def test_edit__in_review__no_form_and_a_post_refused_with_409_keeping_the_text(
    member_client, member
):
    story = create_story(member_client)
    submit(member_client, story)
    response = member_client.get(story_url("story_edit", story))
    assert "A moderator is checking this story" in response.content.decode()
    assert "form" not in response.context or response.context.get("form") is None
    data = edit_data(member, story, title="Diubah saat direview")
    # The page the member had open still posts: the change is refused and nothing is lost.
    response = member_client.post(story_url("story_edit", story), data)
    assert response.status_code == 409
    assert "Diubah saat direview" in response.content.decode()
    assert story.revisions.count() == 1


# --- The check page ------------------------------------------------------------------------------


def test_check__lists_each_flag_with_severity_match_explanation_and_guide(member_client):
    story = create_story(member_client, section_results="Bisnis ini pasti untung setiap bulan.")
    response = member_client.get(story_url("story_check", story))
    html = response.content.decode()
    flags = [found.flag for part in response.context["parts"] for found in part.flags]
    guaranteed = next(flag for flag in flags if flag.code == "guaranteed_income")
    assert guaranteed.severity == "high"
    assert "<mark>pasti untung</mark>" in html
    assert "High risk" in html
    assert guaranteed.explanation in html
    assert f'href="{guaranteed.guide_url}"' in html
    assert "/learn/membaca-klaim-penghasilan/" in html
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
    assert "No red flags found" in response.content.decode()


# --- Submitting ----------------------------------------------------------------------------------


def test_submit__sent__back_to_the_edit_page_saying_so(member_client):
    story = create_story(member_client)
    response = submit(member_client, story)
    assert response.url == story_url("story_edit", story)
    assert active_states(story).get().status == WorkflowState.STATUS_IN_PROGRESS
    page = member_client.get(response.url).content.decode()
    assert "Your story was sent for review" in page


def test_submit__posted_twice__one_workflow_state(member_client):
    story = create_story(member_client)
    submit(member_client, story)
    response = submit(member_client, story)
    assert response.status_code == 302
    assert WorkflowState.objects.for_instance(story).count() == 1
    assert active_states(story).get().status == WorkflowState.STATUS_IN_PROGRESS


def test_submit__stale_check__sends_the_member_back_to_the_check(member_client):
    story = create_story(member_client)
    response = member_client.post(story_url("story_submit", story), {"revision": "0"})
    assert response.url == story_url("story_check", story)
    assert not active_states(story).exists()


def test_submit__get__not_allowed(member_client):
    story = create_story(member_client)
    assert member_client.get(story_url("story_submit", story)).status_code == 405


def test_submit__published_and_unchanged__back_to_the_edit_page_saying_nothing_to_review(
    member_client,
):
    story = publish(create_story(member_client))
    response = submit(member_client, story)
    assert response.url == story_url("story_edit", story)
    assert not active_states(story).exists()
    page = member_client.get(response.url).content.decode()
    assert "there is nothing to review" in page


# --- Declarations in the form --------------------------------------------------------------------


def test_consent__already_given__not_asked_again_when_editing(member_client, member):
    story = create_story(member_client)
    data = edit_data(member, story, title="Judul kedua")
    assert "consent_to_publish" not in data
    response = member_client.post(story_url("story_edit", story), data)
    assert response.status_code == 302
    assert Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).count() == 1


def test_consent__new_wording_version__must_be_agreed_again(member_client, member, monkeypatch):
    story = create_story(member_client)
    new_wording(monkeypatch, ConsentKind.PUBLISH)
    response = submit(member_client, story)
    assert response.url == story_url("story_edit", story)
    assert not active_states(story).exists()

    page = member_client.get(story_url("story_edit", story)).content.decode()
    assert "agree to the current declarations" in page
    assert "The consent wording has changed" in page
    data = edit_data(member, story)
    response = member_client.post(story_url("story_edit", story), data)
    assert response.status_code == 200
    assert "consent_to_publish" in response.context["form"].errors

    data.update(consent_to_publish="on", consent_version="2099-01")
    assert member_client.post(story_url("story_edit", story), data).status_code == 302
    assert submit(member_client, story).status_code == 302
    assert active_states(story).exists()


def test_consent__form_rendered_with_old_wording__refused_after_the_wording_changed(
    member_client, monkeypatch
):
    old = new_wording(monkeypatch, ConsentKind.PUBLISH)
    response = member_client.post(
        reverse("community:story_create"), story_data(consent_version=old.version)
    )
    assert response.status_code == 200
    assert "consent_to_publish" in response.context["form"].errors
    assert not StoryPage.objects.exists()


def test_no_connection__new_wording__ticked_box_cleared_until_confirmed(
    member_client, member, monkeypatch
):
    story = create_story(member_client)
    new_wording(monkeypatch, ConsentKind.NO_CONNECTION)
    form = StorySubmission(member=member, story=story).form
    assert form.initial["no_material_connection"] is False
    assert form.initial["material_connection"] == ""
    assert form.no_connection_outdated
    response = submit(member_client, story)
    assert not active_states(story).exists()
    assert response.url == story_url("story_edit", story)


def test_no_connection__replaced_by_a_described_connection__the_form_shows_it(
    member_client, member
):
    story = create_story(member_client)
    data = edit_data(member, story, material_connection="Saya downline PT Kue.")
    data.pop("no_material_connection")
    assert member_client.post(story_url("story_edit", story), data).status_code == 302
    assert not Consent.objects.filter(story=story, kind=ConsentKind.NO_CONNECTION).active().exists()
    story.refresh_from_db()
    form = StorySubmission(member=member, story=story).form
    assert form.initial["material_connection"] == "Saya downline PT Kue."
    assert form.initial["no_material_connection"] is False


def test_consent_withdraw__published_story__back_to_the_edit_page_and_off_the_site(
    member_client, client
):
    story = publish(create_story(member_client))
    assert client.get(story.url).status_code == 200
    response = member_client.post(story_url("story_consent_withdraw", story), follow=True)
    assert response.redirect_chain[-1][0] == story_url("story_edit", story)
    assert "You withdrew your consent" in response.content.decode()
    assert client.get(f"/stories/{story.slug}/").status_code == 404


def test_consent_withdraw__in_review__resubmitting_asks_for_consent_again_in_the_form(
    member_client, member
):
    story = create_story(member_client)
    submit(member_client, story)
    member_client.post(story_url("story_consent_withdraw", story))
    assert not active_states(story).exists()
    response = submit(member_client, story)
    assert response.url == story_url("story_edit", story)
    assert not active_states(story).exists()
    data = edit_data(member, story)
    response = member_client.post(story_url("story_edit", story), data)
    assert response.status_code == 200
    assert "consent_to_publish" in response.context["form"].errors
    data.update(consent_to_publish="on")
    assert member_client.post(story_url("story_edit", story), data).status_code == 302


def test_consent_withdraw__get__not_allowed(member_client):
    story = create_story(member_client)
    assert member_client.get(story_url("story_consent_withdraw", story)).status_code == 405


# --- Bad input: clear messages, the typed text kept, nothing half-saved --------------------------


def test_bad__title_of_201_characters(member_client):
    response = post_new(member_client, title="a" * 201)
    html = assert_refused(response, "title")
    assert "200" in response.context["form"].errors["title"][0]
    assert escape(response.context["form"].errors["title"][0]) in html


def test_bad__summary_of_501_characters(member_client):
    assert_refused(
        post_new(member_client, summary="Sari menjual kue kering dari dapurnya " + "x" * 470),
        "summary",
    )


def test_bad__section_of_4001_characters(member_client):
    assert_refused(post_new(member_client, section_results="x" * 4001), "section_results")


def test_bad__required_section_missing(member_client):
    assert_refused(post_new(member_client, section_actions=""), "section_actions")


def test_bad__no_consent(member_client):
    assert_refused(
        post_new(member_client, consent_to_publish=None),
        "consent_to_publish",
        message="only be saved if you agree to its publication",
    )


def test_bad__no_connection_declaration_at_all(member_client):
    assert_refused(
        post_new(member_client, no_material_connection=None),
        "material_connection",
        message="Describe your connection to the company",
    )


def test_bad__connection_described_and_declared_none(member_client):
    assert_refused(
        post_new(member_client, material_connection="Saya reseller."), "material_connection"
    )


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
        hero_alt_text=huge,
        **{"claims-0-statement": huge, "claims-0-evidence_note": huge},
    )
    assert_refused(response, "title")
    assert "statement" in response.context["claims"].forms[0].errors


@pytest.mark.parametrize("value", ["other-thing", "", "\x00"])
def test_bad__unknown_choice_values(member_client, value):
    response = post_new(member_client, subject_kind=value, language=value)
    assert_refused(response, "subject_kind")


@pytest.mark.parametrize(
    "counts",
    [
        {"claims-TOTAL_FORMS": "-5"},
        {"claims-TOTAL_FORMS": "100000"},
        {"claims-TOTAL_FORMS": "abc"},
        {"claims-INITIAL_FORMS": "-3"},
        {"images-TOTAL_FORMS": "9999999999999999999999"},
        {"claims-TOTAL_FORMS": None, "claims-INITIAL_FORMS": None},
        {"images-TOTAL_FORMS": None, "images-INITIAL_FORMS": None},
    ],
)
def test_bad__tampered_or_missing_management_forms__never_a_500(member_client, counts):
    response = post_new(member_client, **counts)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Sari menjual kue kering dari dapurnya" in response.content.decode()
    assert StoryPage.objects.count() <= 1


def test_bad__missing_management_form__refused_with_a_message(member_client):
    response = post_new(member_client, **{"claims-TOTAL_FORMS": None, "claims-INITIAL_FORMS": None})
    assert response.status_code == 200
    assert response.context["claims"].non_form_errors()
    assert not StoryPage.objects.exists()


def test_bad__too_many_claims(member_client):
    claims = {"claims-TOTAL_FORMS": "11"}
    for i in range(11):
        claims.update({f"claims-{i}-kind": "other", f"claims-{i}-statement": f"Klaim {i}"})
    response = post_new(member_client, **claims)
    assert response.status_code == 200
    assert response.context["claims"].non_form_errors()
    assert not StoryPage.objects.exists()


def test_bad__claim_with_evidence_but_no_statement(member_client):
    response = post_new(
        member_client,
        **{
            "claims-0-statement": "",
            "claims-0-evidence_files": [SimpleUploadedFile("a.pdf", PDF)],
        },
    )
    assert response.status_code == 200
    assert "statement" in response.context["claims"].forms[0].errors


def test_bad__hero_that_is_not_an_image_but_named_jpg(member_client):
    html = assert_refused(
        post_new(
            member_client,
            hero_image=SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not a picture", "image/jpeg"),
            hero_alt_text="Foto",
        ),
        "hero_image",
        message="foto.jpg is not a JPEG, PNG or WebP image",
    )
    assert "choose them again" in html


def test_bad__hero_decompression_bomb(member_client):
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")
    assert_refused(
        post_new(
            member_client,
            hero_image=SimpleUploadedFile("bom.png", bomb.getvalue()),
            hero_alt_text="Bom",
        ),
        "hero_image",
        message="has too many pixels",
    )


def test_bad__hero_without_alt_text(member_client):
    assert_refused(
        post_new(member_client, hero_image=SimpleUploadedFile("a.png", png())),
        "hero_alt_text",
    )


def test_bad__body_image_that_is_not_an_image(member_client):
    response = post_new(
        member_client,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-file": SimpleUploadedFile("x.webp", b"<html>no</html>"),
            "images-0-alt_text": "x",
            "images-0-section": "results",
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["images"].forms[0].errors
    assert not StoryPage.objects.exists()


def test_bad__oversized_evidence_file(member_client, monkeypatch):
    monkeypatch.setattr("community.uploads.EVIDENCE_MAX_BYTES", 1024)
    response = post_new(
        member_client,
        **{"claims-0-evidence_files": [SimpleUploadedFile("besar.pdf", PDF + b"0" * 2000)]},
    )
    html = assert_refused_claims(response, "evidence_files")
    assert "besar.pdf is larger than" in html


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("bukti.html", b"<!doctype html><script>alert(1)</script>"),
        ("bukti.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ],
)
def test_bad__executable_or_html_evidence(member_client, name, content):
    response = post_new(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile(name, content)]}
    )
    html = assert_refused_claims(response, "evidence_files")
    assert "cannot be used as evidence" in html


def test_bad__pdf_evidence_with_a_script__refused_with_what_to_do_and_the_text_kept(
    member_client,
):
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
    response = post_new(member_client, **{"claims-0-evidence_files": files})
    html = assert_refused_claims(response, "evidence_files")
    [error] = response.context["claims"].forms[0].errors.as_data()["evidence_files"]
    assert error.code == "pdf_active_content"
    assert "slip-gaji.pdf contains scripts" in html
    assert "save it again without forms or scripts" in html
    assert "Rekening koran 12 bulan" in html


def test_bad__six_evidence_files_on_one_claim(member_client):
    files = [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(6)]
    response = post_new(member_client, **{"claims-0-evidence_files": files})
    assert_refused_claims(response, "evidence_files")


def test_bad__more_than_twenty_evidence_files_per_story(member_client):
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
    response = post_new(member_client, **claims)
    assert response.status_code == 200
    assert "at most 20 evidence files" in response.content.decode()
    assert not StoryPage.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_bad__edit_refused__earlier_evidence_stays_attached_and_nothing_changes(
    member_client, member
):
    story = create_story(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile("lama.pdf", PDF)]}
    )
    data = edit_data(
        member,
        story,
        title="x" * 201,
        section_results="Teks baru yang diketik anggota.",
        **{"claims-0-evidence_files": [SimpleUploadedFile("baru.exe", b"MZ\x90\x00")]},
    )
    response = member_client.post(story_url("story_edit", story), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Teks baru yang diketik anggota." in html
    assert "lama.pdf" in html
    assert "choose them again" in html
    assert story.revisions.count() == 1
    assert list(EvidenceFile.objects.values_list("original_name", flat=True)) == ["lama.pdf"]


def test_bad__edit_with_tampered_claim_key_and_image_id__treated_as_new(member_client, member):
    other = create_story(
        member_client, **{"claims-0-evidence_files": [SimpleUploadedFile("x.pdf", PDF)]}
    )
    other_key = latest(other).claims.get().key
    story = create_story(member_client)
    data = edit_data(
        member,
        story,
        **{
            "claims-0-key": str(other_key),
            "images-TOTAL_FORMS": "1",
            "images-0-image_id": "424242",
            "images-0-alt_text": "x",
        },
    )
    response = member_client.post(story_url("story_edit", story), data)
    # The unknown image id is ignored, so the image row has no image and is refused.
    assert response.status_code == 200
    assert "file" in response.context["images"].forms[0].errors
    del data["images-0-image_id"], data["images-0-alt_text"]
    data["images-TOTAL_FORMS"] = "0"
    assert member_client.post(story_url("story_edit", story), data).status_code == 302
    assert latest(story).claims.get().key != other_key
    assert EvidenceFile.objects.get().story == other


def test_bad__garbage_post__never_a_500(member_client):
    response = member_client.post(
        reverse("community:story_create"), {"title": ["a", "b"], "industries": "x" * 5000}
    )
    assert response.status_code == 200
    assert not StoryPage.objects.exists()


# --- Organisation stories, as the form presents them ---------------------------------------------


def test_create__organisation_the_member_represents__chosen_in_the_form(member_client, member):
    organization = Organization.objects.create(name="CV Dapur Sari")
    OrganizationMembership.objects.create(user=member, organization=organization)
    page = member_client.get(reverse("community:story_create")).content.decode()
    assert "CV Dapur Sari" in page
    story = create_story(member_client, organization=str(organization.pk))
    assert latest(story).organization == organization


def test_create__organisation_the_member_does_not_represent__refused_in_the_form(member_client):
    organization = Organization.objects.create(name="PT Orang Lain")
    response = member_client.post(
        reverse("community:story_create"), story_data(organization=str(organization.pk))
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not StoryPage.objects.exists()


def test_organisation_story__registered_organisation_of_someone_else__is_refused(
    member_client, member
):
    Organization.objects.create(name="Best Corporation", verified=True)
    data = story_data(subject_kind="organization", organization_name="best corporation")
    response = member_client.post(reverse("community:story_create"), data)
    assert response.status_code == 200
    assert "Only its representatives" in response.content.decode()
    assert not StoryPage.objects.filter(owner=member).exists()


# Rate limits: refused in the form, with what was typed ------------------------------------------


def _limits(settings, **rates):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **rates}


def test_save__over_the_limit_per_member__refused_in_the_form_keeping_everything(
    member_client, member, settings
):
    _limits(settings, story_save="2/h/user,300/h/ip")
    story = create_story(member_client)
    member_client.post(story_url("story_edit", story), edit_data(member, story))

    typed = "Bulan ini kami membuka cabang kedua di Batu."
    response = member_client.post(
        story_url("story_edit", story), edit_data(member, story, section_results=typed)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "You saved very often in the last hour" in body
    assert escape(typed) in body
    assert escape(CLAIM_STATEMENT) in body
    assert typed not in str(latest(story).body)


def test_save__over_the_limit_per_address__a_new_story_is_refused_in_the_form(
    client, story_index, settings
):
    _limits(settings, story_save="60/h/user,2/h/ip")
    for _ in range(2):
        client.force_login(UserFactory())
        create_story(client)

    client.force_login(UserFactory())
    response = client.post(reverse("community:story_create"), story_data(title="Warung Bu Tini"))
    assert response.status_code == 200
    assert "You saved very often in the last hour" in response.content.decode()
    assert 'value="Warung Bu Tini"' in response.content.decode()
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
    page = member_client.get(response.url).content.decode()
    assert "You sent stories for review very often in the last hour" in page
