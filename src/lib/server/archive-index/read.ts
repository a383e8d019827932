/**
 * The archive index in SQLite, read: the library's lines (filtered, sorted, paged), every
 * mention of a glossary entry with its counts, full-text search over normalized text, and what
 * a glossary change can change (for the indexer and review's previews). Each query is prepared
 * once and kept. The index is derived from the files (`npm run cli -- reindex` rebuilds it);
 * the indexer fills it through `./write.ts` on its workers, and keeps its own bookkeeping here
 * on the main thread (`stamps`, `state`, `setState`, `remove`).
 */
import type { Statement } from 'better-sqlite3';
import { sentenceAround, timeline, wordMatches } from '../../archive/hits';
import type {
	Facets,
	LibraryPage,
	LibraryQuery,
	Mention,
	MentionsPage,
	PassageHit,
	SearchPage,
	TranscriptSummary
} from '../../archive/types';
import type { Db } from '../db';
import { ftsQuery } from './fts';
import { IndexWriter, type FileStamp } from './write';

/** Rows per page of mentions and of full-text hits. */
export const HITS_PER_PAGE = 50;
/** Full-text hits counted (and paged through) at most. */
export const COUNTED_HITS = 10_000;
/** Full-text hits ranked by relevance (bm25) up to this many; more come in index order. */
export const RANKED_HITS = 2_000;
/** Entries whose counts are kept between requests (see `#entryCounts`). */
const COUNTS_KEPT = 50;

const SUMMARY_COLUMNS = `slug, title, date, outlet, source_language, machine_translated, turns,
	speakers, corrections, quality, flags_info, flags_warning, flags_error, too_large`;

interface SummaryRow {
	slug: string;
	title: string;
	date: string | null;
	outlet: string | null;
	source_language: string | null;
	machine_translated: number;
	turns: number;
	speakers: string;
	corrections: number;
	quality: number | null;
	flags_info: number | null;
	flags_warning: number | null;
	flags_error: number | null;
	too_large: string | null;
}

/**
 * The library's orders, each with the slug to break ties, and undated or unscored transcripts
 * last. The usual direction of each reads an index; the other sorts what the filters leave.
 */
const ORDER_BY: Record<LibraryQuery['sort'], Record<LibraryQuery['order'], string>> = {
	// SQLite puts NULL first going up, last going down.
	date: { desc: 'date DESC, slug DESC', asc: 'date IS NULL, date, slug' },
	title: { asc: 'title_key, slug', desc: 'title_key DESC, slug DESC' },
	corrections: { desc: 'corrections DESC, slug DESC', asc: 'corrections, slug' },
	quality: { asc: 'quality_key, slug', desc: 'quality IS NULL, quality DESC, slug' }
};

/**
 * The archive index in SQLite: the library's lines, every mention of every glossary entry,
 * and full-text search over normalized text. Reads only; `IndexWriter` (`./write.ts`) writes
 * (on the indexer's workers). Derived from the files: `npm run cli -- reindex` rebuilds it.
 */
export class ArchiveIndex {
	#facets?: { version: number; facets: Facets };
	#counts = new Map<string, EntryCounts>();
	#statements = new Map<string, Statement>();

	constructor(readonly db: Db) {}

