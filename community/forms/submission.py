"""The member's story submission form, in steps: the story, its claims with evidence, its images,
the declarations (the last step, the red-flag check, is a page of its own: views.submission).

Each step is one object (``AboutStep``, ``ClaimsStep``, ``ImagesStep``, ``DeclarationsStep``) with
the forms it shows, filled from the story's latest draft; valid, it gives its part of the story
(``to_part``) for ``story_save_draft``.

A field marks itself required or optional from its own ``required``; a field needed only in some
case (the description of an image, once there is an image) says which in ``required_when``.
templates/community/story_field.html shows that marker, for every field of every step.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from stories.body import SECTION_KEYS, STORY_SECTIONS, body_parts
from stories.choices import ClaimKind, Language, SubjectKind
from stories.models import CustomImage, EvidenceFile, Industry, StoryPage

from ..models import DECLARATIONS, ConsentKind, Organization, User
from ..services import (
    AboutPart,
    ClaimDraft,
    ClaimsPart,
    DeclarationsPart,
    ImageDraft,
    ImagesPart,
    story_declarations,
)
from ..uploads import (
    EVIDENCE_MAX_PER_CLAIM,
    EVIDENCE_MAX_PER_STORY,
    check_evidence,
    check_image,
)

SECTION_MAX_CHARS = 4000
MAX_CLAIMS = 10
MAX_BODY_IMAGES = 4
MAX_INDUSTRIES = 3
# Any image, so a phone offers its gallery and its camera alike (no `capture`, which hides the
# gallery on Android); the server judges the file by its content (uploads.check_image).
IMAGE_ACCEPT = "image/*"
EVIDENCE_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class ImageInput(forms.FileInput):
    """A file input for one image, with a preview of the chosen file (static/js/image-preview.js)."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "accept": IMAGE_ACCEPT,
                "data-image-preview": "",
                "data-preview-label": _("Preview of the image you chose"),
                "data-preview-failed": _(
                    "This browser cannot show this file. It is checked when you save."
                ),
                **(attrs or {}),
            }
        )


class CheckedImageField(forms.FileField):
    """One image, checked by content; cleans to a ``CheckedFile`` (or None when none was chosen)."""

    widget = ImageInput

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return check_image(upload) if upload else None


