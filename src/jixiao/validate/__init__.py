"""Validation: checks that data is usable before anything is scored."""
