"""Writing what users hand in: case files (YAML/JSON), score JSON, xlsx tables."""
