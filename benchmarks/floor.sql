-- The floor of the benchmark: one hand-written DuckDB query that computes lead_scores (every
-- column but tier_entered_on, which needs the score history) for every sheet as of one score
-- date, straight from the raw tables and the seed tables, doing only what that date needs.
-- It is written from contract §3-§5, independently of the dbt models. Parameter: the score date.
-- Bot rules are joined pair by pair; merges walk their chains recursively.
with recursive

params as (
    select cast(? as date) as score_date
),

-- sources, validated as staging does: keys of nothing but (Unicode) white space and repeated keys
-- out, the earliest kept
leads as (
    select
        lead_id,
        nullif(lower(trim(email)), '') as email,
        nullif(lower(trim(job_title)), '') as job_title,
        nullif(lower(trim(country)), '') as country,
        account_id,
        nullif(lower(trim(lead_source)), '') as lead_source,
        created_at
    from raw.leads
    where not regexp_full_match(lead_id, '[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*')
    qualify row_number() over (
        partition by lead_id
        order by created_at nulls last, email nulls last, job_title nulls last
    ) = 1
),

accounts as (
    select
        account_id,
        nullif(lower(trim(domain)), '') as domain,
        nullif(lower(trim(industry)), '') as industry,
        employee_count,
        annual_revenue
    from raw.accounts
    where not regexp_full_match(account_id, '[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*')
    qualify row_number() over (
        partition by account_id
        order by domain nulls last, account_name nulls last, industry nulls last
    ) = 1
),

-- the scoring sheets, normalized once
sheets as (
    select
        sheet_id,
        coalesce(cast(behavior_weight as decimal(18, 4)), 0) as behavior_weight,
        coalesce(cast(profile_weight as decimal(18, 4)), 0) as profile_weight,
        cast(cast(window_days as decimal(18, 4)) as integer) as window_days,
        cast(mql_threshold as decimal(18, 2)) as mql_threshold
    from seeds.score_sheets
),

activity_types as (
    select distinct nullif(lower(trim(activity_type)), '') as activity_type
    from seeds.activity_types
),

rules as (
    select
        r.sheet_id,
        r.rule_id,
        nullif(lower(trim(r.activity_type)), '') as activity_type,
        nullif(trim(r.url_pattern), '') as url_pattern,
        cast(trim(r.points) as decimal(18, 4)) as points,
        cast(cast(r.max_per_day as decimal(18, 4)) as integer) as max_per_day,
        cast(r.max_points as decimal(18, 4)) as max_points,
        cast(r.half_life_days as decimal(18, 4)) as half_life_days,
        nullif(trim(r.group_id), '') as group_id,
        sheets.window_days
    from seeds.behavior_rules as r
    join sheets on r.sheet_id = sheets.sheet_id
),

score_groups as (
    select
        sheet_id,
        nullif(trim(group_id), '') as group_id,
        cast(max_points as decimal(18, 4)) as max_points
    from seeds.score_groups
),

profile_rules as (
    select
        sheet_id,
        nullif(lower(trim(attribute)), '') as attribute,
        nullif(lower(trim(operator)), '') as operator,
        nullif(lower(trim(value)), '') as value,
        list_transform(string_split(nullif(lower(trim(value)), ''), '|'), x -> trim(x))
            as members,
        cast(min_value as decimal(18, 4)) as min_value,
        cast(max_value as decimal(18, 4)) as max_value,
        round(cast(trim(points) as decimal(18, 4)), 2) as points
    from seeds.profile_rules
),

bands as (
    select
        sheet_id,
        nullif(lower(trim(scale)), '') as scale,
        band,
        cast(min_score as decimal(18, 2)) as min_score
    from seeds.score_bands
),

bot_rules as (
    select
        rule_id,
        nullif(lower(trim(kind)), '') as kind,
        nullif(lower(trim(activity_type)), '') as activity_type,
        nullif(trim(pattern), '') as pattern,
        cast(cast(max_events as decimal(18, 4)) as integer) as max_events,
        coalesce(cast(cast(within_seconds as decimal(18, 4)) as bigint), 0) * 1000000
            as within_us
    from seeds.bot_rules
),

