import datetime as dt
import zlib
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState

from community.models import Organization, OrganizationMembership, OrganizationRole
from community.services import (
    ClaimDraft,
    ImageDraft,
    StoryDraft,
    story_save_draft,
    story_submit,
)
from community.services.regulator import import_regulator_list
from community.services.request_links import request_link_create
from community.uploads import check_image
from reach.models import StoryCollection, StoryCollectionItem
from search.signal_handlers import enqueue_index_update
from stories.appeals import appeal_rejection
from stories.body import SECTION_BLOCK_ID
from stories.checklist import CHECKS
from stories.choices import CheckResult, Language
from stories.importing import importer_account
from stories.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    Industry,
    ReviewDecision,
    StoryIndexPage,
    StoryPage,
    StoryReview,
    TransparencyClaim,
)
from stories.replies import decide_reply, submit_reply
from stories.reports import report_story
from stories.site_tree import ensure_site_tree, free_child_slug

from . import content
from .accounts import ADMINISTRATOR, DEMO_ACCOUNTS, MODERATOR, DemoAccount, ensure_accounts
from .images import FIGURE_SIZE, ensure_image, render_banner, set_focal_point
from .records import DemoGuide, DemoStory, DemoSubmission, Figure

IMPORT_SOURCE = "demo"
REGULATOR_LIST_SOURCE = "SWI (demo sample)"
PUBLISH_TIME = dt.time(9, 30)
REVIEW_TIME = dt.time(15, 0)
DEMO_STORIES: tuple[DemoStory, ...] = content.stories()
DEMO_GUIDES: tuple[DemoGuide, ...] = content.guides()
DEMO_SUBMISSIONS: tuple[DemoSubmission, ...] = content.submissions()


class DemoContentError(Exception):
    """The database does not hold what the demo content needs (e.g. a curated industry)."""


@dataclass
class DemoResult:
    stories: int
    stories_created: int
    in_review: int
    guides: int
    guides_created: int
    images_created: int
    organizations_created: int
    industries: int
    accounts: tuple[DemoAccount, ...] = DEMO_ACCOUNTS


def load_demo() -> DemoResult:
    """Build the demo site. Safe to run again: what exists is kept, only what is missing is added.

    No e-mail leaves while it runs: the demo's addresses (``@terang.example``) reach nobody, and
    the notifications its submission triggers would only bury the command's output.
    """
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _load_demo()


@transaction.atomic
def _load_demo() -> DemoResult:
    home_page = ensure_site_tree()
    users = ensure_accounts()
    moderator = next(users[a.username] for a in DEMO_ACCOUNTS if a.role == MODERATOR)
    administrator = next(users[a.username] for a in DEMO_ACCOUNTS if a.role == ADMINISTRATOR)
    story_index = StoryIndexPage.objects.get()
    guide_index = GuideIndexPage.objects.get()
    counts = {"images": 0}

    _fill_home_page(home_page, guide_index, publisher=administrator)
    organizations, organizations_created = _ensure_organizations()
    # After the organisations: the import checks every one of them against the list.
    import_regulator_list(content.regulator_list_sample(), source=REGULATOR_LIST_SOURCE)
    industries = _industries_by_slug()

    new_stories = [
        (story, page)
        for story in DEMO_STORIES
        if (
            page := _create_story(
                story,
                index=story_index,
                industries=industries,
                organizations=organizations,
                owner=users.get(story.owner),
                counts=counts,
            )
        )
    ]
    # Before any review, so each version's first reviewed revision already names the other.
    _link_translations(new_stories)
    for story, page in new_stories:
        _review_story(
            story, page, author=users.get(story.owner), reviewers=(moderator, administrator)
        )
    stories_created = len(new_stories)
    _link_existing_translations(
        [story for story in DEMO_STORIES if story.key not in {s.key for s, _page in new_stories}],
        users=users,
        reviewers=(moderator, administrator),
    )

    guides_created = _ensure_guides(guide_index, publisher=moderator)
    _ensure_reports()
    _ensure_replies(users, moderator=moderator)
    _ensure_request_links(users, organizations)
    _ensure_collections(moderator=moderator)
    for submission in DEMO_SUBMISSIONS:
        stories_created += _ensure_submission(
            submission,
            industries=industries,
            member=users[submission.owner],
            moderator=moderator,
            counts=counts,
        )

    demo_stories = StoryPage.objects.filter(import_source=IMPORT_SOURCE).live()
    return DemoResult(
        stories=demo_stories.count(),
        stories_created=stories_created,
        in_review=sum(
            draft.workflow_in_progress
            for draft in StoryPage.objects.filter(import_source=IMPORT_SOURCE, live=False)
        ),
        guides=GuidePage.objects.filter(slug__in=[g.slug for g in DEMO_GUIDES]).count(),
        guides_created=guides_created,
        images_created=counts["images"],
        organizations_created=organizations_created,
        industries=Industry.objects.filter(story_items__content_object__in=demo_stories)
        .distinct()
        .count(),
    )


