"""Who is logging in: one account whether it is named by username or e-mail, one answer to failure.

Every login (the site's, and the admin's, which is the site's with ``next=/admin/…``) goes through
allauth's form, Django's ``authenticate()`` and these pieces:

- ``AccountBackend`` finds the account by e-mail address or username and always checks exactly one
  password hash, so an unknown or switched-off account answers as slowly as a wrong password;
- ``account_key`` names the canonical account for the log-in throttle (community.login_throttle);
- ``LOGIN_FAILED`` is the one message for every failure: wrong password, unknown or inactive
  account, a member at the admin's login, a throttled attempt.
"""

import unicodedata
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import filter_users_by_email, get_user_by_username
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    def pre_authenticate(self, request, **credentials):
        """allauth counts failed logins per typed login, which would lock an account out from every
        address; django-axes counts them per account and address instead (community.login_throttle).
        allauth's "login_failed" limit still guards the two-factor code (per account)."""
