{{ config(materialized='ephemeral') }}

-- Problems of stg_seeds__sheet_errors with single values: numbers, whole numbers and booleans
-- that do not read as one, and settings that must be positive (a zero half-life divides by
-- zero; a negative cap flips the sign of the points).
{%- set mqa_thresholds -%}
    (
        select
            sheet_id,
            {{ optional_text_column(ref('score_sheets'), 'mqa_threshold') }} as mqa_threshold
        from {{ ref('score_sheets') }}
    ) as score_sheets_mqa
{%- endset %}
with

final as (

    {{ seed_value_problems(ref('score_sheets'), 'score_sheets.csv', 'behavior_weight', 'number',
        rule_column=none) }}
    union all
    {{ seed_value_problems(ref('score_sheets'), 'score_sheets.csv', 'profile_weight', 'number',
        rule_column=none) }}
    union all
    {{ seed_value_problems(ref('score_sheets'), 'score_sheets.csv', 'mql_threshold', 'number',
        rule_column=none) }}
    union all
    {{ seed_value_problems(mqa_thresholds, 'score_sheets.csv', 'mqa_threshold', 'number',
        rule_column=none) }}
    union all
    {{ seed_value_problems(ref('score_sheets'), 'score_sheets.csv', 'window_days', 'whole number',
        positive=true, rule_column=none, blank='no window') }}
    union all
    {{ seed_value_problems(ref('score_sheets'), 'score_sheets.csv', 'is_primary', 'boolean',
        rule_column=none) }}
    union all
    {{ seed_value_problems(ref('behavior_rules'), 'behavior_rules.csv', 'max_per_day',
        'whole number', positive=true, blank='no daily limit') }}
    union all
    {{ seed_value_problems(ref('behavior_rules'), 'behavior_rules.csv', 'max_points', 'number',
        positive=true, blank='no cap') }}
    union all
    {{ seed_value_problems(ref('behavior_rules'), 'behavior_rules.csv', 'half_life_days', 'number',
        positive=true, blank='no decay') }}
    union all
    {{ seed_value_problems(ref('profile_rules'), 'profile_rules.csv', 'min_value', 'number') }}
    union all
    {{ seed_value_problems(ref('profile_rules'), 'profile_rules.csv', 'max_value', 'number') }}
    union all
    {{ seed_value_problems(ref('score_groups'), 'score_groups.csv', 'max_points', 'number',
        positive=true, rule_column='group_id', blank='no cap') }}
    union all
    {{ seed_value_problems(ref('buying_groups'), 'buying_groups.csv', 'min_engaged',
        'whole number', positive=true, rule_column='role', blank='1') }}
    union all
    {{ seed_value_problems(ref('score_bands'), 'score_bands.csv', 'min_score', 'number',
        rule_column='band') }}
    union all
    {{ seed_value_problems(ref('bot_rules'), 'bot_rules.csv', 'max_events', 'whole number',
        sheet_column=none) }}
    union all
    {{ seed_value_problems(ref('bot_rules'), 'bot_rules.csv', 'within_seconds', 'whole number',
        sheet_column=none) }}
    union all
    {{ seed_value_problems(ref('seniority_keywords'), 'seniority_keywords.csv', 'priority',
        'whole number', sheet_column=none, rule_column='keyword') }}

)

select * from final
