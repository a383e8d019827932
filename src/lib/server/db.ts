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
	CREATE INDEX audit_entry ON audit (entry, id);`,
	// The archive index (archive-index/): derived from the transcript files and the glossary,
	// rebuilt by `npm run cli -- reindex`. Deleting a transcript's row deletes the rest of it.
	`CREATE TABLE archive_transcripts (
		slug TEXT PRIMARY KEY,
		-- What the files were when indexed: a changed size or time means reading them again.
		file_size INTEGER NOT NULL,
		file_mtime REAL NOT NULL,
		meta_mtime REAL,
		content_hash TEXT NOT NULL,
		title TEXT NOT NULL,
		title_key TEXT NOT NULL,
		date TEXT,
		outlet TEXT,
		source_language TEXT,
		machine_translated INTEGER NOT NULL,
		turns INTEGER NOT NULL,
		speakers TEXT NOT NULL,
		corrections INTEGER NOT NULL,
		quality REAL,
		-- quality, or 2 (past any score) when there is none: the worst-first order reads an index.
		quality_key REAL NOT NULL,
		flags_info INTEGER,
		flags_warning INTEGER,
		flags_error INTEGER,
		has_flags INTEGER NOT NULL,
		too_large TEXT,
		has_cjk INTEGER NOT NULL,
		bytes INTEGER NOT NULL
	);
	CREATE INDEX archive_by_date ON archive_transcripts (date, slug);
	CREATE INDEX archive_by_title ON archive_transcripts (title_key, slug);
	CREATE INDEX archive_by_corrections ON archive_transcripts (corrections, slug);
	CREATE INDEX archive_by_quality ON archive_transcripts (quality_key, slug);
	CREATE INDEX archive_by_outlet ON archive_transcripts (outlet, date);
	CREATE TABLE archive_speakers (
		speaker TEXT NOT NULL,
		slug TEXT NOT NULL REFERENCES archive_transcripts (slug) ON DELETE CASCADE,
		PRIMARY KEY (speaker, slug)
	) WITHOUT ROWID;
	CREATE INDEX archive_speakers_slug ON archive_speakers (slug);
	CREATE TABLE archive_passages (
		id INTEGER PRIMARY KEY,
		slug TEXT NOT NULL REFERENCES archive_transcripts (slug) ON DELETE CASCADE,
		block INTEGER,
		paragraph INTEGER NOT NULL,
		turn INTEGER,
		offset INTEGER NOT NULL,
		raw TEXT NOT NULL
	);
	CREATE INDEX archive_passages_slug ON archive_passages (slug);
	CREATE TABLE archive_mentions (
		entry TEXT NOT NULL,
		-- The transcript's date ('' when undated), so that the newest mentions come first.
		date_key TEXT NOT NULL,
		slug TEXT NOT NULL,
		passage INTEGER NOT NULL REFERENCES archive_passages (id) ON DELETE CASCADE,
		start INTEGER NOT NULL,
		end INTEGER NOT NULL,
		original TEXT NOT NULL,
		garbled INTEGER NOT NULL
	);
	CREATE INDEX archive_mentions_entry ON archive_mentions (entry, date_key DESC, slug, start);
	CREATE INDEX archive_mentions_passage ON archive_mentions (passage);
	-- Per entry and transcript, so that counts and the timeline read one row per transcript.
	CREATE TABLE archive_entry_counts (
		entry TEXT NOT NULL,
		slug TEXT NOT NULL REFERENCES archive_transcripts (slug) ON DELETE CASCADE,
		date_key TEXT NOT NULL,
		mentions INTEGER NOT NULL,
		garbled INTEGER NOT NULL,
		PRIMARY KEY (entry, slug)
	) WITHOUT ROWID;
	CREATE INDEX archive_entry_counts_slug ON archive_entry_counts (slug);
	CREATE INDEX archive_entry_counts_most ON archive_entry_counts (entry, mentions DESC);
	CREATE INDEX archive_entry_counts_dates ON archive_entry_counts (entry, date_key, mentions);
	-- Normalized text, and the garbles corrected in it; rowid = archive_passages.id.
	CREATE VIRTUAL TABLE archive_fts USING fts5 (
		normalized, originals,
		content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
	);
	CREATE TABLE archive_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`
];

export type Db = Database.Database;

/** Opens (and creates, and migrates) the database in `dataDir`. */
export function openDatabase(dataDir: string): Db {
	mkdirSync(dataDir, { recursive: true });
	const db = connect(dataDir);
	// FULL: a commit is on disk before the answer goes out, even if the machine loses power.
	db.pragma('synchronous = FULL');
	migrate(db);
	return db;
}

/**
 * Another connection to a database `openDatabase` made, for the archive indexer's workers:
 * `synchronous = NORMAL`, as the index is derived data (a power loss may lose its last
 * transactions, which the next start redoes, but never corrupts it).
 */
export function connectIndexWriter(dataDir: string): Db {
	const db = connect(dataDir);
	db.pragma('synchronous = NORMAL');
	db.pragma('cache_size = -65536');
	db.pragma('wal_autocheckpoint = 8000');
	db.prepare("INSERT INTO archive_fts (archive_fts, rank) VALUES ('automerge', 16)").run();
	return db;
}

function connect(dataDir: string): Db {
	const db = new Database(path.join(dataDir, 'transcript-reader.db'));
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	// An indexer's batch holds the write lock for a moment; a decision waits for it.
	db.pragma('busy_timeout = 15000');
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
