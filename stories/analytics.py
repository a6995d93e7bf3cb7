"""Counting readers without following them: daily views of a story and clicks on its outbound links.

- **Views** are counted by a small request the story page sends once it is shown
  (``static/js/story-view.js``, ``navigator.sendBeacon``), so a page served from the page cache
  still counts. The count is per story and day; no cookie is set and no address is stored. To keep
  one reader who reloads from counting many times, the cache remembers a keyed hash of the
  reader's address and the story for ``REPEAT_WINDOW`` seconds, and nothing else; the key changes
  every day, so the hashes cannot be linked across days. Requests that announce a robot are not
  counted.
- **Outbound clicks**: each external link in a story's text points to ``/out/<token>/``, where the
  token is the story and the address, signed with the site's secret key. Only a link the site
  signed is followed, so the redirect cannot be used to send people anywhere else; it counts the
  click per story, link and day, then redirects.
"""

import datetime as dt
import hashlib
import hmac
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone

from .models import StoryLinkClickDay, StoryPage, StoryViewDay

REPEAT_WINDOW = 30 * 60
OUTBOUND_SALT = "terang.analytics.outbound"
ROBOTS = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor|headless", re.IGNORECASE)
MAX_URL = 2000


# --- Views ---------------------------------------------------------------------------------------


def is_robot(user_agent: str) -> bool:
    return not user_agent or bool(ROBOTS.search(user_agent))


def _reader_key(story_id: int, address: str) -> str:
    day = timezone.localdate().isoformat()
    secret = hmac.new(settings.SECRET_KEY.encode(), day.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, f"{story_id}:{address}".encode(), hashlib.sha256).hexdigest()
    return f"terang:view:{digest[:32]}"


def count_view(story_id: int, *, address: str, user_agent: str) -> bool:
    """Count one view of a live, public story today; False when not counted (robot, repeat)."""
    if is_robot(user_agent):
        return False
    if not StoryPage.objects.live().public().filter(pk=story_id).exists():
        return False
    if not cache.add(_reader_key(story_id, address), 1, REPEAT_WINDOW):
        return False
    _increment(StoryViewDay, {"story_id": story_id, "day": timezone.localdate()}, "views")
    return True


def _increment(model, key: dict, counter: str, **defaults) -> None:
    """Add one to the row's counter, creating the row: atomic, whatever runs at the same time."""
    if model.objects.filter(**key).update(**{counter: F(counter) + 1}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **defaults, **{counter: 1})
    except IntegrityError:  # another request created it first
        model.objects.filter(**key).update(**{counter: F(counter) + 1})


# --- Outbound links ------------------------------------------------------------------------------


def is_outbound(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(url) <= MAX_URL


def outbound_url(story_id: int, url: str) -> str:
    # Signed without a time, so a link is the same on every rendering (and cached pages) and
    # never expires: it stays what the story says for as long as the story says it.
    token = signing.Signer(salt=OUTBOUND_SALT).sign_object([story_id, url], compress=True)
    return reverse("story_outbound", args=[token])


def read_outbound(token: str) -> tuple[int, str] | None:
    """The story and address a token was signed for; None for anything the site did not sign."""
    try:
        story_id, url = signing.Signer(salt=OUTBOUND_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(story_id, int) or not isinstance(url, str) or not is_outbound(url):
        return None
    return story_id, url


def count_click(story_id: int, url: str, *, user_agent: str) -> None:
    if is_robot(user_agent) or not StoryPage.objects.live().public().filter(pk=story_id).exists():
        return
    url_hash = hashlib.sha256(url.encode()).hexdigest()
    _increment(
        StoryLinkClickDay,
        {"story_id": story_id, "day": timezone.localdate(), "url_hash": url_hash},
        "clicks",
        url=url,
    )


class _LinkRewriter(HTMLParser):
    """Copies HTML, pointing each outbound ``<a href>`` at the signed redirect."""

    def __init__(self, story_id: int):
        super().__init__(convert_charrefs=False)
        self.story_id = story_id
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.out.append(self._tag(tag, attrs, closed=False))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self._tag(tag, attrs, closed=True))

    def _tag(self, tag, attrs, *, closed):
        if tag == "a":
            attrs = dict(attrs)
            href = attrs.get("href") or ""
            if is_outbound(href):
                attrs["href"] = outbound_url(self.story_id, href)
                attrs["rel"] = "nofollow noopener"
            attrs = list(attrs.items())
        text = "".join(
            f" {name}" if value is None else f' {name}="{_escape(value)}"' for name, value in attrs
        )
        return f"<{tag}{text}{' /' if closed else ''}>"

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def rewrite_outbound_links(html: str, story_id: int) -> str:
    if "<a" not in html:
        return html
    rewriter = _LinkRewriter(story_id)
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


# --- What storytellers see -----------------------------------------------------------------------


def story_figures(story: StoryPage, *, days: int = 30) -> dict:
    """The last ``days`` days of one story: views per day (every day, zeros included) and clicks."""
    today = timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    counted = dict(
        StoryViewDay.objects.filter(story=story, day__gte=first).values_list("day", "views")
    )
    per_day = [
        (first + dt.timedelta(days=offset), counted.get(first + dt.timedelta(days=offset), 0))
        for offset in range(days)
    ]
    links = (
        StoryLinkClickDay.objects.filter(story=story, day__gte=first)
        .values("url")
        .annotate(clicks=Sum("clicks"))
        .order_by("-clicks", "url")
    )
    return {
        "days": days,
        "per_day": list(reversed(per_day)),
        "views": sum(views for _, views in per_day),
        "links": list(links),
    }


def views_in_last_days(story_ids, *, days: int = 30) -> dict[int, int]:
    first = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = (
        StoryViewDay.objects.filter(story_id__in=story_ids, day__gte=first)
        .values("story_id")
        .annotate(total=Sum("views"))
    )
    return {row["story_id"]: row["total"] for row in rows}
