{#- A table: as a view, its text (the ephemeral checks inlined) is longer than Spark's local
    metastore keeps (32,700 characters). -#}
{{ config(materialized='table', post_hook="{{ raise_on_sheet_errors(this) }}") }}

-- One row per problem in the scoring sheets. The post-hook fails the build when any exist,
-- naming the file, sheet and rule; every scoring model depends on this check.
-- Seed values are compared here as data: none is ever rendered into SQL text.
-- The problems are found by concern in sheet_errors/: the sheets and references to them,
-- the rules, the attributes they name, buying groups, groups and bands, and single values.
with

final as (

    select * from {{ ref('stg_seeds__sheet_errors_references') }}
    union all
    select * from {{ ref('stg_seeds__sheet_errors_rules') }}
    union all
    select * from {{ ref('stg_seeds__sheet_errors_attributes') }}
    union all
    select * from {{ ref('stg_seeds__sheet_errors_buying_groups') }}
    union all
    select * from {{ ref('stg_seeds__sheet_errors_bands') }}
    union all
    select * from {{ ref('stg_seeds__sheet_errors_values') }}

)

select * from final
