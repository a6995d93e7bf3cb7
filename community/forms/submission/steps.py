"""The steps of the form, each with its forms and its part of the story."""

from stories.body import body_parts
from stories.models import CustomImage, EvidenceFile, StoryPage

from ...models import User
from ...services import AboutPart, ClaimsPart, DeclarationsPart, ImagesPart, story_declarations
from .about import AboutForm, about_initial
from .claims import ClaimFormSet
from .declarations import DeclarationsForm, declarations_initial
from .images import BodyImageFormSet, HeroImageForm


class SubmissionStep:
    """One step of the form for a new story (``story`` None) or the latest draft of one.

    A step has a ``key`` (its name in the views' list of steps), ``forms`` (the forms and formsets
    it shows) and ``to_part()``, its part of the story once they are valid.
    """

    key: str
    forms: list

    def __init__(self, *, member: User, story: StoryPage | None = None):
        self.member = member
        self.story = story
        self.draft = story.get_latest_revision_as_object() if story is not None else None
        # What is wrong with the step as a whole (a rate limit, a refusal of the service).
        self.errors: list[str] = []

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]
        return all(results)

    def add_error(self, message: str) -> None:
        self.errors.append(message)

    @property
    def had_files(self) -> bool:
        return any(form.files for form in self.forms)


class AboutStep(SubmissionStep):
    key = "story"

    def __init__(self, *, member, story=None, data=None, files=None):
        super().__init__(member=member, story=story)
        self.form = AboutForm(data, member=member, initial=about_initial(member, self.draft))
        self.forms = [self.form]

    def to_part(self) -> AboutPart:
        return self.form.to_part()


class ClaimsStep(SubmissionStep):
    key = "claims"

    def __init__(self, *, member, story, data=None, files=None):
        super().__init__(member=member, story=story)
        claims = list(self.draft.claims.all())
        keys = {claim.key for claim in claims}
        files_by_key: dict = {}
        evidence = EvidenceFile.objects.filter(story=story, claim_key__in=keys)
        for evidence_file in evidence.order_by("uploaded_at", "pk"):
            files_by_key.setdefault(evidence_file.claim_key, []).append(evidence_file)
        self.claims = ClaimFormSet(
            data,
            files,
            prefix="claims",
            initial=[
                {
                    "key": claim.key,
                    "kind": claim.kind,
                    "statement": claim.statement,
                    "evidence_note": claim.evidence_note,
                }
                for claim in claims
            ],
            allowed_keys=keys,
            form_kwargs={"files_by_key": files_by_key},
        )
        self.forms = [self.claims]

    def to_part(self) -> ClaimsPart:
        return self.claims.to_part()


class ImagesStep(SubmissionStep):
    key = "images"

    def __init__(self, *, member, story, data=None, files=None):
        super().__init__(member=member, story=story)
        hero = self.draft.hero_image
        self.hero = HeroImageForm(
            data,
            files,
            hero=hero,
            initial={"hero_alt_text": hero.alt_text if hero is not None else ""},
        )
        placed = body_parts(self.draft.body).images
        images_by_id = CustomImage.objects.in_bulk([image.image_id for image in placed])
        self.images = BodyImageFormSet(
            data,
            files,
            prefix="images",
            initial=[
                {
                    "image_id": image.image_id,
                    "alt_text": images_by_id[image.image_id].alt_text,
                    "caption": image.caption,
                    "section": image.section,
                }
                for image in placed
                if image.image_id in images_by_id
            ],
            form_kwargs={"images_by_id": images_by_id},
        )
        self.forms = [self.hero, self.images]

    def to_part(self) -> ImagesPart:
        return ImagesPart(hero=self.hero.to_draft(), body_images=self.images.drafts())


class DeclarationsStep(SubmissionStep):
    key = "declarations"

    def __init__(self, *, member, story, data=None, files=None):
        super().__init__(member=member, story=story)
        declarations = story_declarations(story=story)
        self.form = DeclarationsForm(
            data,
            declarations=declarations,
            initial=declarations_initial(self.draft, declarations),
        )
        self.forms = [self.form]

    def to_part(self) -> DeclarationsPart:
        return self.form.to_part()


STEP_FORMS = {step.key: step for step in (AboutStep, ClaimsStep, ImagesStep, DeclarationsStep)}
