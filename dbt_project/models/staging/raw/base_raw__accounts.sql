-- Every raw account with the reason it is rejected (null when accepted) and, for a bad_value,
-- which value (rejection_detail).
{%- set accounts = source('raw', 'accounts') %}
with

source as (

    select * from {{ accounts }}

),

renamed as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(domain as {{ dbt.type_string() }}) as domain,
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(industry as {{ dbt.type_string() }}) as industry,
        {{ raw_value(accounts, 'employee_count', 'integer') }} as employee_count,
        {{ raw_value(accounts, 'annual_revenue', 'amount') }} as annual_revenue,
        cast(country as {{ dbt.type_string() }}) as country,
        {{ raw_bad_value(accounts, [
            ('employee_count', 'integer'), ('annual_revenue', 'amount')]) }} as bad_value

    from source

),

ranked as (

    select
        *,
        -- accounts carry no timestamp: keep one row per key deterministically
        {{ key_rank(
            'account_id',
            'domain nulls last, account_name nulls last, industry nulls last'
        ) }} as key_rank

    from renamed

),

final as (

    select
        account_id,
        domain,
        account_name,
        industry,
        employee_count,
        annual_revenue,
        country,
        case
            {{ key_rejection_reason('account_id', 'key_rank') }}
        end as rejection_reason,
        {{ bad_value_detail('account_id') }} as rejection_detail

    from ranked

)

select * from final
