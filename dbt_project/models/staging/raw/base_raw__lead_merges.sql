{{ config(materialized='table') }}

-- Every raw CRM merge (optional table: none when raw has no lead_merges) with the reason it is
-- rejected (null when accepted) and what is behind it (rejection_detail): a missing or repeated
-- key, a merged or surviving lead that is not an accepted lead (unknown_lead), or a merge that
-- would close a cycle (merge_cycle: every merge of the cycle; a merge that leads into a cycle from
-- outside it is kept). A table: the cycle search is a few dozen joins, read by every model of
-- merges.
{%- set merges = source('raw', 'lead_merges') %}
with

{% if relation_exists(merges) %}
    source as (

        select * from {{ merges }}

    ),

    renamed as (

        select
            cast(merged_lead_id as {{ dbt.type_string() }}) as merged_lead_id,
            cast(surviving_lead_id as {{ dbt.type_string() }}) as surviving_lead_id,
            {{ utc_timestamp(merges, 'merged_at') }} as merged_at

        from source

    ),
{% else %}
    renamed as (

        select
            cast(null as {{ dbt.type_string() }}) as merged_lead_id,
            cast(null as {{ dbt.type_string() }}) as surviving_lead_id,
            cast(null as {{ dbt.type_timestamp() }}) as merged_at
        where 1 = 0

    ),
{% endif %}

accepted_leads as (

    select lead_id from {{ ref('stg_raw__leads') }}

),

ranked as (

    select
        *,
        {{ key_rank('merged_lead_id', 'merged_at nulls last, surviving_lead_id nulls last') }}
            as key_rank

    from renamed

),

checked as (

    select
        ranked.merged_lead_id,
        ranked.surviving_lead_id,
        ranked.merged_at,
        case
            {{ key_rejection_reason('ranked.merged_lead_id', 'ranked.key_rank') }}
            when merged_leads.lead_id is null or surviving_leads.lead_id is null
                then 'unknown_lead'
        end as rejection_reason,
        merged_leads.lead_id is not null as is_merged_lead_known

    from ranked
    left join accepted_leads as merged_leads
        on ranked.merged_lead_id = merged_leads.lead_id
    left join accepted_leads as surviving_leads
        on ranked.surviving_lead_id = surviving_leads.lead_id

),

edges as (

    select
        merged_lead_id as lead_id,
        surviving_lead_id as target_id

    from checked
    where rejection_reason is null

),

{{ merge_chain_ctes('edges', 'chain') }}

-- the merged leads whose walk comes back to them
cycle_leads as (

    select lead_id
    from {{ merge_chain_last('chain') }}
    where is_on_cycle

),

final as (

    select
        checked.merged_lead_id,
        checked.surviving_lead_id,
        checked.merged_at,
        case
            when checked.rejection_reason is not null then checked.rejection_reason
            when cycle_leads.lead_id is not null then 'merge_cycle'
        end as rejection_reason,
        -- the unknown lead; the survivor of a merge that would close a cycle
        case
            when checked.rejection_reason = 'unknown_lead' and checked.is_merged_lead_known
                then checked.surviving_lead_id
            when checked.rejection_reason = 'unknown_lead' then checked.merged_lead_id
            when checked.rejection_reason is null and cycle_leads.lead_id is not null
                then checked.surviving_lead_id
        end as rejection_detail

    from checked
    left join cycle_leads
        on checked.merged_lead_id = cycle_leads.lead_id

)

select * from final
