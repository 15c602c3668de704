"""Built-in indicator frameworks, as YAML data (see docs/frameworks.md)."""
