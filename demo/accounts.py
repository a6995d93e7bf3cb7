"""Demo accounts with fixed, published passwords and a published two-factor secret.

For a local demo only, never for a public site.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stories.permissions import MODERATORS_GROUP

ADMINISTRATOR = "administrator"
MODERATOR = "moderator"
MEMBER = "member"
# The demo administrator's and moderator's authenticator-app secret (base32), published like their
# passwords: staff need two-factor authentication, so the demo gives them an app set up with it.
# `manage.py demo_totp USERNAME` prints the current code for a demo account.
DEMO_TOTP_SECRET = "TERANGDEMOSTAFFTOTPSECRETPUBLICX"  # noqa: S105 - a published demo secret


@dataclass(frozen=True)
class DemoAccount:
    username: str
    email: str
    password: str
    role: str
    first_name: str
    last_name: str
    display_name: str

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])

    @property
    def login_url(self) -> str:
        # One login page for everyone; moderators and administrators go on to the Wagtail admin.
        if self.role == MEMBER:
            return settings.LOGIN_URL
        return f"{settings.LOGIN_URL}?{urlencode({'next': reverse('wagtailadmin_home')}, safe='/')}"

    @property
    def login(self) -> str:
        """What to type at the login: members their e-mail address, staff their username."""
        return self.email if self.role == MEMBER else self.username

    @property
    def totp_secret(self) -> str | None:
        """Staff's authenticator-app secret; members have none (two-factor is their choice)."""
        return None if self.role == MEMBER else DEMO_TOTP_SECRET

    @property
    def totp_url(self) -> str | None:
        """The otpauth:// address an authenticator app takes (as its QR code would carry it)."""
        if self.totp_secret is None:
            return None
        query = urlencode({"secret": self.totp_secret, "issuer": "Terang"}, quote_via=quote)
        return f"otpauth://totp/{quote(self.email)}?{query}"


ROLE_LABELS = {
    ADMINISTRATOR: _("Administrator (superuser)"),
    MODERATOR: _("Moderator (member of the Moderators group)"),
    MEMBER: _("Member"),
}

DEMO_ACCOUNTS = (
    DemoAccount(
        username="admin",
        email="admin@terang.example",
        password="terang-admin-demo",  # noqa: S106 - a documented demo password
        role=ADMINISTRATOR,
        first_name="Admin",
        last_name="Terang",
        display_name="Admin Terang",
    ),
    DemoAccount(
        username="moderator",
        email="moderator@terang.example",
        password="terang-moderator-demo",  # noqa: S106 - a documented demo password
        role=MODERATOR,
        first_name="Dimas",
        last_name="Prasetyo",
        display_name="Dimas Prasetyo",
    ),
    DemoAccount(
        username="member",
        email="member@terang.example",
        password="terang-member-demo",  # noqa: S106 - a documented demo password
        role=MEMBER,
        first_name="Ratna",
        last_name="Wulandari",
        display_name="Ratna Wulandari",
    ),
)


def ensure_accounts() -> dict[str, object]:
    """Create or repair the demo accounts; return the users by username.

    Passwords and the staff's authenticator app are reset only when they no longer match, so the
    printed ones always work and a second run changes nothing.
    """
    User = get_user_model()
    moderators = Group.objects.get(name=MODERATORS_GROUP)
    users = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                email=account.email,
                first_name=account.first_name,
                last_name=account.last_name,
                display_name=account.display_name,
            )
        is_admin = account.role == ADMINISTRATOR
        changed = user.pk is None
        for attribute, value in (
            ("is_active", True),
            ("is_superuser", is_admin),
            ("is_staff", is_admin),
        ):
            if getattr(user, attribute) != value:
                setattr(user, attribute, value)
                changed = True
        if not user.check_password(account.password):
            user.set_password(account.password)
            changed = True
        if changed:
            user.save()
        if account.role == MODERATOR and not user.groups.filter(pk=moderators.pk).exists():
            user.groups.add(moderators)
        _confirm_email(user)
        _set_up_authenticator_app(user, account.totp_secret)
        users[account.username] = user
    return users


def demo_totp_secret(user) -> str | None:
    """The secret of ``user``'s authenticator app if ``user`` is a demo account using the
    published demo secret; None for anyone else."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    account = next((a for a in DEMO_ACCOUNTS if a.username == user.get_username()), None)
    if account is None or account.totp_secret is None:
        return None
    app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if app is None or decrypt(app.data["secret"]) != account.totp_secret:
        return None
    return account.totp_secret


def _set_up_authenticator_app(user, secret: str | None) -> None:
    if secret is None or demo_totp_secret(user) == secret:
        return
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)


def _confirm_email(user) -> None:
    """With django-allauth installed, mark the demo address verified so the account can log in."""
    if not apps.is_installed("allauth.account"):
        return
    EmailAddress = apps.get_model("account", "EmailAddress")
    addresses = EmailAddress.objects.filter(user=user, email__iexact=user.email)
    if not addresses.exists():
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    else:
        addresses.filter(verified=False).update(verified=True)