def _ensure_reports() -> None:
    """The readers' reports of the demo, sent once: a story that has any report keeps them."""
    by_story: dict[str, list[dict]] = {}
    for report in content.reports():
        by_story.setdefault(report["story"], []).append(report)
    for key, reports in by_story.items():
        story = (
            StoryPage.objects.live().filter(import_source=IMPORT_SOURCE, external_id=key).first()
        )
        if story is None or story.reports.exists():
            continue
        for report in reports:
            report_story(
                story=story,
                reason=report["reason"],
                details=report.get("details", "").strip(),
                language=report.get("language", Language.INDONESIAN),
            )


def _fill_home_page(home_page: HomePage, guide_index: GuideIndexPage, *, publisher) -> None:
    # The demo writes the home page's copy once; later edits in the admin are kept.
    if home_page.mission:
        return
    words = content.home()
    home_page.intro = words["intro"]
    home_page.mission = words["mission"].format(learn_page_id=guide_index.pk)
    home_page.save_revision(user=publisher).publish(user=publisher)


def _ensure_organizations() -> tuple[dict[str, Organization], int]:
    organizations, created_count = {}, 0
    for demo in content.organizations():
        verified_at = (
            timezone.make_aware(dt.datetime.combine(demo.verified_on, PUBLISH_TIME))
            if demo.verified_on
            else None
        )
        organization, created = Organization.objects.get_or_create(
            name=demo.name,
            defaults={
                "description": demo.description,
                "business_licence_number": demo.business_licence_number,
                "association_membership": demo.association_membership,
                "regulator_list_note": demo.regulator_list_note,
                "verified": verified_at is not None,
                "verified_at": verified_at,
            },
        )
        organizations[demo.name] = organization
        created_count += created
    return organizations, created_count


def _industries_by_slug() -> dict[str, Industry]:
    wanted = {slug for story in (*DEMO_STORIES, *DEMO_SUBMISSIONS) for slug in story.industries}
    industries = {i.slug: i for i in Industry.objects.filter(slug__in=wanted)}
    missing = sorted(wanted - industries.keys())
    if missing:
        raise DemoContentError(
            _("These curated industries are missing: %(slugs)s. Run the migrations first.")
            % {"slugs": ", ".join(missing)}
        )
    return industries


def _publish_at(day: dt.date, time: dt.time = PUBLISH_TIME) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _industry_label(industry: Industry, language: str) -> str:
    return industry.name_id if language == Language.INDONESIAN else industry.name


def _create_story(
    story: DemoStory, *, index, industries, organizations, owner, counts
) -> StoryPage | None:
    """The page of a demo story not yet in the site, as a draft; None when it is there."""
    if StoryPage.objects.filter(import_source=IMPORT_SOURCE, external_id=story.key).exists():
        return None
    main_industry = industries[story.industries[0]]
    hero, created = ensure_image(
        title=f"Terang demo: {story.key}",
        alt_text=f"{_industry_label(main_industry, story.language)}: {story.subject_name}",
        filename=f"demo-{story.key}.png",
        seed=story.key,
        industry=main_industry.slug,
    )
    counts["images"] += created
    page = StoryPage(
        title=story.title,
        slug=free_child_slug(index, story.key, max_length=200),
        subject_kind=story.subject_kind,
        subject_name=story.subject_name,
        organization=organizations.get(story.organization),
        language=story.language,
        summary=story.summary,
        hero_image=hero,
        product_or_service=story.product_or_service,
        product_description=story.product_description,
        body=_stream(story, main_industry, counts),
        material_connection=story.material_connection,
        import_source=IMPORT_SOURCE,
        external_id=story.key,
        owner=owner,
        live=False,
    )
    page.industries.set([industries[slug] for slug in story.industries])
    page.claims = [
        TransparencyClaim(kind=claim.kind, statement=claim.statement, evidence_note=claim.evidence)
        for claim in story.claims
    ]
    index.add_child(instance=page)
    return page


