"""The member's own account: which optional e-mails they get."""

from collections.abc import Iterable

from stories.notifications import EmailTopic

from ..models import User


def email_topics_choose(*, member: User, wanted: Iterable[str]) -> None:
    """Keep ``wanted`` topics coming; switch every other optional e-mail off."""
    wanted = set(wanted)
    member.muted_email_topics = [topic for topic in EmailTopic.values if topic not in wanted]
    member.save(update_fields=["muted_email_topics"])


def email_topic_unsubscribe(*, member: User, topic: EmailTopic) -> None:
    """Switch one topic off (the one-click link in an e-mail); nothing changes if it already is."""
    muted = list(member.muted_email_topics or [])
    if topic not in muted:
        member.muted_email_topics = [*muted, topic.value]
        member.save(update_fields=["muted_email_topics"])
