-- The client's own id for a request (the body's request_id, as sent), beside the gateway's request_id (the
-- x-request-id header, else that body id, else a generated time-ordered id). NULL when the client gave none.
ALTER TABLE usage_records ADD COLUMN client_request_id TEXT;
