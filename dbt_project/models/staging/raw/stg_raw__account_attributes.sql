-- Accepted account attributes (contract §10): one row per value and updated_at, the attribute's
-- name lower-cased and trimmed as attributes.csv declares it; the value as given (its data type
-- reads it, in int_profile_attribute_values).
with

base as (

    select * from {{ ref('base_raw__account_attributes') }}
    where rejection_reason is null

),

final as (

    select
        account_id,
        {{ normalize_text('attribute') }} as attribute,
        value,
        updated_at

    from base

)

select * from final
