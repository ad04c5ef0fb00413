-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- One row per accepted raw lead: the lead it is scored as (person_id: its last survivor, itself
-- when not merged) and why it was merged (crm_merge, same_email, or null). A merged lead has
-- no score of its own; its activities count for its person (contract §5, identity).
with

identities as (

    select * from {{ ref('int_lead_identities_on_date') }}
    where score_date = {{ score_date() }}

),

final as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(merge_reason as {{ dbt.type_string() }}) as merge_reason

    from identities

)

select * from final
where {{ is_latest_score_date() }}
