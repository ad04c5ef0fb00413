-- The leads accepted at the last successful load and gone from raw.leads since. Their
-- activities were loaded as accepted, and no date of theirs need have changed: the rejections
-- (int_activities_rejected) load all of their rows again, as unknown_lead. A lead that comes
-- back needs nothing: rejected_records judges the rejections against the current leads.
with

loaded_leads as (

    {{ load_state(
        'int_activity_leads_loaded',
        ['lead_id'],
        'select cast(null as ' ~ dbt.type_string() ~ ') as lead_id where 1 = 0'
    ) }}

),

current_leads as (

    select lead_id from {{ ref('stg_raw__leads') }}

),

final as (

    select lead_id from loaded_leads
    except
    select lead_id from current_leads

)

select * from final
