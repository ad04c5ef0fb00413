{#- The running decayed sums of behaviour rules (docs/incremental.md, "Decayed sums"). Decay is
    exponential, so a rule's decayed points on D are
        points x 0.5 ^ ((D - anchor) / h) x sum(occurrences x 2 ^ ((d - anchor) / h))
    for any anchor day: the sum does not depend on D, a day is added or taken out of it on its
    own, and only its factor moves with the score date. Each day's term is rounded to 12
    decimals as a fixed-point number, so adding and taking out are exact and a sum carried from
    day to day equals one summed afresh. The anchor moves every 32 half-lives (the terms stay
    below 2^32 x occurrences); on the day it moves, the rule's sums are summed afresh. Days are
    counted from 2000-01-01. -#}

{% macro epoch_day(date_expression) -%}
    {{ dbt.datediff("cast('2000-01-01' as date)", date_expression, 'day') }}
{%- endmacro %}

{#- The anchor day of a rule on `day`; none without a half-life (no decay: the sum is the
    occurrences). -#}
{% macro decay_anchor_day(day, half_life_days) -%}
    case
        when {{ half_life_days }} is null then null
        else {{ day }} - mod(
            {{ day }},
            greatest(1, cast(floor(32 * {{ half_life_days }}) as integer))
        )
    end
{%- endmacro %}

{#- A day's term: occurrences x 2 ^ ((day - anchor) / h), as the fixed-point number summed. -#}
{% macro decay_term(occurrences, day, anchor_day, half_life_days) -%}
    cast(
        case
            when {{ half_life_days }} is null then {{ occurrences }}
            else {{ occurrences }} * power(
                2.0,
                cast({{ day }} - {{ anchor_day }} as {{ type_double() }})
                / cast({{ half_life_days }} as {{ type_double() }})
            )
        end as {{ decay_sum_type() }}
    )
{%- endmacro %}

{#- The points of a sum on `day`: points x sum x 0.5 ^ ((day - anchor) / h), uncapped. -#}
{% macro decayed_points(points, decay_sum, day, anchor_day, half_life_days) -%}
    {{ points }} * cast({{ decay_sum }} as {{ type_double() }}) * case
        when {{ half_life_days }} is null then 1
        else power(
            0.5,
            cast({{ day }} - {{ anchor_day }} as {{ type_double() }})
            / cast({{ half_life_days }} as {{ type_double() }})
        )
    end
{%- endmacro %}

{#- 18 integer digits: 2^32 x the occurrences of a window, with room to spare; a sum of two
    stays within 38 digits, so no engine drops a decimal. -#}
{% macro decay_sum_type() -%} decimal(30, 12) {%- endmacro %}

{#- Day `day` is in a window of `window_days` ending on `end_day`: not after it, and (no window
    or) fewer than `window_days` days before it. -#}
{% macro in_day_window(day, end_day, window_days) -%}
    ({{ day }} <= {{ end_day }}
        and ({{ window_days }} is null or {{ day }} > {{ end_day }} - {{ window_days }}))
{%- endmacro %}

{#- The columns of int_behavior_rule_sums, as the next run reads them; a first run reads none. -#}
{% macro rule_sums_columns() -%}
    {{ return([
        'sheet_id', 'rule_id', 'lead_id', 'matcher_id', 'half_life_days', 'window_days',
        'anchor_day', 'sums_day', 'consumed_load_id', 'occurrences', 'decay_sum',
        'first_activity_at', 'last_activity_at', 'first_activity_day', 'last_activity_day',
    ]) }}
{%- endmacro %}

{% macro no_rule_sums() -%}
    select
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as bigint) as matcher_id,
        cast(null as decimal(18, 4)) as half_life_days,
        cast(null as integer) as window_days,
        cast(null as integer) as anchor_day,
        cast(null as integer) as sums_day,
        cast(null as bigint) as consumed_load_id,
        cast(null as bigint) as occurrences,
        cast(null as {{ decay_sum_type() }}) as decay_sum,
        cast(null as {{ dbt.type_timestamp() }}) as first_activity_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_activity_at,
        cast(null as integer) as first_activity_day,
        cast(null as integer) as last_activity_day
    where 1 = 0
{%- endmacro %}

{#- The last load of replaced daily aggregates the sums have taken in, as a literal (a number
    the run counted, never a seed value); none before the sums exist. -#}
{% macro rule_sums_consumed_load_id() -%}
    {%- set sums = source('scoring_state', 'int_behavior_rule_sums') -%}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return(none) }}{%- endif -%}
    {%- set found = adapter.get_relation(
        database=sums.database, schema=sums.schema, identifier=sums.identifier) -%}
    {%- if found is none -%}{{ return(none) }}{%- endif -%}
    {%- set value = run_query(
        'select max(consumed_load_id) from ' ~ sums ~ ' where lead_id is null'
    ).columns[0].values()[0] -%}
    {{ return(none if value is none else value | int) }}
{%- endmacro %}

{% macro equal_or_both_null(left, right) -%}
    ({{ left }} = {{ right }} or ({{ left }} is null and {{ right }} is null))
{%- endmacro %}

{#- Pre-hook of int_behavior_rule_sums: the rule rows, the regrouped leads, and the leads' rows
    that changed. -#}
{% macro rule_sums_replaced() -%}
    {%- set changed = ref('int_behavior_sums_changed') -%}
    lead_id is null or sheet_id is null or exists (
        select 1 from {{ changed }} as changed
        where
            changed.lead_id = {{ this.identifier }}.lead_id
            and changed.rule_id = {{ this.identifier }}.rule_id
            and changed.sheet_id = {{ this.identifier }}.sheet_id
    )
{%- endmacro %}

{#- In int_behavior_points_by_rule: fail, rather than score no behaviour, when the running sums
    were last moved to a date other than the score date (a selection that rebuilt the points but
    not the sums). -#}
{% macro raise_unless_sums_on(score_day) -%}
    {%- set sums = ref('int_behavior_rule_sums') -%}
    {%- if not execute or sums.schema is none or flags.WHICH not in ['run', 'build'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = adapter.get_relation(
        database=sums.database, schema=sums.schema, identifier=sums.identifier) -%}
    {%- if found is none -%}{{ return('') }}{%- endif -%}
    {%- set other_days = run_query(
        'select distinct sums_day from ' ~ sums
        ~ ' where lead_id is null and sums_day <> ' ~ score_day
    ).columns[0].values() -%}
    {%- if other_days -%}
        {%- set epoch = modules.datetime.date(2000, 1, 1) -%}
        {{ exceptions.raise_compiler_error(
            "int_behavior_rule_sums holds the decayed sums of "
            ~ (epoch + modules.datetime.timedelta(days=other_days | max | int)).isoformat()
            ~ ", not of the score date " ~ score_date_string()
            ~ ": the points of a date are read from the sums moved to it. Select the sums with "
            ~ "the points, e.g. dbt run --select int_behavior_sums_changed+ ") }}
    {%- endif -%}
{%- endmacro %}

{#- The sheet id under which the running sums keep the interests (int_running_sum_rules): not a
    sheet, so no sheet's rules ever join its rows. -#}
{% macro interest_sums_sheet_id() -%} ~interests {%- endmacro %}

{#- The rule id of a content category matcher's sums among the interests. -#}
{% macro interest_category_rule_id(matcher_id) -%}
    {{ dbt.concat(["'category:'", 'cast(' ~ matcher_id ~ ' as ' ~ dbt.type_string() ~ ')']) }}
{%- endmacro %}
