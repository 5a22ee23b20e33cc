-- Changes to the model registry made through the admin API: one model entry per model (the fields it
-- changes, as in the config file's 'models' section, as JSON), laid over the built-in catalog and the config
-- file. Every instance reads them at start and again when updated_at moves.
CREATE TABLE registry_changes (
    model_id    TEXT PRIMARY KEY,
    entry       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
