-- Every raw opportunity with the reason it is rejected (null when accepted).
with

source as (

    select * from {{ source('raw', 'opportunities') }}

),

renamed as (

    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ utc_timestamp(source('raw', 'opportunities'), 'created_at') }} as created_at,
        cast(is_won as boolean) as is_won,
        cast(amount as decimal(20, 2)) as amount

    from source

),

ranked as (

    select
        *,
        {{ key_rank(
            'opportunity_id',
            'created_at nulls last, lead_id nulls last, account_id nulls last'
        ) }} as key_rank

    from renamed

),

final as (

    select
        opportunity_id,
        lead_id,
        account_id,
        created_at,
        is_won,
        amount,
        case
            {{ key_rejection_reason('opportunity_id', 'key_rank') }}
        end as rejection_reason

    from ranked

)

select * from final
