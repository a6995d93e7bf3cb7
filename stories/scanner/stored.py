"""The scanner's findings stored per revision of a story (``StoryScan``), for the review queue
and the review screen.

A scan is stored when a revision is saved (``StoryPage.save_revision``: the submission form, the
admin, imports), so a story edited after submission is read by its newest version. A revision
made some other way, or scanned by an older scanner (its code, rules or model changed since), is
scanned again when the queue or the screen first needs it. Each flag is stored with its part, its
span and its words, so the review screen shows the stored scan of the revision under review
(:func:`revision_parts`) instead of scanning it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.db import transaction

from stories.models import StoryScan, StoryScanFlag

from . import LANGUAGES, Flag
from .engine import SEVERITY_RANK, load_catalogue
from .story import FoundFlag, ScannedPart, found_flag, scan_story, story_parts

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


def store_scan(revision, story=None, parts: list[ScannedPart] | None = None) -> frozenset[str]:
    """Scan ``story`` (by default the revision's own content) and store its flags for
    ``revision``, replacing what was stored for it before (an overwritten revision is scanned
    again); ``parts`` are the story's parts already scanned, if the caller has them. Returns the
    codes found."""
    if parts is None:
        parts = scan_story(revision.as_object() if story is None else story)
    rows = [
        StoryScanFlag(
            code=found.flag.code,
            part=index,
            start=found.flag.start,
            end=found.flag.end,
            match=found.flag.match,
            rule=found.flag.rule,
            reason=found.flag.reason,
        )
        for index, part in enumerate(parts)
        for found in part.flags
    ]
    with transaction.atomic():
        scan, _created = StoryScan.objects.update_or_create(
            revision=revision, defaults={"scanner": scanner_version()}
        )
        scan.flags.all().delete()
        for row in rows:
            row.scan = scan
        StoryScanFlag.objects.bulk_create(rows)
    return frozenset(row.code for row in rows)


def stored_parts(revision, story) -> list[ScannedPart] | None:
    """The parts of ``story`` (the revision's content) with the flags stored for ``revision`` by
    this scanner, or None when there is no such scan or it does not fit the text (a flag whose
    words are not at its span)."""
    scan = (
        StoryScan.objects.filter(revision=revision, scanner=scanner_version())
        .prefetch_related("flags")
        .first()
    )
    if scan is None:
        return None
    language = story.language if story.language in LANGUAGES else "id"
    catalogue = load_catalogue()
    texts = [(label, text) for label, text in story_parts(story) if text]
    found: list[list[FoundFlag]] = [[] for _ in texts]
    for row in scan.flags.all():
        if row.part >= len(texts) or row.code not in catalogue.flags:
            return None
        text = texts[row.part][1]
        if not (0 <= row.start < row.end <= len(text)) or text[row.start : row.end] != row.match:
            return None
        spec = catalogue.flags[row.code]
        flag = Flag(
            code=row.code,
            severity=spec.severity,
            match=row.match,
            start=row.start,
            end=row.end,
            explanation=spec.explanations.get(language, ""),
            guide_url=catalogue.guide_url(row.code, language),
            rule=row.rule,
            reason=row.reason,
        )
        found[row.part].append(found_flag(flag, text))
    return [
        ScannedPart(label=label, text=text, flags=tuple(sorted(flags, key=_in_scan_order)))
        for (label, text), flags in zip(texts, found, strict=True)
    ]


def _in_scan_order(found: FoundFlag) -> tuple[int, int, int, str]:
    """The order :func:`stories.scanner.scan` gives its flags in."""
    flag = found.flag
    return (flag.start, -SEVERITY_RANK[flag.severity], flag.end, flag.code)


def revision_parts(revision, story) -> list[ScannedPart]:
    """The scanned parts of ``story``, the content of ``revision``: read from the scan stored for
    the revision when there is one by this scanner, otherwise scanned now and stored."""
    if revision is None:
        return scan_story(story)
    parts = stored_parts(revision, story)
    if parts is None:
        parts = scan_story(story)
        store_scan(revision, story, parts)
    return parts


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
