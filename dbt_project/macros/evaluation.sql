{#- conversion_window_days (var, default 90) as a whole number of days. -#}
{% macro conversion_window_days() -%}
    {%- set text = var('conversion_window_days', 90) | string | trim -%}
    {%- if not modules.re.match('^[0-9]+$', text) or (text | int) < 1 -%}
        {{ exceptions.raise_compiler_error(
            "var conversion_window_days must be a whole number of days (1 or more), got '"
            ~ text ~ "'") }}
    {%- endif -%}
    {{ text | int }}
{%- endmacro %}

{#- Var evaluate_every_days as a whole number, '' when blank; it needs evaluate_from. -#}
{% macro evaluate_every_days() -%}
    {%- set text = run_var('evaluate_every_days', '') | string | trim -%}
    {%- if text not in ('', 'None') -%}
        {%- if not modules.re.match('^[0-9]+$', text) or (text | int) < 1
            or not (date_var_string('evaluate_from') | trim) -%}
            {{ exceptions.raise_compiler_error(
                "var evaluate_every_days must be a whole number of days (1 or more) and needs "
                ~ "evaluate_from, got '" ~ text ~ "'") }}
        {%- endif -%}
        {{ text | int }}
    {%- endif -%}
{%- endmacro %}

{#- Whether a scored date is evaluated as of the score date D: its conversion window has
    closed by D, and it is within vars evaluate_from / evaluate_to (blank: unbounded), every
    evaluate_every_days-th day from evaluate_from (blank: every date). -#}
{% macro is_evaluated_date(date_column) -%}
    {%- set from_date = date_var_string('evaluate_from') | trim -%}
    {%- set to_date = date_var_string('evaluate_to') | trim -%}
    {%- set every = evaluate_every_days() | trim -%}
    ({{ dbt.datediff(date_column, score_date(), 'day') }} >= {{ conversion_window_days() }}
    {%- if from_date %}
        and {{ date_column }} >= cast('{{ from_date }}' as date)
    {%- endif %}
    {%- if to_date %}
        and {{ date_column }} <= cast('{{ to_date }}' as date)
    {%- endif %}
    {%- if every %}
        and {{ dbt.datediff("cast('" ~ from_date ~ "' as date)", date_column, 'day') }}
            % {{ every }} = 0
    {%- endif %})
{%- endmacro %}

{#- Whether a lead whose first opportunity opened on `first_opportunity_on` converted within
    conversion_window_days after `on_date` (false when it has none). -#}
{% macro converted_within_window(on_date, first_opportunity_on) -%}
    coalesce(
        {{ dbt.datediff(on_date, first_opportunity_on, 'day') }} <= {{ conversion_window_days() }},
        false
    )
{%- endmacro %}

{#- A ratio as a double, null when the denominator is 0. -#}
{% macro ratio(numerator, denominator) -%}
    cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}

{#- The vars that choose and evaluate the dates, as one text: outcomes evaluated with other
    ones are evaluated again (eval_outcome_plan). -#}
{% macro evaluation_settings() -%}
    conversion_window_days={{ conversion_window_days() | trim }}
    {{- ' evaluate_from=' ~ (date_var_string('evaluate_from') | trim) -}}
    {{- ' evaluate_to=' ~ (date_var_string('evaluate_to') | trim) -}}
    {{- ' evaluate_every_days=' ~ (evaluate_every_days() | trim) -}}
{%- endmacro %}

{#- The config of the evaluation models kept per evaluated date (score_outcomes,
    eval_outcome_counts): a run deletes the dates eval_outcome_plan does not keep and appends
    those it evaluates. Use: config(**evaluated_dates_config()). -#}
{% macro evaluated_dates_config() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'partition_by': date_partitions('score_date'),
        'pre_hook': "{{ delete_reloaded_rows(
            \"score_date not in (select score_date from \" ~ ref('eval_outcome_plan')
            ~ \" where action = 'keep')\") }}",
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#- Whether eval_outcome_totals_updated carries the last run's totals: not a full refresh, they
    hold exactly the dates the evaluation log holds (as many, the same last one), and this run
    drops no date and evaluates only dates after them. Asked when the model runs, of tables
    the run has written or kept (never a seed value). -#}
{% macro outcome_totals_carried() -%}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return(false) }}{%- endif -%}
    {%- set totals = source('evaluation_state', 'eval_outcome_totals') -%}
    {%- set log = source('evaluation_state', 'eval_outcome_dates_evaluated') -%}
    {%- for relation in [totals, log] -%}
        {%- if adapter.get_relation(database=relation.database, schema=relation.schema,
                identifier=relation.identifier) is none -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set check -%}
        with

        held as (
            select
                max(through_date) as through_date,
                coalesce(max(evaluated_dates), 0) as evaluated_dates
            from {{ totals }}
        ),

        logged as (
            select
                max(score_date) as through_date,
                count(*) as evaluated_dates
            from {{ log }}
        ),

        not_after as (
            select count(*) as dates
            from {{ ref('eval_outcome_plan') }} as plan
            cross join held
            where
                plan.action = 'drop'
                or (plan.action = 'evaluate' and plan.score_date <= held.through_date)
        )

        select count(*)
        from held
        cross join logged
        cross join not_after
        where
            held.evaluated_dates = logged.evaluated_dates
            and {{ equal_or_both_null('held.through_date', 'logged.through_date') }}
            and not_after.dates = 0
    {%- endset -%}
    {{ return(run_query(check).columns[0].values()[0] | int == 1) }}
{%- endmacro %}

{#- ROC AUC's numerator by Mann-Whitney, per group of `partition_by` (a list of columns):
    `score_counts` has those columns, total_score, positives and negatives (converted and
    unconverted lead-dates at that score); a converted lead-date beats every unconverted one
    scored lower and half of those scored the same. AUC = wins / (positives x negatives). -#}
{% macro auc_wins(score_counts, partition_by) -%}
    select
        {{ partition_by | join(', ') }},
        sum(wins) as wins
    from (
        select
            {{ partition_by | join(', ') }},
            positives * (
                sum(negatives)
                    over (
                        partition by {{ partition_by | join(', ') }} order by total_score
                        rows between unbounded preceding and current row
                    )
                - 0.5 * negatives
            ) as wins
        from {{ score_counts }}
    ) as ranked
    group by {{ partition_by | join(', ') }}
{%- endmacro %}

