"""The predictive score beside the rules (contract §9): the model fitted on point-in-time
features."""
