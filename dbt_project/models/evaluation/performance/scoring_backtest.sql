-- Built by `leadscore backtest` (tag `backtest`), not by the daily runs, so it keeps the last
-- backtest's comparison: one row per compared sheet over the evaluated dates (vars
-- evaluate_from, evaluate_to, evaluate_every_days; sheets in var backtest_sheets, blank: all).
{{ config(tags=['backtest']) }}

{%- set sheets = run_var('backtest_sheets', []) or [] -%}
{%- for sheet in sheets if "'" in sheet or "\\" in sheet -%}
    {{ exceptions.raise_compiler_error(
        "var backtest_sheets: sheet ids with quotes or backslashes cannot be compared, got "
        ~ sheet) }}
{%- endfor %}

with

sheet_evaluation as (

    select * from {{ ref('eval_sheet_evaluation') }}
    {%- if sheets %}
    where sheet_id in ({% for sheet in sheets %}'{{ sheet }}'{{ ", " if not loop.last }}{% endfor %})
    {%- endif %}

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(case when is_primary then 'champion' else 'challenger' end as {{ dbt.type_string() }})
            as role,
        mqls,
        mqls_per_week,
        mql_conversion_rate,
        roc_auc,
        precision_at_mql,
        recall_at_mql,
        leads,
        conversions,
        base_conversion_rate,
        score_dates,
        first_score_date,
        last_score_date,
        cast({{ evaluate_every_days() | trim or 'null' }} as integer) as every_days,
        {{ score_date() }} as evaluated_on

    from sheet_evaluation

)

select * from final
