-- Every raw activity with the reason it is rejected (null when accepted). Reasons are checked
-- in the order of the spec: key, duplicate, timestamp, lead, activity type.
with

source as (

    select * from {{ source('raw', 'activities') }}

),

accepted_leads as (

    select lead_id from {{ ref('stg_raw__leads') }}

),

activity_types as (

    select activity_type from {{ ref('stg_seeds__activity_types') }}

),

renamed as (

    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(url as {{ dbt.type_string() }}) as url,
        cast(campaign as {{ dbt.type_string() }}) as campaign

    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by activity_id
            order by
                occurred_at nulls last, lead_id nulls last, activity_type nulls last,
                url nulls last
        ) as key_rank

    from renamed

),

final as (

    select
        ranked.activity_id,
        ranked.lead_id,
        ranked.activity_type,
        ranked.occurred_at,
        ranked.url,
        ranked.campaign,
        case
            when ranked.activity_id is null or trim(ranked.activity_id) = '' then 'missing_key'
            when ranked.key_rank > 1 then 'duplicate_key'
            when ranked.occurred_at is null then 'missing_timestamp'
            when accepted_leads.lead_id is null then 'unknown_lead'
            when activity_types.activity_type is null then 'unknown_activity_type'
        end as rejection_reason

    from ranked
    left join accepted_leads
        on ranked.lead_id = accepted_leads.lead_id
    left join activity_types
        on {{ normalize_text('ranked.activity_type') }} = activity_types.activity_type

)

select * from final
