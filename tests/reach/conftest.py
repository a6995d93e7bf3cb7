"""A published story with a pending, unreviewed edit: what every outward surface starts from."""

import pytest

from tests.factories import OrganizationFactory, StoryPageFactory

LIVE_TITLE = "Katering sehat dari dapur rumah"
LIVE_SUMMARY = "Dari dapur rumah ke tiga puluh pelanggan tetap."
DRAFT_TITLE = "JUDUL BELUM DIPERIKSA"
DRAFT_SUMMARY = "RINGKASAN BELUM DIPERIKSA"
DRAFT_TELLER = "NAMA BELUM DIPERIKSA"


def pending_edit(story):
    """A member's edit of a live story, saved as a revision no moderator has reviewed."""
    story.title = DRAFT_TITLE
    story.summary = DRAFT_SUMMARY
    story.subject_name = DRAFT_TELLER
    story.save_revision(user=story.owner)
    story.refresh_from_db()
    assert story.draft_title == DRAFT_TITLE
    assert story.title == LIVE_TITLE
    return story


@pytest.fixture
def organization(db):
    return OrganizationFactory(
        name="PT Sehat Sejahtera",
        slug="sehat-sejahtera",
        verified=True,
        website="https://sehat.example",
    )


@pytest.fixture
def story(story_index, organization):
    """Published and verified, about ``organization``, with a pending edit."""
    story = StoryPageFactory(
        title=LIVE_TITLE,
        summary=LIVE_SUMMARY,
        subject_name="Siti Rahma",
        organization=organization,
        industries=["food-beverage"],
    )
    return pending_edit(story)


def assert_no_draft(text: str):
    for draft in (DRAFT_TITLE, DRAFT_SUMMARY, DRAFT_TELLER):
        assert draft not in text
