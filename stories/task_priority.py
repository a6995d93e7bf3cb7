"""Task priorities (django-tasks: -100 to 100; the database worker claims the highest first).

Wagtail queues its own housekeeping (its search index, the reference index) at the default, 0,
on every page save; a busy hour leaves a backlog of it. Terang's tasks that a reader or a member
waits on jump that queue; an operator's bulk job waits behind it.
"""

WAITED_ON = 50  # index updates and their retries, e-mails to members
HOUSEKEEPING = 0  # django-tasks' default: Wagtail's own tasks
BULK = -50  # full reindexes queued by an operator
