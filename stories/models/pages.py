"""The site's pages: home, the story index, stories and guides."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import StoryBodyBlock
from ..checklist import PublicReport, reported_checks
from ..choices import Language, SubjectKind, Verification
from ..languages import LinkedLanguageMixin
from ..panels import EvidencePanel
from ..permissions import StoryIndexPermissionTester, StoryPermissionTester
from .review import StoryReview, UnreviewedStory
from .taxonomy import Industry, StoryIndustry
from .visibility import public_story_q, with_card_images

# The public report of a live story: written only by StoryPage.save(), from its StoryReview.
REPORT_FIELDS = ("verification", "reviewed_at", "report_checks", "report_note")


class HomePage(Page):
    intro = models.TextField(
        _("introduction"),
        max_length=600,
        validators=[MaxLengthValidator(600)],
        help_text=_("The first words a visitor reads."),
    )
    mission = RichTextField(_("mission"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("mission")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = with_card_images(StoryPage.objects.live().public().select_related("organization"))
        context["featured_stories"] = (
            stories.filter(verification=Verification.VERIFIED)
            .order_by("-first_published_at")
            .prefetch_related("industries")[:6]
        )
        story_index = StoryIndexPage.objects.live().first()
        context["industries"] = (
            sorted(story_index.industries_with_counts(), key=lambda i: (-i.story_count, i.name))
            if story_index
            else []
        )
        context["story_index"] = story_index
        context["guide_index"] = GuideIndexPage.objects.live().first()
        context["guides"] = guides_for_language(GuidePage.objects.live().public())[:3]
        return context


class StoryIndexPage(RoutablePageMixin, Page):
    """Its heading and introduction are translated template text, so they read in both languages."""

    parent_page_types = ["stories.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count = 1

    LISTING_PAGE_SIZE = 12
    # The most industries one listing filters by (?industry= may repeat).
    MAX_INDUSTRY_FILTERS = 20

    def listing(self, request, industries: list[str]) -> dict:
        """Its live, public stories, newest first, in any of ``industries`` (all when empty),
        a page at a time; and every industry with its count of live, public stories."""
        slugs = [slug for slug in industries if slug][: self.MAX_INDUSTRY_FILTERS]
        stories = StoryPage.objects.child_of(self).filter(public_story_q())
        if slugs:
            # A semi-join: a story in two of the industries is listed once, without DISTINCT.
            tagged = StoryIndustry.objects.filter(tag__slug__in=slugs)
            stories = stories.filter(pk__in=tagged.values("content_object_id"))
        # The page is chosen on ids alone, then only its stories are loaded: sorting whole story
        # rows (bodies included) to keep twelve of them costs several times more.
        ids = stories.order_by("-first_published_at", "-id").values_list("pk", flat=True)
        page = Paginator(ids, self.LISTING_PAGE_SIZE).get_page(request.GET.get("page"))
        found = with_card_images(
            StoryPage.objects.filter(pk__in=list(page.object_list))
            .select_related("organization")
            .prefetch_related("industries")
        ).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list]
        return {
            "stories": page,
            "industries": self.industries_with_counts(),
            "selected_industries": slugs,
        }

    def industries_with_counts(self) -> list["Industry"]:
        """Every industry, by name, with its count of live, public stories and its page's URL."""
        industries = list(Industry.objects.with_story_counts().order_by("name"))
        base = self.url
        for industry in industries:
            industry.url = base + self.reverse_subpage("industry", kwargs={"slug": industry.slug})
        return industries

    @path("")
    def index(self, request):
        context = self.get_context(request)
        context.update(self.listing(request, request.GET.getlist("industry")))
        return self.render(request, context_overrides=context)

    def permissions_for_user(self, user):
        return StoryIndexPermissionTester(user, self)

    @path("industry/<slug:slug>/", name="industry")
    def industry(self, request, slug):
        industry = get_object_or_404(Industry, slug=slug)
        context = self.get_context(request)
        context.update(self.listing(request, [slug]), industry=industry)
        return self.render(
            request,
            context_overrides=context,
            template="stories/industry_page.html",
        )


