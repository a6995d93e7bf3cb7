"""Who is logging in: one account whether it is named by username or e-mail, one answer to failure;
and allauth's e-mails, put together like every other e-mail of the site.

Every login (the site's, and the admin's, which is the site's with ``next=/admin/…``) goes through
allauth's form, Django's ``authenticate()`` and these pieces:

- ``AccountBackend`` finds the account by e-mail address or username and always checks exactly one
  password hash, so an unknown or switched-off account answers as slowly as a wrong password;
- ``account_key`` names the canonical account for the log-in throttle (community.login_throttle);
- ``LOGIN_FAILED`` is the one message for every failure: wrong password, unknown or inactive
  account, a member at the admin's login, a throttled attempt.

``AccountAdapter`` sends allauth's e-mails (the address code, password reset, the notices to an
unknown or existing address) through stories.emails: links on SITE_URL, the site's name in sender
and subject, text and HTML, in the member's language; never the request's host, never
django.contrib.sites.
"""

import unicodedata
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import filter_users_by_email, get_user_by_username
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stories.emails import (
    absolute_url,
    from_address,
    member_language,
    render_email,
    site_context,
    subject_prefix,
)

LOGIN_FAILED = _(
    "Your e-mail address or username and password did not match, or there were too many "
    "attempts. Wait a few minutes and try again."
)
ADMIN_ACCESS = "wagtailadmin.access_admin"


def find_account(login: str | None):
    """The account ``login`` names, by e-mail address (verified ones first) or by username."""
    login = (login or "").strip()
    if not login:
        return None
    if "@" in login:
        users = filter_users_by_email(login, prefer_verified=True, for_login=True)
        if users:
            return min(users, key=lambda user: user.pk)
    return get_user_by_username(login)


def normalised_login(login: str | None) -> str:
    return unicodedata.normalize("NFKC", (login or "").strip()).casefold()


def login_from(credentials: dict | None) -> str:
    credentials = credentials or {}
    return credentials.get("email") or credentials.get("username") or ""


def account_key(login: str | None) -> str:
    """``account:<id>`` for an existing account, however it was named; else the normalised login."""
    user = find_account(login)
    if user is not None:
        return f"account:{user.pk}"
    return f"login:{normalised_login(login)}"


def may_use_admin(user) -> bool:
    """Moderators and administrators: whoever may open the Wagtail admin."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(ADMIN_ACCESS))


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def wants_admin(request: HttpRequest | None) -> bool:
    """This login leads into the admin (``next`` under /admin/): only staff may pass."""
    if request is None:
        return False
    target = request.POST.get("next") or request.GET.get("next") or ""
    return urlsplit(target).path.startswith(admin_prefix())


class AccountBackend(ModelBackend):
    """Username or e-mail address, one password hash whatever the outcome (no timing oracle).

    Replaces both Django's ModelBackend and allauth's backend, which each hash again for an
    unknown login (and allauth twice for a known address), so a known account took longer to
    refuse. Permissions come from ModelBackend as before.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        if password is None:
            return None
        user = find_account(email or username)
        if user is None:
            # As long as a real check: hash the password for an account that does not exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": _(
            "That is not the code we sent. Check the newest e-mail from us and type its code again."
        ),
        # allauth says this when a code was wrong too many times (logins are throttled by
        # django-axes, with LOGIN_FAILED).
        "too_many_login_attempts": _(
            "That code was wrong too many times, so it no longer works. Log in with your e-mail "
            "address and password: we will send you a new code."
        ),
        "rate_limited": _(
            "You asked for this several times in a short while. Wait a minute, then try again."
        ),
    }

    def format_email_subject(self, subject: str) -> str:
        return subject_prefix() + str(subject)

    def get_from_email(self) -> str:
        return from_address()

    def render_mail(self, template_prefix, email, context, headers=None):
        to = [email] if isinstance(email, str) else list(email)
        user = context.get("user") or find_account(to[0])
        # A member reads in their own language; an address without an account, in the page's.
        language = member_language(user) if user is not None else translation.get_language()
        context = {key: value for key, value in context.items() if key != "request"}
        site = site_context()
        context.update(
            email=to[0],
            user=user,
            # For any allauth template the site does not replace: the site, not the request's host.
            current_site=SimpleNamespace(name=site["site_name"], domain=site["site_domain"]),
            code_minutes=allauth_settings.EMAIL_VERIFICATION_BY_CODE_TIMEOUT // 60,
            login_url=absolute_url(reverse("account_login")),
        )
        if "signup_url" in context:
            context["signup_url"] = absolute_url(reverse("account_signup"))
        message = render_email(template_prefix, to=to, context=context, language=language)
        message.extra_headers.update(headers or {})
        return message

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        self.render_mail(template_prefix, email, context).send()

    def send_account_already_exists_mail(self, email: str) -> None:
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "signup_url": absolute_url(reverse("account_signup")),
                "password_reset_url": absolute_url(reverse("account_reset_password")),
            },
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        ).replace("UID-KEY", quote(key))
        return absolute_url(path)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def pre_authenticate(self, request, **credentials):
        """allauth counts failed logins per typed login, which would lock an account out from every
        address; django-axes counts them per account and address instead (community.login_throttle).
        allauth's "login_failed" limit still guards the two-factor code (per account)."""
