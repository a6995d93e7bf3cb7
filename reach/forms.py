"""The members' collection pages (reach.curation_views): a collection's own fields, and the
story to put in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stories.choices import Language

from .models import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH

SLUG_MAX_LENGTH = 80


class CollectionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
        help_text=_("The wall's heading. At most 120 characters."),
    )
    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=SLUG_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": SLUG_MAX_LENGTH}),
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. cerita-pelanggan; it goes into the "
            "wall's address. Leave it empty to make one from the title."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the wall"),
        choices=Language.choices,
        initial=Language.INDONESIAN,
        help_text=_("The wall's own words (headings, links) are in this language."),
    )
    description = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX_LENGTH}),
        help_text=_(
            "What the collection is for, for you and your colleagues. At most 500 characters."
        ),
    )

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_description(self):
        return self.cleaned_data["description"].strip()


class AddStoryForm(forms.Form):
    story = forms.ModelChoiceField(
        label=_("Story to add"),
        queryset=None,
        empty_label=None,
        help_text=_("Your organisation's published stories that a moderator has reviewed."),
        error_messages={
            "invalid_choice": _(
                "That story cannot be added: only your organisation's published, reviewed "
                "stories can."
            )
        },
    )

    def __init__(self, *args, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = stories
        self.fields["story"].label_from_instance = lambda story: story.title
