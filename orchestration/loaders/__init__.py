"""Loaders that write the raw schema."""
