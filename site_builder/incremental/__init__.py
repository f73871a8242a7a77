"""What exists only to make rebuilds fast: the persistent cache, per-event memos, every core."""
