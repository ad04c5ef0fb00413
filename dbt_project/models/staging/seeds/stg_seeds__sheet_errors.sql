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

    select
        *,
        {{ normalize_text('attribute') }} as normalized_attribute,
        {{ normalize_text('operator') }} as normalized_operator

    from {{ ref('profile_rules') }}

),

score_groups as (

    select * from {{ ref('score_groups') }}

),

score_bands as (

    select
        *,
        {{ normalize_text('scale') }} as normalized_scale,
        {{ text_number('min_score') }} as min_score_value

    from {{ ref('score_bands') }}

),

seniority_keywords as (

    select * from {{ ref('seniority_keywords') }}

),

activity_types as (

    select distinct {{ normalize_text('activity_type') }} as activity_type
    from {{ ref('activity_types') }}

),

primary_sheet_count as (

    select
        coalesce(sum(case when {{ text_boolean('is_primary') }} then 1 else 0 end), 0)
            as primary_sheets
    from score_sheets

),

all_rules as (

    select
        'behavior_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        points
    from behavior_rules

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        points
    from profile_rules

),

sheet_references as (

    select
        seed_file,
        sheet_id,
        rule_id
    from all_rules

    union all

    select
        'score_groups.csv' as seed_file,
        sheet_id,
        group_id as rule_id
    from score_groups

    union all

    select
        'score_bands.csv' as seed_file,
        sheet_id,
        band as rule_id
    from score_bands

),

rule_id_counts as (

    select
        seed_file,
        sheet_id,
        rule_id,
        count(*) over (partition by sheet_id, rule_id) as rule_id_count
    from all_rules

),

scales as (

    select 'tier' as scale
    union all
    select 'grade' as scale
    union all
    select 'engagement' as scale

),

floor_band_counts as (

    select
        score_sheets.sheet_id,
        scales.scale,
        count(score_bands.sheet_id) as floor_bands

    from score_sheets
    cross join scales
    left join score_bands
        on
            score_sheets.sheet_id = score_bands.sheet_id
            and scales.scale = score_bands.normalized_scale
            and {{ is_blank('score_bands.min_score') }}
    group by score_sheets.sheet_id, scales.scale

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
    from primary_sheet_count
    where primary_sheets = 0

    union all

    select
        'score_sheets.csv' as seed_file,
        score_sheets.sheet_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        'is one of several sheets with is_primary = true: exactly one sheet must be primary'
            as problem
    from score_sheets
    cross join primary_sheet_count
    where
        {{ text_boolean('score_sheets.is_primary') }}
        and primary_sheet_count.primary_sheets > 1

    union all

    -- an empty sheet is meaningful elsewhere (no rules, no groups, no bot rules), not here
    select
        'activity_types.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        'lists no activity type: every activity would be rejected as unknown_activity_type;'
        || ' list the types your sources send' as problem
    from (select count(activity_type) as type_count from activity_types) as counted
    where counted.type_count = 0

),

