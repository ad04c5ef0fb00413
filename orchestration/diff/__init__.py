"""`leadscore diff`: two versions of the sheets scored side by side (compare.py), the figures
of the difference (figures.py) and how people read them (rendering.py)."""
