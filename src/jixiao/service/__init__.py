"""The service layer: every read and write of the store, each checked by `workflow`'s one
authorization decision, each calling the library for what a case means (docs.md)."""
