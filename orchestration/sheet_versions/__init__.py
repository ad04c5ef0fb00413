"""Another version of the scoring sheets (a git revision, a folder: seeds.py) scored beside
the live marts in scratch schemas (scratch.py): what `leadscore diff` compares and `leadscore
explain --as-of` reads."""
