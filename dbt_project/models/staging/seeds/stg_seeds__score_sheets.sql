-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Scoring sheets, checked by stg_seeds__sheet_errors, their settings read as numbers.
-- Blank weights count as 0; a blank window is no window; a blank is_primary is false; a
-- blank mqa_threshold (or a file without the column) is no account qualification.
with

source as (

    select
        *,
        {{ optional_text_column(ref('score_sheets'), 'mqa_threshold') }} as mqa_threshold_text
    from {{ ref('score_sheets') }}

),

final as (

    select
        sheet_id,
        description,
        coalesce({{ text_number('behavior_weight') }}, 0) as behavior_weight,
        coalesce({{ text_number('profile_weight') }}, 0) as profile_weight,
        {{ text_whole_number('window_days') }} as window_days,
        cast({{ text_number('mql_threshold') }} as decimal(18, 2)) as mql_threshold,
        cast({{ text_number('mqa_threshold_text') }} as decimal(18, 2)) as mqa_threshold,
        coalesce({{ text_boolean('is_primary') }}, false) as is_primary

    from source

)

select * from final
