{{ config(materialized='ephemeral') }}

-- Problems of stg_seeds__sheet_errors with groups and bands: repeated groups, unknown scales,
-- unnamed or repeated bands, shared min_scores, and a scale without exactly one floor band.
with

score_sheets as (

    select * from {{ ref('score_sheets') }}

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

final as (

    select * from band_problems

)

select * from final
