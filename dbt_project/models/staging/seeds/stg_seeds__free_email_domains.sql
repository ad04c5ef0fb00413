-- Free e-mail providers: an address there is not a corporate one.
with

source as (

    select * from {{ ref('free_email_domains') }}

),

final as (

    select distinct
        {{ normalize_text('domain') }} as domain

    from source
    where {{ normalize_text('domain') }} is not null

)

select * from final
