-- Every raw lead with the reason it is rejected (null when accepted).
with

source as (

    select * from {{ source('raw', 'leads') }}

),

renamed as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(email as {{ dbt.type_string() }}) as email,
        cast(job_title as {{ dbt.type_string() }}) as job_title,
        cast(country as {{ dbt.type_string() }}) as country,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        {{ utc_timestamp(source('raw', 'leads'), 'created_at') }} as created_at

    from source

),

ranked as (

    select
        *,
        {{ key_rank(
            'lead_id',
            'created_at nulls last, email nulls last, job_title nulls last'
        ) }} as key_rank

    from renamed

),

final as (

    select
        lead_id,
        email,
        job_title,
        country,
        account_id,
        lead_source,
        created_at,
        case
            {{ key_rejection_reason('lead_id', 'key_rank') }}
        end as rejection_reason

    from ranked

)

select * from final
