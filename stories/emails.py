"""Every e-mail the site sends, put together one way: links on SITE_URL, the site's name, text and HTML.

- Absolute links start with ``settings.SITE_URL`` and nothing else: never the host a request came
  in on (a mail may be sent from a task, where there is no request, and a request's host may be a
  proxy's or a developer's port);
- the sender and the subject carry the site's name (``WAGTAIL_SITE_NAME``);
- each message has a plain-text body and an HTML alternative, rendered from
  ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and ``<prefix>_message.html`` in the
  member's language;
- an optional mail (one a member can switch off) carries a one-click unsubscribe link, also as the
  ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers (RFC 8058). The link holds a signed
  token, so it works without logging in; community's unsubscribe view reads it back.
"""

from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

UNSUBSCRIBE_SALT = "terang.emails.unsubscribe"


def absolute_url(path: str) -> str:
    """``path`` (``/me/``) on the site's public address."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


def subject_prefix() -> str:
    return f"[{site_name()}] "


def from_address() -> str:
    """DEFAULT_FROM_EMAIL, named after the site when it carries no name of its own."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name or site_name(), address))


def member_language(user) -> str:
    """The language a member reads their e-mail in: the one they chose, else the site's default."""
    languages = dict(settings.LANGUAGES)
    language = getattr(user, "preferred_language", None)
    return language if language in languages else settings.LANGUAGE_CODE


def site_context() -> dict:
    """What every e-mail template may use to name and link the site."""
    return {
        "site_name": site_name(),
        "site_url": absolute_url("/"),
        "site_domain": urlsplit(settings.SITE_URL).netloc,
    }


def render_email(
    template_prefix: str,
    *,
    to: list[str],
    context: dict,
    language: str,
    unsubscribe_url: str = "",
) -> EmailMultiAlternatives:
    """The e-mail ``template_prefix`` names, in ``language``, with text and HTML bodies."""
    context = {**site_context(), **context, "unsubscribe_url": unsubscribe_url}
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        subject = subject_prefix() + " ".join(subject.split())
        context["subject"] = subject
        text = render_to_string(f"{template_prefix}_message.txt", context).strip() + "\n"
        html = render_to_string(f"{template_prefix}_message.html", context)
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(subject, text, from_address(), to, headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def unsubscribe_token(user, topic: str) -> str:
    return signing.dumps({"user": user.pk, "topic": topic}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, topic) from a token; ``signing.BadSignature`` if it was not made here, or altered."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, dict):
        raise signing.BadSignature("Not an unsubscribe token.")
    user_id, topic = value.get("user"), value.get("topic")
    if not isinstance(user_id, int) or not isinstance(topic, str):
        raise signing.BadSignature("Not an unsubscribe token.")
    return user_id, topic


def unsubscribe_url(user, topic: str) -> str:
    return absolute_url(
        reverse("community:email_unsubscribe", args=[unsubscribe_token(user, topic)])
    )
