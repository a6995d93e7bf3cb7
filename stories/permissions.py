MODERATORS_GROUP = "Moderators"


def is_moderator(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


def can_view_evidence(user, evidence) -> bool:
    """Private evidence is for the people who review it, and nobody else."""
    return is_moderator(user)
