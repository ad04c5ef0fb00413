-- One row per day, the time spine MetricFlow joins time-based metrics to (metric_time).
-- From 2015 to the end of 2040: a score date outside it cannot be queried by day.
with

days as (

    {{ dbt.date_spine('day', "cast('2015-01-01' as date)", "cast('2041-01-01' as date)") }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
