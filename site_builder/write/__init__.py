"""Writing a built site into its output folder, all or nothing."""