class StoryPage(LinkedLanguageMixin, Page):
    subject_kind = models.CharField(
        _("whose story"),
        max_length=20,
        choices=SubjectKind.choices,
        default=SubjectKind.PERSON,
        help_text=_("Whether the story is told by or about a person or an organisation."),
    )
    subject_name = models.CharField(
        _("name"), max_length=200, help_text=_("The person's or organisation's public name.")
    )
    organization = models.ForeignKey(
        "community.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text=_("The organisation the story is about, or the one the person works with."),
    )
    industries = ClusterTaggableManager(
        through=StoryIndustry, verbose_name=_("industries"), blank=False
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        validators=[MaxLengthValidator(500)],
        help_text=_("One or two sentences shown in listings."),
    )
    hero_image = models.ForeignKey(
        "stories.CustomImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    product_or_service = models.CharField(
        _("product or service"),
        max_length=200,
        blank=True,
        help_text=_("What is actually sold to customers. A business without one is a red flag."),
    )
    product_description = models.TextField(
        _("about the product"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"))
    material_connection = models.TextField(
        _("material connection"),
        blank=True,
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        help_text=_(
            "Any connection to the company named: upline or downline, employee, rank, free product, "
            "payment. Shown publicly. 'None' is a valid answer."
        ),
    )

    # The organisation's request link the story was started from (community.RequestLink): a
    # solicited story, which the page says publicly. Set once, when the member starts the story.
    request_link = models.ForeignKey(
        "community.RequestLink",
        verbose_name=_("request link"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="stories",
    )

    # The public report of the live version, copied from its StoryReview whenever the page is saved
    # (see save()): never edited, never carried by a draft, so an unreviewed edit shows no badge.
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        blank=True,
        default=Verification.UNREVIEWED,
        editable=False,
        help_text=_("The tier of the live version, from its completed review."),
    )
    reviewed_at = models.DateField(_("reviewed on"), null=True, blank=True, editable=False)
    report_checks = models.JSONField(
        _("checks"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "The transparency checklist as the moderator completed it: check code to result."
        ),
    )
    report_note = models.TextField(
        _("public review note"),
        blank=True,
        editable=False,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Shown in the transparency report, e.g. which evidence could not be seen."),
    )

    # Set when a moderator sends the live story back to review after a reader's report; the story
    # stays up with an "under re-review" notice until a reviewed version is published (a revision
    # never carries it, so publishing one clears it).
    rereview_requested_at = models.DateTimeField(
        _("sent back to review on"), null=True, blank=True, editable=False
    )

    import_source = models.CharField(max_length=50, blank=True, editable=False)
    external_id = models.CharField(max_length=200, blank=True, editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("subject_kind"), FieldPanel("subject_name")]),
                FieldPanel("organization"),
            ],
            heading=_("Whose story"),
        ),
        FieldRowPanel([FieldPanel("language"), FieldPanel("industries")]),
        FieldPanel("translation"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [FieldPanel("product_or_service"), FieldPanel("product_description")],
            heading=_("Product or service"),
        ),
        FieldPanel("body"),
        FieldPanel("material_connection"),
        InlinePanel("claims", heading=_("Transparency claims"), label=_("Claim")),
        EvidencePanel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("subject_name"),
        index.SearchField("body"),
        index.FilterField("language"),
        index.FilterField("verification"),
        index.RelatedFields("industries", [index.FilterField("slug")]),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["rereview_requested_at", "translation", "request_link"]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [
            ("unpublish_storypage", _("Can take a story off the site")),
            ("lock_storypage", _("Can lock a story")),
            ("unlock_storypage", _("Can unlock a story")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "external_id"],
                condition=~Q(external_id=""),
                name="unique_external_id_per_source",
            )
        ]

    def clean(self):
        super().clean()
        if self.subject_kind == SubjectKind.ORGANIZATION and not (
            self.organization_id or self.subject_name
        ):
            raise ValidationError({"organization": _("Name the organisation this story is about.")})

    def save(self, *args, **kwargs):
        """Write the page; a live story must carry a completed review of its live version.

        This is the floor under every path that makes a story live (publishing, copying with
        "publish copies", aliases, scheduled publishing, code saving ``live=True``): none of them
        can store a live story whose live revision was not reviewed. The public report fields are
        copied from that review here, and only here.
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"live", "live_revision"} & set(update_fields):
            review = self.live_review() if self.live else None
            if self.live and review is None:
                raise UnreviewedStory(self)
            self._copy_report(review)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *REPORT_FIELDS}
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        """Save a revision and store what the red-flag scanner finds in it (every path that
        makes a version of a story passes here: the submission form, the admin, imports)."""
        from ..scanner.stored import store_scan

        revision = super().save_revision(*args, **kwargs)
        store_scan(revision, self)
        return revision

    def publish(self, revision, *args, **kwargs):
        """Refuse any revision without a completed review, before Wagtail changes anything."""
        if not StoryReview.objects.filter(revision=revision, story_id=self.pk).exists():
            raise UnreviewedStory(self)
        return super().publish(revision, *args, **kwargs)

    def permissions_for_user(self, user):
        return StoryPermissionTester(user, self)

    def serializable_data(self):
        # A revision never carries the report: it belongs to the review of a version, not to
        # the content a member or moderator edits.
        data = super().serializable_data()
        for field in (*REPORT_FIELDS, "rereview_requested_at"):
            data.pop(field, None)
        return data

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page._copy_report(None)
        return page

    def people_too_close_to_review(self, revision=None) -> set[int]:
        """Who may take no review step: the story's owner, whoever made the version under review,
        and every representative of the organisation the story (or that version) names."""
        people = {self.owner_id}
        organizations = {self.organization_id}
        if revision is not None:
            people.add(revision.user_id)
            organizations.add((revision.content or {}).get("organization"))
        organizations.discard(None)
        if organizations:
            Organization = self._meta.get_field("organization").related_model
            people.update(
                Organization.objects.filter(pk__in=organizations)
                .exclude(memberships__user=None)
                .values_list("memberships__user", flat=True)
            )
        people.discard(None)
        return people

    def live_review(self) -> "StoryReview | None":
        if not (self.pk and self.live_revision_id) or self.alias_of_id:
            return None
        return StoryReview.objects.filter(
            revision_id=self.live_revision_id, story_id=self.pk
        ).first()

    def _copy_report(self, review: "StoryReview | None") -> None:
        self.verification = review.verification if review else Verification.UNREVIEWED
        self.reviewed_at = review.reviewed_at if review else None
        self.report_checks = dict(review.checks) if review else {}
        self.report_note = review.note if review else ""

    @property
    def under_rereview(self) -> bool:
        return self.live and self.rereview_requested_at is not None

    @property
    def shown_reply(self):
        """The organisation's reply readers see (stories.replies): its last approved text."""
        reply = getattr(self, "organization_reply", None) if self.pk else None
        return reply if reply is not None and reply.published_at else None

    @property
    def rereview_due_on(self):
        """When this story's review is due again (stories.renewal)."""
        from ..renewal import due_on

        return due_on(self.reviewed_at)

    @property
    def rereview_overdue(self) -> bool:
        """Published, reviewed long enough ago to be due again, and no re-review under way yet."""
        from ..renewal import is_overdue

        return self.live and not self.under_rereview and is_overdue(self.reviewed_at)

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def subject_display(self) -> str:
        if self.subject_kind == SubjectKind.PERSON and self.organization_id:
            return f"{self.subject_name} ({self.organization.name})"
        return self.subject_name

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["claims"] = list(self.claims.all())
        context["public_report"] = self.public_report
        return context

    @property
    def public_report(self) -> PublicReport:
        """The transparency report of the live, reviewed version, from the fields copied from its
        review (a draft or a preview carries none). Each check with its result, never evidence."""
        kind = ""
        if self.verification and not self.report_checks:
            # No checklist to show: say why (imported as verified elsewhere, or an older review).
            review = self.live_review()
            kind = review.kind if review else ""
        return PublicReport(
            tier=self.verification,
            reviewed_at=self.reviewed_at if self.verification else None,
            checks=reported_checks(self.report_checks) if self.verification else (),
            note=self.report_note if self.verification else "",
            kind=kind,
        )


def guides_for_language(guides, language: str | None = None):
    language = (language or get_language() or "id")[:2]
    return guides.filter(language=language).order_by("path")


class GuideIndexPage(Page):
    """Its heading and introduction are translated template text, so they read in both languages."""

    parent_page_types = ["stories.HomePage"]
    subpage_types = ["stories.GuidePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.live().public().child_of(self)
        context["guides"] = guides_for_language(guides)
        context["other_guides"] = guides.exclude(pk__in=context["guides"].values("pk"))
        return context


class GuidePage(LinkedLanguageMixin, Page):
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    summary = models.TextField(_("summary"), max_length=500, validators=[MaxLengthValidator(500)])
    body = StreamField(StoryBodyBlock(), verbose_name=_("guide"))
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("language"), FieldPanel("translation")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["stories.GuideIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["translation"]

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