-- only the activities the widest window can reach (every one up to D when a window is blank),
-- and those a bot rule may look at around them
bot_reach as (
    select coalesce(max(ceil(within_us / 86400000000.0)), 0)::integer as days
    from bot_rules
    where kind in ('burst', 'honeypot_url')
),

reach as (
    select
        params.score_date + bot_reach.days as last_date,
        case
            when count(*) filter (where sheets.window_days is null) > 0 then null
            else params.score_date - max(sheets.window_days) - bot_reach.days
        end as before_date
    from params, sheets, bot_reach
    group by params.score_date, bot_reach.days
),

repeated_keys as (
    select activity_id
    from raw.activities
    where not regexp_full_match(activity_id, '[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*')
    group by activity_id
    having count(*) > 1
),

kept_repeats as (
    select *
    from raw.activities
    where activity_id in (select activity_id from repeated_keys)
    qualify row_number() over (
        partition by activity_id
        order by occurred_at nulls last, lead_id nulls last, activity_type nulls last,
            url nulls last, campaign nulls last, user_agent nulls last, ip_address nulls last
    ) = 1
),

keyed_activities as (
    select a.activity_id, a.lead_id, a.activity_type, a.url, a.occurred_at, a.user_agent,
        a.ip_address
    from raw.activities as a, reach
    where
        not regexp_full_match(a.activity_id, '[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*')
        and a.activity_id not in (select activity_id from repeated_keys)
        and cast(a.occurred_at as date) <= reach.last_date
        and (reach.before_date is null or cast(a.occurred_at as date) > reach.before_date)
    union all
    select k.activity_id, k.lead_id, k.activity_type, k.url, k.occurred_at, k.user_agent,
        k.ip_address
    from kept_repeats as k, reach
    where
        cast(k.occurred_at as date) <= reach.last_date
        and (reach.before_date is null or cast(k.occurred_at as date) > reach.before_date)
),

-- what the bot rules look at: a key, a timestamp, a lead id, an accepted type
checked as (
    select
        k.*,
        nullif(lower(trim(k.activity_type)), '') as kind_of_activity,
        epoch_us(k.occurred_at) as at_us
    from keyed_activities as k
    where k.occurred_at is not null and k.lead_id is not null
        and nullif(lower(trim(k.activity_type)), '') in (select activity_type from activity_types)
),

bot_flagged as (
    select c.activity_id
    from checked as c
    join bot_rules as r
        on r.kind = 'user_agent' and lower(c.user_agent) like lower(r.pattern)
        and (r.activity_type is null or r.activity_type = c.kind_of_activity)
    union
    select c.activity_id
    from checked as c
    join bot_rules as r
        on r.kind = 'ip_prefix' and starts_with(c.ip_address, r.pattern)
        and (r.activity_type is null or r.activity_type = c.kind_of_activity)
    union
    select n.activity_id
    from checked as h
    join bot_rules as r
        on r.kind = 'honeypot_url' and lower(h.url) like lower(r.pattern)
        and (r.activity_type is null or r.activity_type = h.kind_of_activity)
    join checked as n
        on n.lead_id = h.lead_id and abs(n.at_us - h.at_us) <= r.within_us
        and (r.activity_type is null or r.activity_type = n.kind_of_activity)
    union
    select c.activity_id
    from checked as c
    join bot_rules as r
        on r.kind = 'burst'
        and (r.activity_type is null or r.activity_type = c.kind_of_activity)
    join checked as n
        on n.lead_id = c.lead_id and n.activity_id <> c.activity_id
        and abs(n.at_us - c.at_us) <= r.within_us
        and (r.activity_type is null or r.activity_type = n.kind_of_activity)
    group by c.activity_id, r.rule_id, r.max_events
    having count(*) >= r.max_events
),

