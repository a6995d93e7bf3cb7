import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from stories.models import EvidenceFile
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% bank statement\n"


@pytest.fixture
def evidence(story_index):
    owner = UserFactory()
    story = StoryPageFactory(owner=owner)
    item = EvidenceFile(
        story=story,
        original_name="rekening-koran.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=owner,
    )
    item.file.save("rekening-koran.pdf", ContentFile(PDF))
    return item


def url(evidence):
    return reverse("stories:evidence", args=(evidence.pk,))


def test_evidence__anonymous__gets_404(client, evidence):
    response = client.get(url(evidence))
    assert response.status_code == 404
    assert b"bank statement" not in response.content


def test_evidence__owner_member__gets_404(client, evidence):
    client.force_login(evidence.uploaded_by)
    assert client.get(url(evidence)).status_code == 404


def test_evidence__other_member__gets_404(client, evidence):
    client.force_login(UserFactory())
    assert client.get(url(evidence)).status_code == 404


def test_evidence__moderator__downloads_it_privately(client, evidence, staff_login):
    staff_login(client, ModeratorFactory())
    response = client.get(url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]


def test_evidence__administrator__downloads_it(client, evidence, staff_login):
    staff_login(client, UserFactory(is_superuser=True))
    assert client.get(url(evidence)).status_code == 200


def test_evidence__is_not_stored_under_the_public_media_root(evidence, settings):
    assert not evidence.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no public URL"):
        evidence.file.url  # noqa: B018


def test_evidence__unknown_id__gets_404(client, staff_login):
    staff_login(client, ModeratorFactory())
    assert client.get(reverse("stories:evidence", args=(999999,))).status_code == 404


def test_admin_edit_view__moderator_sees_evidence_links(client, evidence, staff_login):
    staff_login(client, UserFactory(is_superuser=True))
    response = client.get(reverse("wagtailadmin_pages:edit", args=(evidence.story.pk,)))
    assert response.status_code == 200
    assert url(evidence) in response.content.decode()


def test_evidence_file_row__removed_with_its_story(evidence):
    evidence.story.delete()
    assert not EvidenceFile.objects.exists()