def _link_translations(new_stories: list[tuple[DemoStory, StoryPage]]) -> None:
    """Each new story names its other-language version (stories.languages), where it exists."""
    for story, page in new_stories:
        if not story.translation:
            continue
        other = StoryPage.objects.filter(
            import_source=IMPORT_SOURCE, external_id=story.translation
        ).first()
        if other is not None:
            page.translation = other
            page.save(update_fields=["translation"])


def _link_existing_translations(stories: list[DemoStory], *, users, reviewers) -> None:
    """A story loaded before the demo linked its other-language version gains the link now,
    through a version reviewed like any other (a story goes live only through review). A story
    with an unpublished edit or a review in progress is left as it is: that edit is the member's."""
    for story in stories:
        if not story.translation:
            continue
        found = {
            page.external_id: page
            for page in StoryPage.objects.filter(
                import_source=IMPORT_SOURCE, external_id__in=(story.key, story.translation)
            )
        }
        page, other = found.get(story.key), found.get(story.translation)
        if page is None or other is None or page.translation_id == other.pk:
            continue
        if not page.live or page.has_unpublished_changes or page.workflow_in_progress:
            continue
        author = users.get(story.owner) or importer_account()
        latest = page.get_latest_revision_as_object()
        latest.translation = other
        latest.save_revision(user=author)
        page = StoryPage.objects.get(pk=page.pk)
        page.get_workflow().start(page, author)
        transparency_by, editorial_by = reviewers
        _take_step(
            page, transparency_by, checks=_review_checks(story), public_note=story.report_note
        )
        _take_step(page, editorial_by)


def _review_story(story: DemoStory, page: StoryPage, *, author, reviewers) -> None:
    """Submit a demo story and take it through both review steps, as two moderators would."""
    author = author or importer_account()
    published_at = _publish_at(story.published)
    revision = page.save_revision(user=author)
    page.get_workflow().start(page, author)
    transparency_by, editorial_by = reviewers
    if story.sent_back:
        _take_step(
            page,
            transparency_by,
            action="reject",
            reason=story.sent_back,
            comment=story.sent_back_comment,
        )
        revision = page.save_revision(user=author)
        WorkflowState.objects.for_instance(page).get().resume(user=author)
    _take_step(page, transparency_by, checks=_review_checks(story), public_note=story.report_note)
    _take_step(page, editorial_by)
    _date_story(page, revision, published=published_at, reviewed=story.reviewed)


def _take_step(page: StoryPage, user, action: str = "approve", **data) -> None:
    """Take the current review step's action through its task, as the admin's action does."""
    data.setdefault("comment", "")
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action, **data)


def _date_story(page: StoryPage, revision: Revision, *, published, reviewed: dt.date) -> None:
    """Date a demo story as if it was submitted, reviewed and published months ago."""
    reviewed_at = _publish_at(reviewed, REVIEW_TIME)
    StoryPage.objects.filter(pk=page.pk).update(
        first_published_at=published,
        last_published_at=published,
        latest_revision_created_at=published,
        reviewed_at=reviewed,
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=published)
    ReviewDecision.objects.filter(story=page).update(created_at=reviewed_at)
    StoryReview.objects.filter(story=page).update(reviewed_at=reviewed, created_at=reviewed_at)
    _date_history(page, reviewed_at=reviewed_at, published=published)
    # The search document carries the dates: write it again with the ones just set.
    enqueue_index_update([page.pk])


# The audit log of a demo story, as "How we moderate" reads it: submitted a day or a few before the
# review (the gap differs per story, so the page shows a spread of decision times), a version sent
# back and resubmitted in between, the review's decisions on the review day, published after.
_SENT_BACK = "terang.review.changes_requested"
_RESUMED = "wagtail.workflow.resume"
_DECIDED_ON_REVIEW_DAY = ("terang.review.approved", "terang.review.completed")


