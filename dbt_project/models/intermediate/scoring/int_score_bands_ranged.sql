-- Each band as a half-open score range [lower_bound, upper_bound): a score falls in the band
-- with the highest min_score <= score; the floor band (blank min_score) takes everything below.
-- band_rank orders the bands of a scale from the bottom (1: the floor band).
with

bands as (

    select * from {{ ref('stg_seeds__score_bands') }}

),

final as (

    select
        sheet_id,
        scale,
        band,
        min_score as lower_bound,
        -- typed like min_score: engines differ in the type a window function returns
        cast(case
            when min_score is null
                then min(min_score) over (partition by sheet_id, scale)
            else lead(min_score) over (
                    partition by sheet_id, scale
                    order by min_score nulls first
                )
        end as decimal(18, 2)) as upper_bound,
        cast(
            rank() over (partition by sheet_id, scale order by min_score nulls first) as integer
        ) as band_rank

    from bands

)

select * from final
