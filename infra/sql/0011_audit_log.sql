-- The audit log: append-only, one row per recorded action, kept apart per tenant by row-level security (forced, so it
-- binds the table's owner, which is the role Sophia runs as). Reading and inserting are bound to sophia.tenant; detail is
-- json, not jsonb, so it reads back exactly as written.
CREATE TABLE IF NOT EXISTS audit_entries (
    tenant_id      text        NOT NULL,
    id             text        NOT NULL,
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    action         text        NOT NULL,
    target         text,
    detail         json,
    outcome        text        NOT NULL,
    client_address text,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX IF NOT EXISTS audit_entries_by_time ON audit_entries (at);

ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_entries FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS audit_entries_read ON audit_entries;
DROP POLICY IF EXISTS audit_entries_append ON audit_entries;
DROP POLICY IF EXISTS audit_entries_prune ON audit_entries;
CREATE POLICY audit_entries_read ON audit_entries FOR SELECT
    USING (tenant_id = current_setting('sophia.tenant', true));
CREATE POLICY audit_entries_append ON audit_entries FOR INSERT
    WITH CHECK (tenant_id = current_setting('sophia.tenant', true));
-- No policy allows UPDATE. DELETE reaches only rows older than the cutoff sophia_prune_audit sets for its own transaction.
CREATE POLICY audit_entries_prune ON audit_entries FOR DELETE
    USING (at < NULLIF(current_setting('sophia.audit_prune_before', true), '')::timestamptz);

-- Sophia runs as the table's owner, whom grants cannot stop, so a trigger refuses every UPDATE, TRUNCATE and any DELETE
-- outside retention; retention passes by naming a cutoff at least a day old, so no path can erase what just happened.
CREATE OR REPLACE FUNCTION sophia_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND NULLIF(current_setting('sophia.audit_prune_before', true), '')::timestamptz <= now() - interval '1 day' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION sophia_audit_refuse_change();

-- Retention's one way in: deletes every tenant's rows older than the cutoff. SECURITY DEFINER, so a deployment that
-- connects as a role without DELETE on the table (only SELECT, INSERT and EXECUTE) still prunes.
CREATE OR REPLACE FUNCTION sophia_prune_audit(before timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    pruned bigint;
BEGIN
    IF before > now() - interval '1 day' THEN
        RAISE EXCEPTION 'audit retention keeps at least a day: cutoff % is too recent', before USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM set_config('sophia.audit_prune_before', before::text, true);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls)) THEN
        -- Row-level security does not bind this role, so the cutoff is spelled out.
        DELETE FROM audit_entries WHERE at < before;
    ELSE
        -- No WHERE clause: the prune policy alone picks the rows, so the per-tenant read policy does not narrow them.
        DELETE FROM audit_entries;
    END IF;
    GET DIAGNOSTICS pruned = ROW_COUNT;
    PERFORM set_config('sophia.audit_prune_before', '', true);
    RETURN pruned;
END
$$;
