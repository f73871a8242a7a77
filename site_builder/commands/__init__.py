"""The commands besides build and serve: check, deploy, init and new."""
