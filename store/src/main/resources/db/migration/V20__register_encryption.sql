-- Encryption at rest of the register's personal data, off until a key is configured (RegisterKeys). Numbered 20 so
-- that other branches' V4, V5… never take the same number (Flyway runs them out of order: Store.open).
-- With a key: household_version.document holds the whole document sealed (AES-256-GCM, "enc1:KEY_ID:…");
-- household_person keeps no name or number, only blind indexes (HMAC-SHA256 under a key derived from the same key)
-- for search and uniqueness, and the member's name and number sealed for the search list.

ALTER TABLE household_version ADD COLUMN key_id VARCHAR(32);

ALTER TABLE household_person ALTER COLUMN name DROP NOT NULL;
ALTER TABLE household_person ADD COLUMN key_id VARCHAR(32);
ALTER TABLE household_person ADD COLUMN name_index BYTEA;
ALTER TABLE household_person ADD COLUMN id_index BYTEA;
ALTER TABLE household_person ADD COLUMN last4_index BYTEA;
ALTER TABLE household_person ADD COLUMN sealed VARCHAR(1000);
-- One person in one household, as household_person_id_number does for plaintext: under one key the same number
-- gives the same index. Across keys (during a rotation) the register checks every configured key's index.
CREATE UNIQUE INDEX household_person_id_index ON household_person (id_index);
CREATE INDEX household_person_last4_index ON household_person (last4_index, household_id);
CREATE INDEX household_person_name_index ON household_person (name_index, household_id);

-- Every key the register has been sealed with: its check value (a one-way function of the key) tells a wrong key
-- from the right one; retired_at is set once no row is left under it (after store encrypt re-sealed them).
CREATE TABLE register_key (
    key_id      VARCHAR(32) NOT NULL PRIMARY KEY,
    check_value CHAR(64)    NOT NULL,
    added_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at  TIMESTAMP WITH TIME ZONE
);

-- 'encryption': PLAIN (no row, the default), ENCRYPTING (store encrypt under way), ENCRYPTED.
CREATE TABLE register_setting (
    setting_name  VARCHAR(64)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(200) NOT NULL
);