	#sql(sql: string): Statement {
		let statement = this.#statements.get(sql);
		if (!statement) this.#statements.set(sql, (statement = this.db.prepare(sql)));
		return statement;
	}

	/** Transcripts in the index. */
	count(): number {
		return (this.#sql('SELECT count(*) AS n FROM archive_transcripts').get() as { n: number }).n;
	}

	/** What each indexed transcript's files were, by slug. */
	stamps(): Map<string, FileStamp> {
		const rows = this.#sql(
			'SELECT slug, file_size, file_mtime, meta_mtime, content_hash FROM archive_transcripts'
		).all() as {
			slug: string;
			file_size: number;
			file_mtime: number;
			meta_mtime: number | null;
			content_hash: string;
		}[];
		return new Map(
			rows.map((r) => [
				r.slug,
				{
					fileSize: r.file_size,
					fileMtime: r.file_mtime,
					metaMtime: r.meta_mtime,
					contentHash: r.content_hash
				}
			])
		);
	}

	state(key: string): string | undefined {
		const row = this.#sql('SELECT value FROM archive_state WHERE key = ?').get(key) as
			{ value: string } | undefined;
		return row?.value;
	}

	setState(key: string, value: string): void {
		this.#sql(
			'INSERT INTO archive_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
		).run(key, value);
	}

	/** Removes transcripts from the index (their files are gone). */
	remove(slugs: readonly string[]): void {
		const writer = new IndexWriter(this.db);
		this.db.transaction(() => slugs.forEach((s) => writer.remove(s)))();
		// `data_version` counts other connections' writes only.
		this.#facets = undefined;
		this.#counts.clear();
	}

	/** One page of the library, filtered and sorted as asked. */
	library(query: LibraryQuery): LibraryPage {
		const where: string[] = [];
		const params: (string | number)[] = [];
		if (query.outlet) {
			where.push('outlet = ?');
			params.push(query.outlet);
		}
		if (query.speaker) {
			where.push('slug IN (SELECT slug FROM archive_speakers WHERE speaker = ?)');
			params.push(query.speaker);
		}
		if (query.machineTranslated !== undefined) {
			where.push('machine_translated = ?');
			params.push(query.machineTranslated ? 1 : 0);
		}
		if (query.hasFlags !== undefined) {
			where.push('has_flags = ?');
			params.push(query.hasFlags ? 1 : 0);
		}
		const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
		const total = (
			this.#sql(`SELECT count(*) AS n FROM archive_transcripts ${filter}`).get(...params) as {
				n: number;
			}
		).n;
		const pages = Math.max(1, Math.ceil(total / query.perPage));
		const page = Math.min(query.page, pages);
		const rows = this.#sql(
			`SELECT ${SUMMARY_COLUMNS} FROM archive_transcripts ${filter}
			 ORDER BY ${ORDER_BY[query.sort][query.order]} LIMIT ? OFFSET ?`
		).all(...params, query.perPage, (page - 1) * query.perPage) as SummaryRow[];
		return { query: { ...query, page }, total, pages, transcripts: rows.map(toSummary) };
	}

	/** The line of one transcript, if indexed. */
	summary(slug: string): TranscriptSummary | undefined {
		const row = this.#sql(`SELECT ${SUMMARY_COLUMNS} FROM archive_transcripts WHERE slug = ?`).get(
			slug
		) as SummaryRow | undefined;
		return row && toSummary(row);
	}

	/** Outlets and speakers to filter by, recounted only when the index has changed. */
	facets(): Facets {
		const version = this.db.pragma('data_version', { simple: true }) as number;
		if (this.#facets?.version !== version) {
			const count = (sql: string) => this.#sql(sql).all() as { value: string; count: number }[];
			this.#facets = {
				version,
				facets: {
					outlets: count(
						`SELECT outlet AS value, count(*) AS count FROM archive_transcripts
						 WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count DESC, outlet`
					),
					speakers: count(
						`SELECT speaker AS value, count(*) AS count FROM archive_speakers
						 GROUP BY speaker ORDER BY count DESC, speaker LIMIT 500`
					)
				}
			};
		}
		return this.#facets.facets;
	}

	/**
	 * A page of the mentions of entry `id` (named `canonical` now), newest transcripts first,
	 * each with its sentence; with counts per transcript and over time.
	 */
	mentionsPage(entry: MentionsPage['entry'], requested: number): MentionsPage {
		const { totals, perTranscript, timeline } = this.#entryCounts(entry.id);
		const pages = Math.max(1, Math.ceil(totals.total / HITS_PER_PAGE));
		const page = Math.min(Math.max(1, requested), pages);
		const rows = this.#sql(
			`SELECT m.slug, m.start, m.end, m.original, m.garbled, p.block, p.paragraph, p.turn,
			 p.offset, p.raw, t.title, t.date
			 FROM archive_mentions m JOIN archive_passages p ON p.id = m.passage
			 JOIN archive_transcripts t ON t.slug = m.slug
			 WHERE m.entry = ? ORDER BY m.date_key DESC, m.slug, m.start LIMIT ? OFFSET ?`
		).all(entry.id, HITS_PER_PAGE, (page - 1) * HITS_PER_PAGE) as (MentionRow & {
			offset: number;
			raw: string;
			title: string;
			date: string | null;
		})[];
		const hits = rows.map((r) => {
			const { sentence, at } = sentenceAround(r.raw, r.start - r.offset, r.end - r.offset);
			return {
				...toMention(r, entry.canonical),
				garbled: r.garbled === 1,
				title: r.title,
				date: r.date,
				sentence,
				at
			};
		});
		return {
			entry,
			page,
			pages,
			...totals,
			hits,
			perTranscript,
			timeline
		};
	}

	/**
	 * An entry's counts: in all, per transcript (the 20 with most), per period. The same for
	 * every page of its mentions, so kept until the index changes (at most `COUNTS_KEPT`).
	 */
	#entryCounts(id: string): EntryCounts {
		const version = this.db.pragma('data_version', { simple: true }) as number;
		const kept = this.#counts.get(id);
		if (kept?.version === version) return kept;
		const totals = this.#sql(
			`SELECT coalesce(sum(mentions), 0) AS total, coalesce(sum(garbled), 0) AS garbled,
			 count(*) AS transcripts FROM archive_entry_counts WHERE entry = ?`
		).get(id) as { total: number; garbled: number; transcripts: number };
		const perTranscript = this.#sql(
			`SELECT c.slug, c.mentions AS count, t.title, t.date FROM archive_entry_counts c
			 JOIN archive_transcripts t ON t.slug = c.slug
			 WHERE c.entry = ? ORDER BY c.mentions DESC, c.slug LIMIT 20`
		).all(id) as MentionsPage['perTranscript'];
		const byMonth = this.#sql(
			`SELECT substr(date_key, 1, 7) AS date, sum(mentions) AS count FROM archive_entry_counts
			 WHERE entry = ? GROUP BY 1`
		).all(id) as { date: string; count: number }[];
		const counts = {
			version,
			totals,
			perTranscript,
			timeline: timeline(byMonth.map((d) => ({ date: d.date || null, count: d.count })))
		};
		if (this.#counts.size >= COUNTS_KEPT) this.#counts.delete(this.#counts.keys().next().value!);
		this.#counts.set(id, counts);
		return counts;
	}

	/** Every mention of entry `id`, newest transcripts first, then in reading order. */
	*mentions(id: string, canonical: string): Generator<Mention> {
		const rows = this.#sql(
			`SELECT m.slug, m.start, m.end, m.original, p.block, p.paragraph, p.turn
			 FROM archive_mentions m JOIN archive_passages p ON p.id = m.passage
			 WHERE m.entry = ? ORDER BY m.date_key DESC, m.slug, m.start`
		).iterate(id) as IterableIterator<MentionRow>;
		for (const row of rows) yield toMention(row, canonical);
	}

	/**
	 * A page of full-text hits over normalized text, best first (bm25) when there are at most
	 * `RANKED_HITS`, else the newest indexed first. `canonicalOf` names the
	 * entries whose corrections make a passage's normalized text. A query that cannot be read
	 * gives an error message instead.
	 */
	search(
		query: string,
		requested: number,
		canonicalOf: (entry: string) => string | undefined
	): SearchPage | { error: string } {
		const match = ftsQuery(query);
		if ('error' in match) return match;
		// Counting every hit of a common word reads its whole list: past COUNTED_HITS, "more".
		const counted = (
			this.#sql(
				'SELECT count(*) AS n FROM (SELECT 1 FROM archive_fts WHERE archive_fts MATCH ? LIMIT ?)'
			).get(match.fts, COUNTED_HITS + 1) as { n: number }
		).n;
		const more = counted > COUNTED_HITS;
		const total = Math.min(counted, COUNTED_HITS);
		const pages = Math.max(1, Math.ceil(total / HITS_PER_PAGE));
		const page = Math.min(Math.max(1, requested), pages);
		// Ranking reads every hit: past RANKED_HITS, hits come in index order (the newest
		// indexed first), which costs nothing.
		const ranked = total <= RANKED_HITS;
		const ids = this.#sql(
			`SELECT rowid AS id FROM archive_fts WHERE archive_fts MATCH ?
			 ORDER BY ${ranked ? 'rank' : 'rowid DESC'} LIMIT ? OFFSET ?`
		).all(match.fts, HITS_PER_PAGE, (page - 1) * HITS_PER_PAGE) as { id: number }[];
		const hits = ids.map(({ id }) => this.#passageHit(id, match.words, canonicalOf));
		return {
			query,
			page,
			pages,
			total,
			more,
			ranked,
			hits: hits.filter((h) => h !== undefined)
		};
	}

	/** Every full-text hit, in index order (`npm run cli -- search`). */
	*searchAll(
		query: string,
		canonicalOf: (entry: string) => string | undefined
	): Generator<PassageHit, { error: string } | undefined> {
		const match = ftsQuery(query);
		if ('error' in match) return match;
		const ids = this.#sql('SELECT rowid AS id FROM archive_fts WHERE archive_fts MATCH ?').iterate(
			match.fts
		) as IterableIterator<{ id: number }>;
		for (const { id } of ids) {
			const hit = this.#passageHit(id, match.words, canonicalOf);
			if (hit) {
				const { title: _title, date: _date, ...passage } = hit;
				yield passage;
			}
		}
		return undefined;
	}

	#passageHit(
		id: number,
		words: string[],
		canonicalOf: (entry: string) => string | undefined
	): SearchPage['hits'][number] | undefined {
		const p = this.#sql(
			`SELECT p.slug, p.block, p.paragraph, p.turn, p.offset, p.raw, t.title, t.date
			 FROM archive_passages p JOIN archive_transcripts t ON t.slug = p.slug WHERE p.id = ?`
		).get(id) as
			| {
					slug: string;
					block: number | null;
					paragraph: number;
					turn: number | null;
					offset: number;
					raw: string;
					title: string;
					date: string | null;
			  }
			| undefined;
		if (!p) return undefined;
		const fixes = this.#sql(
			'SELECT entry, start, end FROM archive_mentions WHERE passage = ? AND garbled = 1 ORDER BY start'
		).all(id) as { entry: string; start: number; end: number }[];
		let text = '';
		let at = 0;
		for (const f of fixes) {
			const canonical = canonicalOf(f.entry);
			if (canonical === undefined) continue;
			text += p.raw.slice(at, f.start - p.offset) + canonical;
			at = f.end - p.offset;
		}
		text += p.raw.slice(at);
		return {
			transcript: p.slug,
			block: p.block,
			paragraph: p.paragraph,
			turn: p.turn,
			start: p.offset,
			end: p.offset + p.raw.length,
			text,
			matches: wordMatches(text, words),
			title: p.title,
			date: p.date
		};
	}

	/** How often each entry corrected something, in all and in how many transcripts. */
	usage(): Map<string, { corrections: number; transcripts: number }> {
		const rows = this.#sql(
			`SELECT entry, sum(garbled) AS corrections, count(*) AS transcripts FROM archive_entry_counts
			 WHERE garbled > 0 GROUP BY entry`
		).all() as { entry: string; corrections: number; transcripts: number }[];
		return new Map(rows.map((r) => [r.entry, r]));
	}

	/** The transcripts where entry `id` corrected most, at most `limit`. */
	topCorrected(id: string, limit: number): { slug: string; title: string; count: number }[] {
		return this.#sql(
			`SELECT c.slug, t.title, c.garbled AS count FROM archive_entry_counts c
			 JOIN archive_transcripts t ON t.slug = c.slug
			 WHERE c.entry = ? AND c.garbled > 0 ORDER BY c.garbled DESC, c.slug LIMIT ?`
		).all(id, limit) as { slug: string; title: string; count: number }[];
	}

	/**
	 * Transcripts whose matches a glossary change can change: those with a mention of a changed
	 * entry, or a passage with every word of one of its forms (`GlossaryChange.queries`), or —
	 * for forms in Chinese characters, which full-text search cannot find inside a word — any
	 * Chinese text.
	 */
	affected(change: { entries: string[]; queries: string[]; cjk: boolean }): Set<string> {
		const slugs = new Set<string>();
		const byEntry = this.#sql('SELECT slug FROM archive_entry_counts WHERE entry = ?');
		for (const id of change.entries) {
			for (const row of byEntry.iterate(id) as IterableIterator<{ slug: string }>)
				slugs.add(row.slug);
		}
		const byText = this.#sql(
			`SELECT DISTINCT p.slug FROM archive_fts f JOIN archive_passages p ON p.id = f.rowid
			 WHERE archive_fts MATCH ?`
		);
		for (const query of change.queries) {
			for (const row of byText.iterate(query) as IterableIterator<{ slug: string }>)
				slugs.add(row.slug);
		}
		if (change.cjk) {
			const cjk = this.#sql('SELECT slug FROM archive_transcripts WHERE has_cjk = 1').all() as {
				slug: string;
			}[];
			for (const row of cjk) slugs.add(row.slug);
		}
		return slugs;
	}
}

