-- URL patterns that place a page in a content category and a funnel stage.
with

source as (

    select * from {{ ref('content_categories') }}

),

final as (

    select
        nullif(trim(url_pattern), '') as url_pattern,
        {{ normalize_text('category') }} as category,
        {{ normalize_text('funnel_stage') }} as funnel_stage,
        case {{ normalize_text('funnel_stage') }}
            when 'awareness' then 1
            when 'consideration' then 2
            when 'decision' then 3
        end as funnel_stage_rank

    from source
    where nullif(trim(url_pattern), '') is not null

)

select * from final
