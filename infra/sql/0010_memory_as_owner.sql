-- Memory statements run as the connecting role itself: FORCE ROW LEVEL SECURITY binds the tables' owner too, so no
-- extra role is needed (a managed PostgreSQL's database owner may not create one). Databases migrated before this had
-- 0008 create the role sophia_tenant with rights on the memory tables; those rights go, so old and new databases end
-- up alike. The role itself is left: roles belong to the whole server, and dropping one takes CREATEROLE.
ALTER TABLE memory_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE memory_documents FORCE ROW LEVEL SECURITY;
ALTER TABLE memory_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE memory_chunks FORCE ROW LEVEL SECURITY;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sophia_tenant') THEN
        REVOKE ALL ON memory_documents, memory_chunks FROM sophia_tenant;
    END IF;
END
$$;
