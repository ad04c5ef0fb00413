"""MQL alerts: a durable queue and exactly-once delivery to a webhook and/or an outbox file."""
