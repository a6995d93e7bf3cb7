import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    WagtailImageField,
    get_rendition_upload_to,
    get_upload_to,
)
from wagtail.images.models import Image as WagtailImage
from wagtail.models import (
    AbstractGroupApprovalTask,
    Orderable,
    Page,
    PageViewRestriction,
    TaskState,
)
from wagtail.search import index

from .blocks import StoryBodyBlock
from .checklist import PublicReport, reported_checks
from .choices import (
    REPORT_SEVERITY,
    ClaimKind,
    Language,
    ReportReason,
    ReportStatus,
    ReviewKind,
    ReviewOutcome,
    ReviewReason,
    ReviewStep,
    SubjectKind,
    Verification,
)
from .languages import LinkedLanguageMixin
from .panels import EvidencePanel
from .permissions import StoryIndexPermissionTester, StoryPermissionTester, two_person_review
from .storage import evidence_storage, image_storage


class CustomImage(AbstractImage):
    # Not web-served: /images/<name> answers through a view that checks who may see it.
    file = WagtailImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
        db_index=True,
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describes the image for people who cannot see it."),
    )

    admin_form_fields = WagtailImage.admin_form_fields + ("alt_text",)

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")
    # A rendition is seen by whoever may see its image.
    file = WagtailImageField(
        upload_to=get_rendition_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
        db_index=True,
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# The public report of a live story: written only by StoryPage.save(), from its StoryReview.
REPORT_FIELDS = ("verification", "reviewed_at", "report_checks", "report_note")


def public_story_q(prefix: str = "") -> Q:
    """Live and outside every private section (what ``PageQuerySet.live().public()`` keeps), as a
    condition on a story reached through ``prefix``."""
    condition = Q(**{f"{prefix}live": True})
    for private in PageViewRestriction.objects.values_list("page__path", flat=True):
        condition &= ~Q(**{f"{prefix}path__startswith": private})
    return condition


# The rendition a story card shows (templates/components/story_card.html).
STORY_CARD_RENDITION = "fill-480x270"


def with_card_images(stories):
    """``stories`` with each hero image and its card rendition: two queries for any number of
    cards, where ``{% image %}`` would otherwise look each rendition up on its own."""
    return stories.prefetch_related(
        Prefetch(
            "hero_image",
            queryset=CustomImage.objects.prefetch_renditions(STORY_CARD_RENDITION),
        )
    )


class IndustryQuerySet(models.QuerySet):
    def matching(self, value: str):
        """Industries whose slug, English or Indonesian name equals ``value``, ignoring case."""
        value = (value or "").strip()
        return self.filter(Q(slug__iexact=value) | Q(name__iexact=value) | Q(name_id__iexact=value))

    def with_story_counts(self):
        """Each industry with the number of live, public stories in it.

        A story is tagged with an industry at most once, so a plain count is exact; the public
        stories are one subquery, not a join per tagging.
        """
        public = StoryPage.objects.filter(public_story_q()).values("pk")
        return self.annotate(
            story_count=Count("story_items", filter=Q(story_items__content_object_id__in=public))
        )


class Industry(TagBase):
    """A curated industry. ``name`` is the English name; ``name_id`` the Indonesian one."""

    name_id = models.CharField(_("Indonesian name"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, max_length=1000, validators=[MaxLengthValidator(1000)]
    )

    # Members pick from the curated list; only moderators add industries (as snippets).
    free_tagging = False

    objects = IndustryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("name_id"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_id if (get_language() or "").startswith("id") else self.name

    def get_absolute_url(self):
        index = StoryIndexPage.objects.live().first()
        if index is None:
            return "/"
        return index.url + index.reverse_subpage("industry", kwargs={"slug": self.slug})


class StoryIndustry(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="industry_items"
    )
    tag = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="story_items")


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
        from .scanner.stored import store_scan

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
        from .renewal import due_on

        return due_on(self.reviewed_at)

    @property
    def rereview_overdue(self) -> bool:
        """Published, reviewed long enough ago to be due again, and no re-review under way yet."""
        from .renewal import is_overdue

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


class TransparencyClaim(Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="claims")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ClaimKind.choices)
    statement = models.TextField(
        _("claim"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        help_text=_("What the story says, in one or two sentences."),
    )
    evidence_note = models.TextField(
        _("evidence"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        blank=True,
        help_text=_(
            "What backs the claim, e.g. 'twelve months of bank statements'. Shown publicly; "
            "the evidence files themselves never are."
        ),
    )

    panels = [FieldPanel("kind"), FieldPanel("statement"), FieldPanel("evidence_note")]

    class Meta(Orderable.Meta):
        verbose_name = _("transparency claim")
        verbose_name_plural = _("transparency claims")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.statement[:60]}"


def private_storage():
    return evidence_storage()


def evidence_upload_to(instance, filename):
    return f"evidence/{instance.story_id}/{uuid.uuid4().hex}/{filename[-100:]}"


class EvidenceFile(models.Model):
    """A private file that backs a claim. Served only to moderators, through a checked view."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="evidence_files")
    claim_key = models.UUIDField(null=True, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


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


class ReviewDecision(models.Model):
    """What a moderator decided at one review step, with the checklist or the coded reason.

    The member sees it. An approval of each step, on the same revision, makes a StoryReview.
    """

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="review_decisions")
    task_state = models.ForeignKey(
        TaskState, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(
        _("review step"),
        max_length=20,
        choices=ReviewStep.choices,
        default=ReviewStep.TRANSPARENCY,
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=ReviewReason.choices, blank=True)
    comment = models.TextField(
        _("comment"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    public_note = models.TextField(
        _("public review note"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Shown in the public transparency report once the story is published."),
    )
    checks = models.JSONField(_("checks"), default=dict, blank=True)
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome__in=["changes_requested", "rejected"]) | ~Q(reason=""),
                name="review_decision_reason_required",
            )
        ]

    def __str__(self):
        return f"{self.story} · {self.get_step_display()} · {self.get_outcome_display()}"


class UnreviewedStory(PermissionDenied):
    """A version of a story without a completed review was about to go live."""

    def __init__(self, story=None, reason: str = ""):
        self.story = story
        message = gettext(
            "This version of the story has not completed its review, so it cannot be published. "
            "Stories go live only at the end of the “Story review” workflow."
        )
        super().__init__(f"{message} {reason}".strip())


class StoryReview(models.Model):
    """The completed review of one revision of a story: the only thing that lets it go live.

    A workflow review names the approvals of both steps, on this very revision, by two different
    people (unless the two-person rule was off), neither of whom wrote the story, made this
    version or acts for the organisation it names. ``save()`` validates all of it, so no code path
    can record a review that breaks the rules. The public report of the live story is copied from
    the review of its live revision.
    """

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="story_review"
    )
    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReviewKind.choices, default=ReviewKind.WORKFLOW
    )
    transparency = models.OneToOneField(
        ReviewDecision,
        verbose_name=_("transparency review"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    editorial = models.OneToOneField(
        ReviewDecision,
        verbose_name=_("editorial approval"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    two_people = models.BooleanField(
        _("two-person rule"),
        default=True,
        help_text=_("Whether the two steps had to be done by two different people."),
    )
    verification = models.CharField(_("verification"), max_length=10, choices=Verification.choices)
    checks = models.JSONField(_("checks"), default=dict, blank=True)
    note = models.TextField(
        _("public review note"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    reviewed_at = models.DateField(_("reviewed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story review")
        verbose_name_plural = _("story reviews")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ReviewKind.WORKFLOW)
                | Q(transparency__isnull=False, editorial__isnull=False),
                name="story_review_workflow_has_both_steps",
            ),
            models.CheckConstraint(
                condition=Q(kind=ReviewKind.WORKFLOW)
                | Q(transparency__isnull=True, editorial__isnull=True),
                name="story_review_steps_only_in_workflow",
            ),
            models.CheckConstraint(
                condition=~Q(verification=Verification.UNREVIEWED),
                name="story_review_has_a_tier",
            ),
        ]

    def __str__(self):
        return f"{self.story_id} · revision {self.revision_id} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.full_clean()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.revision_id
            and self.story_id
            and (
                str(self.revision.object_id) != str(self.story_id)
                or self.revision.base_content_type_id
                != ContentType.objects.get_for_model(Page, for_concrete_model=False).pk
            )
        ):
            raise ValidationError({"revision": _("This revision belongs to another page.")})
        if self.kind == ReviewKind.WORKFLOW:
            self._clean_workflow_review()
        elif self.kind == ReviewKind.IMPORT and self.recorded_by_id is None:
            raise ValidationError({"recorded_by": _("Name the account that imported the story.")})

    def _clean_workflow_review(self):
        steps = {ReviewStep.TRANSPARENCY: self.transparency, ReviewStep.EDITORIAL: self.editorial}
        for step, decision in steps.items():
            if decision is None:
                continue
            if (
                decision.step != step
                or decision.outcome != ReviewOutcome.APPROVED
                or decision.revision_id != self.revision_id
                or decision.story_id != self.story_id
                or decision.moderator_id is None
            ):
                raise ValidationError(
                    _("%(step)s was not approved on this revision of this story.")
                    % {"step": ReviewStep(step).label}
                )
        if self.transparency is None or self.editorial is None:
            return
        too_close = self.story.people_too_close_to_review(self.revision)
        if {self.transparency.moderator_id, self.editorial.moderator_id} & too_close:
            raise ValidationError(
                _(
                    "Nobody may review a story that they wrote, made this version of, or that "
                    "their organisation tells."
                )
            )
        if self.two_people and self.transparency.moderator_id == self.editorial.moderator_id:
            raise ValidationError(
                _("The transparency review and the editorial approval need two different people.")
            )
        if (self.verification, self.checks) != (
            self.transparency.verification,
            self.transparency.checks,
        ):
            raise ValidationError(
                _("The tier and the checks must be those of the transparency review.")
            )


class StoryReviewStepMixin:
    """What both review steps share: who may act, and the decision recorded with each action.

    Nobody takes a step on a story they wrote, made the version of, or that their organisation
    tells; with the two-person rule, the editorial approval needs someone other than the person
    who completed the transparency review of the same revision.
    """

    step: str

    def refusal(self, obj, user, task_state=None) -> str:
        """Why ``user`` may not act on this step for ``obj`` now, or "" when they may."""
        story = getattr(obj, "specific", obj)
        if not isinstance(story, StoryPage):
            return ""
        latest = story.get_latest_revision()
        if user.pk in story.people_too_close_to_review(latest):
            return gettext(
                "You cannot review this story: you wrote it, made this version of it, or act for "
                "the organisation it names."
            )
        if (
            self.step == ReviewStep.EDITORIAL
            and two_person_review()
            and task_state is not None
            and ReviewDecision.objects.filter(
                task_state__workflow_state_id=task_state.workflow_state_id,
                step=ReviewStep.TRANSPARENCY,
                outcome=ReviewOutcome.APPROVED,
                revision_id=task_state.revision_id,
                moderator=user,
            ).exists()
        ):
            return gettext(
                "You completed the transparency review of this version: the editorial approval "
                "needs a second moderator."
            )
        return ""

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The dashboard's "Awaiting your review" leaves out what this user may not review."""
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        own_stories = (
            StoryPage.objects.filter(owner=user)
            .annotate(key=Cast("pk", models.CharField()))
            .values("key")
        )
        states = states.exclude(workflow_state__object_id__in=own_stories)
        if self.step == ReviewStep.EDITORIAL and two_person_review():
            states = states.exclude(
                Exists(
                    ReviewDecision.objects.filter(
                        task_state__workflow_state=OuterRef("workflow_state"),
                        revision=OuterRef("revision"),
                        step=ReviewStep.TRANSPARENCY,
                        outcome=ReviewOutcome.APPROVED,
                        moderator=user,
                    )
                )
            )
        return states

    def _may_act(self, obj, user) -> bool:
        if not (user.is_superuser or self._user_in_groups(user)):
            return False
        task_state = getattr(obj, "current_workflow_task_state", None)
        return not (self.refusal(obj, user, task_state) or self.taken_by_other(obj, user))

    def taken_by_other(self, obj, user) -> str:
        """Why ``user`` may not decide now because another moderator took the story (Wagtail's
        page lock, set by the review queue), or ""."""
        from .review_locks import taken_by_other

        return taken_by_other(getattr(obj, "pk", None), user)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and not self.refusal(obj, user)

    def get_actions(self, obj, user):
        if not self._may_act(obj, user):
            return []
        return self.actions()

    def get_template_for_action(self, action):
        return "stories/admin/review_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        from .review import record_decision

        if action_name not in {"approve", "reject", "decline"}:
            return None
        content_object = task_state.workflow_state.content_object
        if not (user.is_superuser or self._user_in_groups(user)):
            raise PermissionDenied
        refusal = self.refusal(content_object, user, task_state) or self.taken_by_other(
            content_object, user
        )
        if refusal:
            raise PermissionDenied(refusal)
        comment = kwargs.get("comment", "")
        with transaction.atomic():
            record_decision(
                task_state=task_state, user=user, action_name=action_name, step=self.step, **kwargs
            )
            if action_name == "approve":
                task_state.approve(user=user, comment=comment)
            elif action_name == "reject":
                task_state.reject(user=user, comment=comment)
            else:
                task_state.reject(user=user, update=False, comment=comment)
                task_state.workflow_state.cancel(user=user)
            from .review_locks import release

            release(content_object.pk, user)
        return None


class TransparencyReviewTask(StoryReviewStepMixin, AbstractGroupApprovalTask):
    """The moderator completes the transparency checklist item by item."""

    step = ReviewStep.TRANSPARENCY

    def actions(self):
        return [
            ("reject", _("Request changes"), True),
            ("decline", _("Reject"), True),
            ("approve", _("Complete the checklist and approve"), True),
        ]

    def get_form_for_action(self, action):
        from .forms import ChecklistForm, ReasonForm

        return ChecklistForm if action == "approve" else ReasonForm

    @classmethod
    def get_description(cls):
        return _("A moderator completes the transparency checklist before the story moves on")

    class Meta:
        verbose_name = _("transparency review task")
        verbose_name_plural = _("transparency review tasks")


class EditorialApprovalTask(StoryReviewStepMixin, AbstractGroupApprovalTask):
    """A second moderator reads the reviewed story and approves it; approval publishes it."""

    step = ReviewStep.EDITORIAL

    def actions(self):
        return [
            ("reject", _("Request changes"), True),
            ("decline", _("Reject"), True),
            ("approve", _("Approve and publish"), True),
        ]

    def get_form_for_action(self, action):
        from .forms import ApprovalForm, ReasonForm

        return ApprovalForm if action == "approve" else ReasonForm

    @classmethod
    def get_description(cls):
        return _("A second moderator approves the reviewed story; the approval publishes it")

    class Meta:
        verbose_name = _("editorial approval task")
        verbose_name_plural = _("editorial approval tasks")


class ScanFlagCode(models.TextChoices):
    """The transparency scanner's flag codes (docs/contracts.md §3)."""

    GUARANTEED_INCOME = "guaranteed_income", _("Guaranteed income")
    FIXED_RETURN = "fixed_return", _("Fixed return")
    RECRUITMENT_EARNINGS = "recruitment_earnings", _("Earnings from recruiting")
    NO_SELLING_NEEDED = "no_selling_needed", _("No selling needed")
    UNREALISTIC_TIMEFRAME = "unrealistic_timeframe", _("Unrealistic timeframe")
    UPFRONT_FEE = "upfront_fee", _("Upfront fee")
    PRESSURE_TACTICS = "pressure_tactics", _("Pressure tactics")
    INCOME_CLAIM = "income_claim", _("Income claim")


class ScanFeedback(models.Model):
    """A moderator's correction of the red-flag scanner on one passage of a story.

    Either a flag the scanner raised wrongly, or one it missed, with the reason.
    ``python manage.py export_scan_feedback`` turns corrections into texts for the scanner's
    ``dev`` corpus, with names, phone numbers, e-mail addresses and account numbers masked.
    """

    class Verdict(models.TextChoices):
        WRONG = "wrong", _("Flagged wrongly")
        MISSED = "missed", _("Missed by the scanner")

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="scan_feedback")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(_("flag code"), max_length=40, choices=ScanFlagCode.choices)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    passage = models.TextField(
        _("passage"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("The sentence or paragraph of the story the correction is about, as written."),
    )
    phrase = models.CharField(
        _("phrase"),
        max_length=500,
        blank=True,
        help_text=_("The words flagged wrongly, or the words the scanner should have flagged."),
    )
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("scanner correction")
        verbose_name_plural = _("scanner corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, start__lt=models.F("end")),
                name="scan_feedback_span_ordered",
            )
        ]

    def __str__(self):
        return f"{self.story} · {self.get_code_display()} · {self.get_verdict_display()}"

    def clean(self):
        super().clean()
        if self.start is not None and self.end is not None and self.phrase:
            if self.passage[self.start : self.end] != self.phrase:
                raise ValidationError(
                    {"phrase": _("The phrase must be the passage's text between start and end.")}
                )
        elif self.phrase and self.phrase not in self.passage:
            raise ValidationError({"phrase": _("The phrase must be part of the passage.")})


class StoryScan(models.Model):
    """What the red-flag scanner found in one revision of a story: stored when the revision is
    saved (``StoryPage.save_revision``), read by the review queue's "flags found" filter.

    ``scanner`` names the scanner that made it (a digest of its code, rules and model); a scan
    by another scanner is made again before it is read (``stories.scanner.stored``).
    """

    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="story_scan",
        verbose_name=_("revision"),
    )
    scanner = models.CharField(_("scanner version"), max_length=64)
    scanned_at = models.DateTimeField(_("scanned at"), auto_now=True)

    class Meta:
        verbose_name = _("story scan")
        verbose_name_plural = _("story scans")

    def __str__(self):
        return f"{self.revision} · {', '.join(self.codes)}"

    @property
    def codes(self) -> list[str]:
        return sorted(flag.code for flag in self.flags.all())