class CheckedEvidenceField(forms.FileField):
    """Several evidence files, each checked by content; cleans to a list of ``CheckedFile``."""

    widget = MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT})

    def __init__(self, *, max_files: int, **kwargs):
        self.max_files = max_files
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        return bool(data)

    def clean(self, data, initial=None):
        uploads = [
            upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload
        ]
        if len(uploads) > self.max_files:
            raise ValidationError(
                ngettext_lazy(
                    "Choose at most %(limit)d file for one claim.",
                    "Choose at most %(limit)d files for one claim.",
                    "limit",
                ),
                code="too_many_files",
                params={"limit": self.max_files},
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                super().clean(upload)
                checked.append(check_evidence(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return checked


def _is_id(value) -> bool:
    """A database id as a form sends it: digits only, small enough for any database integer."""
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) <= 18


class IndustriesField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if isinstance(value, list | tuple):
            if len(set(value)) > MAX_INDUSTRIES:
                raise ValidationError(
                    _("Choose at most %(limit)d industries."),
                    code="too_many_industries",
                    params={"limit": MAX_INDUSTRIES},
                )
            if not all(_is_id(pk) for pk in value):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


class OrganizationField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def _textarea(rows: int, max_length: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": max_length})


def _conditional(field: forms.Field, when) -> forms.Field:
    """``field``, marked as needed only ``when`` (its form checks that in ``clean``)."""
    field.required_when = when
    return field


# --- Step 1: your story ----------------------------------------------------------------------------


class AboutForm(forms.Form):
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
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
        widget=_textarea(3, 500),
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
        widget=_textarea(4, 2000),
    )

    def __init__(self, *args, member: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        for section in STORY_SECTIONS:
            self.fields[f"section_{section.key}"] = forms.CharField(
                label=section.heading,
                max_length=SECTION_MAX_CHARS,
                required=section.required,
                widget=_textarea(8, SECTION_MAX_CHARS),
                help_text=section.help_text,
            )
        self.fields["organization"].queryset = Organization.objects.represented_by(member)

    @property
    def section_fields(self):
        return [self[f"section_{key}"] for key in SECTION_KEYS]

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
        )


def _about_initial(member: User, draft: StoryPage | None) -> dict:
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


# --- Step 2: claims and evidence -------------------------------------------------------------------


class ClaimForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind of claim"), choices=ClaimKind.choices, initial=ClaimKind.INCOME
    )
    statement = forms.CharField(
        label=_("Claim"),
        max_length=1000,
        widget=_textarea(2, 1000),
        help_text=_("What the story says, e.g. 'About Rp 3 million a month in 2025'."),
        error_messages={
            "required": _("Write the claim. To drop it, tick “Remove this claim”."),
        },
    )
    evidence_note = forms.CharField(
        label=_("What backs it"),
        max_length=1000,
        required=False,
        widget=_textarea(2, 1000),
        help_text=_("E.g. 'twelve months of bank statements'. Shown publicly."),
    )
    evidence_files = CheckedEvidenceField(
        label=_("Evidence files"),
        max_files=EVIDENCE_MAX_PER_CLAIM,
        required=False,
        help_text=_(
            "PDF, JPEG, PNG or WebP, at most 10 MB each and 5 per claim. Only moderators see "
            "them, never the public."
        ),
    )
    remove_files = forms.MultipleChoiceField(
        label=_("Files already attached: tick any you want to remove"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, files_by_key: dict, **kwargs):
        super().__init__(*args, **kwargs)
        if self.empty_permitted:
            # A row for a new claim: the whole row may stay empty.
            for name in ("kind", "statement"):
                self.fields[name].required = False
                _conditional(self.fields[name], _("required if you add this claim"))
        key = self._raw_key()
        self.existing_files: list[EvidenceFile] = files_by_key.get(key, []) if key else []
        self.fields["remove_files"].choices = [
            (str(evidence.pk), f"{evidence.original_name} ({filesizeformat(evidence.size)})")
            for evidence in self.existing_files
        ]

    def _raw_key(self) -> uuid.UUID | None:
        raw = self.data.get(self.add_prefix("key")) if self.is_bound else self.initial.get("key")
        try:
            return uuid.UUID(str(raw)) if raw else None
        except ValueError:
            return None

    def clean(self):
        cleaned = super().clean()
        if self.empty_permitted:
            # Reached only once something in the new row was filled in.
            if not cleaned.get("kind") and "kind" not in self.errors:
                self.add_error("kind", _("Choose the kind of claim."))
            if not cleaned.get("statement", "").strip() and "statement" not in self.errors:
                self.add_error(
                    "statement",
                    _("Write the claim, or clear this row to add no claim."),
                )
        removed = {int(pk) for pk in cleaned.get("remove_files", [])}
        kept = [evidence for evidence in self.existing_files if evidence.pk not in removed]
        cleaned["remove_file_ids"] = frozenset(removed)
        cleaned["kept_files"] = kept
        if len(kept) + len(cleaned.get("evidence_files") or []) > EVIDENCE_MAX_PER_CLAIM:
            self.add_error(
                "evidence_files",
                ValidationError(
                    _(
                        "A claim can have at most %(limit)d evidence files. Remove some of the "
                        "files already attached first."
                    ),
                    params={"limit": EVIDENCE_MAX_PER_CLAIM},
                ),
            )
        return cleaned


def _in_use(formset, form) -> bool:
    """Existing rows always count; a blank extra row counts once something was filled in."""
    return (not form.empty_permitted or form.has_changed()) and not formset._should_delete_form(
        form
    )


class BaseClaimFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The claims part of the form arrived incomplete. Reload the page and try again; "
            "your text is kept below."
        ),
        "too_many_forms": _("A story can have at most %(num)d claims. Remove one, then save."),
    }

    def __init__(self, *args, allowed_keys: set, **kwargs):
        self.allowed_keys = allowed_keys
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this claim")

    def clean(self):
        if any(self.errors):
            return
        seen, total = set(), 0
        for form in self.forms:
            if not _in_use(self, form):
                continue
            key = form.cleaned_data.get("key")
            if key is not None and (key in seen or key not in self.allowed_keys):
                form.cleaned_data["key"] = None
            seen.add(key)
            total += len(form.cleaned_data["kept_files"]) + len(form.cleaned_data["evidence_files"])
        if total > EVIDENCE_MAX_PER_STORY:
            raise ValidationError(
                _("A story can have at most %(limit)d evidence files in all."),
                code="too_many_files",
                params={"limit": EVIDENCE_MAX_PER_STORY},
            )

    def to_part(self) -> ClaimsPart:
        return ClaimsPart(claims=self.drafts())

    def drafts(self) -> tuple[ClaimDraft, ...]:
        return tuple(
            ClaimDraft(
                key=form.cleaned_data.get("key"),
                kind=form.cleaned_data["kind"],
                statement=form.cleaned_data["statement"].strip(),
                evidence_note=form.cleaned_data["evidence_note"].strip(),
                new_files=tuple(form.cleaned_data["evidence_files"]),
                remove_file_ids=form.cleaned_data["remove_file_ids"],
            )
            for form in self.forms
            if _in_use(self, form)
        )


