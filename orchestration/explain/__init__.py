"""`leadscore explain`: why a lead (lead.py) or an account (account.py) scores what it does,
from the published marts, and where its score goes next (projection.py)."""
