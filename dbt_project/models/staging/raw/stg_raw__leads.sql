-- Accepted leads, text attributes normalised (lower-cased, trimmed, blank = missing); the e-mail
-- address null unless valid (macros/email_address.sql).
with

base as (

    select * from {{ ref('base_raw__leads') }}
    where rejection_reason is null

),

final as (

    select
        lead_id,
        {{ email_address('email') }} as email,
        {{ normalize_text('job_title') }} as job_title,
        {{ normalize_text('country') }} as country,
        account_id,
        {{ normalize_text('lead_source') }} as lead_source,
        created_at

    from base

)

select * from final