def _date_history(page: StoryPage, *, reviewed_at: dt.datetime, published: dt.datetime) -> None:
    gap = dt.timedelta(hours=8 + zlib.crc32(page.external_id.encode()) % 110)
    submitted_at = reviewed_at - gap
    entries = PageLogEntry.objects.filter(page=page).order_by("pk")
    review_started = False
    for entry in entries:
        if entry.action == _SENT_BACK:
            moment = submitted_at + gap / 3
        elif entry.action == _RESUMED:
            moment = submitted_at + gap * 2 / 3
        elif entry.action in _DECIDED_ON_REVIEW_DAY:
            moment, review_started = reviewed_at, True
        elif review_started:
            moment = max(published, reviewed_at)
        else:
            moment = submitted_at
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)


def _review_checks(story: DemoStory) -> dict[str, str]:
    unknown = set(story.not_seen) - {check.code for check in CHECKS if check.evidence_based}
    if unknown:
        raise DemoContentError(
            _("Story %(key)s: only evidence-based checks can be unseen, not %(codes)s.")
            % {"key": story.key, "codes": ", ".join(sorted(unknown))}
        )
    return {
        check.code: CheckResult.NOT_SEEN if check.code in story.not_seen else CheckResult.PASSED
        for check in CHECKS
    }


def _stream(story: DemoStory, industry: Industry, counts) -> list[dict]:
    blocks = []
    for block_type, value, section in story.body:
        block = {"type": block_type, "value": value}
        if block_type == "heading":
            block["id"] = SECTION_BLOCK_ID.format(key=section)
        elif isinstance(value, Figure):
            block["value"] = {
                "image": _figure_image(story, industry, value, counts).pk,
                "caption": value.caption,
            }
        blocks.append(block)
    return blocks


def _figure_image(story: DemoStory, industry: Industry, figure: Figure, counts):
    image, created = ensure_image(
        title=f"Terang demo: {story.key} ({figure.motif})",
        alt_text=figure.caption,
        filename=f"demo-{story.key}-{figure.motif}.png",
        seed=f"{story.key}/{figure.motif}",
        industry=industry.slug,
        size=FIGURE_SIZE,
        motif=figure.motif,
    )
    counts["images"] += created
    return image


def _ensure_replies(users, *, moderator) -> None:
    """Each organisation's reply, written by a demo account that acts for it and approved by the
    demo moderator through the replies' own services, once."""
    for entry in content.replies():
        story = StoryPage.objects.filter(import_source=IMPORT_SOURCE, external_id=entry["story"])
        story = story.select_related("organization").first()
        if story is None or story.organization is None or hasattr(story, "organization_reply"):
            continue
        OrganizationMembership.objects.get_or_create(
            user=users[entry["representative"]],
            organization=story.organization,
            defaults={"role": OrganizationRole.REPRESENTATIVE},
        )
        reply = submit_reply(
            story=story, author=users[entry["representative"]], text=entry["text"].strip()
        )
        decide_reply(reply=reply, moderator=moderator, approve=True)


def _ensure_request_links(users, organizations) -> None:
    """Each organisation's request links, made by a demo account that acts for it, once."""
    for entry in content.request_links():
        organization = organizations[entry["organization"]]
        if organization.request_links.exists():
            continue
        member = users[entry["representative"]]
        OrganizationMembership.objects.get_or_create(
            user=member,
            organization=organization,
            defaults={"role": OrganizationRole.REPRESENTATIVE},
        )
        request_link_create(
            member=member,
            organization=organization,
            message=entry["message"].strip(),
            industry=Industry.objects.filter(slug=entry.get("industry", "")).first(),
            max_uses=entry.get("max_uses", 10),
        )


def _ensure_collections(*, moderator) -> None:
    """The demo's story collections, made by the demo moderator once (kept as they are after)."""
    for entry in content.collections():
        if StoryCollection.objects.filter(slug=entry["slug"]).exists():
            continue
        organization = Organization.objects.filter(name=entry.get("organization", "")).first()
        collection = StoryCollection(
            slug=entry["slug"],
            title=entry["title"],
            description=entry.get("description", ""),
            organization=organization,
            created_by=moderator,
        )
        by_key = {
            story.external_id: story
            for story in StoryPage.objects.filter(
                import_source=IMPORT_SOURCE, external_id__in=entry["stories"]
            ).defer_streamfields()
        }
        for key in entry["stories"]:
            if key in by_key:
                collection.items.add(StoryCollectionItem(story=by_key[key]))
        collection.full_clean()
        collection.save()


