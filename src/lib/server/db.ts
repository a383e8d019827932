import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The app's database: suggestions, decisions, reviewer accounts and sessions, and the audit
 * log, in SQLite (WAL: readers never wait for the writer; every write is a transaction, so a
 * killed server loses nothing it answered 2xx for). The glossary stays in its YAML files.
 * Migrations are numbered and run once each, in order, on open.
 */
const MIGRATIONS: string[] = [
	`CREATE TABLE suggestions (
		id INTEGER PRIMARY KEY,
		-- A key the submitting form made: the same submission sent twice is stored once.
		client_key TEXT NOT NULL UNIQUE,
		created_at TEXT NOT NULL,
		transcript TEXT NOT NULL,
		-- 'variant': add text to entry; 'entry': a new entry; 'wrong': a correction is wrong.
		kind TEXT NOT NULL CHECK (kind IN ('variant', 'entry', 'wrong')),
		text TEXT NOT NULL,
		entry TEXT,
		canonical TEXT,
		entry_kind TEXT,
		source TEXT,
		note TEXT,
		reason TEXT NOT NULL DEFAULT '',
		reader TEXT NOT NULL,
		status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
		decided_at TEXT,
		decided_by TEXT,
		decision_reason TEXT
	);
	CREATE INDEX suggestions_pending ON suggestions (status, id);
	CREATE TABLE reviewers (
		name TEXT PRIMARY KEY,
		password_hash TEXT NOT NULL,
		created_at TEXT NOT NULL
	);
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		reviewer TEXT NOT NULL REFERENCES reviewers (name) ON DELETE CASCADE,
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL
	);
	CREATE TABLE sign_ins (
		client TEXT NOT NULL,
		at INTEGER NOT NULL
	);
	CREATE INDEX sign_ins_client ON sign_ins (client, at);
	CREATE TABLE audit (
		id INTEGER PRIMARY KEY,
		at TEXT NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		entry TEXT,
		suggestion INTEGER,
		detail TEXT NOT NULL DEFAULT '{}'
	);
	CREATE INDEX audit_entry ON audit (entry, id);`
];

export type Db = Database.Database;

/** Opens (and creates, and migrates) the database in `dataDir`. */
export function openDatabase(dataDir: string): Db {
	mkdirSync(dataDir, { recursive: true });
	const db = new Database(path.join(dataDir, 'transcript-reader.db'));
	db.pragma('journal_mode = WAL');
	// FULL: a commit is on disk before the answer goes out, even if the machine loses power.
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	migrate(db);
	return db;
}

function migrate(db: Db): void {
	const version = db.pragma('user_version', { simple: true }) as number;
	for (let v = version; v < MIGRATIONS.length; v++) {
		db.transaction(() => {
			db.exec(MIGRATIONS[v]!);
			db.pragma(`user_version = ${v + 1}`);
		}).immediate();
	}
}
