"""Pages from templates: the renderer, Markdown, the overview's geometry, structured data."""
