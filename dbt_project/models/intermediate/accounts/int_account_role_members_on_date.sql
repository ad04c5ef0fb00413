{{ config(materialized='view') }}

-- Per score date and sheet with a buying group: each scored person of an account, the role it
-- covers (contract §10) and whether it is engaged. A person covers at most one role: the first,
-- in file order, whose seniorities include its own (a role with no seniority takes anyone);
-- role_order is null when it matches none.
with

roles as (

    select * from {{ ref('stg_seeds__buying_groups') }}

),

persons as (

    select
        scores.score_date,
        scores.sheet_id,
        scores.account_id,
        scores.lead_id,
        leads.seniority,
        scores.behavior_score

    from {{ ref('int_lead_scores_on_date') }} as scores
    inner join {{ ref('int_leads_scored_on_date') }} as leads
        on
            scores.score_date = leads.score_date
            and scores.lead_id = leads.lead_id
    where
        scores.account_id is not null
        and scores.sheet_id in (select roles.sheet_id from roles)

),

matches as (

    select
        persons.*,
        roles.role,
        roles.role_order,
        row_number() over (
            partition by persons.score_date, persons.sheet_id, persons.lead_id
            order by roles.role_order
        ) as match_rank

    from persons
    left join roles
        on
            persons.sheet_id = roles.sheet_id
            and (
                roles.seniority_list is null
                or {{ dbt.position(
                    dbt.concat(["'|'", 'persons.seniority', "'|'"]), 'roles.seniority_list') }} > 0
            )

),

final as (

    select
        score_date,
        sheet_id,
        account_id,
        lead_id,
        seniority,
        role,
        role_order,
        behavior_score,
        behavior_score > 0 as is_engaged

    from matches
    where match_rank = 1

)

select * from final
