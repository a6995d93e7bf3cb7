"""The submission services, called as the views call them: what a draft saves and what happens.

``story_save_draft``, ``story_submit``, ``consent_withdraw`` and ``story_withdraw`` with
``StoryDraft``s built in tests/community/conftest.py. What the HTTP layer adds (the form, its
messages, redirects, tokens and rate limits) is in test_submission_views.py.
"""

import json
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import PageLogEntry, WorkflowState

from community.models import (
    DECLARATIONS,
    Consent,
    ConsentKind,
    Declaration,
    Organization,
    OrganizationMembership,
    OrganizationRole,
)
from community.services import (
    AboutPart,
    ClaimDraft,
    ClaimsPart,
    DeclarationsMissing,
    DeclarationsPart,
    ImageDraft,
    ImagesPart,
    NothingToSubmit,
    StoryInReview,
    consent_withdraw,
    story_save_draft,
    story_submit,
    story_withdraw,
)
from stories.models import CustomImage, EvidenceFile, StoryIndexPage, StoryPage
from tests.community.conftest import (
    CLAIM_STATEMENT,
    PDF,
    TITLE,
    active_states,
    body_images,
    checked_evidence,
    checked_jpeg_with_gps,
    claim,
    draft,
    gps_of,
    jpeg_with_gps,
    latest,
    new_image,
    paragraphs,
    publish,
    redraft,
    save_story_with_images,
)
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def save_new(member, **overrides) -> StoryPage:
    """A new story saved by ``member`` from ``draft(**overrides)``, read back from the database."""
    page = story_save_draft(member=member, story=None, data=draft(**overrides))
    return StoryPage.objects.get(pk=page.pk)


def new_wording(monkeypatch, kind) -> tuple[Declaration, Declaration]:
    """The declaration of ``kind`` gets a new wording version; returns (old, new)."""
    from community import models as community_models

    old = DECLARATIONS[kind]
    new = Declaration(kind=old.kind, version="2099-01", text=old.text)
    monkeypatch.setitem(community_models.DECLARATIONS, kind, new)
    return old, new


# --- A new draft ---------------------------------------------------------------------------------


def test_save_draft__new_story__unpublished_revision_owned_by_the_member(member):
    story = save_new(member)
    assert story.owner == member
    assert not story.live
    assert story.latest_revision is not None
    assert story.latest_revision.user == member
    assert isinstance(story.get_parent().specific, StoryIndexPage)
    assert PageLogEntry.objects.filter(page=story, action="wagtail.create", user=member).exists()
    saved = latest(story)
    assert saved.title == TITLE
    assert [industry.slug for industry in saved.industries.all()] == ["food-beverage"]
    assert [c.statement for c in saved.claims.all()] == [CLAIM_STATEMENT]


def test_save_draft__new_story__a_404_for_the_public(member, client):
    story = save_new(member)
    assert client.get(f"/stories/{story.slug}/").status_code == 404


def test_save_draft__same_title_twice__two_stories_with_their_own_slugs(member):
    first, second = save_new(member), save_new(member)
    assert first.pk != second.pk
    assert first.slug != second.slug


def test_save_draft__body__headings_and_escaped_paragraphs(member):
    story = save_new(member, sections={"actions": "Harga <b>murah</b> & enak"})
    body = latest(story).body
    raw = list(body.raw_data)
    assert raw[0]["type"] == "heading"
    assert raw[0]["id"] == "section-background"
    assert "<p>Saya mulai tahun 2023.</p>" in paragraphs(body)
    assert "<p>Dulu saya guru honorer.</p>" in paragraphs(body)
    assert "<p>Harga &lt;b&gt;murah&lt;/b&gt; &amp; enak</p>" in paragraphs(body)
    assert "section-challenge" not in [block["id"] for block in raw]  # left empty


# --- Declarations ----------------------------------------------------------------------------------


def test_save_draft__consent__recorded_with_the_exact_wording_version_and_language(member):
    with translation.override("id"):
        story = save_new(member)
        wording = str(DECLARATIONS[ConsentKind.PUBLISH].text)
    consent = Consent.objects.get(story=story, kind=ConsentKind.PUBLISH)
    assert consent.user == member
    assert consent.text == wording
    with translation.override("en"):
        assert consent.text != str(DECLARATIONS[ConsentKind.PUBLISH].text)
    assert consent.version == DECLARATIONS[ConsentKind.PUBLISH].version
    assert consent.language == "id"
    assert consent.withdrawn_at is None


