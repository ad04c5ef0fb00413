{#- For int_predictive_features, which names its CTEs matchers, identities and persons: each
    scored person's daily aggregates of the matchers of `kinds` on the days up to each run
    date, its merged leads' included, with how many days before the date they were -#}
{% macro person_days(kinds) -%}
    from (
        select
            identities.score_date,
            identities.person_id as lead_id,
            matchers.matcher_kind,
            matchers.matched,
            {{ dbt.datediff('daily.activity_date', 'identities.score_date', 'day') }}
                as days_before,
            daily.matches

        from {{ ref('int_activities_matched_daily') }} as daily
        inner join matchers
            on daily.matcher_id = matchers.matcher_id
        inner join identities
            on daily.lead_id = identities.lead_id
        inner join persons
            on
                identities.score_date = persons.score_date
                and identities.person_id = persons.lead_id
        where
            matchers.matcher_kind in ('{{ kinds | join("', '") }}')
            and daily.activity_date <= {{ score_date() }}
            and daily.activity_date <= identities.score_date
    ) as person_days
{%- endmacro %}
