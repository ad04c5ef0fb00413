{{ config(post_hook="{{ raise_on_sheet_errors(this) }}") }}

-- One row per problem in the scoring sheets. The post-hook fails the build when any exist,
-- naming the file, sheet and rule; every scoring model depends on this check.
-- Seed values are compared here as data: none is ever rendered into SQL text.
with

score_sheets as (

    select * from {{ ref('score_sheets') }}

),

behavior_rules as (

    select * from {{ ref('behavior_rules') }}

),

profile_rules as (

    select * from {{ ref('profile_rules') }}

),

score_groups as (

    select * from {{ ref('score_groups') }}

),

score_bands as (

    select * from {{ ref('score_bands') }}

),

activity_types as (

    select distinct {{ normalize_text('activity_type') }} as activity_type
    from {{ ref('activity_types') }}

),

known_sheets as (

    select distinct sheet_id from score_sheets

),

all_rules as (

    select 'behavior_rules.csv' as seed_file, sheet_id, rule_id from behavior_rules
    union all
    select 'profile_rules.csv' as seed_file, sheet_id, rule_id from profile_rules

),

sheet_problems as (

    select
        'score_sheets.csv' as seed_file,
        sheet_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        'sheet_id is repeated: each sheet is one row' as problem
    from score_sheets
    group by sheet_id
    having count(*) > 1

    union all

    select
        'score_sheets.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        'no sheet has is_primary = true: exactly one sheet must be primary' as problem
    from score_sheets
    having coalesce(sum(case when is_primary then 1 else 0 end), 0) = 0

    union all

    select
        'score_sheets.csv' as seed_file,
        sheet_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        'is one of several sheets with is_primary = true: exactly one sheet must be primary'
            as problem
    from score_sheets
    where
        is_primary
        and (select count(*) from score_sheets where is_primary) > 1

),

unknown_sheet_problems as (

    select seed_file, sheet_id, rule_id, problem
    from (
        select seed_file, sheet_id, rule_id from all_rules
        union all
        select 'score_groups.csv', sheet_id, group_id from score_groups
        union all
        select 'score_bands.csv', sheet_id, band from score_bands
    ) as referencing
    cross join (
        select 'unknown sheet_id: not in score_sheets.csv' as problem
    ) as message
    where
        sheet_id is null
        or sheet_id not in (select sheet_id from known_sheets where sheet_id is not null)

),

rule_problems as (

    select
        seed_file,
        sheet_id,
        rule_id,
        'duplicate (sheet_id, rule_id): rule ids must be unique per sheet across '
        || 'behavior_rules.csv and profile_rules.csv' as problem
    from (
        select
            *,
            count(*) over (partition by sheet_id, rule_id) as rule_id_count
        from all_rules
    ) as counted
    where rule_id_count > 1

    union all

    select seed_file, sheet_id, rule_id, 'missing rule_id' as problem
    from all_rules
    where rule_id is null or trim(rule_id) = ''

),

behavior_rule_problems as (

    select
        'behavior_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown activity_type '''
        || coalesce(activity_type, '') || ''': not in activity_types.csv' as problem
    from behavior_rules
    where
        {{ normalize_text('activity_type') }} is null
        or {{ normalize_text('activity_type') }} not in (
            select activity_type from activity_types where activity_type is not null
        )

    union all

    select
        'behavior_rules.csv' as seed_file,
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        'unknown group_id ''' || behavior_rules.group_id
        || ''': not in score_groups.csv for this sheet' as problem
    from behavior_rules
    left join score_groups
        on
            behavior_rules.sheet_id = score_groups.sheet_id
            and behavior_rules.group_id = score_groups.group_id
    where
        nullif(trim(behavior_rules.group_id), '') is not null
        and score_groups.group_id is null

    union all

    select
        'behavior_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'points ''' || coalesce(points, '') || ''' is missing or not a number' as problem
    from behavior_rules
    where {{ safe_cast_number('points') }} is null

),

profile_rule_problems as (

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown attribute ''' || coalesce(attribute, '') || ''': use one of job_title, '
        || 'seniority, country, lead_source, email_domain, email_domain_type, industry, '
        || 'employee_count, annual_revenue' as problem
    from profile_rules
    where
        {{ normalize_text('attribute') }} is null
        or {{ normalize_text('attribute') }} not in (
            'job_title', 'seniority', 'country', 'lead_source', 'email_domain',
            'email_domain_type', 'industry', 'employee_count', 'annual_revenue'
        )

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown operator ''' || coalesce(operator, '') || ''': use one of equals, '
        || 'not_equals, in, not_in, contains, between, is_missing' as problem
    from profile_rules
    where
        {{ normalize_text('operator') }} is null
        or {{ normalize_text('operator') }} not in (
            'equals', 'not_equals', 'in', 'not_in', 'contains', 'between', 'is_missing'
        )

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown operator ''' || operator || ''' for numeric attribute ''' || attribute
        || ''': numeric attributes take only between and is_missing' as problem
    from profile_rules
    where
        {{ normalize_text('attribute') }} in ('employee_count', 'annual_revenue')
        and {{ normalize_text('operator') }} in (
            'equals', 'not_equals', 'in', 'not_in', 'contains'
        )

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown operator ''between'' for text attribute ''' || attribute
        || ''': between is only for employee_count and annual_revenue' as problem
    from profile_rules
    where
        {{ normalize_text('operator') }} = 'between'
        and {{ normalize_text('attribute') }} not in ('employee_count', 'annual_revenue')

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'between needs min_value or max_value (both are blank)' as problem
    from profile_rules
    where
        {{ normalize_text('operator') }} = 'between'
        and min_value is null
        and max_value is null

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'points ''' || coalesce(points, '') || ''' is missing or not a number' as problem
    from profile_rules
    where {{ safe_cast_number('points') }} is null

),

group_problems as (

    select
        'score_groups.csv' as seed_file,
        sheet_id,
        group_id as rule_id,
        'duplicate (sheet_id, group_id)' as problem
    from score_groups
    group by sheet_id, group_id
    having count(*) > 1

),

band_problems as (

    select
        'score_bands.csv' as seed_file,
        sheet_id,
        band as rule_id,
        'unknown scale ''' || coalesce(scale, '') || ''': use tier, grade or engagement'
            as problem
    from score_bands
    where
        {{ normalize_text('scale') }} is null
        or {{ normalize_text('scale') }} not in ('tier', 'grade', 'engagement')

    union all

    select
        'score_bands.csv' as seed_file,
        sheets_and_scales.sheet_id,
        sheets_and_scales.scale as rule_id,
        'scale ''' || sheets_and_scales.scale || ''' has '
        || cast(count(score_bands.sheet_id) as {{ dbt.type_string() }})
        || ' bands with a blank min_score: exactly one (the floor band) is required'
            as problem
    from (
        select known_sheets.sheet_id, scales.scale
        from known_sheets
        cross join (
            select 'tier' as scale
            union all select 'grade'
            union all select 'engagement'
        ) as scales
    ) as sheets_and_scales
    left join score_bands
        on
            sheets_and_scales.sheet_id = score_bands.sheet_id
            and sheets_and_scales.scale = {{ normalize_text('score_bands.scale') }}
            and score_bands.min_score is null
    group by sheets_and_scales.sheet_id, sheets_and_scales.scale
    having count(score_bands.sheet_id) <> 1

),

final as (

    select * from sheet_problems
    union all select * from unknown_sheet_problems
    union all select * from rule_problems
    union all select * from behavior_rule_problems
    union all select * from profile_rule_problems
    union all select * from group_problems
    union all select * from band_problems

)

select * from final
