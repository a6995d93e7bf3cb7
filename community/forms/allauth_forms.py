"""allauth's account forms as Terang uses them (ACCOUNT_FORMS).

Kept apart from community.forms: allauth imports that module (ACCOUNT_SIGNUP_FORM_CLASS) while it
defines the forms these classes extend.
"""

from allauth.account.forms import (
    ConfirmEmailVerificationCodeForm as AllauthConfirmEmailVerificationCodeForm,
)
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context, ratelimit
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ..auth import LOGIN_FAILED, may_use_admin, wants_admin

SIGNUP_LIMITED = _(
    "There were many sign-ups with this e-mail address or from your network in the last hour. "
    "Wait a while, then send the form again: your address and name are still here, only the "
    "passwords need typing again."
)
RESET_LIMITED = _(
    "We sent many password-reset e-mails for this address or to your network in the last hour. "
    "Wait a while, then send the form again; check your inbox and spam folder in the meantime."
)


def rate_limited(action: str, key: str) -> bool:
    """Count one ``action`` (per address and per ``key``, ACCOUNT_RATE_LIMITS); True if refused."""
    return not ratelimit.consume(context.request, action=action, key=key.lower())


class LoginForm(AllauthLoginForm):
    """The one login form, for members and staff; every failure answers with LOGIN_FAILED."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("E-mail address or username")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"

    def clean(self):
        try:
            cleaned_data = super().clean()
        except ValidationError:
            # Wrong password, unknown or inactive account, throttled (axes refused before any
            # password was checked): the same words, so none of them tells an attacker anything.
            raise ValidationError(LOGIN_FAILED, code="login_failed") from None
        if self.user is not None and wants_admin(self.request) and not may_use_admin(self.user):
            # A member's right password at the admin's login is a failure like any other, counted
            # by the throttle too, so it is no oracle for members' passwords.
            credentials = {k: v for k, v in self.user_credentials().items() if k != "password"}
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            self.user = None
            raise ValidationError(LOGIN_FAILED, code="login_failed")
        return cleaned_data


class SignupForm(AllauthSignupForm):
    """allauth's sign-up: over the limit, the form says so and keeps what was typed (allauth's
    own limit answers with a bare 429 page)."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and rate_limited("signup_form", cleaned_data.get("email", "")):
            raise ValidationError(SIGNUP_LIMITED, code="rate_limited")
        return cleaned_data


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's password reset, limited per address and per e-mail address in the form."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and rate_limited("reset_password_form", cleaned_data.get("email", "")):
            raise ValidationError(RESET_LIMITED, code="rate_limited")
        return cleaned_data


class ConfirmEmailVerificationCodeForm(AllauthConfirmEmailVerificationCodeForm):
    """The code from the e-mail, typed on a phone: no autocorrection, capitals as sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = _("Code from the e-mail")
        code.max_length = 64
        code.validators.append(MaxLengthValidator(64))
        code.widget.attrs.pop("placeholder", None)
        code.widget.attrs.update(
            autocomplete="one-time-code",
            autocapitalize="characters",
            autocorrect="off",
            spellcheck="false",
            maxlength="64",
        )
