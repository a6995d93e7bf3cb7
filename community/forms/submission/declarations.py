"""The last step of the form: the member's declarations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stories.models import StoryPage

from ...models import DECLARATIONS, ConsentKind
from ...services import DeclarationsPart
from .fields import conditional, textarea


class DeclarationsForm(forms.Form):
    material_connection = conditional(
        forms.CharField(
            label=_("Your connection to the company"),
            max_length=1000,
            required=False,
            widget=textarea(3, 1000),
            help_text=_(
                "Any connection to a company named in the story: employee, upline or downline, "
                "rank, free products, payment. Shown publicly."
            ),
        ),
        _("required unless you tick below that you have none"),
    )
    no_material_connection = forms.BooleanField(
        label=DECLARATIONS[ConsentKind.NO_CONNECTION].text, required=False
    )
    no_connection_version = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    consent_to_publish = forms.BooleanField(
        label=DECLARATIONS[ConsentKind.PUBLISH].text,
        error_messages={
            "required": _(
                "Your story can only be sent for review if you agree to its publication after "
                "review."
            )
        },
    )
    consent_version = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args, declarations, **kwargs):
        super().__init__(*args, **kwargs)
        self.declarations = declarations
        self.fields["consent_version"].initial = DECLARATIONS[ConsentKind.PUBLISH].version
        self.fields["no_connection_version"].initial = DECLARATIONS[
            ConsentKind.NO_CONNECTION
        ].version
        if self.publish_consent is not None:
            # Agreed to the wording in force: shown as given, not asked again.
            del self.fields["consent_to_publish"], self.fields["consent_version"]

    # The declarations as the member last made them, for the template.
    @property
    def publish_consent(self):
        consent = self.declarations.get(ConsentKind.PUBLISH)
        return consent if consent is not None and consent.is_current else None

    @property
    def publish_consent_outdated(self) -> bool:
        consent = self.declarations.get(ConsentKind.PUBLISH)
        return consent is not None and not consent.is_current

    @property
    def no_connection_outdated(self) -> bool:
        consent = self.declarations.get(ConsentKind.NO_CONNECTION)
        return consent is not None and not consent.is_current

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("material_connection", "").strip()
        ticked = cleaned.get("no_material_connection", False)
        if text and ticked:
            self.add_error(
                "material_connection",
                _(
                    "You described a connection and also declared that you have none. Keep one: "
                    "clear the text or untick the declaration."
                ),
            )
        elif not text and not ticked and "material_connection" not in self.errors:
            self.add_error(
                "material_connection",
                _(
                    "Describe your connection to the company, or tick the declaration that you "
                    "have none."
                ),
            )
        version = DECLARATIONS[ConsentKind.NO_CONNECTION].version
        if ticked and cleaned.get("no_connection_version") != version:
            self.add_error(
                "no_material_connection",
                _("The wording of this declaration has changed. Read it again and tick it."),
            )
            cleaned["no_material_connection"] = False
        if cleaned.get("consent_to_publish") and (
            cleaned.get("consent_version") != DECLARATIONS[ConsentKind.PUBLISH].version
        ):
            self.add_error(
                "consent_to_publish",
                _("The wording of the consent has changed. Read it again and agree to it."),
            )
            cleaned["consent_to_publish"] = False
        return cleaned

    def to_part(self) -> DeclarationsPart:
        cleaned = self.cleaned_data
        return DeclarationsPart(
            material_connection=cleaned["material_connection"].strip(),
            no_material_connection=cleaned["no_material_connection"],
            agree_to_publish=cleaned.get("consent_to_publish", False),
        )


def declarations_initial(draft: StoryPage | None, declarations) -> dict:
    if draft is None:
        return {}
    no_connection = declarations.get(ConsentKind.NO_CONNECTION)
    return {
        "material_connection": "" if no_connection is not None else draft.material_connection,
        "no_material_connection": no_connection is not None and no_connection.is_current,
    }
