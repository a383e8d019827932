import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { markDocument } from '../document/mark';
import { foldKey } from '../text/fold';
import { GlossaryMatcher } from '../glossary/matcher';
import type { GlossaryEntry } from '../glossary/types';
import type { GlossaryEdit } from '../review/edit';
import type { MarkedDocument } from '../document/model';
import { effectOf, type TranscriptEffect } from '../review/preview';
import { slugify } from '../text/slug';
import { glossaryChange } from '../archive/changes';
import type { ArchiveIndex } from './archive-index/read';
import { openDatabase } from './db';
import { englishWords } from './english';
import { appLibrary } from './instance';
import { previewEdit, serialized, writeEdit, WriteConflict } from './glossary-write';
import { ReviewStore, StoreError, type StoredSuggestion } from './review-store';
import { listSlugs, readTranscript } from './transcripts';

/** Where review reads and writes: the database, and the folders it changes and previews. */
export interface Review {
	store: ReviewStore;
	glossaryDir: string;
	transcriptsDir: string;
	/** The archive index, to preview a change only where it can change something. */
	archive?: ArchiveIndex;
}

let review: Review | undefined;

/** The app's review: the database in `DATA_DIR` (default `data/`, made on first use). */
export function appReview(): Review {
	if (!review) removeLeftovers(path.resolve(process.env.GLOSSARY_DIR ?? 'glossary'));
	review ??= {
		store: new ReviewStore(openDatabase(path.resolve(process.env.DATA_DIR ?? 'data'))),
		glossaryDir: path.resolve(process.env.GLOSSARY_DIR ?? 'glossary'),
		transcriptsDir: path.resolve(process.env.TRANSCRIPTS_DIR ?? 'transcripts'),
		archive: appLibrary().archive
	};
	return review;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The glossary change a decision makes. Accepting a variant adds it with its provenance;
 * accepting a new entry adds the entry; accepting "this correction is wrong" rules the form out
 * (and drops it from the variants). Rejecting a variant rules it out, so it is never suggested
 * again; other rejections change no file.
 */
export function editFor(
	s: StoredSuggestion,
	decision: 'accept' | 'reject',
	reviewer: string
): GlossaryEdit | null {
	if (decision === 'reject') {
		return s.kind === 'variant' && s.entry
			? { op: 'rule-out', entry: s.entry, text: s.text }
			: null;
	}
	if (s.kind === 'variant') {
		const added = { by: s.reader, approvedBy: reviewer, on: today() };
		return { op: 'add-variant', entry: s.entry!, text: s.text, added };
	}
	if (s.kind === 'wrong') return { op: 'rule-out', entry: s.entry!, text: s.text };
	const entry = {
		id: slugify(s.canonical!, ''),
		canonical: s.canonical!,
		kind: s.entryKind!,
		source: s.source ?? undefined,
		note: s.note ?? `Suggested by ${s.reader}, approved by ${reviewer} on ${today()}.`,
		variants: s.text.toLowerCase() === s.canonical!.toLowerCase() ? undefined : [s.text]
	};
	return { op: 'add-entry', entry };
}

/** What accepting a suggestion would do, for the review page. */
export interface Preview {
	/** The glossary file it changes and that file's version now (`hash`, sent back on accept). */
	file: string | null;
	hash: string | null;
	/** Why it cannot be accepted as it is (the change would break the glossary…). */
	error: string | null;
	transcripts: ({ slug: string } & TranscriptEffect)[];
	added: number;
	removed: number;
	/** Conflicts with existing entries, in words. */
	conflicts: string[];
}

/**
 * What accepting each suggestion would do. The transcripts are read, and marked with the
 * glossary as it is, once for all of them; each is then marked with each changed glossary.
 */
export async function previewSuggestions(r: Review, list: StoredSuggestion[]): Promise<Preview[]> {
	const previews: (
		Preview | { change: Awaited<ReturnType<typeof previewEdit>>; slugs: string[] }
	)[] = [];
	for (const s of list) {
		try {
			const change = await previewEdit(r.glossaryDir, editFor(s, 'accept', 'reviewer')!);
			previews.push({
				change,
				slugs: await affectedSlugs(r, change.entriesBefore, change.entriesAfter)
			});
		} catch (error) {
			if (!(error instanceof Error)) throw error;
			previews.push({ ...EMPTY, file: null, hash: null, error: error.message });
		}
	}
	// Each transcript read and marked with the glossary as it is once, for all suggestions.
	const current = new Map<string, { text: string; doc: MarkedDocument }>();
	let before: GlossaryMatcher | undefined;
	for (const p of previews) {
		if (!('change' in p)) continue;
		before ??= new GlossaryMatcher(p.change.entriesBefore);
		for (const slug of p.slugs) {
			if (current.has(slug)) continue;
			const stored = await readTranscript(slug, r.transcriptsDir);
			if (!stored?.text) continue;
			const doc = markDocument(stored.text, before, { transcript: slug });
			current.set(slug, { text: stored.text, doc });
		}
	}
	return previews.map((p, i) => {
		if (!('change' in p)) return p;
		const matcher = new GlossaryMatcher(p.change.entriesAfter);
		const transcripts: Preview['transcripts'] = [];
		for (const slug of p.slugs) {
			const now = current.get(slug);
			if (!now) continue;
			const effect = effectOf(now.doc, markDocument(now.text, matcher, { transcript: slug }));
			if (effect.paragraphs.length || effect.added || effect.removed) {
				transcripts.push({ slug, ...effect });
			}
		}
		return {
			file: p.change.file,
			hash: p.change.hash,
			error: null,
			transcripts,
			added: transcripts.reduce((n, t) => n + t.added, 0),
			removed: transcripts.reduce((n, t) => n + t.removed, 0),
			conflicts: conflictsOf(list[i]!, p.change.entriesBefore, transcripts)
		};
	});
}

/**
 * The transcripts a glossary change can change: from the archive index when there is one (a
 * large archive is never read whole for a preview), else every transcript in the folder.
 */
async function affectedSlugs(
	r: Review,
	before: readonly GlossaryEntry[],
	after: readonly GlossaryEntry[]
): Promise<string[]> {
	if (!r.archive) return listSlugs(r.transcriptsDir);
	const change = glossaryChange(before, after, (w) => englishWords().has(w));
	return [...r.archive.affected(change)].sort();
}

const EMPTY = { transcripts: [], added: 0, removed: 0, conflicts: [] };

export async function previewSuggestion(r: Review, s: StoredSuggestion): Promise<Preview> {
	return (await previewSuggestions(r, [s]))[0]!;
}

function conflictsOf(
	s: StoredSuggestion,
	entries: readonly GlossaryEntry[],
	transcripts: Preview['transcripts']
): string[] {
	const out: string[] = [];
	const canonical = new Map(entries.map((e) => [e.id, e.canonical]));
	for (const e of entries) {
		if (e.id === s.entry) continue;
		const hit = e.variants.find((v) => foldKey(v.text) === foldKey(s.text));
		if (hit) {
			out.push(
				`"${hit.text}" is also a variant of ${e.canonical}${hit.precededBy || hit.followedBy || hit.requiresMention || hit.transcripts ? ' (with a context rule)' : ''}`
			);
		}
	}
	for (const t of transcripts) {
		for (const r of t.retargeted) {
			out.push(
				`in ${t.slug}, "${r.text}" is corrected to ${canonical.get(r.from) ?? r.from} now and would be corrected to ${canonical.get(r.to) ?? r.to}`
			);
		}
	}
	return out;
}

/** Accepts a suggestion: writes the glossary if its file is still at `hash`, then records it. */
export function acceptSuggestion(r: Review, id: number, reviewer: string, hash: string) {
	return serialized(async () => {
		const s = r.store.pendingSuggestion(id);
		const edit = editFor(s, 'accept', reviewer)!;
		const { file } = await writeEdit(r.glossaryDir, edit, hash);
		return r.store.decide(id, { status: 'accepted', by: reviewer, reason: '' }, { file, edit });
	});
}

/** Rejects a suggestion with a reason; a variant is ruled out in the glossary. */
export function rejectSuggestion(r: Review, id: number, reviewer: string, reason: string) {
	return serialized(async () => {
		const s = r.store.pendingSuggestion(id);
		const edit = editFor(s, 'reject', reviewer);
		// Ruling a form out adds to what the file says whatever changed in it since: no hash.
		const file = edit ? (await writeEdit(r.glossaryDir, edit)).file : undefined;
		return r.store.decide(id, { status: 'rejected', by: reviewer, reason }, { file, edit });
	});
}

export { StoreError, WriteConflict };

/**
 * Temporary files of glossary writes a crash interrupted (`.people.yaml.<hex>.tmp`): never read
 * as glossary, removed when the app starts, before any write of its own can be under way.
 */
function removeLeftovers(dir: string): void {
	for (const name of existsSync(dir) ? readdirSync(dir) : []) {
		if (/^\..+\.[0-9a-f]{12}\.tmp$/.test(name)) rmSync(path.join(dir, name), { force: true });
	}
}
