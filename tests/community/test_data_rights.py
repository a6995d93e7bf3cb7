import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText

from community.models import Consent, ConsentKind, OrganizationMembership, OrganizationRole, User
from community.services import member_delete, member_export
from stories.choices import ReviewOutcome, ReviewReason, Verification
from stories.models import CustomImage, CustomRendition, EvidenceFile, ReviewDecision, StoryPage
from tests.factories import (
    ModeratorFactory,
    OrganizationFactory,
    StoryPageFactory,
    TransparencyClaimFactory,
    UserFactory,
    png_bytes,
    uploaded_image,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def member():
    return UserFactory(email="jane@example.com", display_name="Jane")


@pytest.fixture
def other_member():
    return UserFactory(email="budi@example.com")


def _published(owner, title) -> StoryPage:
    story = StoryPageFactory(title=title, owner=owner)
    return StoryPage.objects.get(pk=story.pk)


def _evidence(story, name="rekening.pdf") -> EvidenceFile:
    evidence = EvidenceFile(
        story=story,
        original_name=name,
        content_type="application/pdf",
        size=4,
        uploaded_by=story.owner,
    )
    evidence.file.save(name, ContentFile(b"%PDF"), save=True)
    return evidence


def test_export__anonymous__redirects_to_login(client, story_index):
    response = client.get(reverse("community:data_export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_export__downloads_zip_with_my_stories_and_not_others(
    client, story_index, member, other_member
):
    mine = _published(member, "Kisah Jane")
    _published(other_member, "Kisah Budi")
    client.force_login(member)
    response = client.get(reverse("community:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.zip"')
    assert response["Cache-Control"] == "private, no-store"
    archive = _archive(response)
    assert archive.namelist() == ["data.json"]
    content = archive.read("data.json")
    data = json.loads(content)
    assert [s["title"] for s in data["stories"]] == ["Kisah Jane"]
    assert data["stories"][0]["id"] == mine.pk
    assert data["account"]["email"] == "jane@example.com"
    assert "password" not in json.dumps(data["account"])
    assert "Kisah Budi" not in content.decode()


def test_export__story_has_latest_draft_content_claims_and_body_text(story_index, member):
    story = _published(member, "Judul lama")
    TransparencyClaimFactory(page=story, statement="Rata-rata Rp 3 juta per bulan.")
    story = StoryPage.objects.get(pk=story.pk)
    story.title = "Judul baru"
    story.body = [
        ("heading", "Awal"),
        ("paragraph", RichText("<p>Kami mulai dari <b>dapur</b>.</p>")),
    ]
    story.save_revision(user=member)
    exported = member_export(member=member)["stories"][0]
    assert exported["title"] == "Judul baru"
    assert exported["status"] == "published"
    assert exported["claims"][0]["statement"] == "Rata-rata Rp 3 juta per bulan."
    assert exported["body"] == "Awal\n\nKami mulai dari dapur."
    assert exported["first_published_at"] is not None


def test_export__includes_decisions_without_moderator_and_evidence_metadata_only(
    story_index, member
):
    story = _published(member, "Kisah Jane")
    moderator = ModeratorFactory(username="modsecret")
    ReviewDecision.objects.create(
        story=story,
        moderator=moderator,
        outcome=ReviewOutcome.CHANGES_REQUESTED,
        reason=ReviewReason.INCOME_WITHOUT_EVIDENCE,
        comment="Lampirkan bukti.",
    )
    _evidence(story)
    data = member_export(member=member)
    decision = next(d for d in data["review_decisions"] if d["outcome"] == "changes_requested")
    assert decision["reason"] == "income_without_evidence"
    assert decision["comment"] == "Lampirkan bukti."
    assert "modsecret" not in json.dumps(data, default=str)
    evidence = EvidenceFile.objects.get()
    assert data["evidence_files"] == [
        {
            "story": story.pk,
            "original_name": "rekening.pdf",
            "content_type": "application/pdf",
            "size": 4,
            "uploaded_at": evidence.uploaded_at,
            "file": f"evidence/{evidence.pk}-rekening.pdf",
        }
    ]


def test_export__includes_organisations_and_my_audit_log(story_index, member):
    organization = OrganizationFactory(name="Koperasi Sehat")
    OrganizationMembership.objects.create(
        user=member, organization=organization, role=OrganizationRole.OWNER
    )
    story = _published(member, "Kisah Jane")
    story.save_revision(user=member, log_action=True)
    data = member_export(member=member)
    assert data["organizations"][0]["organization"]["name"] == "Koperasi Sehat"
    assert data["organizations"][0]["role"] == "owner"
    assert {entry["action"] for entry in data["audit_log"]} >= {"wagtail.edit"}
    assert all(entry["story"] == story.pk for entry in data["audit_log"])


def test_delete__get__asks_for_password_and_changes_nothing(client, story_index, member):
    client.force_login(member)
    response = client.get(reverse("community:account_delete"))
    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_delete__wrong_password__keeps_the_account(client, story_index, member):
    story = _published(member, "Kisah Jane")
    client.force_login(member)
    response = client.post(reverse("community:account_delete"), {"password": "not-it"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    assert StoryPage.objects.get(pk=story.pk).live


def test_delete__unpublishes_my_stories_removes_me_and_logs_out(
    client, story_index, member, other_member
):
    mine = _published(member, "Kisah Jane")
    public_url = mine.url
    theirs = _published(other_member, "Kisah Budi")
    client.force_login(member)
    response = client.post(reverse("community:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert "_auth_user_id" not in client.session
    mine = StoryPage.objects.get(pk=mine.pk)
    assert not mine.live
    assert mine.owner_id is None
    assert PageLogEntry.objects.filter(page=mine, action="wagtail.unpublish").exists()
    assert client.get(public_url).status_code == 404
    assert StoryPage.objects.get(pk=theirs.pk).live


def test_delete__erases_evidence_files_from_private_storage(
    story_index, member, django_capture_on_commit_callbacks
):
    story = _published(member, "Kisah Jane")
    evidence = _evidence(story)
    name = evidence.file.name
    assert storages["private"].exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=member)
    assert not EvidenceFile.objects.exists()
    assert not storages["private"].exists(name)


def test_delete__superuser__is_refused(client, story_index):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("community:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(pk=admin.pk).exists()


def test_delete__cancels_review_in_progress(story_index, member):
    story = StoryPageFactory(owner=member, verification=Verification.UNREVIEWED, reviewed_at=None)
    story.unpublish()
    story.save_revision(user=member)
    workflow_state = story.get_workflow().start(story, member)
    member_delete(member=member)
    workflow_state.refresh_from_db()
    assert workflow_state.status == workflow_state.STATUS_CANCELLED


def test_export__revision_naming_a_deleted_organisation__still_exports(story_index, member):
    organization = OrganizationFactory(name="Koperasi Lama")
    story = _published(member, "Kisah Jane")
    story.organization = organization
    story.save_revision(user=member)
    organization.delete()
    exported = member_export(member=member)["stories"][0]
    assert exported["organization"] is None
    assert exported["title"] == "Kisah Jane"


def test_export__includes_my_consents_in_the_words_i_agreed_to(story_index, member, other_member):
    story = _published(member, "Kisah Jane")
    Consent.objects.create(
        user=member, story=story, kind=ConsentKind.PUBLISH, text="Saya setuju.", version="v1"
    )
    Consent.objects.create(
        user=other_member,
        story=_published(other_member, "Kisah Budi"),
        kind=ConsentKind.PUBLISH,
        text="Orang lain setuju.",
        version="v1",
    )
    consents = member_export(member=member)["consents"]
    assert [(c["story"], c["kind"], c["text"]) for c in consents] == [
        (story.pk, "publish", "Saya setuju.")
    ]
    assert "user" not in consents[0]


def test_export__zip_holds_the_json_and_my_uploads_byte_for_byte(
    client, story_index, member, other_member
):
    story = _published(member, "Kisah Jane")
    mine = uploaded_image(member, color="orange", title="Etalase toko")
    uploaded_image(other_member, color="blue")
    evidence = _evidence(story, "slip gaji.pdf")
    client.force_login(member)

    archive = _archive(client.get(reverse("community:data_export")))

    data = json.loads(archive.read("data.json"))
    assert [s["title"] for s in data["stories"]] == ["Kisah Jane"]
    [image] = data["images"]
    assert image["alt_text"] == "Etalase toko"
    assert (image["width"], image["height"]) == (40, 30)
    assert image["file"] == f"images/{mine.pk}-{mine.file.name.rsplit('/', 1)[-1]}"
    [evidence_entry] = data["evidence_files"]
    assert evidence_entry["file"] == f"evidence/{evidence.pk}-slip gaji.pdf"
    assert sorted(archive.namelist()) == sorted(
        ["data.json", image["file"], evidence_entry["file"]]
    )
    assert archive.read(image["file"]) == png_bytes("orange")
    assert archive.read(evidence_entry["file"]) == b"%PDF"
    assert archive.testzip() is None


def test_export__a_file_missing_from_storage__is_left_out_and_named_null(
    client, story_index, member
):
    photo = uploaded_image(member)
    storages["images"].delete(photo.file.name)
    client.force_login(member)

    archive = _archive(client.get(reverse("community:data_export")))

    assert archive.namelist() == ["data.json"]
    assert json.loads(archive.read("data.json"))["images"][0]["file"] is None


def test_delete__erases_my_images_and_their_renditions_unless_another_live_page_shows_them(
    client, story_index, member, other_member, django_capture_on_commit_callbacks
):
    published = uploaded_image(member)
    StoryPageFactory(owner=member, hero_image=published)
    unused = uploaded_image(member, color="green")
    shown_by_others = uploaded_image(member, color="blue")
    StoryPageFactory(owner=other_member, hero_image=shown_by_others)
    erased = [
        file
        for image in (published, unused)
        for file in (image.file, image.get_rendition("fill-100x100").file)
    ]
    assert client.get(published.file.url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=member)

    for file in erased:
        assert client.get(file.url).status_code == 404
        assert not storages["images"].exists(file.name)
    assert list(CustomImage.objects.values_list("pk", flat=True)) == [shown_by_others.pk]
    assert not CustomRendition.objects.exclude(image=shown_by_others).exists()
    assert client.get(shown_by_others.file.url).status_code == 200
