"""The data files a site publishes beside its pages: TimelineJS JSON, iCalendar, CSV, search."""
