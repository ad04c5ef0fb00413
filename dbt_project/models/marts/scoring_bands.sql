-- The bands of every sheet and scale (tier, grade, engagement) with the score each starts at
-- (null: the floor band) and its rank from the bottom, for BI legends and `leadscore explain`.
with

bands as (

    select * from {{ ref('int_score_bands_ranged') }}

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(scale as {{ dbt.type_string() }}) as scale,
        cast(band as {{ dbt.type_string() }}) as band,
        cast(lower_bound as decimal(18, 2)) as min_score,
        band_rank

    from bands

)

select * from final
