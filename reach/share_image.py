"""The picture a social site shows beside a link to a story (``og:image``), drawn with Pillow.

It shows the live story's title, its teller, its tier and its industries, labelled in the story's
own language. Each picture is kept in Django's default storage under a name that is a digest of
everything drawn on it, so a change to the live story (a published edit, a new tier, an industry
renamed) draws a new one on the next request, and the older pictures of that story are removed
then. Nothing of a pending edit is drawn: only the story's row, which holds its live version.
"""

import hashlib
import io
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from stories.choices import Verification

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
# Bumped whenever the drawing changes, so every picture is drawn again.
DRAWING = 2
FOLDER = "share"

GREEN = (21, 94, 75)
GREEN_LIGHT = (226, 240, 235)
INK = (26, 32, 30)
MUTED = (84, 96, 92)
WHITE = (255, 255, 255)

FONT_FILES = {
    "regular": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ),
    "bold": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
}


@lru_cache(maxsize=32)
def font(weight: str, size: int):
    """A system font if there is one (DejaVu, then Liberation), else Pillow's own."""
    for candidate in FONT_FILES[weight]:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


@dataclass(frozen=True)
class Card:
    """What the picture of one story shows, in the story's language."""

    title: str
    teller: str
    tier: str
    industries: str
    language: str

    @property
    def digest(self) -> str:
        text = "\x1f".join((str(DRAWING), *astuple(self)))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def clean(text: str) -> str:
    """One line of printable text: control characters and lone surrogates dropped."""
    text = (text or "").encode("utf-8", "ignore").decode("utf-8")
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())


def card_for(story) -> Card:
    """The card of ``story``'s live version (its row), labelled in the story's language."""
    language = story.language if story.language in ("id", "en") else "id"
    with translation.override(language):
        tier = {
            Verification.VERIFIED: _("Verified by Terang"),
            Verification.REVIEWED: _("Reviewed by Terang"),
        }.get(story.verification, "")
        industries = " · ".join(
            industry.name_id if language == "id" else industry.name
            for industry in story.industries.order_by("name")
        )
        teller = clean(story.subject_name)
        if story.organization_id:
            teller = _("%(teller)s · %(organization)s") % {
                "teller": teller,
                "organization": clean(story.organization.name),
            }
    return Card(
        title=clean(story.title),
        teller=teller,
        tier=tier,
        industries=clean(industries),
        language=language,
    )


def wrap(draw, text: str, typeface, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines no wider than ``width``; the last ends with "…" when
    the text does not fit. A word longer than a line is cut."""
    result: list[str] = []
    words = text.split()
    current = ""
    while words and len(result) < lines:
        word = words[0]
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=typeface) <= width:
            current = candidate
            words.pop(0)
            continue
        if not current:
            # One word wider than the line: as much of it as fits.
            cut = len(word)
            while cut > 1 and draw.textlength(word[:cut], font=typeface) > width:
                cut -= 1
            current, words[0] = word[:cut], word[cut:]
        result.append(current)
        current = ""
    if current and len(result) < lines:
        result.append(current)
    if words and result:
        last = result[-1]
        while last and draw.textlength(last + "…", font=typeface) > width:
            last = last[:-1]
        result[-1] = last.rstrip() + "…"
    return result


def draw(card: Card) -> bytes:
    """The PNG of ``card``, 1200 × 630."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 16), fill=GREEN)
    pen.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=GREEN_LIGHT)
    inner = WIDTH - 2 * MARGIN

    y = 64
    if card.tier:
        label = font("bold", 30)
        text = f"✓ {card.tier}"
        box = pen.textbbox((MARGIN + 20, y), text, font=label)
        pen.rounded_rectangle(
            (MARGIN, box[1] - 12, box[2] + 20, box[3] + 12), radius=28, fill=GREEN
        )
        pen.text((MARGIN + 20, y), text, font=label, fill=WHITE)
        y += 84
    title = font("bold", 60)
    title_lines = wrap(pen, card.title, title, inner, 4)
    for line in title_lines:
        pen.text((MARGIN, y), line, font=title, fill=INK)
        y += 74
    y += 16
    teller = font("regular", 34)
    # Above the footer band: two lines under a short title, one under a long one.
    for line in wrap(pen, card.teller, teller, inner, 1 if len(title_lines) == 4 else 2):
        pen.text((MARGIN, y), line, font=teller, fill=MUTED)
        y += 44
    footer = font("regular", 28)
    for line in wrap(pen, card.industries, footer, inner - 220, 1):
        pen.text((MARGIN, HEIGHT - 48), line, font=footer, fill=GREEN, anchor="lm")
    pen.text(
        (WIDTH - MARGIN, HEIGHT - 48), "Terang", font=font("bold", 40), fill=GREEN, anchor="rm"
    )

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def name_for(prefix: str, card: Card) -> str:
    return f"{FOLDER}/{prefix}/{card.digest}.png"


def stored_image(prefix: str, card: Card) -> str:
    """The storage name of ``card``'s picture, drawn and saved if it is not there yet; the other
    pictures under ``prefix`` (older versions) are removed when a new one is drawn."""
    name = name_for(prefix, card)
    if default_storage.exists(name):
        return name
    saved = default_storage.save(name, ContentFile(draw(card)))
    remove_all(prefix, keep=saved)
    return saved


def remove_all(prefix: str, keep: str = "") -> None:
    folder = f"{FOLDER}/{prefix}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        name = f"{folder}/{file}"
        if name != keep:
            default_storage.delete(name)


def story_prefix(story_id: int) -> str:
    return f"stories/{story_id}"


def site_card(language: str) -> Card:
    with translation.override(language):
        return Card(
            title=_("Success stories a moderator has checked"),
            teller=_("Real products, typical income backed by evidence, no guaranteed returns."),
            tier=_("Verified by Terang"),
            industries="",
            language=language,
        )
