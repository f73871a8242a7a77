"""The preview: a server that rebuilds and reloads the browser on every edit."""
