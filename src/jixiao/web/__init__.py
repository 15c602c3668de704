"""The web app: the JSON API (and, next, the pages) over the service layer."""