-- identity: CRM merges of known leads, the earliest per merged lead; a merge whose walk comes
-- back to where it started is on a cycle, rejected; the others as of D, followed to the end;
-- then leads sharing a valid address merge into the one created first
crm_merges as (
    select merged_lead_id, surviving_lead_id, merged_at
    from raw.lead_merges
    where not regexp_full_match(merged_lead_id, '[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*')
        and merged_lead_id in (select lead_id from leads)
        and surviving_lead_id in (select lead_id from leads)
    qualify row_number() over (
        partition by merged_lead_id order by merged_at nulls last, surviving_lead_id nulls last
    ) = 1
),

merge_walks(start_id, lead_id, steps) as (
    select merged_lead_id, surviving_lead_id, 1 from crm_merges
    union all
    select w.start_id, m.surviving_lead_id, w.steps + 1
    from merge_walks as w
    join crm_merges as m on w.lead_id = m.merged_lead_id
    where w.lead_id <> w.start_id and w.steps <= (select count(*) from crm_merges)
),

dated_merges as (
    select m.merged_lead_id, m.surviving_lead_id
    from crm_merges as m, params
    where (m.merged_at is null or cast(m.merged_at as date) <= params.score_date)
        and m.merged_lead_id not in (
            select start_id from merge_walks where lead_id = start_id
        )
),

chains(start_id, lead_id, steps) as (
    select merged_lead_id, surviving_lead_id, 1 from dated_merges
    union all
    select c.start_id, m.surviving_lead_id, c.steps + 1
    from chains as c
    join dated_merges as m on c.lead_id = m.merged_lead_id
),

crm_persons as (
    select start_id as lead_id, arg_max(lead_id, steps) as person_id
    from chains
    group by start_id
),

email_persons as (
    select
        l.lead_id,
        first_value(l.lead_id) over (
            partition by l.email order by l.created_at nulls first, l.lead_id
        ) as person_id
    from leads as l, params
    where (l.created_at is null or cast(l.created_at as date) <= params.score_date)
        and l.lead_id not in (select lead_id from crm_persons)
        and regexp_full_match(l.email, '[^@\s]+@[^@\s]*[.][^@\s]*')
),

persons as (
    select c.lead_id, coalesce(e.person_id, c.person_id) as person_id
    from crm_persons as c
    left join email_persons as e on c.person_id = e.lead_id
    union all
    select lead_id, person_id from email_persons where lead_id <> person_id
),

activities as (
    select coalesce(p.person_id, c.lead_id) as lead_id, c.activity_type, c.url, c.occurred_at
    from checked as c
    left join persons as p on c.lead_id = p.lead_id
    where c.activity_id not in (select activity_id from bot_flagged)
),

-- URLs of accepted types are matched once per distinct (type, URL); then each rule's
-- matches per lead and day, at most max_per_day of them
url_rules as (
    select distinct u.activity_type, u.url, r.url_pattern, r.max_per_day
    from (
        select distinct nullif(lower(trim(activity_type)), '') as activity_type, url
        from raw.activities
    ) as u
    join rules as r
        on u.activity_type = r.activity_type
        and (r.url_pattern is null or lower(u.url) like lower(r.url_pattern))
    where u.activity_type in (select activity_type from activity_types)
),

daily_matches as (
    select
        a.lead_id,
        cast(a.occurred_at as date) as activity_date,
        m.activity_type, m.url_pattern, m.max_per_day,
        least(count(*), coalesce(m.max_per_day, count(*))) as occurrences
    from activities as a
    join url_rules as m
        on nullif(lower(trim(a.activity_type)), '') = m.activity_type
        and a.url is not distinct from m.url
    group by a.lead_id, activity_date, m.activity_type, m.url_pattern, m.max_per_day
),

