"""What writes the raw tables: the demo world generator (demo/) and the landing-file importer."""