def test_save_draft__no_connection__declared_and_stated_publicly_in_the_storys_language(member):
    with translation.override("en"):  # the member reads the site in English
        story = save_new(member, language="id")
        english = str(DECLARATIONS[ConsentKind.NO_CONNECTION].text)
    declaration = Consent.objects.get(story=story, kind=ConsentKind.NO_CONNECTION)
    assert declaration.version == DECLARATIONS[ConsentKind.NO_CONNECTION].version
    assert (declaration.text, declaration.language) == (english, "en")
    with translation.override("id"):
        assert latest(story).material_connection == str(
            DECLARATIONS[ConsentKind.NO_CONNECTION].text
        )


def test_save_draft__described_connection__kept_as_typed_without_a_declaration(member):
    story = save_new(
        member, no_material_connection=False, material_connection="Saya reseller resmi."
    )
    assert latest(story).material_connection == "Saya reseller resmi."
    assert not Consent.objects.filter(story=story, kind=ConsentKind.NO_CONNECTION).exists()


def test_save_draft__described_connection__replaces_the_no_connection_declaration(member):
    story = save_new(member)
    story_save_draft(
        member=member,
        story=story,
        data=redraft(
            member,
            story,
            no_material_connection=False,
            material_connection="Saya downline PT Kue.",
        ),
    )
    assert not Consent.objects.filter(story=story, kind=ConsentKind.NO_CONNECTION).active().exists()
    assert latest(story).material_connection == "Saya downline PT Kue."


def test_save_draft__without_consent_to_publish__saved_privately_but_not_submittable(
    member, client
):
    story = save_new(member, agree_to_publish=False)
    assert not story.live
    assert not Consent.objects.filter(kind=ConsentKind.PUBLISH).exists()
    assert client.get(f"/stories/{story.slug}/").status_code == 404
    with pytest.raises(DeclarationsMissing):
        story_submit(member=member, story=story)
    assert not active_states(story).exists()


def test_save_draft__consent_already_given__not_asked_again(member):
    story = save_new(member)
    story_save_draft(member=member, story=story, data=redraft(member, story, title="Judul kedua"))
    assert latest(story).title == "Judul kedua"
    assert Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).count() == 1


def test_save_draft__new_consent_wording__agreed_again__replaces_the_old_consent(
    member, monkeypatch
):
    story = save_new(member)
    old, new = new_wording(monkeypatch, ConsentKind.PUBLISH)
    with pytest.raises(DeclarationsMissing):
        story_submit(member=member, story=story)
    # Saving is not submitting: the draft saves (here unchanged, so without a new revision).
    story_save_draft(member=member, story=story, data=redraft(member, story))
    assert story.revisions.count() == 1
    with pytest.raises(DeclarationsMissing):
        story_submit(member=member, story=story)

    story_save_draft(member=member, story=story, data=redraft(member, story, agree_to_publish=True))
    consents = Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).order_by("pk")
    assert [(c.version, c.withdrawn_at is None) for c in consents] == [
        (old.version, False),
        (new.version, True),
    ]
    story_submit(member=member, story=story)
    assert active_states(story).exists()


def test_story_submit__no_connection_wording_changed__declarations_missing(member, monkeypatch):
    story = save_new(member)
    new_wording(monkeypatch, ConsentKind.NO_CONNECTION)
    with pytest.raises(DeclarationsMissing):
        story_submit(member=member, story=story)
    assert not active_states(story).exists()


# --- Organisations ---------------------------------------------------------------------------------


def test_save_draft__typed_organisation_name__creates_an_unverified_unowned_organisation(member):
    story = save_new(member, organization_name="  Koperasi   Kue Sejahtera ")
    organization = Organization.objects.get(name="Koperasi Kue Sejahtera")
    assert not organization.verified
    assert latest(story).organization == organization
    assert not Organization.objects.represented_by(member).exists()


