"""Account forms: the extra sign-up fields (ACCOUNT_SIGNUP_FORM_CLASS) and deleting the account.

allauth imports this module while it defines its own forms, so it imports nothing of allauth's
forms; the forms that extend them are in allauth_forms.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from stories.notifications import EmailTopic

from ..models import User


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_("The name shown on your stories and your dashboard."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError(_("Enter the name to show on your stories."), code="required")
        return name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        language = (get_language() or "")[:2]
        if language in dict(User._meta.get_field("preferred_language").choices):
            user.preferred_language = language
        user.save(update_fields=["display_name", "preferred_language"])


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is really you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="password_incorrect")
        return password


class EmailPreferencesForm(forms.Form):
    """Which optional e-mails a member gets. Account e-mails (codes, password reset) always come."""

    topics = forms.MultipleChoiceField(
        label=_("E-mail me when"),
        choices=EmailTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("E-mails about your account, such as codes and password resets, always come."),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        muted = set(member.muted_email_topics or ())
        self.fields["topics"].initial = [t for t in EmailTopic.values if t not in muted]
