"""The scanner's findings stored with each revision of a story (stories.scanner.stored)."""

import pytest

from stories.choices import ClaimKind
from stories.models import StoryScan, TransparencyClaim
from stories.scanner.stored import scanner_version, store_scan
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

PITCH = "Gabung sekarang, pasti untung, dijamin balik modal dalam 30 hari."
CLEAN = "Penjualan naik pelan-pelan setelah dua tahun berjualan di pasar."


def test_save_revision__stores_what_the_scanner_found_in_that_revision(story_index):
    story = StoryPageFactory(summary=PITCH)
    revision = story.save_revision()
    scan = StoryScan.objects.get(revision=revision)
    assert {"guaranteed_income", "unrealistic_timeframe"} <= set(scan.codes)
    assert scan.scanner == scanner_version()

    story.summary = CLEAN
    edited = story.save_revision()
    assert StoryScan.objects.get(revision=edited).codes == []
    # The earlier version keeps its own findings.
    assert "guaranteed_income" in StoryScan.objects.get(revision=revision).codes


def test_save_revision__an_overwritten_revision_is_scanned_again(story_index):
    story = StoryPageFactory(summary=CLEAN)
    revision = story.save_revision(user=story.owner)
    assert StoryScan.objects.get(revision=revision).codes == []
    story.summary = PITCH
    overwritten = story.save_revision(user=story.owner, overwrite_revision=revision)
    assert overwritten.pk == revision.pk
    assert "guaranteed_income" in StoryScan.objects.get(revision=revision).codes
    assert StoryScan.objects.filter(revision=revision).count() == 1


def test_store_scan__reads_the_revisions_own_content_and_claims(story_index):
    story = StoryPageFactory(summary=CLEAN)
    story.claims.add(
        TransparencyClaim(kind=ClaimKind.INCOME, statement="Omzet saya Rp 12.000.000 per bulan.")
    )
    revision = story.save_revision()
    StoryScan.objects.filter(revision=revision).delete()
    story.summary = PITCH  # changed in memory only: the revision says otherwise
    assert "income_claim" in store_scan(revision)
    assert "guaranteed_income" not in StoryScan.objects.get(revision=revision).codes
