{{ config(materialized='view') }}

-- Every profile attribute of every lead and account as one row: (entity, attribute, value).
-- A view: its one reader joins it to the rules at once, rather than writing it out first.
-- Leads carry all nine attributes (firmographics from their resolved account); accounts carry
-- the three firmographic ones, for the account fit score.
{%- set lead_text_attributes = [
    'job_title', 'seniority', 'country', 'lead_source', 'email_domain', 'email_domain_type',
    'industry'] %}
{%- set numeric_attributes = ['employee_count', 'annual_revenue'] %}
with

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

accounts as (

    select * from {{ ref('stg_raw__accounts') }}

),

lead_values as (

    {% for attribute in lead_text_attributes + numeric_attributes %}
        select
            'lead' as entity_type,
            lead_id as entity_id,
            '{{ attribute }}' as attribute,
            {% if attribute in numeric_attributes -%}
                cast(null as {{ dbt.type_string() }}) as text_value,
                cast({{ attribute }} as decimal(20, 2)) as numeric_value
            {%- else -%}
                {{ attribute }} as text_value,
                cast(null as decimal(20, 2)) as numeric_value
            {%- endif %}
        from leads
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

account_values as (

    select
        'account' as entity_type,
        account_id as entity_id,
        'industry' as attribute,
        industry as text_value,
        cast(null as decimal(20, 2)) as numeric_value
    from accounts
    {% for attribute in numeric_attributes %}
        union all
        select
            'account' as entity_type,
            account_id as entity_id,
            '{{ attribute }}' as attribute,
            cast(null as {{ dbt.type_string() }}) as text_value,
            cast({{ attribute }} as decimal(20, 2)) as numeric_value
        from accounts
    {% endfor %}

),

final as (

    select * from lead_values
    union all
    select * from account_values

)

select * from final
