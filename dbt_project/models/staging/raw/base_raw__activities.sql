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
        {{ key_rank(
            'activity_id',
            'occurred_at nulls last, lead_id nulls last, activity_type nulls last, url nulls last'
        ) }} as key_rank

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
            {{ key_rejection_reason('ranked.activity_id', 'ranked.key_rank') }}
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
