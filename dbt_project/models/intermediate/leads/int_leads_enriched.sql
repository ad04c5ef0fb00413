-- Accepted leads with the derived profile attributes of contract §5: e-mail domain and its type,
-- seniority from job-title keywords, and the resolved account (by id, else by corporate domain).
with

leads as (

    select * from {{ ref('stg_raw__leads') }}

),

accounts as (

    select * from {{ ref('stg_raw__accounts') }}

),

free_email_domains as (

    select * from {{ ref('stg_seeds__free_email_domains') }}

),

seniority_keywords as (

    select * from {{ ref('stg_seeds__seniority_keywords') }}

),

email_domains as (

    select
        lead_id,
        -- the address is valid or null (stg_raw__leads)
        {{ dbt.split_part('email', "'@'", 2) }} as email_domain

    from leads

),

email_domain_types as (

    select
        email_domains.lead_id,
        email_domains.email_domain,
        case
            when email_domains.email_domain is null then null
            when free_email_domains.domain is not null then 'free'
            else 'corporate'
        end as email_domain_type

    from email_domains
    left join free_email_domains
        on email_domains.email_domain = free_email_domains.domain

),

seniority_matches as (

    select
        leads.lead_id,
        seniority_keywords.seniority,
        row_number() over (
            partition by leads.lead_id
            order by seniority_keywords.priority nulls last, seniority_keywords.keyword
        ) as match_rank

    from leads
    inner join seniority_keywords
        on {{ dbt.position('seniority_keywords.keyword', 'leads.job_title') }} > 0

),

accounts_by_domain as (

    select
        domain,
        min(account_id) as account_id

    from accounts
    where domain is not null
    group by domain

),

resolved_accounts as (

    select
        leads.lead_id,
        coalesce(
            accounts_by_id.account_id,
            case
                when email_domain_types.email_domain_type = 'corporate'
                    then accounts_by_domain.account_id
            end
        ) as account_id

    from leads
    inner join email_domain_types
        on leads.lead_id = email_domain_types.lead_id
    left join accounts as accounts_by_id
        on leads.account_id = accounts_by_id.account_id
    left join accounts_by_domain
        on email_domain_types.email_domain = accounts_by_domain.domain

),

final as (

    select
        leads.lead_id,
        leads.email,
        leads.job_title,
        seniority_matches.seniority,
        leads.country,
        leads.lead_source,
        email_domain_types.email_domain,
        email_domain_types.email_domain_type,
        resolved_accounts.account_id,
        accounts.industry,
        accounts.employee_count,
        accounts.annual_revenue,
        leads.created_at

    from leads
    inner join email_domain_types
        on leads.lead_id = email_domain_types.lead_id
    inner join resolved_accounts
        on leads.lead_id = resolved_accounts.lead_id
    left join seniority_matches
        on
            leads.lead_id = seniority_matches.lead_id
            and seniority_matches.match_rank = 1
    left join accounts
        on resolved_accounts.account_id = accounts.account_id

)

select * from final
