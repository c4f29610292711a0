-- The ingestion queue's candidates query (io.agentry.knowledge.IngestionStore.candidates) runs
-- once per item a worker claims and on every sweep. Over (status, next_attempt_at) it was a
-- bitmap scan that also read the entries of every earlier version of a queued item (bitmap
-- scans never mark dead entries), then sorted: 6.7 ms with no item queued, after 10,000 items
-- had passed through. This partial index holds only queued and running items, in the order
-- they are taken: an ordered index scan that stops at the limit (0.02 ms).
create index knowledge_items_claimable on knowledge_items (created_at, id) where status in ('pending', 'processing');
drop index knowledge_items_work;
