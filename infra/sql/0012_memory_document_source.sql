-- A synced document keeps the provider's record it copies (URL, object type, modified time), shown with its passages.
ALTER TABLE memory_documents ADD COLUMN IF NOT EXISTS source json;
