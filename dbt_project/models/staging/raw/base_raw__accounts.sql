-- Every raw account with the reason it is rejected (null when accepted).
with

source as (

    select * from {{ source('raw', 'accounts') }}

),

renamed as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(domain as {{ dbt.type_string() }}) as domain,
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(employee_count as integer) as employee_count,
        cast(annual_revenue as decimal(20, 2)) as annual_revenue,
        cast(country as {{ dbt.type_string() }}) as country

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
        end as rejection_reason

    from ranked

)

select * from final
