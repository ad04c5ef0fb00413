-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- The roles of each sheet's buying group in file order (role_order 1, 2, ...), trimmed, their
-- seniorities as 'a|b' and '|a|b|' (null: any person) and min_engaged as a number (blank: 1).
with

source as (

    select * from {{ ref('buying_groups') }}

),

seniorities as (

    select
        sheet_id,
        role,
        file_row,
        min_engaged,
        case
            when not {{ is_blank('seniority') }}
                then {{ regex_replace_all(normalize_text('seniority'), ' *[|] *', '|') }}
        end as seniorities

    from source

),

final as (

    select
        sheet_id,
        {{ trim_white_space('role') }} as role,
        row_number() over (partition by sheet_id order by file_row) as role_order,
        seniorities,
        -- as '|a|b|', so that membership is a substring test
        '|' || seniorities || '|' as seniority_list,
        coalesce({{ text_whole_number('min_engaged') }}, 1) as min_engaged

    from seniorities

)

select * from final
