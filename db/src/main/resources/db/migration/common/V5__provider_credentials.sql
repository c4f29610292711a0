-- An organization's own endpoint and key for an LLM provider, used instead of the server's. The
-- key is sealed with the server's secrets key (AES-256-GCM, bound to the organization and
-- provider): "<format>.<key id>.<base64 nonce + ciphertext>". Only its last four characters are
-- kept in the clear, to tell keys apart.
create table provider_credentials (
    organization_id uuid           not null references organizations (id) on delete cascade,
    provider        varchar(30)    not null check (provider in ('openai', 'anthropic', 'ollama', 'openai_compatible')),
    base_url        varchar(2000),
    api_key_sealed  varchar(4000),
    api_key_hint    varchar(4),
    created_at      ${timestamptz} not null,
    updated_at      ${timestamptz} not null,
    primary key (organization_id, provider)
);
