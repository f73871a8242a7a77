"""Turning news articles into draft events."""
