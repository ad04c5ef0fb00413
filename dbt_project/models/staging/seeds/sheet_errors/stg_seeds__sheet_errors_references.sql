{{ config(materialized='ephemeral') }}

-- Problems of stg_seeds__sheet_errors with the sheets themselves and what refers to them:
-- repeated sheets, the one primary sheet, unknown sheet ids, rule ids missing or repeated
-- within a sheet, and points that are not numbers.
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

final as (

    select * from sheet_problems
    union all
    select * from reference_problems

)

select * from final
