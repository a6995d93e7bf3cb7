"""The first step: what the story is, whose it is, and its text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stories.body import SECTION_KEYS, STORY_SECTIONS, body_parts
from stories.choices import Language, SubjectKind
from stories.models import Industry, StoryPage

from ...models import Organization, RequestLink, User
from ...services import AboutPart
from ...services.request_links import is_token
from .fields import SECTION_MAX_CHARS, IndustriesField, OrganizationField, textarea


class AboutForm(forms.Form):
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # The token of the organisation's request link a new story is started from (community.
    # services.request_links); the service counts the use and keeps the link on the story.
    invitation = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A plain, honest headline. At most 200 characters."),
    )
    subject_kind = forms.ChoiceField(
        label=_("Whose story is it?"),
        choices=SubjectKind.choices,
        initial=SubjectKind.PERSON,
        widget=forms.RadioSelect,
    )
    subject_name = forms.CharField(
        label=_("Name to show"),
        max_length=200,
        help_text=_("The person's or organisation's public name."),
    )
    organization = OrganizationField(
        label=_("An organisation you represent"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("None of these"),
    )
    organization_name = forms.CharField(
        label=_("Or the name of the organisation"),
        max_length=200,
        required=False,
        help_text=_(
            "The company or cooperative the story is about or that you work with. A moderator "
            "verifies it before it shows as verified."
        ),
    )
    industries = IndustriesField(
        label=_("Industries"),
        queryset=Industry.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one to three."),
        error_messages={
            "required": _("Choose at least one industry."),
            "invalid_choice": _("Choose industries from the list."),
            "invalid_pk_value": _("Choose industries from the list."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the story"), choices=Language.choices, initial=Language.INDONESIAN
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=textarea(3, 500),
        help_text=_("One or two sentences shown in listings. At most 500 characters."),
    )
    product_or_service = forms.CharField(
        label=_("Product or service"),
        max_length=200,
        required=False,
        help_text=_("What customers actually buy. A business without one is a red flag."),
    )
    product_description = forms.CharField(
        label=_("About the product or service"),
        max_length=2000,
        required=False,
        widget=textarea(4, 2000),
    )

    def __init__(self, *args, member: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        for section in STORY_SECTIONS:
            self.fields[f"section_{section.key}"] = forms.CharField(
                label=section.heading,
                max_length=SECTION_MAX_CHARS,
                required=section.required,
                widget=textarea(8, SECTION_MAX_CHARS),
                help_text=section.help_text,
            )
        self.fields["organization"].queryset = Organization.objects.represented_by(member)

    @property
    def section_fields(self):
        return [self[f"section_{key}"] for key in SECTION_KEYS]

    def clean_invitation(self):
        token = self.cleaned_data["invitation"]
        if not token:
            return None
        link = RequestLink.objects.filter(token=token).first() if is_token(token) else None
        if link is None:
            # A hidden field: its error shows above the form.
            self.add_error(None, _("This invitation link is not valid."))
        return link

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_subject_name(self):
        return " ".join(self.cleaned_data["subject_name"].split())

    def clean_organization_name(self):
        return " ".join(self.cleaned_data["organization_name"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organization") and cleaned.get("organization_name"):
            self.add_error(
                "organization_name",
                _("Choose one of your organisations or type a name, not both."),
            )
        elif (
            cleaned.get("subject_kind") == SubjectKind.ORGANIZATION
            and cleaned.get("organization_name")
            and Organization.objects.filter(name__iexact=cleaned["organization_name"]).exists()
        ):
            self.add_error(
                "organization_name",
                _(
                    "This organisation is already registered on Terang. Only its representatives "
                    "can tell its story: ask a moderator to add you as one."
                ),
            )
        return cleaned

    def to_part(self) -> AboutPart:
        cleaned = self.cleaned_data
        return AboutPart(
            title=cleaned["title"],
            subject_kind=cleaned["subject_kind"],
            subject_name=cleaned["subject_name"],
            organization=cleaned.get("organization"),
            organization_name=cleaned.get("organization_name", ""),
            industries=tuple(cleaned["industries"]),
            language=cleaned["language"],
            summary=cleaned["summary"].strip(),
            product_or_service=cleaned["product_or_service"].strip(),
            product_description=cleaned["product_description"].strip(),
            sections={key: cleaned[f"section_{key}"] for key in SECTION_KEYS},
            request_link=cleaned.get("invitation"),
        )


def about_initial(member: User, draft: StoryPage | None) -> dict:
    if draft is None:
        return {}
    initial = {
        "title": draft.title,
        "subject_kind": draft.subject_kind,
        "subject_name": draft.subject_name,
        "industries": [industry.pk for industry in draft.industries.all()],
        "language": draft.language,
        "summary": draft.summary,
        "product_or_service": draft.product_or_service,
        "product_description": draft.product_description,
    }
    if draft.organization_id is not None:
        if Organization.objects.represented_by(member).filter(pk=draft.organization_id).exists():
            initial["organization"] = draft.organization_id
        else:
            initial["organization_name"] = draft.organization.name
    initial.update(
        {f"section_{key}": text for key, text in body_parts(draft.body).sections.items()}
    )
    return initial