def test_save_draft__person_story_naming_a_registered_company__reuses_it(member):
    company = Organization.objects.create(name="Koperasi Kue Sejahtera", verified=True)
    story = save_new(member, organization_name="koperasi kue sejahtera")
    assert Organization.objects.count() == 1
    assert latest(story).organization == company
    assert not Organization.objects.represented_by(member).exists()


def test_save_draft__organisation_the_member_represents__may_be_chosen(member):
    organization = Organization.objects.create(name="CV Dapur Sari")
    OrganizationMembership.objects.create(user=member, organization=organization)
    story = save_new(member, organization=organization)
    assert latest(story).organization == organization


def test_save_draft__organisation_the_member_does_not_represent__permission_denied(member):
    organization = Organization.objects.create(name="PT Orang Lain")
    with pytest.raises(PermissionDenied):
        story_save_draft(member=member, story=None, data=draft(organization=organization))
    assert not StoryPage.objects.exists()


def test_save_draft__organisation_story_under_a_name_registered_by_others__permission_denied(
    member,
):
    Organization.objects.create(name="Best Corporation", verified=True)
    data = draft(subject_kind="organization", organization_name="best corporation")
    with pytest.raises(PermissionDenied):
        story_save_draft(member=member, story=None, data=data)
    assert not StoryPage.objects.exists()
    assert not Organization.objects.represented_by(member).exists()


def test_save_draft__organisation_story_under_a_new_name__the_member_owns_the_organisation(
    member,
):
    story = save_new(member, subject_kind="organization", organization_name="Koperasi Baru")
    organization = Organization.objects.get(name="Koperasi Baru")
    assert not organization.verified
    assert list(Organization.objects.represented_by(member)) == [organization]
    assert OrganizationMembership.objects.get(organization=organization).role == (
        OrganizationRole.OWNER
    )
    assert latest(story).organization == organization


# --- Images and evidence ---------------------------------------------------------------------------


def test_save_draft__hero_and_body_images__become_wagtail_images_with_alt_text(member):
    story = save_new(
        member,
        hero=ImageDraft(
            alt_text="Sari mengemas nastar di dapur", upload=checked_jpeg_with_gps("dapur.jpg")
        ),
        body_images=(
            new_image(
                "Toples nastar di meja",
                "toples.png",
                caption="Satu toples berisi 40 kue",
                section="results",
            ),
        ),
    )
    saved = latest(story)
    assert saved.hero_image.alt_text == "Sari mengemas nastar di dapur"
    assert saved.hero_image.uploaded_by_user == member
    assert gps_of(saved.hero_image.file) == {}
    assert "dapur" not in saved.hero_image.file.name  # a random name, not the member's
    raw = list(saved.body.raw_data)
    images = [block for block in raw if block["type"] == "image"]
    assert len(images) == 1
    assert CustomImage.objects.get(pk=images[0]["value"]["image"]).alt_text == (
        "Toples nastar di meja"
    )
    assert images[0]["value"]["caption"] == "Satu toples berisi 40 kue"
    # After the one paragraph of the section it was placed in.
    results_heading = [block["id"] for block in raw].index("section-results")
    assert raw[results_heading + 2]["type"] == "image"


def test_save_draft__claim_evidence__stored_privately_under_the_claims_key(
    member, client, settings
):
    files = (checked_evidence("rekening.pdf", PDF), checked_evidence("struk.jpg", jpeg_with_gps()))
    story = save_new(member, claims=(claim(new_files=files),))
    key = latest(story).claims.get().key
    evidence = list(EvidenceFile.objects.filter(story=story).order_by("original_name"))
    assert [e.original_name for e in evidence] == ["rekening.pdf", "struk.jpg"]
    assert {e.claim_key for e in evidence} == {key}
    assert {e.content_type for e in evidence} == {"application/pdf", "image/jpeg"}
    for e in evidence:
        assert e.uploaded_by == member
        assert e.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert not e.file.path.startswith(str(settings.MEDIA_ROOT))
        assert client.get(settings.MEDIA_URL + e.file.name).status_code == 404
        with pytest.raises(ValueError):
            e.file.url  # noqa: B018 - private evidence has no URL at all
    assert gps_of(evidence[1].file) == {}