-- each rule in its sheet's window, decayed; leads not scored drop out where scores are put
-- together
rule_sums as (
    select
        r.sheet_id, r.rule_id, r.group_id, r.max_points, d.lead_id,
        sum(d.occurrences * r.points * case
            when r.half_life_days is null then 1
            else pow(0.5, (p.score_date - d.activity_date) / cast(r.half_life_days as double))
        end) as points
    from daily_matches as d
    join rules as r
        on d.activity_type = r.activity_type
        and d.url_pattern is not distinct from r.url_pattern
        and d.max_per_day is not distinct from r.max_per_day
    cross join params as p
    where p.score_date - d.activity_date >= 0
        and (r.window_days is null or p.score_date - d.activity_date < r.window_days)
    group by all
),

-- each rule capped in absolute value and rounded; then each group's sum the same way (a rule
-- without a group is a group of its own, with no cap)
rule_points as (
    select
        sheet_id, rule_id, group_id, lead_id,
        round(cast(case
            when max_points is null or abs(points) <= max_points then points
            else sign(points) * max_points
        end as decimal(38, 10)), 2) as points
    from rule_sums
),

group_points as (
    select
        rule_points.sheet_id, rule_points.lead_id,
        sum(rule_points.points) as points,
        max(score_groups.max_points) as max_points
    from rule_points
    left join score_groups
        on rule_points.sheet_id = score_groups.sheet_id
        and rule_points.group_id = score_groups.group_id
    group by rule_points.sheet_id, rule_points.lead_id, rule_points.group_id,
        case when rule_points.group_id is null then rule_points.rule_id end
),

behavior_scores as (
    select
        sheet_id, lead_id,
        sum(round(cast(case
            when max_points is null or abs(points) <= max_points then points
            else sign(points) * max_points
        end as decimal(38, 10)), 2)) as behavior_score
    from group_points
    group by sheet_id, lead_id
),

scored_leads as (
    select leads.*
    from leads, params
    where (leads.created_at is null or cast(leads.created_at as date) <= params.score_date)
        and leads.lead_id not in (select lead_id from persons)
),

-- derived attributes and the lead's account
email_domains as (
    select
        lead_id,
        case
            when regexp_full_match(email, '[^@\s]+@[^@\s]*[.][^@\s]*')
                then split_part(email, '@', 2)
        end as email_domain
    from scored_leads
),

free_email_domains as (
    select distinct nullif(lower(trim(domain)), '') as domain
    from seeds.free_email_domains
),

seniorities as (
    select l.lead_id, k.seniority
    from scored_leads as l
    join (
        select nullif(lower(trim(keyword)), '') as keyword,
            nullif(lower(trim(seniority)), '') as seniority,
            cast(cast(priority as decimal(18, 4)) as integer) as priority
        from seeds.seniority_keywords
    ) as k
        on k.keyword is not null and position(k.keyword in l.job_title) > 0
    qualify row_number() over (
        partition by l.lead_id order by k.priority nulls last, k.keyword
    ) = 1
),

enriched as (
    select
        l.lead_id, l.job_title, l.country, l.lead_source,
        e.email_domain,
        case
            when e.email_domain is null then null
            when f.domain is not null then 'free'
            else 'corporate'
        end as email_domain_type,
        s.seniority,
        coalesce(
            by_id.account_id,
            case when e.email_domain is not null and f.domain is null then by_domain.account_id end
        ) as account_id
    from scored_leads as l
    join email_domains as e on l.lead_id = e.lead_id
    left join free_email_domains as f on e.email_domain = f.domain
    left join seniorities as s on l.lead_id = s.lead_id
    left join accounts as by_id on l.account_id = by_id.account_id
    left join (
        select domain, min(account_id) as account_id from accounts
        where domain is not null group by domain
    ) as by_domain on e.email_domain = by_domain.domain
),

