-- People removed from an organization. A JWT of the identity provider makes a first-time caller
-- a member (with the role its groups claim); one removed by an admin is not made a member again
-- that way (their session is refused) until an admin adds them back.
create table membership_removals (
    organization_id uuid           not null references organizations (id) on delete cascade,
    user_id         uuid           not null,
    removed_at      ${timestamptz} not null,
    primary key (organization_id, user_id)
);