def _ensure_submission(
    submission: DemoSubmission, *, industries, member, moderator, counts
) -> bool:
    """Save and submit the member's draft through the member's own services; backdate it, or
    have the demo moderator reject it and the member appeal, as its file says."""
    if StoryPage.objects.filter(import_source=IMPORT_SOURCE, external_id=submission.key).exists():
        return False
    main_industry = industries[submission.industries[0]]
    hero_png = render_banner(seed=submission.key, industry=main_industry.slug)
    draft = StoryDraft(
        title=submission.title,
        subject_kind=submission.subject_kind,
        subject_name=submission.subject_name,
        language=submission.language,
        summary=submission.summary,
        industries=tuple(industries[slug] for slug in submission.industries),
        sections=submission.sections,
        product_or_service=submission.product_or_service,
        product_description=submission.product_description,
        material_connection=submission.material_connection,
        agree_to_publish=True,
        claims=tuple(
            ClaimDraft(kind=c.kind, statement=c.statement, evidence_note=c.evidence)
            for c in submission.claims
        ),
        hero=ImageDraft(
            alt_text=submission.hero_label,
            upload=check_image(SimpleUploadedFile(f"{submission.key}.png", hero_png)),
        ),
    )
    page = story_save_draft(member=member, story=None, data=draft)
    hero = page.hero_image
    set_focal_point(hero, seed=submission.key)
    hero.save(
        update_fields=[
            "focal_point_x",
            "focal_point_y",
            "focal_point_width",
            "focal_point_height",
        ]
    )
    counts["images"] += 1
    # Key the draft like the other demo stories, in the row and in the revision a moderator will
    # publish, so that approving it keeps the key and a later run does not add it again.
    key = {"import_source": IMPORT_SOURCE, "external_id": submission.key}
    StoryPage.objects.filter(pk=page.pk).update(**key)
    revision = page.latest_revision
    revision.content.update(key)
    revision.save(update_fields=["content"])
    story_submit(member=member, story=page)
    if submission.submitted_days_ago:
        _backdate_submission(page, days=submission.submitted_days_ago)
    if submission.rejection:
        rejection = submission.rejection
        _take_step(
            page, moderator, "decline", reason=rejection["reason"], comment=rejection["comment"]
        )
        appeal_rejection(story=page, member=member, statement=rejection["appeal"].strip())
    return True


def _backdate_submission(page: StoryPage, *, days: int) -> None:
    submitted = timezone.now() - dt.timedelta(days=days)
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    WorkflowState.objects.filter(pk=state.pk).update(created_at=submitted)
    TaskState.objects.filter(workflow_state=state).update(started_at=submitted)


def _ensure_guides(guide_index: GuideIndexPage, *, publisher) -> int:
    pages, created = {}, set()
    for guide in DEMO_GUIDES:
        page = GuidePage.objects.child_of(guide_index).filter(slug=guide.slug).first()
        if page is None:
            page = GuidePage(
                title=guide.title,
                slug=guide.slug,
                language=guide.language,
                summary=guide.summary,
                body=[{"type": block.type, "value": block.value} for block in guide.body],
                live=False,
                first_published_at=_publish_at(guide.published),
            )
            guide_index.add_child(instance=page)
            created.add(guide.slug)
        pages[guide.slug] = page

    for guide in DEMO_GUIDES:
        page = pages[guide.slug]
        needs_translation = page.translation_id is None
        if needs_translation:
            page.translation = pages[guide.translation]
        if guide.slug in created:
            at = _publish_at(guide.published)
            _publish(page, at=at, author=publisher, publisher=publisher)
        elif needs_translation:
            # An existing guide only gains the missing link, on top of any unpublished changes;
            # a draft stays a draft.
            publish = page.live and not page.has_unpublished_changes
            latest = page.get_latest_revision_as_object()
            latest.translation = pages[guide.translation]
            revision = latest.save_revision(user=publisher)
            if publish:
                revision.publish(user=publisher)
    return len(created)


def _publish(page: Page, *, at: dt.datetime, author, publisher) -> Revision:
    """Publish through a revision, then date the page, the revision and the log as of ``at``."""
    revision = page.save_revision(user=author)
    revision.publish(user=publisher)
    Page.objects.filter(pk=page.pk).update(
        first_published_at=at, last_published_at=at, latest_revision_created_at=at
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=at)
    PageLogEntry.objects.filter(page=page).update(timestamp=at)
    return revision
