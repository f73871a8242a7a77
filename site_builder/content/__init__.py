"""The site's content: event files read, checked and gathered into events."""
