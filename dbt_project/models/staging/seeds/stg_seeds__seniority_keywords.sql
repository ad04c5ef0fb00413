-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Job-title keywords and the seniority they imply; the lowest priority wins.
with

source as (

    select * from {{ ref('seniority_keywords') }}

),

final as (

    select
        {{ normalize_text('keyword') }} as keyword,
        {{ normalize_text('seniority') }} as seniority,
        {{ text_whole_number('priority') }} as priority

    from source
    where {{ normalize_text('keyword') }} is not null

)

select * from final
