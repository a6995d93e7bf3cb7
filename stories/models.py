import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page, TaskState
from wagtail.search import index

from .blocks import StoryBodyBlock
from .choices import (
    CheckResult,
    ClaimKind,
    Language,
    ReviewOutcome,
    ReviewReason,
    SubjectKind,
    Verification,
)
from .panels import EvidencePanel


class CustomImage(AbstractImage):
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

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class IndustryQuerySet(models.QuerySet):
    def matching(self, value: str):
        """Industries whose slug, English or Indonesian name equals ``value``, ignoring case."""
        value = (value or "").strip()
        return self.filter(Q(slug__iexact=value) | Q(name__iexact=value) | Q(name_id__iexact=value))

    def with_story_counts(self):
        live = Q(story_items__content_object__live=True)
        return self.annotate(story_count=Count("story_items", filter=live, distinct=True))


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
        stories = StoryPage.objects.live().public().select_related("hero_image", "organization")
        context["featured_stories"] = (
            stories.filter(verification=Verification.VERIFIED)
            .order_by("-first_published_at")
            .prefetch_related("industries")[:6]
        )
        context["industries"] = Industry.objects.with_story_counts().order_by(
            "-story_count", "name"
        )
        context["story_index"] = StoryIndexPage.objects.live().first()
        context["guide_index"] = GuideIndexPage.objects.live().first()
        context["guides"] = guides_for_language(GuidePage.objects.live().public())[:3]
        return context


class StoryIndexPage(RoutablePageMixin, Page):
    """Its heading and introduction are translated template text, so they read in both languages."""

    parent_page_types = ["stories.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count = 1

    @path("")
    def index(self, request):
        from search.views import story_listing

        context = self.get_context(request)
        context.update(story_listing(request, industries=request.GET.getlist("industry")))
        return self.render(request, context_overrides=context)

    @path("industry/<slug:slug>/", name="industry")
    def industry(self, request, slug):
        from search.views import story_listing

        industry = get_object_or_404(Industry, slug=slug)
        context = self.get_context(request)
        context.update(story_listing(request, industries=[slug]), industry=industry)
        return self.render(
            request,
            context_overrides=context,
            template="stories/industry_page.html",
        )


class StoryPage(Page):
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

    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        blank=True,
        default=Verification.UNREVIEWED,
        help_text=_("Set by the transparency review."),
    )
    reviewed_at = models.DateField(_("reviewed on"), null=True, blank=True)
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
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Shown in the transparency report, e.g. which evidence could not be seen."),
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

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
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
        if self.verification == Verification.VERIFIED and not self.reviewed_at:
            raise ValidationError({"reviewed_at": _("A verified story needs its review date.")})

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
        context["checks"] = self.public_checks()
        return context

    def public_checks(self) -> list[dict]:
        """The checklist as the public report shows it: each check and its result, never evidence."""
        from .checklist import CHECKS

        return [
            {
                "label": check.public_label,
                "result": self.report_checks[check.code],
                "result_label": CheckResult(self.report_checks[check.code]).label,
            }
            for check in CHECKS
            if check.code in self.report_checks
        ]


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
    return storages["private"]


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


class GuidePage(Page):
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    summary = models.TextField(_("summary"), max_length=500, validators=[MaxLengthValidator(500)])
    body = StreamField(StoryBodyBlock(), verbose_name=_("guide"))
    translation = models.ForeignKey(
        "self",
        verbose_name=_("translation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The same guide in the other language."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("language"), FieldPanel("translation")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["stories.GuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")


class ReviewDecision(models.Model):
    """What a moderator decided on one review, with the checklist or the coded reason. The member sees it."""

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
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=ReviewReason.choices, blank=True)
    comment = models.TextField(
        _("comment"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
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
        return f"{self.story} · {self.get_outcome_display()}"


class TransparencyReviewTask(AbstractGroupApprovalTask):
    """The moderator completes the transparency checklist item by item; nobody reviews their own story."""

    def _is_own_story(self, obj, user) -> bool:
        return obj.owner_id == user.pk

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and not self._is_own_story(obj, user)

    def get_actions(self, obj, user):
        if self._is_own_story(obj, user) or not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("decline", _("Reject"), True),
            ("approve", _("Complete the checklist and approve"), True),
        ]

    def get_form_for_action(self, action):
        from .forms import ChecklistForm, ReasonForm

        return ChecklistForm if action == "approve" else ReasonForm

    def get_template_for_action(self, action):
        return "stories/admin/review_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        from .review import record_decision

        if action_name not in {"approve", "reject", "decline"}:
            return None
        if self._is_own_story(task_state.workflow_state.content_object, user):
            raise PermissionDenied(_("A moderator may not review their own story."))
        comment = kwargs.get("comment", "")
        with transaction.atomic():
            record_decision(task_state=task_state, user=user, action_name=action_name, **kwargs)
            if action_name == "approve":
                task_state.approve(user=user, comment=comment)
            elif action_name == "reject":
                task_state.reject(user=user, comment=comment)
            else:
                task_state.reject(user=user, update=False, comment=comment)
                task_state.workflow_state.cancel(user=user)
        return None

    @classmethod
    def get_description(cls):
        return _("A moderator completes the transparency checklist before the story moves on")

    class Meta:
        verbose_name = _("transparency review task")
        verbose_name_plural = _("transparency review tasks")
