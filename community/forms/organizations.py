"""The organisation profile a representative edits."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Organization


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
