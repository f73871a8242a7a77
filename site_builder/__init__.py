"""site_builder: a static site generator for chronological timelines."""

__version__ = "0.1.0"