interface EntryCounts {
	/** The index's `data_version` they were counted at. */
	version: number;
	totals: { total: number; garbled: number; transcripts: number };
	perTranscript: MentionsPage['perTranscript'];
	timeline: MentionsPage['timeline'];
}

interface MentionRow {
	slug: string;
	start: number;
	end: number;
	original: string;
	garbled: number;
	block: number | null;
	paragraph: number;
	turn: number | null;
}

function toMention(r: MentionRow, canonical: string): Mention {
	return {
		transcript: r.slug,
		block: r.block,
		paragraph: r.paragraph,
		turn: r.turn,
		start: r.start,
		end: r.end,
		original: r.original,
		canonical
	};
}

function toSummary(r: SummaryRow): TranscriptSummary {
	return {
		slug: r.slug,
		title: r.title,
		date: r.date,
		outlet: r.outlet,
		sourceLanguage: r.source_language,
		machineTranslated: r.machine_translated === 1,
		turns: r.turns,
		speakers: JSON.parse(r.speakers) as string[],
		corrections: r.corrections,
		quality: r.quality,
		flags:
			r.flags_info === null
				? null
				: { info: r.flags_info, warning: r.flags_warning ?? 0, error: r.flags_error ?? 0 },
		...(r.too_large !== null && { tooLarge: r.too_large })
	};
}
