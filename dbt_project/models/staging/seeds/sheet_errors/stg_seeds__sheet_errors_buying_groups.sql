{{ config(materialized='ephemeral') }}

-- Problems of stg_seeds__sheet_errors with the buying groups (contract §10): a role of an unknown
-- sheet, a missing or repeated role within a sheet, and a seniority that seniority_keywords.csv
-- never gives (it would match nobody). min_engaged is checked with the other values.
with

buying_groups as (

    select
        sheet_id,
        role,
        seniority,
        {{ normalize_text('role') }} as normalized_role

    from {{ ref('buying_groups') }}

),

score_sheets as (

    select sheet_id from {{ ref('score_sheets') }}

),

seniorities as (

    select distinct {{ normalize_text('seniority') }} as seniority
    from {{ ref('seniority_keywords') }}

),

seniorities_named as (

    select
        sheet_id,
        role,
        {{ normalize_text('seniority_name') }} as seniority
    from (
        select
            sheet_id,
            role,
            {{ split_to_rows('lower(seniority)', '|') }} as seniority_name
        from buying_groups
        where not {{ is_blank('seniority') }}
    ) as split_seniorities

),

final as (

    select
        'buying_groups.csv' as seed_file,
        buying_groups.sheet_id,
        buying_groups.role as rule_id,
        'unknown sheet_id: not in score_sheets.csv' as problem
    from buying_groups
    left join score_sheets
        on buying_groups.sheet_id = score_sheets.sheet_id
    where score_sheets.sheet_id is null

    union all

    select
        'buying_groups.csv' as seed_file,
        sheet_id,
        role as rule_id,
        'missing role' as problem
    from buying_groups
    where normalized_role is null

    union all

    select
        'buying_groups.csv' as seed_file,
        sheet_id,
        min(role) as rule_id,
        'role is repeated: each role of a sheet is one row' as problem
    from buying_groups
    where normalized_role is not null
    group by sheet_id, normalized_role
    having count(*) > 1

    union all

    select
        'buying_groups.csv' as seed_file,
        seniorities_named.sheet_id,
        seniorities_named.role as rule_id,
        'seniority ''' || seniorities_named.seniority
        || ''' is not a seniority of seniority_keywords.csv: it would match nobody' as problem
    from seniorities_named
    left join seniorities
        on seniorities_named.seniority = seniorities.seniority
    where seniorities_named.seniority is not null and seniorities.seniority is null

)

select * from final
