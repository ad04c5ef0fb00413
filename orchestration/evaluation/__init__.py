"""The evaluation loop: backtests of the sheets against conversions, suggested weights and the
HTML report."""
