-- A counter bumped by every write to registry_changes (in the same transaction), which instances poll to
-- learn that the changes moved: unlike a row count and latest timestamp it cannot miss two writes in one
-- millisecond or a delete and an add that cancel out. Its single row is also the lock that serialises
-- admin edits across instances.
CREATE TABLE registry_changes_version (
    id       INTEGER PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO registry_changes_version (id, version) VALUES (1, 0);
