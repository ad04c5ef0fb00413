-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Caps on the summed points of behaviour rules that share a group.
with

source as (

    select * from {{ ref('score_groups') }}

),

final as (

    select
        sheet_id,
        group_id,
        {{ text_number('max_points') }} as max_points,
        description

    from source

)

select * from final
