import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { markDocument } from '../document';
import { loadGlossary } from '../glossary/load';
import { GlossaryMatcher } from '../glossary/matcher';
import type { GlossaryEntry } from '../glossary/types';
import type { GlossaryEdit } from '../review/edit';
import { effectOf, type TranscriptEffect } from '../review/preview';
import { slugify } from '../slug';
import { openDatabase } from './db';
import { previewEdit, serialized, writeEdit, WriteConflict } from './glossary-write';
import { ReviewStore, StoreError, type StoredSuggestion } from './review-store';
import { listSlugs, readTranscript } from './transcripts';
import { readYamlFiles } from './yaml-folder';

/** Where review reads and writes: the database, and the folders it changes and previews. */
export interface Review {
	store: ReviewStore;
	glossaryDir: string;
	transcriptsDir: string;
}

let review: Review | undefined;

/** The app's review: the database in `DATA_DIR` (default `data/`, made on first use). */
export function appReview(): Review {
	if (!review) removeLeftovers(path.resolve(process.env.GLOSSARY_DIR ?? 'glossary'));
	review ??= {
		store: new ReviewStore(openDatabase(path.resolve(process.env.DATA_DIR ?? 'data'))),
		glossaryDir: path.resolve(process.env.GLOSSARY_DIR ?? 'glossary'),
		transcriptsDir: path.resolve(process.env.TRANSCRIPTS_DIR ?? 'transcripts')
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

export async function previewSuggestion(
	r: Review,
	s: StoredSuggestion,
	reviewer = 'reviewer'
): Promise<Preview> {
	const edit = editFor(s, 'accept', reviewer)!;
	const empty = { transcripts: [], added: 0, removed: 0, conflicts: [] };
	let change;
	try {
		change = await previewEdit(r.glossaryDir, edit);
	} catch (error) {
		if (!(error instanceof Error)) throw error;
		return { file: null, hash: null, error: error.message, ...empty };
	}
	const files = await readYamlFiles(r.glossaryDir);
	const before = loadGlossary(files).entries;
	const after = loadGlossary(
		files.map((f) => (f.name === change.file ? { ...f, text: change.after } : f))
	).entries;
	const [oldMatcher, newMatcher] = [new GlossaryMatcher(before), new GlossaryMatcher(after)];
	const transcripts: Preview['transcripts'] = [];
	for (const slug of await listSlugs(r.transcriptsDir)) {
		const stored = await readTranscript(slug, r.transcriptsDir);
		if (!stored?.text) continue;
		const effect = effectOf(
			markDocument(stored.text, oldMatcher, { transcript: slug }),
			markDocument(stored.text, newMatcher, { transcript: slug })
		);
		if (effect.paragraphs.length || effect.added || effect.removed)
			transcripts.push({ slug, ...effect });
	}
	return {
		file: change.file,
		hash: change.hash,
		error: null,
		transcripts,
		added: transcripts.reduce((n, t) => n + t.added, 0),
		removed: transcripts.reduce((n, t) => n + t.removed, 0),
		conflicts: conflictsOf(s, before, transcripts)
	};
}

function conflictsOf(
	s: StoredSuggestion,
	entries: readonly GlossaryEntry[],
	transcripts: Preview['transcripts']
): string[] {
	const out: string[] = [];
	const fold = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
	const canonical = new Map(entries.map((e) => [e.id, e.canonical]));
	for (const e of entries) {
		if (e.id === s.entry) continue;
		const hit = e.variants.find((v) => fold(v.text) === fold(s.text));
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
		let file: string | undefined;
		if (edit) {
			const { hash } = await previewEdit(r.glossaryDir, edit);
			file = (await writeEdit(r.glossaryDir, edit, hash)).file;
		}
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
