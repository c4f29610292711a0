-- Optimistic-lock version of an agent: bumped on every change (JPA @Version), so a concurrent
-- PATCH cannot silently overwrite another, and a rendered agent can be cached per version.
alter table agents add column version bigint not null default 1;
