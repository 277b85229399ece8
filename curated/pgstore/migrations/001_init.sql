-- citebot's shared store: the curated sets, their audit, and the journals.

-- One row per curated set; its version goes up with every change, so that
-- a process can tell cheaply whether it has the current set.
CREATE TABLE citebot_sets (
    kind    text PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO citebot_sets (kind) VALUES ('answers'), ('cards');

-- The items of each set, in their order (pos).
CREATE TABLE citebot_items (
    kind text   NOT NULL REFERENCES citebot_sets,
    id   text   NOT NULL,
    pos  bigint NOT NULL,
    item jsonb  NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Every change of a set, numbered from 1 (undo names a change by it).
CREATE TABLE citebot_audit (
    kind   text   NOT NULL REFERENCES citebot_sets,
    n      bigint NOT NULL,
    record jsonb  NOT NULL,
    PRIMARY KEY (kind, n)
);

-- The unanswered queue and the feedback: a record and its time, never who.
CREATE TABLE citebot_journal (
    seq     bigserial   PRIMARY KEY,
    journal text        NOT NULL,
    time    timestamptz NOT NULL,
    rec     jsonb       NOT NULL
);
CREATE INDEX citebot_journal_time ON citebot_journal (journal, time);
