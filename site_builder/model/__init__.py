"""The timeline as data: events in order, periods, pages of lists, addresses, dates, slugs."""
