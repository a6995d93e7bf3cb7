"""The scanner's findings stored per revision of a story (``StoryScan``), for the review queue.

A scan is stored when a revision is saved (``StoryPage.save_revision``: the submission form, the
admin, imports), so a story edited after submission is read by its newest version. A revision
made some other way, or scanned by an older scanner (its code, rules or model changed since), is
scanned again when the queue first needs it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.db import transaction

from stories.models import StoryScan, StoryScanFlag

from .story import story_flags

SCANNER_DIR = Path(__file__).resolve().parent


@cache
def scanner_version() -> str:
    """A digest of what decides the scanner's answers: its code, rule files and model."""
    digest = hashlib.sha256()
    files = [
        *SCANNER_DIR.glob("*.py"),
        *SCANNER_DIR.glob("rules/*.json"),
        SCANNER_DIR / "model.json",
    ]
    for path in sorted(files):
        digest.update(path.relative_to(SCANNER_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def store_scan(revision, story=None) -> frozenset[str]:
    """Scan ``story`` (by default the revision's own content) and store its codes for ``revision``,
    replacing what was stored for it before (an overwritten revision is scanned again)."""
    if story is None:
        story = revision.as_object()
    codes = frozenset(found.flag.code for _part, found in story_flags(story))
    with transaction.atomic():
        scan, _created = StoryScan.objects.update_or_create(
            revision=revision, defaults={"scanner": scanner_version()}
        )
        scan.flags.all().delete()
        StoryScanFlag.objects.bulk_create(
            StoryScanFlag(scan=scan, code=code) for code in sorted(codes)
        )
    return codes


def refresh_scans(stories) -> int:
    """Store a scan of each story's latest revision that has none by this scanner; how many."""
    stale = stories.exclude(latest_revision=None).exclude(
        latest_revision__story_scan__scanner=scanner_version()
    )
    count = 0
    for story in stale.select_related("latest_revision"):
        store_scan(story.latest_revision)
        count += 1
    return count


def with_flags(stories, codes: Iterable[str]):
    """The stories whose latest revision has any of ``codes``, read from the stored scans."""
    refresh_scans(stories)
    found = StoryScanFlag.objects.filter(
        code__in=list(codes), scan__scanner=scanner_version()
    ).values("scan_id")
    return stories.filter(latest_revision_id__in=found)
