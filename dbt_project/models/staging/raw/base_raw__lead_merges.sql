-- Every raw CRM merge (optional table: none when raw has no lead_merges) with the reason its row
-- is rejected (null when it passes) and what is behind it (rejection_detail): a missing or
-- repeated key, a bad value, or a merged or surviving lead that is not an accepted lead
-- (unknown_lead). The merges that pass are walked by base_raw__lead_merge_chains, and those
-- that would close a cycle are rejected by stg_raw__lead_merges (merge_cycle).
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
            {{ raw_value(merges, 'merged_at', 'timestamp') }} as merged_at,
            {{ raw_bad_value(merges, [('merged_at', 'timestamp')]) }} as bad_value

        from source

    ),
{% else %}
    renamed as (

        select
            cast(null as {{ dbt.type_string() }}) as merged_lead_id,
            cast(null as {{ dbt.type_string() }}) as surviving_lead_id,
            cast(null as {{ dbt.type_timestamp() }}) as merged_at,
            cast(null as {{ dbt.type_string() }}) as bad_value
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

final as (

    select
        ranked.merged_lead_id,
        ranked.surviving_lead_id,
        ranked.merged_at,
        case
            {{ key_rejection_reason(
                'ranked.merged_lead_id', 'ranked.key_rank', 'ranked.bad_value') }}
            when merged_leads.lead_id is null or surviving_leads.lead_id is null
                then 'unknown_lead'
        end as rejection_reason,
        -- the bad value; the unknown lead
        case
            when {{ is_blank('ranked.merged_lead_id') }} or ranked.key_rank > 1 then null
            when ranked.bad_value is not null then ranked.bad_value
            when merged_leads.lead_id is not null and surviving_leads.lead_id is null
                then ranked.surviving_lead_id
            when merged_leads.lead_id is null then ranked.merged_lead_id
        end as rejection_detail

    from ranked
    left join accepted_leads as merged_leads
        on ranked.merged_lead_id = merged_leads.lead_id
    left join accepted_leads as surviving_leads
        on ranked.surviving_lead_id = surviving_leads.lead_id

)

select * from final
