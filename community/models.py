import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stories.notifications import EmailTopic
from stories.renewal import due_on, is_overdue
from stories.site_tree import free_slug


def validate_email_topics(value):
    """A list of EmailTopic values (User.muted_email_topics)."""
    if not isinstance(value, list) or not all(topic in EmailTopic.values for topic in value):
        raise ValidationError(
            _("Choose only from the e-mails listed."), code="invalid_email_topics"
        )


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        help_text=_("The name shown on your stories. Defaults to your full name."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    muted_email_topics = models.JSONField(
        _("e-mails switched off"),
        default=list,
        blank=True,
        validators=[validate_email_topics],
        help_text=_("The kinds of optional e-mail this member chose not to get."),
    )

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username


class OrganizationQuerySet(models.QuerySet):
    def represented_by(self, user):
        """The organisations ``user`` may act for."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    website = models.URLField(_("website"), blank=True)
    business_licence_number = models.CharField(
        _("business licence number"),
        max_length=100,
        blank=True,
        help_text=_("The NIB or SIUP number a moderator checks against the public register."),
    )
    association_membership = models.CharField(
        _("direct-selling association membership"),
        max_length=200,
        blank=True,
        help_text=_("E.g. APLI membership number, if the organisation claims one."),
    )
    regulator_list_note = models.TextField(
        _("illegal-investment list check"),
        blank=True,
        max_length=1000,
        help_text=_(
            "How and when a moderator confirmed the organisation is not on the regulator's list "
            "of illegal investments."
        ),
    )
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Set by a moderator once the licence and the regulator list were checked."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    # A change to any of these means a moderator has to check the organisation again.
    VERIFICATION_FIELDS = ("name", "business_licence_number", "association_membership")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = Organization.free_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("community:organization", kwargs={"slug": self.slug})

    @property
    def verification_due_on(self):
        """When the verification is due for renewal (stories.renewal), if it is verified."""
        return due_on(self.verified_at) if self.verified else None

    @property
    def verification_overdue(self) -> bool:
        return self.verified and is_overdue(self.verified_at)

    @classmethod
    def free_slug(cls, name: str) -> str:
        return free_slug(
            name,
            taken=lambda slug: cls.objects.filter(slug=slug).exists(),
            fallback="organization",
            max_length=180,
        )


class RegulatorListEntry(models.Model):
    """One entity on a regulator's list of illegal investments (e.g. the SWI / Satgas PASTI list),
    as imported by ``import_regulator_list``. An import replaces every entry of its source."""

    source = models.CharField(_("list"), max_length=100, db_index=True)
    name = models.CharField(_("name on the list"), max_length=300)
    name_key = models.CharField(max_length=300, db_index=True, editable=False)
    licence_number = models.CharField(_("licence number"), max_length=100, blank=True)
    licence_key = models.CharField(max_length=100, db_index=True, blank=True, editable=False)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    line = models.PositiveIntegerField(_("line in the imported file"))
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        ordering = ["source", "name"]
        verbose_name = _("regulator list entry")
        verbose_name_plural = _("regulator list entries")

    def __str__(self):
        return f"{self.name} ({self.source})"


class RegulatorMatchKind(models.TextChoices):
    LICENCE = "licence", _("same licence number")
    NAME = "name", _("similar name")


class RegulatorMatch(models.Model):
    """An organisation that matches an entry of a regulator's list: flagged in every review of
    its stories until a moderator's next import no longer lists it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="regulator_matches"
    )
    entry = models.ForeignKey(RegulatorListEntry, on_delete=models.CASCADE, related_name="matches")
    kind = models.CharField(_("matched by"), max_length=10, choices=RegulatorMatchKind.choices)
    score = models.FloatField(_("name similarity"), help_text=_("1.0 for the same name."))
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("regulator list match")
        verbose_name_plural = _("regulator list matches")
        constraints = [
            models.UniqueConstraint(fields=["organization", "entry"], name="one_match_per_entry")
        ]

    def __str__(self):
        return f"{self.organization} ~ {self.entry}"


class OrganizationRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    REPRESENTATIVE = "representative", _("Representative")


class OrganizationMembership(models.Model):
    """A member who may act for an organisation: edit its profile and tell stories in its name."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="organization_memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=OrganizationRole.choices,
        default=OrganizationRole.REPRESENTATIVE,
        help_text=_("Owners registered the organisation on Terang; representatives act for it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="unique_organization_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organization} ({self.get_role_display()})"


class ConsentKind(models.TextChoices):
    PUBLISH = "publish", _("Consent to publish")
    NO_CONNECTION = "no_connection", _("No material connection")


@dataclass(frozen=True)
class Declaration:
    """The wording a member agrees to. Change ``version`` whenever ``text`` changes in meaning:
    every member is then asked to agree again before their story moves on."""

    kind: str
    version: str
    text: Promise


DECLARATIONS = {
    ConsentKind.PUBLISH: Declaration(
        kind=ConsentKind.PUBLISH,
        version="2026-11",
        text=_(
            "I agree that Terang publishes this story, with the names, images and claims in it, "
            "once a moderator has approved it. Everything in it is true to the best of my "
            "knowledge, I have the right to share it, and the people named or shown in it agreed. "
            "I can withdraw this consent at any time; the story then stops being public."
        ),
    ),
    ConsentKind.NO_CONNECTION: Declaration(
        kind=ConsentKind.NO_CONNECTION,
        version="2026-11",
        text=_(
            "I declare that I have no material connection to any company named in this story: "
            "I am not its employee, upline or downline, I hold no rank in it, and I receive no "
            "payment, commission or free products from it."
        ),
    ),
}


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def current(self):
        """Active agreements to the wording in force today."""
        versions = models.Q()
        for declaration in DECLARATIONS.values():
            versions |= models.Q(kind=declaration.kind, version=declaration.version)
        return self.active().filter(versions)


class Consent(models.Model):
    """A declaration a member made for one story, in the exact words they saw."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    story = models.ForeignKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    text = models.TextField(_("wording agreed to"), max_length=4000)
    version = models.CharField(_("wording version"), max_length=20)
    language = models.CharField(_("language of the wording"), max_length=10)
    agreed_at = models.DateTimeField(_("agreed at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("When the member withdrew it, or replaced it with a different declaration."),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-agreed_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["story", "kind", "withdrawn_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.story_id} · {self.version}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None and self.version == DECLARATIONS[self.kind].version


def new_request_token() -> str:
    return secrets.token_urlsafe(REQUEST_TOKEN_BYTES)


# 16 random bytes: 22 URL-safe characters, too many to guess (community.services.request_links).
REQUEST_TOKEN_BYTES = 16
REQUEST_TOKEN_LENGTH = 22
REQUEST_LINK_MAX_USES = 200


class RequestLinkState(models.TextChoices):
    OPEN = "open", _("Open")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    USED_UP = "used_up", _("Used up")


class RequestLink(models.Model):
    """An organisation asks its customers or partners for their story: whoever opens the link
    signs up and starts a story with the organisation and industry already set. A story told
    through it says so publicly, as a material connection (StoryPage.request_link)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="request_links",
    )
    message = models.TextField(
        _("message"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        help_text=_("What the people you invite read first. At most 1,000 characters."),
    )
    industry = models.ForeignKey(
        "stories.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True, default=new_request_token, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(
        _("maximum number of stories"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(REQUEST_LINK_MAX_USES)],
    )
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request link")
        verbose_name_plural = _("request links")

    def __str__(self):
        return f"{self.organization} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("community:request_link_open", kwargs={"token": self.token})

    def state(self, *, uses: int, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return RequestLinkState.REVOKED
        if self.expires_at is not None and self.expires_at <= now:
            return RequestLinkState.EXPIRED
        if uses >= self.max_uses:
            return RequestLinkState.USED_UP
        return RequestLinkState.OPEN
