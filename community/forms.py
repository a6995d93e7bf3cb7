from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Organization, User


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


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=Organization._meta.get_field("website").max_length,
        assume_scheme="https",
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "description",
            "website",
            "business_licence_number",
            "association_membership",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the organisation's name."), code="required")
        taken = Organization.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _(
                    "An organisation with this name is already on Terang. If you act for it, "
                    "ask a moderator to add you as its representative."
                ),
                code="unique",
            )
        return name

    def verification_fields_changed(self) -> list[str]:
        return [f for f in Organization.VERIFICATION_FIELDS if f in self.changed_data]


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
