import io
import time
import uuid

import factory
import wagtail_factories
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone

from community.models import Organization, User
from stories.checklist import CHECKS
from stories.choices import CheckResult, ReviewOutcome, ReviewStep, Verification
from stories.models import (
    CustomImage,
    GuidePage,
    Industry,
    ReviewDecision,
    StoryIndexPage,
    StoryPage,
    StoryReview,
    TransparencyClaim,
)
from stories.review import verification_for


def png_bytes(color="orange", size=(40, 30)) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()


def uploaded_image(user=None, *, color="orange", title="Foto toko") -> CustomImage:
    """An image as the submission form stores it: a random file name, the uploader recorded."""
    image = CustomImage(
        title=title,
        alt_text=title,
        uploaded_by_user=user,
        file=ImageFile(io.BytesIO(png_bytes(color)), name=f"{uuid.uuid4().hex}.png"),
    )
    image._set_image_file_metadata()
    image.save()
    return image


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = User
        skip_postgeneration_save = True


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Moderators"))


# The authenticator-app secret of the tests' moderators and administrators (base32).
STAFF_TOTP_SECRET = "TERANGTESTSTAFFTOTPSECRETONLYXYZ"


def give_authenticator_app(user, secret: str = STAFF_TOTP_SECRET) -> Authenticator:
    """``user``'s authenticator app (allauth.mfa's TOTP), set up with ``secret`` if missing."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


def totp_code(secret: str = STAFF_TOTP_SECRET, *, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now (or at ``at``), by allauth's own
    HOTP functions."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class OrganizationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Koperasi Maju {n}")

    class Meta:
        model = Organization


def reviewers() -> tuple[User, User]:
    """The two people who review the stories the factories publish."""
    return tuple(
        User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@terang.example"}
        )[0]
        for username in ("reviewer-transparency", "reviewer-editorial")
    )


def publish_reviewed(
    story,
    *,
    revision=None,
    verification=Verification.VERIFIED,
    reviewed_at=None,
    note="",
    checks=None,
):
    """Publish the story's current content as a completed two-person review would.

    The review is recorded against the very revision that is published, as the workflow does
    (tests of the workflow itself go through the admin's actions instead). ``checks`` is the
    completed checklist (its tier follows from it); by default every check passed, but the
    income evidence for a "reviewed" story.
    """
    revision = revision or story.save_revision(user=story.owner)
    if checks is None:
        checks = {check.code: CheckResult.PASSED for check in CHECKS}
        if verification == Verification.REVIEWED:
            checks["income_claims"] = CheckResult.NOT_SEEN
    first, second = reviewers()
    transparency, editorial = (
        ReviewDecision.objects.create(
            story=story,
            revision=revision,
            moderator=moderator,
            step=step,
            outcome=ReviewOutcome.APPROVED,
            checks=checks if step == ReviewStep.TRANSPARENCY else {},
            verification=verification_for(checks) if step == ReviewStep.TRANSPARENCY else "",
        )
        for moderator, step in ((first, ReviewStep.TRANSPARENCY), (second, ReviewStep.EDITORIAL))
    )
    StoryReview.objects.create(
        revision=revision,
        story=story,
        transparency=transparency,
        editorial=editorial,
        verification=transparency.verification,
        checks=checks,
        note=note,
        reviewed_at=reviewed_at or timezone.localdate(),
    )
    revision.publish(user=second, skip_permission_checks=True)
    story.refresh_from_db()
    return story


class StoryPageFactory(wagtail_factories.PageFactory):
    """A story; published through a recorded two-person review unless ``verification`` is ""."""

    title = factory.Sequence(lambda n: f"Kisah usaha {n}")
    subject_name = "Jane"
    summary = "Dari dapur rumah ke tiga puluh pelanggan tetap."
    language = "id"
    verification = Verification.VERIFIED
    reviewed_at = factory.Faker("date_this_year")
    report_note = ""
    body = wagtail_factories.StreamFieldFactory({"paragraph": wagtail_factories.CharBlockFactory})
    parent = factory.LazyFunction(lambda: StoryIndexPage.objects.get())

    class Meta:
        model = StoryPage
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        review = {key: kwargs.pop(key) for key in ("verification", "reviewed_at", "report_note")}
        page = super()._create(model_class, *args, **{**kwargs, "live": False})
        page._factory_review = review
        return page

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        slugs = extracted or ["health-wellness"]
        self.industries.set(list(Industry.objects.filter(slug__in=slugs)))
        if not create:
            return
        self.save()
        review = self._factory_review
        if review["verification"]:
            publish_reviewed(
                self,
                verification=review["verification"],
                reviewed_at=review["reviewed_at"],
                note=review["report_note"],
            )


class TransparencyClaimFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(StoryPageFactory)
    kind = "income"
    statement = "Rata-rata Rp 3 juta per bulan selama 2025."
    evidence_note = "Rekening koran 12 bulan"

    class Meta:
        model = TransparencyClaim


class GuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Panduan {n}")
    summary = "Cara membaca klaim penghasilan."
    language = "id"
    body = wagtail_factories.StreamFieldFactory({"paragraph": wagtail_factories.CharBlockFactory})

    class Meta:
        model = GuidePage


def import_line(**changes) -> dict:
    """One valid line of an import file (docs/contracts.md §1), with ``changes`` applied."""
    data = {
        "external_id": "legacy-1",
        "title": "Katering sehat dari dapur rumah",
        "subject": {"kind": "person", "name": "Siti Rahma", "organization": None},
        "industries": ["food-beverage"],
        "language": "id",
        "summary": "Dari dapur rumah ke tiga puluh pelanggan tetap.",
        "body": "Siti mulai memasak untuk tetangga.\n\nSekarang ia punya dapur\nsendiri.",
    }
    data.update(changes)
    return data