reference_problems as (

    select
        sheet_references.seed_file,
        sheet_references.sheet_id,
        sheet_references.rule_id,
        'unknown sheet_id: not in score_sheets.csv' as problem
    from sheet_references
    left join score_sheets
        on sheet_references.sheet_id = score_sheets.sheet_id
    where score_sheets.sheet_id is null

    union all

    select
        seed_file,
        sheet_id,
        rule_id,
        'duplicate (sheet_id, rule_id): rule ids must be unique per sheet across '
        || 'behavior_rules.csv and profile_rules.csv' as problem
    from rule_id_counts
    where rule_id_count > 1

    union all

    select
        seed_file,
        sheet_id,
        rule_id,
        'missing rule_id' as problem
    from all_rules
    where {{ is_blank('rule_id') }}

    union all

    select
        seed_file,
        sheet_id,
        rule_id,
        'points ''' || coalesce(points, '') || ''' is missing or not a number' as problem
    from all_rules
    where {{ text_number('points') }} is null

),

behavior_rule_problems as (

    select
        'behavior_rules.csv' as seed_file,
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        'unknown activity_type ''' || coalesce(behavior_rules.activity_type, '')
        || ''': not in activity_types.csv' as problem
    from behavior_rules
    left join activity_types
        on {{ normalize_text('behavior_rules.activity_type') }} = activity_types.activity_type
    where activity_types.activity_type is null

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

),

-- bot rules have no sheet: the rule id names them. A rule of a type not in activity_types.csv
-- is no error: activities of such a type are rejected before any bot rule looks at them.
bot_rules as (

    select
        *,
        {{ normalize_text('kind') }} as normalized_kind

    from {{ ref('bot_rules') }}

),

bot_rule_problems as (

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'unknown kind ''' || coalesce(bot_rules.kind, '')
        || ''': use user_agent, ip_prefix, honeypot_url or burst' as problem
    from bot_rules
    where
        bot_rules.normalized_kind is null
        or bot_rules.normalized_kind not in ('user_agent', 'ip_prefix', 'honeypot_url', 'burst')

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'missing pattern: a ' || bot_rules.normalized_kind || ' rule needs one' as problem
    from bot_rules
    where
        bot_rules.normalized_kind in ('user_agent', 'ip_prefix', 'honeypot_url')
        and {{ is_blank('bot_rules.pattern') }}

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'a burst rule needs max_events and within_seconds, both more than 0' as problem
    from bot_rules
    where
        bot_rules.normalized_kind = 'burst'
        and (
            coalesce({{ text_whole_number('bot_rules.max_events') }}, 0) <= 0
            or coalesce({{ text_whole_number('bot_rules.within_seconds') }}, 0) <= 0
        )

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'missing rule_id' as problem
    from bot_rules
    where {{ is_blank('bot_rules.rule_id') }}

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        rule_id,
        'duplicate rule_id: rule ids must be unique in bot_rules.csv' as problem
    from bot_rules
    where not {{ is_blank('rule_id') }}
    group by rule_id
    having count(*) > 1

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'within_seconds ''' || bot_rules.within_seconds || ''' is negative' as problem
    from bot_rules
    where {{ text_whole_number('bot_rules.within_seconds') }} < 0

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
        normalized_attribute is null
        or normalized_attribute not in (
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
        normalized_operator is null
        or normalized_operator not in (
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
        normalized_attribute in ('employee_count', 'annual_revenue')
        and normalized_operator in ('equals', 'not_equals', 'in', 'not_in', 'contains')

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown operator ''between'' for text attribute ''' || attribute
        || ''': between is only for employee_count and annual_revenue' as problem
    from profile_rules
    where
        normalized_operator = 'between'
        and normalized_attribute not in ('employee_count', 'annual_revenue')

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'between needs min_value or max_value (both are blank)' as problem
    from profile_rules
    where
        normalized_operator = 'between'
        and {{ is_blank('min_value') }}
        and {{ is_blank('max_value') }}

),

shared_min_scores as (

    select
        sheet_id,
        normalized_scale,
        min_score_value,
        count(distinct band) as bands

    from score_bands
    where min_score_value is not null
    group by sheet_id, normalized_scale, min_score_value
    having count(distinct band) > 1

),

band_problems as (

    select
        'score_groups.csv' as seed_file,
        sheet_id,
        group_id as rule_id,
        'duplicate (sheet_id, group_id)' as problem
    from score_groups
    group by sheet_id, group_id
    having count(*) > 1

    union all

    select
        'score_bands.csv' as seed_file,
        sheet_id,
        band as rule_id,
        'unknown scale ''' || coalesce(scale, '') || ''': use tier, grade or engagement'
            as problem
    from score_bands
    where
        normalized_scale is null
        or normalized_scale not in ('tier', 'grade', 'engagement')

    union all

    select
        'score_bands.csv' as seed_file,
        sheet_id,
        band as rule_id,
        'band is missing: name every band' as problem
    from score_bands
    where {{ is_blank('band') }}

    union all

    select
        'score_bands.csv' as seed_file,
        sheet_id,
        band as rule_id,
        'band ''' || band || ''' appears ' || cast(count(*) as {{ dbt.type_string() }})
        || ' times in scale ''' || normalized_scale || ''': each band of a scale needs its own name'
            as problem
    from score_bands
    where not {{ is_blank('band') }}
    group by sheet_id, normalized_scale, band
    having count(*) > 1

    union all

    select distinct
        'score_bands.csv' as seed_file,
        score_bands.sheet_id,
        score_bands.band as rule_id,
        'min_score ''' || score_bands.min_score || ''' of scale '''
        || score_bands.normalized_scale || ''' is shared by '
        || cast(shared_min_scores.bands as {{ dbt.type_string() }})
        || ' bands: each band of a scale needs its own min_score' as problem
    from score_bands
    inner join shared_min_scores
        on
            score_bands.sheet_id = shared_min_scores.sheet_id
            and score_bands.normalized_scale = shared_min_scores.normalized_scale
            and score_bands.min_score_value = shared_min_scores.min_score_value

    union all

    select
        'score_bands.csv' as seed_file,
        sheet_id,
        scale as rule_id,
        'scale ''' || scale || ''' has ' || cast(floor_bands as {{ dbt.type_string() }})
        || ' bands with a blank min_score: exactly one (the floor band) is required'
            as problem
    from floor_band_counts
    where floor_bands <> 1

),

-- numbers, whole numbers and booleans that do not read as one, and settings that must be
-- positive (a zero half-life divides by zero; a negative cap flips the sign of the points)
value_problems as (

    {{ seed_value_problems('score_sheets', 'score_sheets.csv', 'behavior_weight', 'number',
        rule_column=none) }}
    union all
    {{ seed_value_problems('score_sheets', 'score_sheets.csv', 'profile_weight', 'number',
        rule_column=none) }}
    union all
    {{ seed_value_problems('score_sheets', 'score_sheets.csv', 'mql_threshold', 'number',
        rule_column=none) }}
    union all
    {{ seed_value_problems('score_sheets', 'score_sheets.csv', 'window_days', 'whole number',
        positive=true, rule_column=none, blank='no window') }}
    union all
    {{ seed_value_problems('score_sheets', 'score_sheets.csv', 'is_primary', 'boolean',
        rule_column=none) }}
    union all
    {{ seed_value_problems('behavior_rules', 'behavior_rules.csv', 'max_per_day',
        'whole number', positive=true, blank='no daily limit') }}
    union all
    {{ seed_value_problems('behavior_rules', 'behavior_rules.csv', 'max_points', 'number',
        positive=true, blank='no cap') }}
    union all
    {{ seed_value_problems('behavior_rules', 'behavior_rules.csv', 'half_life_days', 'number',
        positive=true, blank='no decay') }}
    union all
    {{ seed_value_problems('profile_rules', 'profile_rules.csv', 'min_value', 'number') }}
    union all
    {{ seed_value_problems('profile_rules', 'profile_rules.csv', 'max_value', 'number') }}
    union all
    {{ seed_value_problems('score_groups', 'score_groups.csv', 'max_points', 'number',
        positive=true, rule_column='group_id', blank='no cap') }}
    union all
    {{ seed_value_problems('score_bands', 'score_bands.csv', 'min_score', 'number',
        rule_column='band') }}
    union all
    {{ seed_value_problems('bot_rules', 'bot_rules.csv', 'max_events', 'whole number',
        sheet_column=none) }}
    union all
    {{ seed_value_problems('bot_rules', 'bot_rules.csv', 'within_seconds', 'whole number',
        sheet_column=none) }}
    union all
    {{ seed_value_problems('seniority_keywords', 'seniority_keywords.csv', 'priority',
        'whole number', sheet_column=none, rule_column='keyword') }}

),

final as (

    select * from sheet_problems
    union all
    select * from reference_problems
    union all
    select * from behavior_rule_problems
    union all
    select * from bot_rule_problems
    union all
    select * from profile_rule_problems
    union all
    select * from band_problems
    union all
    select * from value_problems

)

select * from final
