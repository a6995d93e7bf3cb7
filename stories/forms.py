from django import forms
from django.utils.translation import gettext_lazy as _

from .checklist import CHECKS
from .choices import CheckResult, ReportDecision, ReportReason, ReviewReason

ALWAYS_REQUIRED = {"no_recruitment_earnings", "no_guaranteed_returns", "consent", "real_product"}


class ApprovalForm(forms.Form):
    """The editorial approval: an optional word for the member."""

    comment = forms.CharField(
        label=_("Comment for the member (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChecklistForm(ApprovalForm):
    """Every item must be answered. Approval is refused while any check has failed."""

    public_note = forms.CharField(
        label=_("Note for the public report (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Shown to readers with the transparency report, e.g. which evidence could not be seen."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for check in CHECKS:
            choices = [(CheckResult.PASSED, CheckResult.PASSED.label)]
            if check.evidence_based:
                choices.append((CheckResult.NOT_SEEN, CheckResult.NOT_SEEN.label))
            if check.code not in ALWAYS_REQUIRED:
                choices.append((CheckResult.NOT_APPLICABLE, CheckResult.NOT_APPLICABLE.label))
            choices.append((CheckResult.FAILED, CheckResult.FAILED.label))
            self.fields[f"check_{check.code}"] = forms.ChoiceField(
                label=check.label, choices=choices, widget=forms.RadioSelect, required=True
            )
        self.order_fields([f"check_{c.code}" for c in CHECKS] + ["public_note", "comment"])

    def clean(self):
        cleaned = super().clean()
        failed = [
            check.label
            for check in CHECKS
            if cleaned.get(f"check_{check.code}") == CheckResult.FAILED
        ]
        if failed:
            raise forms.ValidationError(
                _(
                    "A story with a failed check cannot be approved. Request changes or reject "
                    "it with a reason instead."
                )
            )
        cleaned["checks"] = {
            check.code: cleaned[f"check_{check.code}"]
            for check in CHECKS
            if f"check_{check.code}" in cleaned
        }
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReviewReason.choices)
    comment = forms.CharField(
        label=_("Comment for the member"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what to change. The member sees the reason and this comment."),
    )


class ReportForm(forms.Form):
    """A reader reports a published story. Nothing here needs an account."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this story?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the story.")},
    )
    details = forms.CharField(
        label=_("Tell us more"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        help_text=_("Required when you choose “Other”. At most 2,000 characters."),
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only to tell you what the moderators decided. It is never shown on the site."),
    )

    def clean_details(self):
        return self.cleaned_data["details"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReportReason.OTHER and not cleaned.get("details"):
            self.add_error("details", _("Tell us what is wrong when you choose “Other”."))
        return cleaned


class ReportDecisionForm(forms.Form):
    """A moderator's decision on every open report of one story."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Reason, for the storyteller"),
        max_length=2000,
        error_messages={"required": _("Give the reason for the decision.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the storyteller with the decision, and kept in the story's history."),
    )

    def __init__(self, *args, may_unpublish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (value, label)
            for value, label in ReportDecision.choices
            if may_unpublish or value != ReportDecision.UNPUBLISH
        ]


class AppealForm(forms.Form):
    """A member's appeal of a rejection: why it should be looked at again."""

    statement = forms.CharField(
        label=_("Why should the decision be looked at again?"),
        max_length=2000,
        strip=True,
        error_messages={"required": _("Say why the decision should be looked at again.")},
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        help_text=_(
            "At most 2,000 characters. You can appeal a rejection once; a moderator other than "
            "the one who rejected your story decides."
        ),
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("upheld", _("Uphold the rejection")),
            ("reopened", _("Send the story back to review")),
        ],
    )
    note = forms.CharField(
        label=_("Reason, for the member"),
        max_length=2000,
        error_messages={"required": _("Give the member a reason for the decision.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the member with the decision, and kept in the story's history."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your organisation's reply"),
        max_length=1500,
        strip=True,
        error_messages={"required": _("Write the reply.")},
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 1500}),
        help_text=_(
            "At most 1,500 characters. A moderator checks it before it shows under the story; an "
            "edit is checked again, and the approved text stays up meanwhile."
        ),
    )


class ReplyDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Show it under the story")), ("decline", _("Decline"))],
    )
    note = forms.CharField(
        label=_("Reason, for the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to decline; kept in the story's history."),
    )


class ScanCorrectionForm(forms.Form):
    """A moderator's correction of the scanner on the review screen: a flag raised wrongly (the
    flag's own place in the text) or one it missed (words the moderator copies from a part)."""

    verdict = forms.ChoiceField(choices=[("wrong", _("Flagged wrongly")), ("missed", _("Missed"))])
    code = forms.ChoiceField(label=_("Flag"))
    part = forms.IntegerField(label=_("Part of the story"), min_value=0)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    phrase = forms.CharField(
        label=_("The words the scanner missed"),
        required=False,
        max_length=500,
        help_text=_("Copy them exactly as they stand in the story."),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why, so the scanner can learn from it.")},
    )

    def __init__(self, *args, **kwargs):
        from .models import ScanFlagCode

        super().__init__(*args, **kwargs)
        self.fields["code"].choices = ScanFlagCode.choices
