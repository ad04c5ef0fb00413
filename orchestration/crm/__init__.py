"""The CRM sync (contract §7): the primary sheet's score fields, from marts.lead_profiles, pushed to
HubSpot contacts or Salesforce leads in batches, for the leads whose fields changed since they
were last sent."""
