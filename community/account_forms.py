"""allauth's account forms as Terang uses them (ACCOUNT_FORMS).

Kept apart from community.forms: allauth imports that module (ACCOUNT_SIGNUP_FORM_CLASS) while it
defines the forms these classes extend.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .auth import LOGIN_FAILED, may_use_admin, wants_admin


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
