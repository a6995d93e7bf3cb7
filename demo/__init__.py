"""Demo content for a local Terang: accounts, organisations, stories, guides and images.

The prose is data (content/), read by content.py; loader.py drives the real services and the
review workflow with it (``manage.py load_demo``).
"""
