-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- Who is in each account's buying group on the score date (contract §10): per sheet with a buying
-- group, each scored person of an account, the role it covers (null: it matches none) and
-- whether it is engaged. What `leadscore explain --account` shows and a BI tool lists.
with

members as (

    select * from {{ ref('int_account_role_members_on_date') }}
    where score_date = {{ score_date() }}

),

final as (

    select
        score_date,
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(seniority as {{ dbt.type_string() }}) as seniority,
        cast(role as {{ dbt.type_string() }}) as role,
        cast(behavior_score as decimal(18, 2)) as behavior_score,
        is_engaged

    from members

)

select * from final
where {{ is_latest_score_date() }}