ClaimFormSet = forms.formset_factory(
    ClaimForm,
    formset=BaseClaimFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_CLAIMS,
    absolute_max=MAX_CLAIMS,
    validate_max=True,
)


# --- Step 3: images ----------------------------------------------------------------------------------


class BodyImageForm(forms.Form):
    image_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    file = CheckedImageField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data is removed from photos."),
    )
    alt_text = forms.CharField(
        label=_("Describe the image"),
        max_length=250,
        help_text=_("For people who cannot see it, e.g. 'Jars of nastar on the kitchen table'."),
        error_messages={"required": _("Describe the image for people who cannot see it.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)
    section = forms.ChoiceField(
        label=_("Show it after"),
        choices=[(section.key, section.heading) for section in STORY_SECTIONS],
        initial="results",
    )

    def __init__(self, *args, images_by_id: dict, **kwargs):
        super().__init__(*args, **kwargs)
        raw = (
            self.data.get(self.add_prefix("image_id"))
            if self.is_bound
            else self.initial.get("image_id")
        )
        self.existing_image: CustomImage | None = images_by_id.get(_int_or_none(raw))
        if self.existing_image is None:
            # A row for a new image: the whole row may stay empty.
            for name in ("alt_text", "section"):
                self.fields[name].required = False
                _conditional(self.fields[name], _("required if you add this image"))

    def clean(self):
        cleaned = super().clean()
        cleaned["image_id"] = self.existing_image.pk if self.existing_image else None
        if not cleaned.get("section") and "section" not in self.errors:
            self.add_error("section", _("Choose where the image goes in the story."))
        has_image = cleaned.get("file") is not None or self.existing_image is not None
        if not has_image and "file" not in self.errors:
            self.add_error("file", _("Choose an image file, or leave this image empty."))
        elif has_image and not cleaned.get("alt_text", "").strip():
            self.add_error("alt_text", _("Describe the image for people who cannot see it."))
        return cleaned


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BaseBodyImageFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The images part of the form arrived incomplete. Reload the page and try again; "
            "your text is kept below."
        ),
        "too_many_forms": _(
            "A story can have at most %(num)d images besides the main one. Remove one, then save."
        ),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this image")

    def drafts(self) -> tuple[ImageDraft, ...]:
        return tuple(
            ImageDraft(
                image_id=form.cleaned_data["image_id"],
                upload=form.cleaned_data.get("file"),
                alt_text=form.cleaned_data["alt_text"].strip(),
                caption=form.cleaned_data["caption"].strip(),
                section=form.cleaned_data["section"],
            )
            for form in self.forms
            if _in_use(self, form)
        )


BodyImageFormSet = forms.formset_factory(
    BodyImageForm,
    formset=BaseBodyImageFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_BODY_IMAGES,
    absolute_max=MAX_BODY_IMAGES,
    validate_max=True,
)


class HeroImageForm(forms.Form):
    hero_image = CheckedImageField(
        label=_("Main image"),
        required=False,
        help_text=_(
            "A photo from your phone or computer: JPEG, PNG or WebP, at most 10 MB and 40 "
            "megapixels. Location data is removed from photos."
        ),
    )
    hero_alt_text = _conditional(
        forms.CharField(
            label=_("Describe the main image"),
            max_length=250,
            required=False,
            help_text=_(
                "For people who cannot see it, e.g. 'Ibu Sari packing orders in her kitchen'."
            ),
        ),
        _("required with an image"),
    )
    remove_hero_image = forms.BooleanField(label=_("Remove the main image"), required=False)

    def __init__(self, *args, hero: CustomImage | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hero = hero
        if hero is None:
            del self.fields["remove_hero_image"]

    def clean(self):
        cleaned = super().clean()
        keeps_image = cleaned.get("hero_image") is not None or (
            self.hero is not None and not cleaned.get("remove_hero_image")
        )
        if keeps_image and not cleaned.get("hero_alt_text", "").strip():
            self.add_error(
                "hero_alt_text",
                _("Describe the main image for people who cannot see it."),
            )
        return cleaned

    def to_draft(self) -> ImageDraft | None:
        cleaned = self.cleaned_data
        alt_text = cleaned["hero_alt_text"].strip()
        if cleaned.get("hero_image") is not None:
            return ImageDraft(alt_text=alt_text, upload=cleaned["hero_image"])
        if self.hero is not None and not cleaned.get("remove_hero_image"):
            return ImageDraft(alt_text=alt_text, image_id=self.hero.pk)
        return None


# --- Step 4: declarations ------------------------------------------------------------------------


class DeclarationsForm(forms.Form):
    material_connection = _conditional(
        forms.CharField(
            label=_("Your connection to the company"),
            max_length=1000,
            required=False,
            widget=_textarea(3, 1000),
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


def _declarations_initial(draft: StoryPage | None, declarations) -> dict:
    if draft is None:
        return {}
    no_connection = declarations.get(ConsentKind.NO_CONNECTION)
    return {
        "material_connection": "" if no_connection is not None else draft.material_connection,
        "no_material_connection": no_connection is not None and no_connection.is_current,
    }


# --- The steps -----------------------------------------------------------------------------------


class SubmissionStep:
    """One step of the form for a new story (``story`` None) or the latest draft of one.

    A step has a ``key`` (its name in the views' list of steps), ``forms`` (the forms and formsets
    it shows) and ``to_part()``, its part of the story once they are valid.
    """

    key: str
    forms: list

    def __init__(self, *, member: User, story: StoryPage | None = None):
        self.member = member
        self.story = story
        self.draft = story.get_latest_revision_as_object() if story is not None else None
        # What is wrong with the step as a whole (a rate limit, a refusal of the service).
        self.errors: list[str] = []

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]
        return all(results)

    def add_error(self, message: str) -> None:
        self.errors.append(message)

    @property
    def had_files(self) -> bool:
        return any(form.files for form in self.forms)


class AboutStep(SubmissionStep):
    key = "story"

    def __init__(self, *, member, story=None, data=None, files=None):
        super().__init__(member=member, story=story)
        self.form = AboutForm(data, member=member, initial=_about_initial(member, self.draft))
        self.forms = [self.form]

    def to_part(self) -> AboutPart:
        return self.form.to_part()


class ClaimsStep(SubmissionStep):
    key = "claims"

    def __init__(self, *, member, story, data=None, files=None):
        super().__init__(member=member, story=story)
        claims = list(self.draft.claims.all())
        keys = {claim.key for claim in claims}
        files_by_key: dict = {}
        evidence = EvidenceFile.objects.filter(story=story, claim_key__in=keys)
        for evidence_file in evidence.order_by("uploaded_at", "pk"):
            files_by_key.setdefault(evidence_file.claim_key, []).append(evidence_file)
        self.claims = ClaimFormSet(
            data,
            files,
            prefix="claims",
            initial=[
                {
                    "key": claim.key,
                    "kind": claim.kind,
                    "statement": claim.statement,
                    "evidence_note": claim.evidence_note,
                }
                for claim in claims
            ],
            allowed_keys=keys,
            form_kwargs={"files_by_key": files_by_key},
        )
        self.forms = [self.claims]

    def to_part(self) -> ClaimsPart:
        return self.claims.to_part()


class ImagesStep(SubmissionStep):
    key = "images"

    def __init__(self, *, member, story, data=None, files=None):
        super().__init__(member=member, story=story)
        hero = self.draft.hero_image
        self.hero = HeroImageForm(
            data,
            files,
            hero=hero,
            initial={"hero_alt_text": hero.alt_text if hero is not None else ""},
        )
        placed = body_parts(self.draft.body).images
        images_by_id = CustomImage.objects.in_bulk([image.image_id for image in placed])
        self.images = BodyImageFormSet(
            data,
            files,
            prefix="images",
            initial=[
                {
                    "image_id": image.image_id,
                    "alt_text": images_by_id[image.image_id].alt_text,
                    "caption": image.caption,
                    "section": image.section,
                }
                for image in placed
                if image.image_id in images_by_id
            ],
            form_kwargs={"images_by_id": images_by_id},
        )
        self.forms = [self.hero, self.images]

    def to_part(self) -> ImagesPart:
        return ImagesPart(hero=self.hero.to_draft(), body_images=self.images.drafts())


class DeclarationsStep(SubmissionStep):
    key = "declarations"

    def __init__(self, *, member, story, data=None, files=None):
        super().__init__(member=member, story=story)
        declarations = story_declarations(story=story)
        self.form = DeclarationsForm(
            data,
            declarations=declarations,
            initial=_declarations_initial(self.draft, declarations),
        )
        self.forms = [self.form]

    def to_part(self) -> DeclarationsPart:
        return self.form.to_part()


STEP_FORMS = {step.key: step for step in (AboutStep, ClaimsStep, ImagesStep, DeclarationsStep)}
