{#- A run for D rewrites the events of D and later dates, as the timeline does. -#}
{{ config(**timeline_feed('qualified_on')) }}

-- The dates on which a lead became an MQL on a sheet: is_mql is true and was false, or the
-- lead was not scored, on its previous scored date in history.
with

timeline as (

    select * from {{ ref('lead_score_timeline') }}
    {% if is_incremental() -%}
        where score_date >= {{ first_score_date() }}
    {%- endif %}

),

final as (

    select
        sheet_id,
        lead_id,
        score_date as qualified_on,
        total_score,
        previous_total_score

    from timeline
    where is_scored and is_mql and not coalesce(previous_is_mql, false)

)

select * from final
