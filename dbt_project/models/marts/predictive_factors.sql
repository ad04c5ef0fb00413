-- A view: a few rows per trained version, read as they are kept.
{{ config(materialized='view') }}

-- Every feature of every trained version of each predictive model (contract §9): its coefficient
-- (the change of the log-odds per standard deviation of the feature), the mean and scale that
-- standardise it, and what it is in plain words. A lead's contribution of a feature is
-- coefficient x (value - mean) / scale; an absent feature has value 0.
{%- set written = source('predictive', 'model_factors') %}
with

{% if relation_exists(written) %}
    factors as (

        select * from {{ written }}

    ),
{% else %}
    factors as (

        select
            cast(null as {{ dbt.type_string() }}) as model_id,
            cast(null as integer) as model_version,
            cast(null as {{ dbt.type_string() }}) as feature,
            cast(null as {{ type_double() }}) as coefficient,
            cast(null as {{ type_double() }}) as mean,
            cast(null as {{ type_double() }}) as scale
        where 1 = 0

    ),
{% endif %}

described as (

    select
        factors.*,
        {{ dbt.split_part('factors.feature', "':'", 1) }} as kind,
        {{ dbt.split_part('factors.feature', "':'", 2) }} as subject,
        {{ dbt.split_part('factors.feature', "':'", 3) }} as days

    from factors

),

final as (

    select
        cast(model_id as {{ dbt.type_string() }}) as model_id,
        cast(model_version as integer) as model_version,
        cast(feature as {{ dbt.type_string() }}) as feature,
        cast(coefficient as {{ type_double() }}) as coefficient,
        cast(mean as {{ type_double() }}) as mean,
        cast(scale as {{ type_double() }}) as scale,
        cast(case kind
            when 'behavior'
                then 'occurrences of behaviour rule ' || subject
                    || ' (decayed and capped as the sheet counts them)'
            when 'profile' then 'profile rule ' || subject || ' matches'
            when 'type'
                then subject || ' activities in the last ' || replace(days, 'd', '') || ' days'
            when 'category'
                then subject || ' pages in the last ' || replace(days, 'd', '') || ' days'
            when 'days_since_last_activity' then 'days since the last activity (up to 365)'
            when 'days_since_created' then 'days since the lead was created (up to 365)'
            when 'free_email' then 'a free e-mail address'
            else replace(kind, '_', ' ') || ' is ' || subject
        end as {{ dbt.type_string() }}) as description

    from described

)

select * from final
