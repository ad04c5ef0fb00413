-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Tier, grade and engagement bands; a blank min_score marks the floor band.
with

source as (

    select * from {{ ref('score_bands') }}

),

final as (

    select
        sheet_id,
        {{ normalize_text('scale') }} as scale,
        band,
        cast({{ text_number('min_score') }} as decimal(18, 2)) as min_score

    from source

)

select * from final
