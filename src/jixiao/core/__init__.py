"""The domain model: immutable values with Decimal numbers. Imports nothing from I/O."""
