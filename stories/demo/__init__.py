"""Demo content for a local Terang: accounts, organisations, stories, guides and images."""

from .loader import DemoContentError, DemoResult, load_demo

__all__ = ["DemoContentError", "DemoResult", "load_demo"]
