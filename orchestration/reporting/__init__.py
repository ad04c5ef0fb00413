"""The HTML report (`leadscore report`, the asset scoring_report): one file, charts inline; a
module per section, the page put together by report.py."""
