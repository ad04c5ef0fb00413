"""Who answers for the assets that are not dbt models (those take meta.owner in
dbt_project.yml): the loaders and deliveries, and the evaluation."""

DATA_PLATFORM = ["team:data-platform"]
ANALYTICS_ENGINEERING = ["team:analytics-engineering"]
