-- The Orleans ADO.NET providers load their statements by key from this table at start.
-- The providers query it unquoted, so the name and columns fold to lower case like any unquoted identifier.
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
