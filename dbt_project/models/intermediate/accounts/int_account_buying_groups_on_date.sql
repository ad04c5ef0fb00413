{{ config(materialized='view') }}

-- Per score date, sheet with a buying group and accepted account (contract §10): how many of the
-- sheet's roles the account's engaged persons cover, and the roles missing in file order.
-- A role is covered when at least min_engaged of its persons
-- (int_account_role_members_on_date) have behavior_score > 0.
with

dates as (

    select score_date from {{ score_dates_relation() }} as run_dates

),

roles as (

    select * from {{ ref('stg_seeds__buying_groups') }}

),

accounts as (

    select account_id from {{ ref('stg_raw__accounts') }}

),

engaged_by_role as (

    select
        score_date,
        sheet_id,
        account_id,
        role_order,
        count(*) as engaged_persons

    from {{ ref('int_account_role_members_on_date') }}
    where is_engaged and role_order is not null
    group by score_date, sheet_id, account_id, role_order

),

account_roles as (

    select
        dates.score_date,
        roles.sheet_id,
        accounts.account_id,
        roles.role,
        roles.role_order,
        coalesce(engaged_by_role.engaged_persons, 0) >= roles.min_engaged as is_covered

    from dates
    cross join roles
    cross join accounts
    left join engaged_by_role
        on
            dates.score_date = engaged_by_role.score_date
            and roles.sheet_id = engaged_by_role.sheet_id
            and accounts.account_id = engaged_by_role.account_id
            and roles.role_order = engaged_by_role.role_order

),

coverage as (

    select
        score_date,
        sheet_id,
        account_id,
        count(*) as roles,
        sum(case when is_covered then 1 else 0 end) as roles_covered

    from account_roles
    group by score_date, sheet_id, account_id

),

missing as (

    select
        score_date,
        sheet_id,
        account_id,
        {{ ordered_text_agg('role', 'role_order', ';') }} as roles_missing

    from account_roles
    where not is_covered
    group by score_date, sheet_id, account_id

),

final as (

    select
        coverage.score_date,
        coverage.sheet_id,
        coverage.account_id,
        coverage.roles,
        coverage.roles_covered,
        cast(round(
            cast(coverage.roles_covered as decimal(18, 6)) / coverage.roles, 4
        ) as decimal(9, 4)) as buying_group_coverage,
        coalesce(missing.roles_missing, '') as roles_missing

    from coverage
    left join missing
        on
            coverage.score_date = missing.score_date
            and coverage.sheet_id = missing.sheet_id
            and coverage.account_id = missing.account_id

)

select * from final
