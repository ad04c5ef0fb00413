-- Accepted opportunities.
with

base as (

    select * from {{ ref('base_raw__opportunities') }}
    where rejection_reason is null

),

final as (

    select
        opportunity_id,
        lead_id,
        account_id,
        created_at,
        is_won,
        amount

    from base

)

select * from final