def test_save_draft__six_files_on_one_claim__validation_error_and_nothing_saved(member):
    files = tuple(checked_evidence(f"{i}.pdf") for i in range(6))
    with pytest.raises(ValidationError) as error:
        story_save_draft(member=member, story=None, data=draft(claims=(claim(new_files=files),)))
    assert error.value.code == "too_many_files"
    assert error.value.params == {"limit": 5}
    assert not StoryPage.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_save_draft__more_than_twenty_files_in_a_story__validation_error_and_nothing_saved(
    member,
):
    claims = tuple(
        claim(
            kind="other",
            statement=f"Klaim {i}",
            new_files=tuple(checked_evidence(f"{i}-{j}.pdf") for j in range(5)),
        )
        for i in range(5)
    )
    with pytest.raises(ValidationError) as error:
        story_save_draft(member=member, story=None, data=draft(claims=claims))
    assert error.value.code == "too_many_files"
    assert error.value.params == {"limit": 20}
    assert not StoryPage.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_save_draft__files_already_stored__count_towards_the_claim_limit(member):
    stored = tuple(checked_evidence(f"{i}.pdf") for i in range(4))
    story = save_new(member, claims=(claim(new_files=stored),))
    [saved] = redraft(member, story).claims
    more = tuple(checked_evidence(f"baru-{i}.pdf") for i in range(2))
    with pytest.raises(ValidationError):
        story_save_draft(
            member=member,
            story=story,
            data=redraft(member, story, claims=(claim(key=saved.key, new_files=more),)),
        )
    assert EvidenceFile.objects.filter(story=story).count() == 4
    assert story.revisions.count() == 1


# --- Editing ---------------------------------------------------------------------------------------


def test_save_draft__unchanged_draft__identical_body_and_claims(member):
    story = save_new(member)
    before = latest(story)
    story_save_draft(member=member, story=story, data=redraft(member, story))
    after = latest(story)
    assert story.revisions.count() == 1
    strip = lambda body: [(b["type"], b["value"]) for b in body.raw_data]  # noqa: E731
    assert strip(after.body) == strip(before.body)
    assert [(c.key, c.statement) for c in after.claims.all()] == [
        (c.key, c.statement) for c in before.claims.all()
    ]
    assert after.material_connection == before.material_connection


def test_save_draft__changed_claim__keeps_its_key_and_its_evidence(member):
    story = save_new(member, claims=(claim(new_files=(checked_evidence("a.pdf"),)),))
    key = latest(story).claims.get().key
    changed = claim(key=key, statement="Rata-rata Rp 2,5 juta per bulan.")
    story_save_draft(member=member, story=story, data=redraft(member, story, claims=(changed,)))
    saved = latest(story).claims.get()
    assert (saved.key, saved.statement) == (key, "Rata-rata Rp 2,5 juta per bulan.")
    assert EvidenceFile.objects.get(story=story).claim_key == key


