"""Scan a story part by part: what members see before they submit and moderators see in review."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..body import STORY_SECTIONS, body_parts
from . import LANGUAGES, Flag, scan

SNIPPET_CONTEXT = 60


@dataclass(frozen=True)
class FoundFlag:
    flag: Flag
    before: str
    after: str


@dataclass(frozen=True)
class ScannedPart:
    label: str
    text: str
    flags: tuple[FoundFlag, ...]


def found_flag(flag: Flag, text: str) -> FoundFlag:
    """``flag`` in ``text`` with the words around it."""
    before = text[max(0, flag.start - SNIPPET_CONTEXT) : flag.start]
    after = text[flag.end : flag.end + SNIPPET_CONTEXT]
    return FoundFlag(
        flag=flag,
        before=("…" if flag.start > SNIPPET_CONTEXT else "") + before,
        after=after + ("…" if flag.end + SNIPPET_CONTEXT < len(text) else ""),
    )


def story_parts(story) -> list[tuple[str, str]]:
    """Every part of a story's text that a reader sees, labelled, in reading order."""
    sections = body_parts(story.body).sections
    parts = [
        (_("Title"), story.title),
        (_("Summary"), story.summary),
        (_("Product or service"), story.product_or_service),
        (_("About the product or service"), story.product_description),
        *((str(section.heading), sections[section.key]) for section in STORY_SECTIONS),
    ]
    for number, claim in enumerate(story.claims.all(), start=1):
        parts.append((_("Claim %(number)d") % {"number": number}, claim.statement))
        parts.append((_("Evidence for claim %(number)d") % {"number": number}, claim.evidence_note))
    return parts


def scan_story(story) -> list[ScannedPart]:
    """Every part of the story's text, each with the red flags the scanner found in it."""
    language = story.language if story.language in LANGUAGES else "auto"
    scanned = []
    for label, text in story_parts(story):
        if text:
            flags = tuple(found_flag(flag, text) for flag in scan(text, language).flags)
            scanned.append(ScannedPart(label=label, text=text, flags=flags))
    return scanned
