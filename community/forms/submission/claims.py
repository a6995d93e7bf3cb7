"""The claims step: each transparency claim with its evidence files."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stories.choices import ClaimKind
from stories.models import EvidenceFile

from ...services import ClaimDraft, ClaimsPart
from ...uploads import EVIDENCE_MAX_PER_CLAIM, EVIDENCE_MAX_PER_STORY
from .fields import MAX_CLAIMS, CheckedEvidenceField, conditional, in_use, textarea


class ClaimForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind of claim"), choices=ClaimKind.choices, initial=ClaimKind.INCOME
    )
    statement = forms.CharField(
        label=_("Claim"),
        max_length=1000,
        widget=textarea(2, 1000),
        help_text=_("What the story says, e.g. 'About Rp 3 million a month in 2025'."),
        error_messages={
            "required": _("Write the claim. To drop it, tick “Remove this claim”."),
        },
    )
    evidence_note = forms.CharField(
        label=_("What backs it"),
        max_length=1000,
        required=False,
        widget=textarea(2, 1000),
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
                conditional(self.fields[name], _("required if you add this claim"))
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
            if not in_use(self, form):
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
            if in_use(self, form)
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
