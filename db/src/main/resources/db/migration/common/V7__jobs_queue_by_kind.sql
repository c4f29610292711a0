-- Every claim asks for one kind's due jobs; with the kind in the queue index, a claim for tasks
-- no longer walks past thousands of queued webhook deliveries (or the other way round).
drop index jobs_queue;
create index jobs_queue on jobs (state, kind, priority desc, run_at);
