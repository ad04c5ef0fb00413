"""The predictive score beside the rules (SPEC §9): the model fitted on point-in-time features."""
