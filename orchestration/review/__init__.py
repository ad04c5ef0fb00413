"""Scoring sheets reviewed like code: `leadscore explain` and `leadscore diff`."""
