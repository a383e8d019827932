/**
 * What the indexer writes into the archive index, on its worker threads: each transcript's
 * rows (its library line, speakers, passages with their full-text row, mentions, counts per
 * entry), replaced whole when the transcript changed. One connection, its statements prepared
 * once; the caller holds the transaction (a worker writes a batch in one). The tables are made
 * by `../db.ts`; `./read.ts` reads them. `FileStamp` is what the indexer compares the folder
 * with, to read again only what changed.
 */
import type { Statement } from 'better-sqlite3';
import type { IndexedTranscript } from '../../archive/rows';
import type { Db } from '../db';

/** What the files of an indexed transcript were: a changed size or time means reading them again. */
export interface FileStamp {
	fileSize: number;
	fileMtime: number;
	metaMtime: number | null;
	contentHash: string;
}

/** Writes transcripts into the index: one connection, used inside a transaction by the caller. */
export class IndexWriter {
	#insertTranscript: Statement;
	#insertSpeaker: Statement;
	#insertPassage: Statement;
	#insertFts: Statement;
	#insertMention: Statement;
	#insertCount: Statement;
	#deleteFts: Statement;
	#deleteTranscript: Statement;
	#touch: Statement;

	constructor(db: Db) {
		this.#insertTranscript = db.prepare(
			`INSERT INTO archive_transcripts (slug, file_size, file_mtime, meta_mtime, content_hash,
			 title, title_key, date, outlet, source_language, machine_translated, turns, speakers,
			 corrections, quality, quality_key, flags_info, flags_warning, flags_error, has_flags,
			 too_large, has_cjk, bytes)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		);
		this.#insertSpeaker = db.prepare(
			'INSERT OR IGNORE INTO archive_speakers (speaker, slug) VALUES (?, ?)'
		);
		this.#insertPassage = db.prepare(
			'INSERT INTO archive_passages (slug, block, paragraph, turn, offset, raw) VALUES (?, ?, ?, ?, ?, ?)'
		);
		this.#insertFts = db.prepare(
			'INSERT INTO archive_fts (rowid, normalized, originals) VALUES (?, ?, ?)'
		);
		this.#insertMention = db.prepare(
			`INSERT INTO archive_mentions (entry, date_key, slug, passage, start, end, original, garbled)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
		);
		this.#insertCount = db.prepare(
			`INSERT INTO archive_entry_counts (entry, slug, date_key, mentions, garbled)
			 VALUES (?, ?, ?, ?, ?)`
		);
		this.#deleteFts = db.prepare(
			'DELETE FROM archive_fts WHERE rowid IN (SELECT id FROM archive_passages WHERE slug = ?)'
		);
		this.#deleteTranscript = db.prepare('DELETE FROM archive_transcripts WHERE slug = ?');
		this.#touch = db.prepare(
			'UPDATE archive_transcripts SET file_size = ?, file_mtime = ?, meta_mtime = ? WHERE slug = ?'
		);
	}

	/** Replaces a transcript's rows. */
	put(stamp: FileStamp & { bytes: number }, t: IndexedTranscript): void {
		const s = t.summary;
		this.remove(s.slug);
		const flags = s.flags;
		this.#insertTranscript.run(
			s.slug,
			stamp.fileSize,
			stamp.fileMtime,
			stamp.metaMtime,
			stamp.contentHash,
			s.title,
			s.title.toLowerCase(),
			s.date,
			s.outlet,
			s.sourceLanguage,
			s.machineTranslated ? 1 : 0,
			s.turns,
			JSON.stringify(s.speakers),
			s.corrections,
			s.quality,
			s.quality ?? 2,
			flags?.info ?? null,
			flags?.warning ?? null,
			flags?.error ?? null,
			flags && flags.warning + flags.error > 0 ? 1 : 0,
			s.tooLarge ?? null,
			t.hasCjk ? 1 : 0,
			stamp.bytes
		);
		for (const speaker of s.speakers) this.#insertSpeaker.run(speaker, s.slug);
		const ids = t.passages.map((p) => {
			const id = this.#insertPassage.run(s.slug, p.block, p.paragraph, p.turn, p.offset, p.raw)
				.lastInsertRowid as number;
			this.#insertFts.run(id, p.normalized, p.originals);
			return id;
		});
		const dateKey = s.date ?? '';
		const counts = new Map<string, { mentions: number; garbled: number }>();
		for (const m of t.mentions) {
			this.#insertMention.run(
				m.entry,
				dateKey,
				s.slug,
				ids[m.passage],
				m.start,
				m.end,
				m.original,
				m.garbled ? 1 : 0
			);
			const count = counts.get(m.entry) ?? { mentions: 0, garbled: 0 };
			count.mentions++;
			if (m.garbled) count.garbled++;
			counts.set(m.entry, count);
		}
		for (const [entry, c] of counts) {
			this.#insertCount.run(entry, s.slug, dateKey, c.mentions, c.garbled);
		}
	}

	/** Records that a transcript's files changed time but not content. */
	touch(slug: string, stamp: FileStamp): void {
		this.#touch.run(stamp.fileSize, stamp.fileMtime, stamp.metaMtime, slug);
	}

	remove(slug: string): void {
		this.#deleteFts.run(slug);
		this.#deleteTranscript.run(slug);
	}
}
