"""The shapes of the demo content (read from content/ by content.py), and the helpers that turn
its prose into StreamField blocks."""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.utils.html import escape

from stories.body import paragraph_html
from stories.choices import SubjectKind


@dataclass(frozen=True)
class Claim:
    kind: str
    statement: str
    evidence: str = ""


@dataclass(frozen=True)
class Figure:
    """An image block drawn for the story; ``motif`` makes it differ from the hero image."""

    caption: str
    label: str
    motif: str


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    description: str
    business_licence_number: str = ""
    association_membership: str = ""
    regulator_list_note: str = ""
    verified_on: date | None = None


@dataclass(frozen=True)
class DemoStory:
    key: str
    language: str
    title: str
    subject_name: str
    industries: tuple[str, ...]
    summary: str
    product_or_service: str
    product_description: str
    claims: tuple[Claim, ...]
    body: tuple
    published: date
    reviewed: date
    place: str
    material_connection: str
    subject_kind: str = SubjectKind.PERSON
    organization: str | None = None
    # Checklist items whose evidence the moderator could not see: the story is then "reviewed".
    not_seen: tuple[str, ...] = ()
    report_note: str = ""
    owner: str | None = None
    # A first version sent back by the transparency review with this reason (choices.ReviewReason)
    # and comment; the member's next version is the one approved.
    sent_back: str = ""
    sent_back_comment: str = ""
    # The key of the same story in the other language (stories.languages).
    translation: str = ""


@dataclass(frozen=True)
class DemoGuide:
    slug: str
    language: str
    title: str
    summary: str
    body: tuple
    translation: str
    published: date


class Block(NamedTuple):
    type: str
    value: Any
    # A story's section headings name their section (stories.body.STORY_SECTIONS), so the
    # member's edit form finds the sections again whatever the heading's wording.
    section: str | None = None


def heading(text: str, section: str | None = None) -> Block:
    return Block("heading", text, section)


def para(text: str) -> Block:
    return Block("paragraph", paragraph_html(text))


def bullets(*items: str) -> Block:
    return Block("paragraph", "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")


def quote(text: str, attribution: str) -> Block:
    return Block("testimonial", {"quote": text, "attribution": attribution})


def figure(caption: str, *, label: str, motif: str) -> Block:
    return Block("image", Figure(caption=caption, label=label, motif=motif))


@dataclass(frozen=True)
class DemoSubmission:
    """A member's story sent to the review workflow; ``sections`` uses the submission form's keys."""

    key: str
    owner: str
    language: str
    title: str
    subject_kind: str
    subject_name: str
    place: str
    industries: tuple[str, ...]
    summary: str
    product_or_service: str
    product_description: str
    material_connection: str
    sections: dict[str, str]
    claims: tuple[Claim, ...]
    hero_label: str
    # Days since the member submitted it: older than TERANG_REVIEW_OVERDUE_DAYS shows as overdue.
    submitted_days_ago: int = 0
    # A moderator's rejection (reason, comment) and the member's appeal of it (appeal).
    rejection: dict | None = None
