-- Built by `leadscore backtest` (tag `backtest`): what the buying group's coverage adds at
-- equal score (contract §10). Per sheet with a buying group and account tier, the accounts of the
-- evaluated dates by how much of the group was engaged, and how often each converted: within
-- a tier, a higher rate with every role covered is what coverage tells beyond the score.
{{ config(tags=['backtest']) }}

with

outcomes as (

    select * from {{ ref('eval_account_outcomes') }}
    where buying_group_coverage is not null

),

banded as (

    select
        sheet_id,
        tier,
        case
            when buying_group_coverage >= 1 then 'every role'
            when buying_group_coverage > 0 then 'some roles'
            else 'no role'
        end as coverage,
        converted

    from outcomes

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(tier as {{ dbt.type_string() }}) as tier,
        cast(coverage as {{ dbt.type_string() }}) as coverage,
        cast(count(*) as bigint) as account_dates,
        cast(sum(case when converted then 1 else 0 end) as bigint) as conversions,
        {{ ratio('sum(case when converted then 1 else 0 end)', 'count(*)') }}
            as conversion_rate,
        {{ score_date() }} as evaluated_on

    from banded
    group by sheet_id, tier, coverage

)

select * from final
