-- Every raw opportunity with the reason it is rejected (null when accepted) and, for a
-- bad_value, which value (rejection_detail).
{%- set opportunities = source('raw', 'opportunities') %}
with

source as (

    select * from {{ opportunities }}

),

renamed as (

    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ raw_value(opportunities, 'created_at', 'timestamp') }} as created_at,
        {{ raw_value(opportunities, 'is_won', 'boolean') }} as is_won,
        {{ raw_value(opportunities, 'amount', 'amount') }} as amount,
        {{ raw_bad_value(opportunities, [
            ('created_at', 'timestamp'), ('is_won', 'boolean'), ('amount', 'amount')]) }}
            as bad_value

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
        end as rejection_reason,
        {{ bad_value_detail('opportunity_id') }} as rejection_detail

    from ranked

)

select * from final
