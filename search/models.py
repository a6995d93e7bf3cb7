from django.db import models
from django.utils.translation import gettext_lazy as _

from stories.choices import Language, SubjectKind, Verification


class SearchEntry(models.Model):
    """The search document of a live, public story: everything a result shows, in one row.

    Results pages, the JSON API and the suggestions read these rows and never load a page
    (:mod:`search.services`); the cluster's documents are built from the same
    :func:`search.document.documents_for` (:mod:`search.engines.cluster`).

    The full-text part lives beside this table: an FTS5 virtual table on SQLite
    (``story_search_fts``, rowid = page id) or a ``tsvector`` column on PostgreSQL; both are kept
    in step by :mod:`search.engines.database`. ``page_id`` is a plain column, not a foreign key,
    so a deleted page leaves its entry for the queued index update to remove (queries join live
    pages, so it is never shown meanwhile).
    """

    page_id = models.BigIntegerField(primary_key=True)
    title = models.CharField(max_length=255, blank=True)
    # The page's URL as Wagtail gives it (relative on a one-site install), kept current by the
    # index updates that a publish, a move or a parent's new slug queue (search.signal_handlers).
    url = models.CharField(max_length=2048, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices)
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices, blank=True)
    subject_name = models.CharField(max_length=200, blank=True)
    organization_name = models.CharField(max_length=200, blank=True)
    # [{"id": 3, "slug": "kuliner"}, …]: names are read from the industries themselves, so
    # renaming one needs no reindex.
    industries = models.JSONField(default=list, blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, blank=True, default=""
    )
    verified = models.BooleanField(default=False)
    reviewed_at = models.DateField(null=True)
    published_at = models.DateTimeField(null=True, db_index=True)
    last_published_at = models.DateTimeField(null=True)
    # The page's live revision when this entry was written: ``search_index --check`` calls the
    # entry stale when the page's live revision is another one. Dates can be backdated (the demo,
    # imports); a new live revision means new content.
    live_revision_id = models.BigIntegerField(null=True)
    snippet_text = models.TextField(blank=True)
    # The story card's rendition of the hero image (search.document.HERO_SPEC), or empty.
    hero_url = models.CharField(max_length=2048, blank=True)
    hero_width = models.PositiveIntegerField(null=True)
    hero_height = models.PositiveIntegerField(null=True)
    hero_alt = models.CharField(max_length=250, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"search entry {self.page_id}"

    # The names the story templates read on a page, so a result renders like a story card.
    @property
    def first_published_at(self):
        return self.published_at

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def subject_display(self) -> str:
        if self.subject_kind == SubjectKind.PERSON and self.organization_name:
            return f"{self.subject_name} ({self.organization_name})"
        return self.subject_name

    @property
    def industry_ids(self) -> list[int]:
        return [item["id"] for item in self.industries]


class PendingClusterUpdate(models.Model):
    """A story whose cluster document still has to be written or removed.

    Rows are added before every cluster write and removed after it succeeds, so an outage leaves
    them here and the next index task (or ``search_index --flush``) applies them.
    """

    page_id = models.BigIntegerField(primary_key=True)
    queued_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pending cluster update")
        verbose_name_plural = _("pending cluster updates")

    def __str__(self):
        return f"pending cluster update {self.page_id}"


class LexiconPair(models.Model):
    """An editor's change to the search lexicon (:mod:`search.lexicon`): a pair added or removed.

    The lexicon's own pairs come from files in the repository (FreeDict's dictionary and Terang's
    additions); rows here add a pair, or take one of those out, without a deploy.
    """

    class Action(models.TextChoices):
        ADD = "add", _("Add this pair")
        REMOVE = "remove", _("Remove this pair")

    english = models.CharField(
        _("English"),
        max_length=100,
        help_text=_("An English word or short phrase, e.g. “catfish”."),
    )
    indonesian = models.CharField(
        _("Indonesian"),
        max_length=100,
        help_text=_("Its Indonesian translation, e.g. “lele” or “ikan lele”."),
    )
    action = models.CharField(_("action"), max_length=6, choices=Action.choices, default=Action.ADD)
    note = models.TextField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Why this pair is added or removed, for the next editor."),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("search lexicon pair")
        verbose_name_plural = _("search lexicon")
        ordering = ["english", "indonesian"]
        constraints = [
            models.UniqueConstraint(
                fields=["english", "indonesian"], name="search_lexicon_pair_unique"
            )
        ]

    def __str__(self):
        return f"{self.english} ⇄ {self.indonesian}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from . import text

        errors = {}
        for name in ("english", "indonesian"):
            value = getattr(self, name) or ""
            words = text.tokens(value)
            if not words:
                errors[name] = _("Write a word or phrase of letters or digits.")
            elif len(words) > 4:
                errors[name] = _("At most four words.")
            else:
                setattr(self, name, " ".join(words))
        if not errors and self.english == self.indonesian:
            errors["indonesian"] = _("A word that is the same in both languages needs no pair.")
        if errors:
            raise ValidationError(errors)
