-- Accepted CRM merges: a known lead merged into another known lead, outside any cycle. A merge
-- that would close a cycle is rejected (merge_cycle: every merge of the cycle, whatever its
-- length; a merge that leads into a cycle from outside it is kept).
with

base as (

    select * from {{ ref('base_raw__lead_merges') }}
    where rejection_reason is null

),

chains as (

    select * from {{ ref('base_raw__lead_merge_chains') }}

),

-- where every walk ends after its last jump: the end of its chain, or a lead on a cycle (the
-- jumps went at least as far as there are merges); every lead of a cycle is such an end
walk_ends as (

    select distinct chains.target_id as lead_id
    from chains
    where chains.level = (select max(levels.level) from chains as levels)

),

-- the ends that are merged themselves: their chain goes on, so they are on a cycle
cycle_leads as (

    select walk_ends.lead_id
    from walk_ends
    inner join base
        on walk_ends.lead_id = base.merged_lead_id

),

final as (

    select
        base.merged_lead_id,
        base.surviving_lead_id,
        base.merged_at

    from base
    left join cycle_leads
        on base.merged_lead_id = cycle_leads.lead_id
    where cycle_leads.lead_id is null

)

select * from final