class StoryScanFlag(models.Model):
    """One flag code a scan found (at least once) in the revision: one row per code."""

    scan = models.ForeignKey(StoryScan, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(_("flag code"), max_length=40, choices=ScanFlagCode.choices)

    class Meta:
        verbose_name = _("flag found")
        verbose_name_plural = _("flags found")
        constraints = [
            models.UniqueConstraint(fields=["scan", "code"], name="story_scan_flag_once")
        ]

    def __str__(self):
        return self.get_code_display()


class StoryReport(models.Model):
    """A reader's report of a published story, waiting in the moderators' queue until decided.

    A report never changes the story by itself: only a moderator's decision does
    (``stories.reports.decide_reports``), for every open report of the story at once.
    """

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=30, choices=ReportReason.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), editable=False)
    details = models.TextField(
        _("details"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    # Private: for telling the reporter the outcome, never shown on the site.
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(
        _("reason for the decision"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )

    class Meta:
        ordering = ["severity", "created_at", "pk"]
        verbose_name = _("story report")
        verbose_name_plural = _("story reports")
        indexes = [models.Index(fields=["story", "status"], name="story_report_story_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=ReportReason.OTHER) | ~Q(details=""),
                name="story_report_other_has_details",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.OPEN) | Q(decided_at__isnull=False),
                name="story_report_decided_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.story_id} · {self.get_reason_display()} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.severity = REPORT_SEVERITY[ReportReason(self.reason)]
        super().save(*args, **kwargs)


class RefusedReportCount(models.Model):
    """How many reports of a story the rate limit refused: counted, never queued."""

    story = models.OneToOneField(
        StoryPage, on_delete=models.CASCADE, related_name="refused_reports"
    )
    count = models.PositiveIntegerField(_("refused reports"), default=0)
    last_refused_at = models.DateTimeField(_("last refused at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refused report count")
        verbose_name_plural = _("refused report counts")

    def __str__(self):
        return f"{self.story_id} · {self.count}"


class StoryViewDay(models.Model):
    """How many times a published story was read on one day (stories.analytics). A count only:
    no cookie, no address, nothing about the reader is kept."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("story views on a day")
        verbose_name_plural = _("story views per day")
        constraints = [models.UniqueConstraint(fields=["story", "day"], name="one_count_per_day")]

    def __str__(self):
        return f"{self.story_id} · {self.day}: {self.views}"


class StoryLinkClickDay(models.Model):
    """How many readers followed one outbound link of a story on one day (stories.analytics)."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="link_click_days")
    day = models.DateField(_("day"))
    url = models.URLField(_("link"), max_length=2000)
    url_hash = models.CharField(max_length=64, editable=False)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        ordering = ["-day", "-clicks"]
        verbose_name = _("link clicks on a day")
        verbose_name_plural = _("link clicks per day")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "day", "url_hash"], name="one_click_count_per_link_and_day"
            )
        ]

    def __str__(self):
        return f"{self.story_id} · {self.day} · {self.url}: {self.clicks}"


class AppealOutcome(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Rejection upheld")
    REOPENED = "reopened", _("Story back in review")


class Appeal(models.Model):
    """A member's appeal of a rejection: once per rejection, decided by someone other than the
    moderator who rejected (stories.appeals)."""

    rejection = models.OneToOneField(
        ReviewDecision, on_delete=models.CASCADE, related_name="appeal", verbose_name=_("rejection")
    )
    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="appeals")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(
        _("statement"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    created_at = models.DateTimeField(_("appealed at"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.OPEN
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(
        _("reason for the decision"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return f"{self.story_id} · {self.get_outcome_display()}"


class ReplyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    APPROVED = "approved", _("Shown under the story")
    DECLINED = "declined", _("Declined")


class OrganizationReply(models.Model):
    """The one public reply of a story's organisation (stories.replies). What readers see is the
    last text a moderator approved; an edit waits for a moderator again, and the approved text stays
    up meanwhile."""

    story = models.OneToOneField(
        StoryPage, on_delete=models.CASCADE, related_name="organization_reply"
    )
    organization = models.ForeignKey(
        "community.Organization", on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reply"), max_length=1500, validators=[MaxLengthValidator(1500)])
    status = models.CharField(
        _("status"), max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    published_text = models.TextField(_("text shown"), blank=True, max_length=1500)
    published_at = models.DateTimeField(_("shown since"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("reason for the decision"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("organisation's reply")
        verbose_name_plural = _("organisations' replies")

    def __str__(self):
        return f"{self.organization_id} → {self.story_id} · {self.get_status_display()}"
