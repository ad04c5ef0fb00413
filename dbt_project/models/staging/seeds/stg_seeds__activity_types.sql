-- The accepted activity types, normalised as activities are.
with

source as (

    select * from {{ ref('activity_types') }}

),

final as (

    select distinct
        {{ normalize_text('activity_type') }} as activity_type

    from source
    where {{ normalize_text('activity_type') }} is not null

)

select * from final
