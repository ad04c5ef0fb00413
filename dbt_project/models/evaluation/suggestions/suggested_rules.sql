-- The points `leadscore suggest` fitted for a sheet's rules (docs/evaluation.md), as it last
-- wrote them; empty until it has run.
{%- set written = source('suggestions', 'suggested_points') %}
{%- set exists = adapter.get_relation(
    database=written.database, schema=written.schema, identifier=written.identifier)
    if execute else none %}
{%- set nothing_yet -%}
    select
        null as sheet_id, null as rule_kind, null as rule_id, null as current_points,
        null as suggested_points, null as coefficient, null as support,
        null as suggested_sheet_id
    where 1 = 0
{%- endset %}
with

suggested as (

    {{ 'select * from ' ~ written if exists is not none else nothing_yet }}

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(rule_kind as {{ dbt.type_string() }}) as rule_kind,
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(current_points as {{ type_double() }}) as current_points,
        cast(suggested_points as {{ type_double() }}) as suggested_points,
        cast(coefficient as {{ type_double() }}) as coefficient,
        cast(support as bigint) as support,
        cast(suggested_sheet_id as {{ dbt.type_string() }}) as suggested_sheet_id

    from suggested

)

select * from final
