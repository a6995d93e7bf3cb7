"""The demo's organisations, and what their representatives and the moderator made for them:
replies under stories, request links and story collections. Each is made once; what a later run
finds is kept as it is."""

from community.models import Organization, OrganizationMembership, OrganizationRole
from community.services.request_links import request_link_create
from reach.models import StoryCollection, StoryCollectionItem
from stories.models import Industry, StoryPage
from stories.replies import decide_reply, submit_reply

from . import content
from .stories import IMPORT_SOURCE, demo_story, publish_at


def ensure_organizations() -> tuple[dict[str, Organization], int]:
    organizations, created_count = {}, 0
    for demo in content.organizations():
        verified_at = publish_at(demo.verified_on) if demo.verified_on else None
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


def ensure_replies(users, *, moderator) -> None:
    """Each organisation's reply, written by a demo account that acts for it and approved by the
    demo moderator through the replies' own services, once."""
    for entry in content.replies():
        story = demo_story(entry["story"]).select_related("organization").first()
        if story is None or story.organization is None or hasattr(story, "organization_reply"):
            continue
        _make_representative(users[entry["representative"]], story.organization)
        reply = submit_reply(
            story=story, author=users[entry["representative"]], text=entry["text"].strip()
        )
        decide_reply(reply=reply, moderator=moderator, approve=True)


def ensure_request_links(users, organizations) -> None:
    """Each organisation's request links, made by a demo account that acts for it, once."""
    for entry in content.request_links():
        organization = organizations[entry["organization"]]
        if organization.request_links.exists():
            continue
        member = users[entry["representative"]]
        _make_representative(member, organization)
        request_link_create(
            member=member,
            organization=organization,
            message=entry["message"].strip(),
            industry=Industry.objects.filter(slug=entry.get("industry", "")).first(),
            max_uses=entry.get("max_uses", 10),
        )


def ensure_collections(*, moderator) -> None:
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


def _make_representative(user, organization: Organization) -> None:
    OrganizationMembership.objects.get_or_create(
        user=user,
        organization=organization,
        defaults={"role": OrganizationRole.REPRESENTATIVE},
    )
