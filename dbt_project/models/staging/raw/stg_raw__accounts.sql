-- Accepted accounts, text attributes normalised.
with

base as (

    select * from {{ ref('base_raw__accounts') }}
    where rejection_reason is null

),

final as (

    select
        account_id,
        {{ normalize_text('domain') }} as domain,
        account_name,
        {{ normalize_text('industry') }} as industry,
        employee_count,
        annual_revenue,
        {{ normalize_text('country') }} as country

    from base

)

select * from final
