"""The scanner's findings stored with each revision of a story (stories.scanner.stored)."""

import pytest

from stories.choices import ClaimKind
from stories.models import StoryScan, TransparencyClaim
from stories.scanner.stored import revision_parts, scanner_version, store_scan, stored_parts
from stories.scanner.story import scan_story
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


def test_store_scan__keeps_each_flag_with_its_part_span_words_rule_and_reason(story_index):
    story = StoryPageFactory(summary=PITCH)
    revision = story.save_revision()
    parts = scan_story(story)
    rows = list(StoryScan.objects.get(revision=revision).flags.all())
    assert [(row.part, row.code, row.start, row.end) for row in rows] == sorted(
        (index, found.flag.code, found.flag.start, found.flag.end)
        for index, part in enumerate(parts)
        for found in part.flags
    )
    for row in rows:
        assert parts[row.part].text[row.start : row.end] == row.match
        assert row.rule and row.reason


def test_revision_parts__read_the_stored_scan_of_that_revision(story_index):
    story = StoryPageFactory(summary=PITCH)
    revision = story.save_revision()
    live = scan_story(story)
    assert revision_parts(revision, revision.as_object()) == live
    # What is shown is what was stored for the revision: a stored flag taken away stays away.
    scan = StoryScan.objects.get(revision=revision)
    dropped = scan.flags.filter(code="guaranteed_income")
    assert dropped.exists()
    dropped.delete()
    shown = revision_parts(revision, revision.as_object())
    assert [found.flag.code for part in shown for found in part.flags] == [
        found.flag.code
        for part in live
        for found in part.flags
        if found.flag.code != "guaranteed_income"
    ]


@pytest.mark.parametrize("stored", ["none", "older scanner", "words not at the span"])
def test_revision_parts__without_a_fitting_stored_scan__scan_now_and_store(story_index, stored):
    story = StoryPageFactory(summary=PITCH)
    revision = story.save_revision()
    scan = StoryScan.objects.get(revision=revision)
    if stored == "none":
        scan.delete()
    elif stored == "older scanner":
        scan.flags.filter(code="guaranteed_income").delete()
        StoryScan.objects.filter(pk=scan.pk).update(scanner="an older scanner")
    else:
        scan.flags.update(match="kata lain")

    assert revision_parts(revision, revision.as_object()) == scan_story(story)
    again = StoryScan.objects.get(revision=revision)
    assert again.scanner == scanner_version()
    assert "guaranteed_income" in again.codes
    assert stored_parts(revision, revision.as_object()) == scan_story(story)


def test_revision_parts__no_revision__scans_the_story(story_index):
    story = StoryPageFactory(summary=PITCH)
    assert revision_parts(None, story) == scan_story(story)
