-- The buying groups as they count (contract §10): one row per role of a sheet, in file order,
-- with the seniorities it takes (null: anyone) and the engaged persons it needs.
with

roles as (

    select * from {{ ref('stg_seeds__buying_groups') }}

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(role as {{ dbt.type_string() }}) as role,
        cast(role_order as integer) as role_order,
        cast(seniorities as {{ dbt.type_string() }}) as seniorities,
        cast(min_engaged as integer) as min_engaged

    from roles

)

select * from final
