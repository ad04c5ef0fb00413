-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(schema='evaluation', grants={'select': []}, contract={'enforced': false}) }}

-- A lead's conversion: the day its first opportunity opened, among those opened by the score
-- date D (opportunities without a lead or a date cannot convert a lead).
with

opportunities as (

    select * from {{ ref('stg_raw__opportunities') }}
    where
        lead_id is not null
        and created_at is not null
        and cast(created_at as date) <= {{ score_date() }}

),

final as (

    select
        lead_id,
        min(cast(created_at as date)) as first_opportunity_on

    from opportunities
    group by lead_id

)

select * from final
