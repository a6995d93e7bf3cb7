"""A representative's request link: the message, the industry to preset, its expiry and uses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stories.models import Industry

from ..models import REQUEST_LINK_MAX_USES
from ..services.request_links import CLOSE_REASON_MAX_LENGTH


class RequestLinkForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text=_(
            "What the people you invite read first, e.g. why you ask and what the story is for. "
            "At most 1,000 characters."
        ),
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        queryset=Industry.objects.order_by("name"),
        required=False,
        empty_label=_("Let them choose"),
        help_text=_("Set for them in the form; they can change it."),
    )
    expires_on = forms.DateField(
        label=_("Open until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The last day it can be used. Leave it empty to keep it open until you close it."
        ),
    )
    max_uses = forms.IntegerField(
        label=_("Maximum number of stories"),
        min_value=1,
        max_value=REQUEST_LINK_MAX_USES,
        initial=10,
        help_text=_("How many stories can be started through it, one per person."),
    )

    def clean_message(self):
        return self.cleaned_data["message"].strip()


class RequestLinkCloseForm(forms.Form):
    """A moderator closes an abused link: the reason is kept in the link's history."""

    reason = forms.CharField(
        label=_("Why close it"),
        max_length=CLOSE_REASON_MAX_LENGTH,
        error_messages={"required": _("Give a reason: it is kept in the link's history.")},
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": CLOSE_REASON_MAX_LENGTH}),
        help_text=_("Kept in the link's history, for the moderators. At most 500 characters."),
    )
