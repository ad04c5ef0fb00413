-- Every raw lead with the reason it is rejected (null when accepted) and, for a bad_value,
-- which value (rejection_detail).
{%- set leads = source('raw', 'leads') %}
with

source as (

    select * from {{ leads }}

),

renamed as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(email as {{ dbt.type_string() }}) as email,
        cast(job_title as {{ dbt.type_string() }}) as job_title,
        cast(country as {{ dbt.type_string() }}) as country,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        {{ raw_value(leads, 'created_at', 'timestamp') }} as created_at,
        {{ raw_bad_value(leads, [('created_at', 'timestamp')]) }} as bad_value

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
        end as rejection_reason,
        {{ bad_value_detail('lead_id') }} as rejection_detail

    from ranked

)

select * from final
