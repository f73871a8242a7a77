"""The data files a site publishes beside its pages: TimelineJS JSON, iCalendar, CSV, search.

`registry.py` lists them (`EXPORTS`); `formats.py` and `search.py` make each one's parts."""
