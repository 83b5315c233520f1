-- Layered memory's L3: documents (facts are documents of kind 'fact') and their chunks, with full-text search.
-- Row-level security keyed on the per-connection setting sophia.tenant: a session without it sees and writes nothing.
-- FORCE binds the tables' owner too, so memory runs as the migrating owner itself (see 0010).
CREATE TABLE IF NOT EXISTS memory_documents (
    tenant_id    text        NOT NULL,
    scope        text        NOT NULL,
    id           text        NOT NULL,
    name         text        NOT NULL,
    kind         text        NOT NULL,
    content_type text        NOT NULL,
    body         text        NOT NULL,
    state        text        NOT NULL,
    chunk_count  integer     NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, scope, id)
);

CREATE TABLE IF NOT EXISTS memory_chunks (
    tenant_id   text     NOT NULL,
    scope       text     NOT NULL,
    id          text     NOT NULL,
    document_id text     NOT NULL,
    position    integer  NOT NULL,
    start_char  integer  NOT NULL,
    body        text     NOT NULL,
    search      tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
    PRIMARY KEY (tenant_id, scope, id),
    FOREIGN KEY (tenant_id, scope, document_id) REFERENCES memory_documents (tenant_id, scope, id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS memory_chunks_by_document ON memory_chunks (tenant_id, scope, document_id);
CREATE INDEX IF NOT EXISTS memory_chunks_search ON memory_chunks USING gin (search);

ALTER TABLE memory_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE memory_documents FORCE ROW LEVEL SECURITY;
ALTER TABLE memory_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE memory_chunks FORCE ROW LEVEL SECURITY;

-- Dropped first, so the file can run again (PostgreSQL has no CREATE POLICY IF NOT EXISTS).
DROP POLICY IF EXISTS memory_documents_tenant ON memory_documents;
DROP POLICY IF EXISTS memory_chunks_tenant ON memory_chunks;
CREATE POLICY memory_documents_tenant ON memory_documents
    USING (tenant_id = current_setting('sophia.tenant', true))
    WITH CHECK (tenant_id = current_setting('sophia.tenant', true));
CREATE POLICY memory_chunks_tenant ON memory_chunks
    USING (tenant_id = current_setting('sophia.tenant', true))
    WITH CHECK (tenant_id = current_setting('sophia.tenant', true));
