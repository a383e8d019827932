import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Submission } from '../review/submission';
import type { Db } from './db';

/** A stored suggestion, as the review page lists it. */
export interface StoredSuggestion {
	id: number;
	createdAt: string;
	transcript: string;
	kind: Submission['kind'];
	text: string;
	entry: string | null;
	canonical: string | null;
	entryKind: string | null;
	source: string | null;
	note: string | null;
	reason: string;
	reader: string;
	status: 'pending' | 'accepted' | 'rejected';
	decidedAt: string | null;
	decidedBy: string | null;
	decisionReason: string | null;
}

export interface AuditRecord {
	id: number;
	at: string;
	actor: string;
	action: string;
	entry: string | null;
	suggestion: number | null;
	detail: Record<string, unknown>;
}

/** How long a reviewer stays signed in. */
export const SESSION_DAYS = 14;
/** Sign-in attempts a client may make in SIGN_IN_WINDOW_MS before it must wait. */
export const SIGN_IN_ATTEMPTS = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

const now = () => new Date().toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Suggestions, decisions, reviewers, sessions and the audit log: every method is one SQLite
 * transaction, so concurrent requests never see or leave half of a change.
 */
export class ReviewStore {
	constructor(readonly db: Db) {}

	/** Stores a submission once: a repeat of the same `key` returns the first one's id. */
	suggest(s: Submission & { transcript: string }): { id: number; created: boolean } {
		return this.db
			.transaction(() => {
				const existing = this.db
					.prepare('SELECT id FROM suggestions WHERE client_key = ?')
					.get(s.key) as { id: number } | undefined;
				if (existing) return { id: existing.id, created: false };
				const { lastInsertRowid } = this.db
					.prepare(
						`INSERT INTO suggestions (client_key, created_at, transcript, kind, text, entry,
							canonical, entry_kind, source, note, reason, reader)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
					)
					.run(
						s.key,
						now(),
						s.transcript,
						s.kind,
						s.text,
						s.entry ?? null,
						s.canonical ?? null,
						s.entryKind ?? null,
						s.source ?? null,
						s.note ?? null,
						s.reason,
						s.reader
					);
				const id = Number(lastInsertRowid);
				this.#audit(s.reader, 'suggest', s.entry ?? null, id, { text: s.text, kind: s.kind });
				return { id, created: true };
			})
			.immediate();
	}

	suggestion(id: number): StoredSuggestion | undefined {
		const row = this.db.prepare('SELECT * FROM suggestions WHERE id = ?').get(id);
		return row ? fromRow(row as Row) : undefined;
	}

	/** Pending suggestions, newest first, and how many each transcript has. */
	pending(): { suggestions: StoredSuggestion[]; perTranscript: Record<string, number> } {
		const rows = this.db
			.prepare("SELECT * FROM suggestions WHERE status = 'pending' ORDER BY id DESC")
			.all() as Row[];
		const suggestions = rows.map(fromRow);
		const perTranscript: Record<string, number> = {};
		for (const s of suggestions)
			perTranscript[s.transcript] = (perTranscript[s.transcript] ?? 0) + 1;
		return { suggestions, perTranscript };
	}

	/** How many suggestions there are of each status. */
	count(): { pending: number; accepted: number; rejected: number } {
		const rows = this.db
			.prepare('SELECT status, count(*) AS n FROM suggestions GROUP BY status')
			.all() as { status: string; n: number }[];
		const counts = { pending: 0, accepted: 0, rejected: 0 };
		for (const r of rows) counts[r.status as keyof typeof counts] = r.n;
		return counts;
	}

	/** The suggestion, if it is still pending; StoreError 404 or 409 otherwise. */
	pendingSuggestion(id: number): StoredSuggestion {
		const current = this.suggestion(id);
		if (!current) throw new StoreError(404, `no suggestion ${id}`);
		if (current.status !== 'pending') {
			throw new StoreError(
				409,
				`suggestion ${id} was already ${current.status} by ${current.decidedBy}`
			);
		}
		return current;
	}

	/** Records a decision, once: a suggestion already decided is not decided again (409). */
	decide(
		id: number,
		decision: { status: 'accepted' | 'rejected'; by: string; reason: string },
		detail: Record<string, unknown>
	): StoredSuggestion {
		return this.db
			.transaction(() => {
				const current = this.pendingSuggestion(id);
				this.db
					.prepare(
						'UPDATE suggestions SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ? WHERE id = ?'
					)
					.run(decision.status, now(), decision.by, decision.reason, id);
				const action = decision.status === 'accepted' ? 'accept' : 'reject';
				const entry = current.entry ?? (typeof detail.entry === 'string' ? detail.entry : null);
				this.#audit(decision.by, action, entry, id, {
					text: current.text,
					reason: decision.reason,
					...detail
				});
				return this.suggestion(id)!;
			})
			.immediate();
	}

	/** The audit log of every glossary entry that has one, oldest first. */
	histories(): Record<string, AuditRecord[]> {
		const rows = this.db
			.prepare('SELECT * FROM audit WHERE entry IS NOT NULL ORDER BY id')
			.all() as (Omit<AuditRecord, 'detail'> & { detail: string })[];
		const out: Record<string, AuditRecord[]> = {};
		for (const r of rows) {
			(out[r.entry!] ??= []).push({
				...r,
				detail: JSON.parse(r.detail) as Record<string, unknown>
			});
		}
		return out;
	}

	// Reviewers and sessions ------------------------------------------------------------------

	/** Adds a reviewer (or sets a new password); returns the password, made if not given. */
	addReviewer(name: string, password?: string): string {
		if (!/^[\p{L}\p{N} ._-]{1,60}$/u.test(name)) {
			throw new StoreError(400, 'a reviewer name is 1–60 letters, digits, spaces, . _ or -');
		}
		const secret = password ?? randomBytes(12).toString('base64url');
		if (secret.length < 10) throw new StoreError(400, 'a password has at least 10 characters');
		this.db
			.prepare(
				`INSERT INTO reviewers (name, password_hash, created_at) VALUES (?, ?, ?)
				ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash`
			)
			.run(name, hashPassword(secret), now());
		this.#audit('cli', 'reviewer-add', null, null, { name });
		return secret;
	}

	/**
	 * A new session for a reviewer whose password matches, or null. Attempts are counted per
	 * client; past SIGN_IN_ATTEMPTS in the window, StoreError 429 — tried before the password.
	 */
	signIn(name: string, password: string, client: string): { token: string; expires: Date } | null {
		return this.db
			.transaction(() => {
				const since = Date.now() - SIGN_IN_WINDOW_MS;
				this.db.prepare('DELETE FROM sign_ins WHERE at < ?').run(since);
				const { n } = this.db
					.prepare('SELECT count(*) AS n FROM sign_ins WHERE client = ?')
					.get(client) as { n: number };
				if (n >= SIGN_IN_ATTEMPTS) {
					throw new StoreError(429, 'too many sign-in attempts: wait a quarter of an hour');
				}
				this.db.prepare('INSERT INTO sign_ins (client, at) VALUES (?, ?)').run(client, Date.now());
				const row = this.db
					.prepare('SELECT password_hash FROM reviewers WHERE name = ?')
					.get(name) as { password_hash: string } | undefined;
				// Hash even for an unknown name, so the answer takes as long either way.
				dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
				const ok = verifyPassword(password, row?.password_hash ?? dummyHash) && row !== undefined;
				if (!ok) return null;
				const token = randomBytes(32).toString('base64url');
				const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000);
				this.db
					.prepare(
						'INSERT INTO sessions (token_hash, reviewer, created_at, expires_at) VALUES (?, ?, ?, ?)'
					)
					.run(sha256(token), name, now(), expires.toISOString());
				this.#audit(name, 'sign-in', null, null, {});
				return { token, expires };
			})
			.immediate();
	}

	/** The reviewer a session token belongs to, if it is current. */
	reviewer(token: string | undefined): string | null {
		if (!token) return null;
		const row = this.db
			.prepare('SELECT reviewer, expires_at FROM sessions WHERE token_hash = ?')
			.get(sha256(token)) as { reviewer: string; expires_at: string } | undefined;
		return row && row.expires_at > now() ? row.reviewer : null;
	}

	signOut(token: string | undefined): void {
		if (token) this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256(token));
	}

	#audit(
		actor: string,
		action: string,
		entry: string | null,
		suggestion: number | null,
		detail: object
	) {
		this.db
			.prepare(
				'INSERT INTO audit (at, actor, action, entry, suggestion, detail) VALUES (?, ?, ?, ?, ?, ?)'
			)
			.run(now(), actor, action, entry, suggestion, JSON.stringify(detail));
	}
}

export class StoreError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

/** scrypt (N = 2^15, r = 8, p = 1), salt and key in one string: `scrypt$<salt>$<key>`. */
function hashPassword(password: string): string {
	const salt = randomBytes(16);
	const key = scryptSync(password, salt, 32, SCRYPT);
	return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function verifyPassword(password: string, stored: string): boolean {
	const [scheme, salt, key] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64url');
	const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, SCRYPT);
	return timingSafeEqual(actual, expected);
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** Checked against when the name is unknown; made on first use (scrypt takes tens of ms). */
let dummyHash: string | undefined;

type Row = Record<string, string | number | null>;

function fromRow(r: Row): StoredSuggestion {
	return {
		id: r.id as number,
		createdAt: r.created_at as string,
		transcript: r.transcript as string,
		kind: r.kind as StoredSuggestion['kind'],
		text: r.text as string,
		entry: r.entry as string | null,
		canonical: r.canonical as string | null,
		entryKind: r.entry_kind as string | null,
		source: r.source as string | null,
		note: r.note as string | null,
		reason: r.reason as string,
		reader: r.reader as string,
		status: r.status as StoredSuggestion['status'],
		decidedAt: r.decided_at as string | null,
		decidedBy: r.decided_by as string | null,
		decisionReason: r.decision_reason as string | null
	};
}
