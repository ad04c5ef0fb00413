-- Per lead, activity date and content category: how many activities' URLs matched it.
with

activities as (

    select * from {{ ref('stg_raw__activities') }}

),

content_categories as (

    select * from {{ ref('stg_seeds__content_categories') }}

),

final as (

    select
        activities.lead_id,
        activities.activity_date,
        content_categories.category,
        content_categories.funnel_stage,
        content_categories.funnel_stage_rank,
        count(*) as matches

    from activities
    inner join content_categories
        on {{ like_ci('activities.url', 'content_categories.url_pattern') }}
    group by
        activities.lead_id,
        activities.activity_date,
        content_categories.category,
        content_categories.funnel_stage,
        content_categories.funnel_stage_rank

)

select * from final
