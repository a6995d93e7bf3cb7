"""A story's body: the one place that writes it from plain text and reads it back.

A body is a StreamField of ``StoryBodyBlock``s. Stories written outside the admin (the member's
submission form, imports, the demo) are stored in sections, each a heading block whose id is
``section-<key>`` followed by paragraphs and images; moderators may add other blocks in the admin.

- Writing: ``split_paragraphs`` and ``paragraph_html`` turn plain text into escaped rich-text
  paragraphs (blank lines separate paragraphs, line breaks are kept), ``compose_body`` lays out
  sections, images and kept blocks.
- Reading: ``body_parts`` takes a body apart into the form's sections again, ``body_text`` gives
  its plain text, and ``story_text`` the plain text of a whole story, field by field (what search
  indexes and what the red-flag scanner reads).
"""

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .blocks import editor_html


@dataclass(frozen=True)
class StorySection:
    key: str
    heading: Promise
    required: bool
    help_text: Promise


# The story body, in this order. Headings are written in the story's language; a heading block's
# id ("section-<key>") ties it to its section however the wording is translated later.
STORY_SECTIONS = (
    StorySection(
        "background",
        _("Background"),
        required=True,
        help_text=_("Who you are, what the business sells and how you started."),
    ),
    StorySection(
        "challenge",
        _("The challenge"),
        required=False,
        help_text=_("What was hard: money, customers, time, doubts."),
    ),
    StorySection(
        "actions",
        _("What we did"),
        required=True,
        help_text=_("What you actually did, step by step: selling, learning, finding customers."),
    ),
    StorySection(
        "results",
        _("Results"),
        required=True,
        help_text=_("What came of it, in real numbers where you can: customers, sales, income."),
    ),
    StorySection(
        "lessons",
        _("What did not work"),
        required=False,
        help_text=_("What did not go well or did not pay off. Honest stories include these."),
    ),
)
SECTION_KEYS = tuple(section.key for section in STORY_SECTIONS)
SECTION_BLOCK_ID = "section-{key}"
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


@dataclass(frozen=True)
class BodyImage:
    image_id: int
    caption: str
    section: str


@dataclass
class BodyParts:
    """A story body taken apart into the submission form's sections."""

    sections: dict[str, str]
    images: list[BodyImage]
    kept_blocks: dict[str, list[dict]]


# --- writing -------------------------------------------------------------------------------------


def split_paragraphs(text: str) -> list[str]:
    """Plain text as paragraphs: split on blank lines, each line stripped, empty lines dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text):
        lines = [line.strip() for line in chunk.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def paragraph_html(paragraph: str) -> str:
    """One plain-text paragraph as a rich-text paragraph: escaped, its line breaks kept."""
    lines = "<br/>".join(escape(line) for line in paragraph.split("\n"))
    return editor_html(f"<p>{lines}</p>")


def paragraphs_to_html(text: str) -> list[str]:
    return [paragraph_html(paragraph) for paragraph in split_paragraphs(text)]


def section_headings(language: str) -> dict[str, str]:
    with translation.override(language):
        return {section.key: str(section.heading) for section in STORY_SECTIONS}


def compose_body(
    *, language: str, sections: Mapping[str, str], images=(), kept_blocks=None
) -> list[dict]:
    """The raw StreamField data of a sectioned body.

    ``images`` are ``(image, caption, section key)``; ``kept_blocks`` are other blocks (by
    section key) that a moderator added and that the member's form does not show.
    """
    headings = section_headings(language)
    kept_blocks = kept_blocks or {}
    raw = []
    for key in SECTION_KEYS:
        blocks = [
            {"type": "paragraph", "value": html, "id": str(uuid.uuid4())}
            for html in paragraphs_to_html(sections.get(key, ""))
        ]
        blocks += [
            {
                "type": "image",
                "value": {"image": image.pk, "caption": caption},
                "id": str(uuid.uuid4()),
            }
            for image, caption, section in images
            if section == key
        ]
        blocks += kept_blocks.get(key, [])
        if blocks:
            raw.append(
                {"type": "heading", "value": headings[key], "id": SECTION_BLOCK_ID.format(key=key)}
            )
            raw += blocks
    return raw


# --- reading -------------------------------------------------------------------------------------


class _RichTextReader(HTMLParser):
    BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def _end_paragraph(self):
        text = "\n".join(line.strip() for line in "".join(self.current).split("\n")).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK_TAGS:
            self._end_paragraph()
        elif tag == "br":
            self.current.append("\n")
        elif tag == "li":
            self.current.append("\n• ")

    def handle_endtag(self, tag):
        if tag in self.BLOCK_TAGS:
            self._end_paragraph()

    def handle_data(self, data):
        self.current.append(data.replace("\n", " "))

    def read(self, html: str) -> list[str]:
        self.feed(html)
        self.close()
        self._end_paragraph()
        return self.paragraphs


def html_to_paragraphs(html: str) -> list[str]:
    """Rich text back to plain-text paragraphs, its line breaks kept (the inverse of writing)."""
    return _RichTextReader().read(str(html or ""))


def _known_headings() -> dict[str, str]:
    """Every wording a section heading may have: each site language and the source text."""
    known = {}
    for language in [None, *(code for code, _name in settings.LANGUAGES)]:
        with translation.override(language):
            for section in STORY_SECTIONS:
                known.setdefault(" ".join(str(section.heading).casefold().split()), section.key)
    return known


def body_parts(body) -> BodyParts:
    """Take a story body apart into sections, images and any other blocks a moderator added."""
    by_id = {SECTION_BLOCK_ID.format(key=key): key for key in SECTION_KEYS}
    by_heading = _known_headings()
    current = SECTION_KEYS[0]
    paragraphs: dict[str, list[str]] = {key: [] for key in SECTION_KEYS}
    images: list[BodyImage] = []
    kept: dict[str, list[dict]] = {key: [] for key in SECTION_KEYS}
    for block in body.raw_data if body else []:
        block_type, value = block.get("type"), block.get("value")
        if block_type == "heading":
            key = by_id.get(block.get("id")) or by_heading.get(
                " ".join(str(value or "").casefold().split())
            )
            if key:
                current = key
            elif str(value or "").strip():
                paragraphs[current].append(str(value).strip())
        elif block_type == "paragraph":
            paragraphs[current].extend(html_to_paragraphs(value))
        elif block_type == "image" and isinstance(value, dict) and value.get("image"):
            images.append(BodyImage(int(value["image"]), str(value.get("caption") or ""), current))
        else:
            kept[current].append(dict(block))
    return BodyParts(
        sections={key: "\n\n".join(paragraphs[key]) for key in SECTION_KEYS},
        images=images,
        kept_blocks=kept,
    )


def body_text(body) -> str:
    """The plain text of a body, a paragraph per block, blank lines between (no markup, no HTML
    entities: rich text is read with Wagtail's ``get_text_for_indexing``)."""
    parts = []
    for block in body or []:
        for text in block.block.get_searchable_content(block.value):
            if text and str(text).strip():
                parts.append(str(text).strip())
    return "\n\n".join(parts)


def story_text(story) -> dict[str, str]:
    """The plain text of a story, field by field; the product counts as part of the body."""
    extra = " ".join(part for part in (story.product_or_service, story.product_description) if part)
    body = body_text(story.body)
    if extra:
        body = f"{body}\n\n{extra}" if body else extra
    return {
        "title": story.title,
        "subject": story.subject_name,
        "summary": story.summary,
        "body": body,
    }
