-- Ingestion runs as jobs of the work engine (io.agentry.jobs): the item's own lease, attempt
-- count, retry time and the index the old queue claimed from go.
drop index knowledge_items_work;
alter table knowledge_items drop column lease_owner;
alter table knowledge_items drop column lease_expires_at;
alter table knowledge_items drop column next_attempt_at;
alter table knowledge_items drop column attempts;
