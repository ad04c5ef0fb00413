-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Every attribute profile rules may name: the built-in ones, and the custom ones declared in
-- attributes.csv (contract §10), names, levels and data types lower-cased and trimmed.
with

final as (

    {{ profile_attribute_catalog() }}

)

select * from final
