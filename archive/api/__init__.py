"""The public, read-only JSON API: every published record, filterable, as JSON or CSV."""