lead_attributes as (
    select
        en.lead_id,
        unnest([
            {'attribute': 'job_title', 'text_value': en.job_title, 'number': null},
            {'attribute': 'seniority', 'text_value': en.seniority, 'number': null},
            {'attribute': 'country', 'text_value': en.country, 'number': null},
            {'attribute': 'lead_source', 'text_value': en.lead_source, 'number': null},
            {'attribute': 'email_domain', 'text_value': en.email_domain, 'number': null},
            {'attribute': 'email_domain_type', 'text_value': en.email_domain_type,
                'number': null},
            {'attribute': 'industry', 'text_value': a.industry, 'number': null},
            {'attribute': 'employee_count', 'text_value': null,
                'number': cast(a.employee_count as decimal(20, 2))},
            {'attribute': 'annual_revenue', 'text_value': null,
                'number': cast(a.annual_revenue as decimal(20, 2))}
        ]) as v
    from enriched as en
    left join accounts as a on en.account_id = a.account_id
),

profile_scores as (
    select p.sheet_id, la.lead_id, sum(p.points) as profile_score
    from lead_attributes as la
    join profile_rules as p on la.v.attribute = p.attribute
    where case p.operator
        when 'is_missing' then la.v.text_value is null and la.v.number is null
        when 'between' then la.v.number is not null
            and (p.min_value is null or la.v.number >= p.min_value)
            and (p.max_value is null or la.v.number < p.max_value)
        else la.v.text_value is not null and case p.operator
            when 'equals' then la.v.text_value = p.value
            when 'not_equals' then la.v.text_value <> coalesce(p.value, '')
            when 'contains' then position(p.value in la.v.text_value) > 0
            when 'in' then list_contains(p.members, la.v.text_value)
            when 'not_in' then not list_contains(p.members, la.v.text_value)
            else false
        end
    end
    group by p.sheet_id, la.lead_id
),

scores as (
    select
        p.score_date,
        s.sheet_id,
        en.lead_id,
        en.account_id,
        cast(coalesce(b.behavior_score, 0) as decimal(18, 2)) as behavior_score,
        cast(coalesce(ps.profile_score, 0) as decimal(18, 2)) as profile_score,
        s.mql_threshold,
        cast(round(cast(s.behavior_weight * coalesce(b.behavior_score, 0)
            + s.profile_weight * coalesce(ps.profile_score, 0) as decimal(38, 10)), 2)
            as decimal(18, 2)) as total_score
    from enriched as en
    cross join sheets as s
    cross join params as p
    left join behavior_scores as b on s.sheet_id = b.sheet_id and en.lead_id = b.lead_id
    left join profile_scores as ps on s.sheet_id = ps.sheet_id and en.lead_id = ps.lead_id
),

-- each scale's band: the highest min_score at or below the score, else the floor band
band_ranges as (
    select
        sheet_id, scale, band,
        min_score as lower_bound,
        case
            when min_score is null then min(min_score) over (partition by sheet_id, scale)
            else lead(min_score) over (partition by sheet_id, scale order by min_score nulls first)
        end as upper_bound
    from bands
)

select
    sc.score_date,
    sc.sheet_id,
    sc.lead_id,
    sc.account_id,
    sc.behavior_score,
    sc.profile_score,
    sc.total_score,
    tier.band as tier,
    grade.band as grade,
    engagement.band as engagement,
    grade.band || engagement.band as score_matrix,
    coalesce(sc.total_score >= sc.mql_threshold, false) as is_mql,
    rank() over (partition by sc.sheet_id order by sc.total_score desc) as score_rank
from scores as sc
left join band_ranges as tier
    on tier.sheet_id = sc.sheet_id and tier.scale = 'tier'
    and (tier.lower_bound is null or sc.total_score >= tier.lower_bound)
    and (tier.upper_bound is null or sc.total_score < tier.upper_bound)
left join band_ranges as grade
    on grade.sheet_id = sc.sheet_id and grade.scale = 'grade'
    and (grade.lower_bound is null or sc.profile_score >= grade.lower_bound)
    and (grade.upper_bound is null or sc.profile_score < grade.upper_bound)
left join band_ranges as engagement
    on engagement.sheet_id = sc.sheet_id and engagement.scale = 'engagement'
    and (engagement.lower_bound is null or sc.behavior_score >= engagement.lower_bound)
    and (engagement.upper_bound is null or sc.behavior_score < engagement.upper_bound)