def test_save_draft__removed_evidence_file__row_and_stored_file_deleted(
    member, django_capture_on_commit_callbacks
):
    files = (checked_evidence("a.pdf"), checked_evidence("b.pdf"))
    story = save_new(member, claims=(claim(new_files=files),))
    key = latest(story).claims.get().key
    doomed = EvidenceFile.objects.get(story=story, original_name="a.pdf")
    path = doomed.file.path
    kept = claim(key=key, remove_file_ids=frozenset({doomed.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        story_save_draft(member=member, story=story, data=redraft(member, story, claims=(kept,)))
    assert list(
        EvidenceFile.objects.filter(story=story).values_list("original_name", flat=True)
    ) == ["b.pdf"]
    assert not os.path.exists(path)


def test_save_draft__dropped_claim__its_evidence_deleted(
    member, django_capture_on_commit_callbacks
):
    story = save_new(member, claims=(claim(new_files=(checked_evidence("a.pdf"),)),))
    path = EvidenceFile.objects.get(story=story).file.path
    with django_capture_on_commit_callbacks(execute=True):
        story_save_draft(member=member, story=story, data=redraft(member, story, claims=()))
    assert not latest(story).claims.exists()
    assert not EvidenceFile.objects.filter(story=story).exists()
    assert not os.path.exists(path)


def test_save_draft__dropped_claim_the_live_version_shows__its_evidence_kept(member):
    story = save_new(member, claims=(claim(new_files=(checked_evidence("a.pdf"),)),))
    story = publish(story)
    key = story.claims.get().key
    story_save_draft(member=member, story=story, data=redraft(member, story, claims=()))
    assert not latest(story).claims.exists()
    assert EvidenceFile.objects.get(story=story).claim_key == key


def test_save_draft__claim_key_image_and_file_ids_of_another_story__not_taken_over(member):
    other = save_new(
        member,
        claims=(claim(new_files=(checked_evidence("x.pdf"),)),),
        body_images=(new_image("Foto lain", section="results"),),
    )
    other_key = latest(other).claims.get().key
    other_file = EvidenceFile.objects.get(story=other)
    [(other_image_id, _caption)] = body_images(other)
    story = save_new(member)
    story_save_draft(
        member=member,
        story=story,
        data=redraft(
            member,
            story,
            claims=(claim(key=other_key, remove_file_ids=frozenset({other_file.pk})),),
            body_images=(ImageDraft(image_id=other_image_id, alt_text="Diambil alih"),),
        ),
    )
    assert latest(story).claims.get().key != other_key
    assert body_images(story) == []
    assert EvidenceFile.objects.get().story == other
    assert CustomImage.objects.get(pk=other_image_id).alt_text == "Foto lain"


def test_save_draft__blocks_a_moderator_added__kept(member):
    story = save_new(member)
    page = latest(story)
    raw = [dict(block) for block in page.body.raw_data]
    raw.append(
        {
            "type": "testimonial",
            "value": {"quote": "Enak sekali", "attribution": "Pelanggan"},
            "id": "t1",
        }
    )
    page.body = json.dumps(raw)
    page.save_revision(user=member)
    story_save_draft(
        member=member,
        story=story,
        data=redraft(member, story, sections={"lessons": "Iklan berbayar juga tidak berhasil."}),
    )
    body = latest(story).body
    assert list(body.raw_data)[-1]["type"] == "testimonial"
    assert "<p>Iklan berbayar juga tidak berhasil.</p>" in paragraphs(body)


def test_save_draft__heading_reworded_by_a_moderator__section_found_by_block_id(member):
    story = save_new(member)
    page = latest(story)
    raw = [dict(block) for block in page.body.raw_data]
    results = next(i for i, block in enumerate(raw) if block["id"] == "section-results")
    raw[results]["value"] = "Hasil usaha (diedit moderator)"
    testimonial = {
        "type": "testimonial",
        "value": {"quote": "Enak", "attribution": "P"},
        "id": "t1",
    }
    raw.insert(results + 2, testimonial)  # after the section's one paragraph
    page.body = json.dumps(raw)
    page.save_revision(user=member)
    story_save_draft(
        member=member, story=story, data=redraft(member, story, sections={"results": "Rp 4 juta."})
    )
    ids = [block["id"] for block in latest(story).body.raw_data]
    assert ids.count("section-results") == 1
    # The moderator's block stays in Results, not in the section before it.
    assert ids.index("section-results") < ids.index("t1") < ids.index("section-lessons")
    assert "<p>Rp 4 juta.</p>" in paragraphs(latest(story).body)
    assert "<p>Sekarang rata-rata Rp 3 juta sebulan.</p>" not in paragraphs(latest(story).body)


def test_save_draft__published_story__new_revision_and_live_version_stays(member):
    story = publish(save_new(member))
    assert story.live
    story_save_draft(member=member, story=story, data=redraft(member, story, title="Judul baru"))
    story.refresh_from_db()
    assert story.title == TITLE
    assert story.live
    assert story.has_unpublished_changes
    assert latest(story).title == "Judul baru"


def test_save_draft__existing_images_sent_back__kept_without_new_files(member):
    story = save_story_with_images(member)
    before, hero = body_images(story), latest(story).hero_image_id
    story_save_draft(member=member, story=story, data=redraft(member, story))
    assert body_images(story) == before
    assert latest(story).hero_image_id == hero
    assert CustomImage.objects.count() == 2


def test_save_draft__images_left_out__removed_from_the_draft(member):
    story = save_story_with_images(member)
    story_save_draft(
        member=member, story=story, data=redraft(member, story, hero=None, body_images=())
    )
    assert body_images(story) == []
    assert latest(story).hero_image is None


def test_save_draft__alt_text_of_a_published_image__changes_only_in_the_draft(member):
    story = publish(save_story_with_images(member))
    [(image_id, caption)] = body_images(story)
    [image] = redraft(member, story).body_images
    relabelled = ImageDraft(
        image_id=image_id,
        alt_text="Toples nastar di meja kayu",
        caption=image.caption,
        section=image.section,
    )
    story_save_draft(
        member=member, story=story, data=redraft(member, story, body_images=(relabelled,))
    )
    [(draft_image_id, draft_caption)] = body_images(story)
    assert draft_image_id != image_id
    assert draft_caption == caption
    assert CustomImage.objects.get(pk=image_id).alt_text == "Toples nastar"
    assert CustomImage.objects.get(pk=draft_image_id).alt_text == "Toples nastar di meja kayu"


def test_save_draft__alt_text_of_a_draft_image__updated_in_place(member):
    story = save_story_with_images(member)
    [(image_id, _caption)] = body_images(story)
    [image] = redraft(member, story).body_images
    relabelled = ImageDraft(
        image_id=image_id,
        alt_text="Toples nastar di meja kayu",
        caption=image.caption,
        section=image.section,
    )
    story_save_draft(
        member=member, story=story, data=redraft(member, story, body_images=(relabelled,))
    )
    assert body_images(story) == [(image_id, "Empat puluh kue")]
    assert CustomImage.objects.get(pk=image_id).alt_text == "Toples nastar di meja kayu"


def test_save_draft__in_review__story_in_review_and_nothing_saved(member):
    story = save_new(member)
    story_submit(member=member, story=story)
    with pytest.raises(StoryInReview):
        story_save_draft(
            member=member, story=story, data=redraft(member, story, title="Diubah saat direview")
        )
    assert story.revisions.count() == 1
    assert latest(story).title == TITLE


# --- One step at a time: a part of the story -------------------------------------------------------


def about(**overrides) -> AboutPart:
    """The first step's part of Sari's story (what ``draft`` holds for it)."""
    whole = draft()
    values = {
        "title": whole.title,
        "subject_kind": whole.subject_kind,
        "subject_name": whole.subject_name,
        "language": whole.language,
        "summary": whole.summary,
        "industries": whole.industries,
        "sections": whole.sections,
        "product_or_service": whole.product_or_service,
        "product_description": whole.product_description,
    }
    values.update(overrides)
    return AboutPart(**values)


def test_save_part__about_alone__a_new_private_draft_without_claims_images_or_declarations(
    member, client
):
    page = story_save_draft(member=member, story=None, data=about())
    story = StoryPage.objects.get(pk=page.pk)
    assert story.owner == member
    assert not story.live
    assert story.revisions.count() == 1
    saved = latest(story)
    assert saved.title == TITLE
    assert "<p>Sekarang rata-rata Rp 3 juta sebulan.</p>" in paragraphs(saved.body)
    assert list(saved.claims.all()) == []
    assert saved.hero_image is None
    assert not Consent.objects.exists()
    assert client.get(f"/stories/{story.slug}/").status_code == 404


@pytest.mark.parametrize(
    "part",
    [
        ClaimsPart(claims=(claim(),)),
        ImagesPart(),
        DeclarationsPart(no_material_connection=True, agree_to_publish=True),
    ],
    ids=["claims", "images", "declarations"],
)
def test_save_part__a_new_story_must_start_with_its_about_part(member, part):
    with pytest.raises(ValueError, match="AboutPart"):
        story_save_draft(member=member, story=None, data=part)
    assert not StoryPage.objects.exists()


def test_save_part__claims__replace_the_claims_and_keep_the_rest(member):
    story = save_story_with_images(member)
    before = latest(story)
    story_save_draft(
        member=member,
        story=story,
        data=ClaimsPart(claims=(claim(kind="time", statement="Empat jam sehari."),)),
    )
    after = latest(story)
    assert story.revisions.count() == 2
    assert [(c.kind, c.statement) for c in after.claims.all()] == [("time", "Empat jam sehari.")]
    assert after.title == before.title
    assert after.hero_image_id == before.hero_image_id
    strip = lambda body: [(b["type"], b["value"]) for b in body.raw_data]  # noqa: E731
    assert strip(after.body) == strip(before.body)
    assert after.material_connection == before.material_connection


def test_save_part__images__replace_the_images_and_keep_the_text(member):
    story = save_new(member)
    story_save_draft(
        member=member,
        story=story,
        data=ImagesPart(
            hero=new_image("Dapur Sari", "dapur.png"),
            body_images=(new_image("Toples", "toples.png", caption="Kue", section="results"),),
        ),
    )
    saved = latest(story)
    assert story.revisions.count() == 2
    assert saved.hero_image.alt_text == "Dapur Sari"
    assert [caption for _image, caption in body_images(story)] == ["Kue"]
    assert "<p>Sekarang rata-rata Rp 3 juta sebulan.</p>" in paragraphs(saved.body)
    assert [c.statement for c in saved.claims.all()] == [CLAIM_STATEMENT]


def test_save_part__about__keeps_the_images_and_claims(member):
    story = save_story_with_images(member)
    images_before = body_images(story)
    story_save_draft(member=member, story=story, data=about(title="Judul baru"))
    saved = latest(story)
    assert saved.title == "Judul baru"
    assert body_images(story) == images_before
    assert saved.hero_image.alt_text == "Dapur Sari"
    assert [c.statement for c in saved.claims.all()] == [CLAIM_STATEMENT]


def test_save_part__declarations__recorded_and_stated_publicly(member):
    story = story_save_draft(member=member, story=None, data=about())
    story_save_draft(
        member=member,
        story=story,
        data=DeclarationsPart(no_material_connection=True, agree_to_publish=True),
    )
    assert story.revisions.count() == 2
    with translation.override("id"):
        assert latest(story).material_connection == str(
            DECLARATIONS[ConsentKind.NO_CONNECTION].text
        )
    kinds = set(Consent.objects.filter(story=story).active().values_list("kind", flat=True))
    assert kinds == {ConsentKind.PUBLISH, ConsentKind.NO_CONNECTION}
    story_submit(member=member, story=story)
    assert active_states(story).exists()


@pytest.mark.parametrize(
    "part",
    [
        lambda member, story: about(),
        lambda member, story: ClaimsPart(claims=redraft(member, story).claims),
        lambda member, story: ImagesPart(
            hero=redraft(member, story).hero, body_images=redraft(member, story).body_images
        ),
        lambda member, story: DeclarationsPart(no_material_connection=True),
    ],
    ids=["about", "claims", "images", "declarations"],
)
def test_save_part__unchanged__no_new_revision(member, part):
    story = save_story_with_images(member)
    story_save_draft(member=member, story=story, data=part(member, story))
    assert story.revisions.count() == 1


def test_save_part__new_evidence_on_an_unchanged_claim__one_new_revision(member):
    story = save_new(member)
    [kept] = redraft(member, story).claims
    with_file = ClaimDraft(
        key=kept.key,
        kind=kept.kind,
        statement=kept.statement,
        evidence_note=kept.evidence_note,
        new_files=(checked_evidence("rekening.pdf"),),
    )
    story_save_draft(member=member, story=story, data=ClaimsPart(claims=(with_file,)))
    assert story.revisions.count() == 2
    assert EvidenceFile.objects.get(story=story).claim_key == kept.key


def test_save_part__language_changed__the_no_connection_statement_follows_it(member):
    story = save_new(member)
    story_save_draft(member=member, story=story, data=about(language="en"))
    with translation.override("en"):
        assert latest(story).material_connection == str(
            DECLARATIONS[ConsentKind.NO_CONNECTION].text
        )


def test_save_part__another_members_story__permission_denied(member):
    story = save_new(member)
    with pytest.raises(PermissionDenied):
        story_save_draft(member=UserFactory(), story=story, data=about(title="Dibajak"))
    assert story.revisions.count() == 1
    assert latest(story).title == TITLE


# --- Submitting ------------------------------------------------------------------------------------


def test_story_submit__starts_the_story_review_workflow(member):
    story = story_submit(member=member, story=save_new(member))
    assert story.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert story.current_workflow_state.workflow.name == "Story review"
    assert not story.live


def test_story_submit__twice__one_workflow_state(member):
    story = save_new(member)
    story_submit(member=member, story=story)
    story_submit(member=member, story=story)
    assert WorkflowState.objects.for_instance(story).count() == 1
    assert active_states(story).get().status == WorkflowState.STATUS_IN_PROGRESS


def test_story_submit__after_changes_requested__the_same_workflow_resumes_on_the_new_draft(
    member,
):
    story = save_new(member)
    story_submit(member=member, story=story)
    state = active_states(story).get()
    state.current_task_state.reject(user=ModeratorFactory(), comment="Tambahkan bukti.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    story_save_draft(
        member=member, story=story, data=redraft(member, story, sections={"challenge": "Modal."})
    )
    story_submit(member=member, story=story)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.for_instance(story).count() == 1
    assert state.current_task_state.revision == StoryPage.objects.get(pk=story.pk).latest_revision


def test_story_submit__published_and_unchanged__nothing_to_submit(member):
    story = publish(save_new(member))
    with pytest.raises(NothingToSubmit):
        story_submit(member=member, story=story)
    assert not active_states(story).exists()


def test_story_submit__failing_mail_server__the_submission_is_kept(
    member, settings, django_capture_on_commit_callbacks, caplog
):
    ModeratorFactory(email="moderator@example.com")
    settings.EMAIL_BACKEND = "tests.community.conftest.BrokenEmailBackend"
    story = save_new(member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        story_submit(member=member, story=story)
    assert callbacks, "the member's notification is queued after the commit"
    assert "SMTP is down" in caplog.text, "an e-mail was attempted and failed"
    assert active_states(story).get().status == WorkflowState.STATUS_IN_PROGRESS


# --- Withdrawing consent ---------------------------------------------------------------------------


def test_consent_withdraw__published_story__offline_and_the_consent_marked_withdrawn(
    member, client
):
    story = publish(save_new(member))
    assert client.get(story.url).status_code == 200
    consent_withdraw(member=member, story=story)
    story.refresh_from_db()
    assert not story.live
    consent = Consent.objects.get(story=story, kind=ConsentKind.PUBLISH)
    assert consent.withdrawn_at is not None
    actions = set(PageLogEntry.objects.filter(page=story).values_list("action", flat=True))
    assert {"terang.consent.withdraw", "wagtail.unpublish"} <= actions
    assert client.get(f"/stories/{story.slug}/").status_code == 404


def test_consent_withdraw__in_review__review_stops_and_resubmitting_needs_new_consent(member):
    story = save_new(member)
    story_submit(member=member, story=story)
    consent_withdraw(member=member, story=story)
    assert not active_states(story).exists()
    with pytest.raises(DeclarationsMissing):
        story_submit(member=member, story=story)
    story_save_draft(member=member, story=story, data=redraft(member, story, title="Judul baru"))
    with pytest.raises(DeclarationsMissing):
        story_submit(member=member, story=story)
    story_save_draft(
        member=member,
        story=story,
        data=DeclarationsPart(no_material_connection=True, agree_to_publish=True),
    )
    story_submit(member=member, story=story)
    assert active_states(story).exists()


# --- Someone else's story --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "act",
    [
        pytest.param(
            lambda other, story, member: story_save_draft(
                member=other, story=story, data=redraft(member, story, title="Diambil alih")
            ),
            id="story_save_draft",
        ),
        pytest.param(
            lambda other, story, member: story_submit(member=other, story=story),
            id="story_submit",
        ),
        pytest.param(
            lambda other, story, member: consent_withdraw(member=other, story=story),
            id="consent_withdraw",
        ),
        pytest.param(
            lambda other, story, member: story_withdraw(member=other, story=story),
            id="story_withdraw",
        ),
    ],
)
def test_services__another_members_story__permission_denied_and_nothing_changes(member, act):
    story = publish(save_new(member))
    story_save_draft(member=member, story=story, data=redraft(member, story, title="Judul baru"))
    revisions = story.revisions.count()
    with pytest.raises(PermissionDenied):
        act(UserFactory(), story, member)
    story.refresh_from_db()
    assert story.live
    assert story.revisions.count() == revisions
    assert latest(story).title == "Judul baru"
    assert not active_states(story).exists()
    assert Consent.objects.filter(story=story, kind=ConsentKind.PUBLISH).active().exists()
