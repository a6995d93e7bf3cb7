"""Moderators' corrections of the scanner: their admin listing, and their export to the corpus.

A correction (:class:`stories.models.ScanFeedback`) says that the scanner flagged a passage of a
story wrongly, or missed a flag in it. ``python manage.py export_scan_feedback`` writes the
corrected passages in the corpus format (``corpus/README.md``), ready to grow ``dev.jsonl``:
names, phone numbers, e-mail addresses and account numbers are masked first, and the expected
codes are the scanner's own on the masked passage, less the codes marked wrong, plus the codes
marked missed. Corrections never go to ``heldout.jsonl``, which never changes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from stories.models import ScanFeedback

from . import scan
from .evaluation import CORPUS_DIR

NAME = "[name]"
PHONE = "[phone]"
EMAIL = "[email]"
ACCOUNT = "[account]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)\s?8\d{1,3}(?:[\s.-]?\d{2,5}){2,3}(?!\d)")
_ACCOUNT_WORDS = (
    r"(?:no\.?\s*)?(?:rek(?:ening)?\.?|a/c|acc(?:ount)?(?:\s+(?:no\.?|number))?|va|"
    r"bca|bri|bni|bsi|btn|mandiri|cimb(?:\s+niaga)?|permata|danamon|jago|seabank|"
    r"dana|ovo|gopay|shopeepay|linkaja)"
)
_ACCOUNT = re.compile(
    rf"(?i)(?P<label>\b{_ACCOUNT_WORDS}\s*[:.#]?\s*(?:a\.?n\.?\s*)?)(?P<number>\d[\d\s.-]{{5,24}}\d)"
)
_LONG_NUMBER = re.compile(r"(?<![\w.,$])(?<!rp)(?<!rp\s)\d(?:[\s-]?\d){8,19}(?![\w.,])", re.I)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}")
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}"
_HONORIFIC = re.compile(
    rf"\b(?P<title>Bu|Ibu|Pak|Bapak|Mbak|Mba|Mas|Kak|Kakak|Bang|Abang|Om|Tante|Cik|Koh|Ci|"
    rf"Teh|Aa|Uda|Uni|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|dr\.)\s+(?P<name>{_NAME})"
)
_INTRODUCTION = re.compile(
    rf"(?P<lead>\b(?i:nama\s+(?:saya|aku|gue|gw)|(?:saya|aku)\s+(?:adalah|bernama)|"
    rf"my\s+name\s+is|i\s+am|i'm|call\s+me)\s+)(?P<name>{_NAME})"
)
_SIGNATURE = re.compile(rf"(?P<lead>(?:^|\n)\s*[—–-]\s*)(?P<name>{_NAME})")


def mask(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with personal details replaced by ``[name]``, ``[phone]``, ``[email]``, ``[account]``.

    ``names`` are names known to belong to the people concerned (the story's subject, its
    author); names after a title ("Bu Rina", "Mr Lee"), in an introduction ("nama saya Rina",
    "I'm Lee"), in a signature line ("— Rina, Bogor") and handles ("@rina.kue") are found as
    well. Money amounts are kept: a number is masked as an account or phone number only when it
    is long and carries no currency.
    """
    text = _EMAIL.sub(EMAIL, text)
    text = _ACCOUNT.sub(lambda match: match.group("label") + ACCOUNT, text)
    text = _PHONE.sub(PHONE, text)
    text = _LONG_NUMBER.sub(ACCOUNT, text)
    text = _HANDLE.sub("@" + NAME, text)
    known = {name.strip() for name in names if name and name.strip()}
    parts = {part for name in known for part in name.split() if len(part) >= 3}
    for name in sorted(known | parts, key=len, reverse=True):  # "Rina Wati" before "Rina"
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME, text, flags=re.IGNORECASE)
    text = _HONORIFIC.sub(lambda match: f"{match.group('title')} {NAME}", text)
    text = _INTRODUCTION.sub(lambda match: match.group("lead") + NAME, text)
    text = _SIGNATURE.sub(lambda match: match.group("lead") + NAME, text)
    return text


@dataclass
class _Passage:
    text: str
    lang: str
    wrong: set[str] = field(default_factory=set)
    missed: set[str] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)


def corpus_items(feedback: Iterable) -> list[dict[str, object]]:
    """Corpus lines from corrections: one per masked passage, all its corrections merged."""
    passages: dict[tuple[str, str], _Passage] = {}
    for item in feedback:
        story = item.story
        names = [story.subject_name, *_person_names(story.owner), *_person_names(item.moderator)]
        text = mask(item.passage.strip(), names)
        passage = passages.setdefault((text, item.language), _Passage(text, item.language))
        (passage.wrong if item.verdict == "wrong" else passage.missed).add(item.code)
        phrase = f" ({mask(item.phrase, names)!r})" if item.phrase else ""
        passage.reasons.append(f"{item.verdict} {item.code}{phrase}: {mask(item.reason, names)}")
    items = []
    for passage in passages.values():
        found = {flag.code for flag in scan(passage.text, passage.lang).flags}
        expected = sorted((found - passage.wrong) | passage.missed)
        note = "Moderator correction. " + " ".join(
            reason.rstrip(".") + "." for reason in passage.reasons
        )
        items.append(
            {"text": passage.text, "lang": passage.lang, "expected": expected, "note": note}
        )
    return items


def _person_names(user) -> list[str]:
    if user is None:
        return []
    return [user.get_full_name(), getattr(user, "first_name", ""), getattr(user, "last_name", "")]


def corpus_key(text: str) -> str:
    """How the corpus tests compare texts for duplicates: NFC, spaces collapsed, case-folded."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def append_to_dev(items: Sequence[dict[str, object]], directory: Path | None = None) -> int:
    """Append the items that are new to ``dev.jsonl`` (never heldout); return how many."""
    directory = CORPUS_DIR if directory is None else directory
    seen = set()
    for name in ("dev.jsonl", "heldout.jsonl"):
        path = directory / name
        if path.exists():
            with path.open(encoding="utf-8") as lines:
                seen.update(corpus_key(json.loads(line)["text"]) for line in lines if line.strip())
    fresh = []
    for item in items:
        key = corpus_key(str(item["text"]))
        if key and key not in seen:
            seen.add(key)
            fresh.append(item)
    if fresh:
        with (directory / "dev.jsonl").open("a", encoding="utf-8", newline="\n") as dev:
            for item in fresh:
                dev.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(fresh)


class _ReadOnly(ModelPermissionPolicy):
    """Corrections are made in the review task, never added or edited in this listing."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ScanFeedback, _ReadOnly(ScanFeedback), exact_class=True)


class ScanFeedbackViewSet(SnippetViewSet):
    """The moderators' corrections of the scanner, to read (the review screen records them)."""

    model = ScanFeedback
    icon = "warning"
    menu_label = _("Scanner corrections")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["story", "code", "verdict", "phrase", "moderator", "created_at"]
    list_filter = ["verdict", "code", "language"]
