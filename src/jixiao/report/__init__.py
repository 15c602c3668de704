"""Reports: a format-neutral document built from results, rendered to Word (and PDF)."""
