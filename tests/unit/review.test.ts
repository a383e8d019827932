import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlossary } from '../../src/lib/glossary/load';
import { applyEdit, EditError } from '../../src/lib/review/edit';
import { checkSubmission } from '../../src/lib/review/submission';
import { openDatabase } from '../../src/lib/server/db';
import { fileHash, WriteConflict } from '../../src/lib/server/glossary-write';
import {
	acceptSuggestion,
	previewSuggestion,
	rejectSuggestion,
	type Review
} from '../../src/lib/server/review';
import { ReviewStore, SIGN_IN_ATTEMPTS, StoreError } from '../../src/lib/server/review-store';
import { LU_KANG, realGlossary, ROOT, transcript } from '../helpers';

const people = readFileSync(path.join(ROOT, 'glossary/people.yaml'), 'utf8');
const added = { by: 'A Reader', approvedBy: 'An Editor', on: '2026-12-01' };

describe('glossary edits keep the file as editors wrote it', () => {
	it('adds a variant with its provenance, comments and order untouched', () => {
		const after = applyEdit(people, {
			op: 'add-variant',
			entry: 'meng-wanzhou',
			text: 'Meng night boat',
			added
		});
		// Only lines are added: every line of the file is still there, in order.
		const kept = people.split('\n');
		const lines = after.split('\n');
		let at = 0;
		for (const line of lines) if (line === kept[at]) at++;
		expect(at).toBe(kept.length);
		expect(lines.length - kept.length).toBe(5);
		expect(after).toContain('# People. Each entry');
		const { entries, problems } = loadGlossary([{ name: 'people.yaml', text: after }]);
		expect(problems).toEqual([]);
		const meng = entries.find((e) => e.id === 'meng-wanzhou')!;
		expect(meng.variants.at(-1)).toMatchObject({ text: 'Meng night boat', added });
	});

	it('rules a form out: out of the variants, into not_variants before the examples', () => {
		const after = applyEdit(people, {
			op: 'rule-out',
			entry: 'meng-wanzhou',
			text: 'Meng hung boat'
		});
		const { entries } = loadGlossary([{ name: 'people.yaml', text: after }]);
		const meng = entries.find((e) => e.id === 'meng-wanzhou')!;
		expect(meng.variants.map((v) => v.text)).not.toContain('Meng hung boat');
		expect(meng.notVariants).toEqual(['Meng hung boat']);
		const block = after.slice(
			after.indexOf('- id: meng-wanzhou'),
			after.indexOf('- id: michael-kovrig')
		);
		expect(block.indexOf('not_variants:')).toBeLessThan(block.indexOf('examples:'));
		// Twice is once.
		expect(
			applyEdit(after, { op: 'rule-out', entry: 'meng-wanzhou', text: 'Meng hung boat' })
		).toBe(after);
	});

	it('appends a new entry, and refuses an edit of an entry the file does not have', () => {
		const after = applyEdit(people, {
			op: 'add-entry',
			entry: {
				id: 'sun-wei',
				canonical: 'Sun Wei',
				kind: 'person',
				source: '孙炜',
				variants: ['Sun Wei Wei']
			}
		});
		expect(after.startsWith(people.trimEnd())).toBe(true);
		expect(loadGlossary([{ name: 'people.yaml', text: after }]).entries.at(-1)).toMatchObject({
			id: 'sun-wei',
			source: '孙炜',
			variants: [{ text: 'Sun Wei Wei' }]
		});
		expect(() => applyEdit(people, { op: 'rule-out', entry: 'nobody', text: 'x' })).toThrow(
			EditError
		);
		expect(() => applyEdit('a: [', { op: 'rule-out', entry: 'x', text: 'x' })).toThrow(
			/not valid YAML/
		);
	});
});

describe('submissions are checked field by field', () => {
	const context = { transcriptText: transcript(LU_KANG), entries: realGlossary().entries };
	const base = { key: 'abcdefgh-1', transcript: LU_KANG, reader: 'Ann' };

	it('accepts a new variant that is in the transcript', () => {
		const checked = checkSubmission(
			{ ...base, kind: 'variant', text: 'Meng hung', entry: 'meng-wanzhou' },
			context
		);
		expect(checked).toMatchObject({ ok: true, submission: { kind: 'variant', text: 'Meng hung' } });
	});

	it.each([
		[{ kind: 'variant', text: '', entry: 'meng-wanzhou' }, { text: 'is required' }],
		[
			{ kind: 'variant', text: 'x'.repeat(101), entry: 'meng-wanzhou' },
			{ text: 'is longer than 100 characters' }
		],
		[
			{ kind: 'variant', text: '<b>Meng</b>', entry: 'meng-wanzhou' },
			{ text: 'must not contain < or >' }
		],
		[
			{ kind: 'variant', text: 'Nowhere in it', entry: 'meng-wanzhou' },
			{ text: 'is not in this transcript: select text from it' }
		],
		[
			{ kind: 'variant', text: 'Meng hung', entry: 'nobody' },
			{ entry: 'no glossary entry has the id "nobody"' }
		],
		[
			{ kind: 'variant', text: 'Lu Kang', entry: 'michael-kovrig' },
			{ text: 'is the canonical name of Lu Kang: it cannot be a garble of Michael Kovrig' }
		],
		[
			{ kind: 'variant', text: 'Meng hung boat', entry: 'meng-wanzhou' },
			{ text: 'is already a variant of Meng Wanzhou' }
		],
		[
			{ kind: 'wrong', text: 'Meng hung', entry: 'meng-wanzhou' },
			{ text: 'is no variant of Meng Wanzhou: select the corrected text' }
		],
		[
			{ kind: 'entry', text: 'Meng hung', canonical: 'Lu Kang', entryKind: 'person' },
			{ canonical: 'is already the entry lu-kang' }
		],
		[
			{ kind: 'entry', text: 'Meng hung', canonical: 'X Y', entryKind: 'alien', source: 'abc' },
			{
				entryKind: 'must be one of person, organization, place, term',
				source: 'must be Chinese characters (the name in the source language)'
			}
		],
		[{ kind: 'nonsense', text: 'Meng hung' }, { kind: 'must be variant, entry or wrong' }]
	])('%j → %j', (form, errors) => {
		expect(checkSubmission({ ...base, ...form } as Record<string, string>, context)).toEqual({
			ok: false,
			errors
		});
	});

	it('needs the form key', () => {
		const checked = checkSubmission(
			{ ...base, key: '', kind: 'variant', text: 'Meng hung', entry: 'meng-wanzhou' },
			context
		);
		expect(checked).toEqual({
			ok: false,
			errors: { key: 'is missing: reload the page and try again' }
		});
	});
});

function tempReview(): Review & { dataDir: string } {
	const dir = mkdtempSync(path.join(tmpdir(), 'review-'));
	cpSync(path.join(ROOT, 'glossary'), path.join(dir, 'glossary'), { recursive: true });
	cpSync(path.join(ROOT, 'transcripts'), path.join(dir, 'transcripts'), { recursive: true });
	return {
		store: new ReviewStore(openDatabase(path.join(dir, 'data'))),
		glossaryDir: path.join(dir, 'glossary'),
		transcriptsDir: path.join(dir, 'transcripts'),
		dataDir: path.join(dir, 'data')
	};
}

const submission = (key: string, text = 'Meng hung') => ({
	key,
	transcript: LU_KANG,
	kind: 'variant' as const,
	text,
	entry: 'meng-wanzhou',
	reason: 'seen in the interview',
	reader: 'Ann'
});

// The timeouts are a safety net only: scrypt and the previews take seconds on a loaded machine.
describe('the review store', { timeout: 60_000 }, () => {
	it('stores a submission once per key, lists pending newest first with counts', () => {
		const { store } = tempReview();
		expect(store.suggest(submission('key-00001'))).toEqual({ id: 1, created: true });
		expect(store.suggest(submission('key-00001'))).toEqual({ id: 1, created: false });
		store.suggest({ ...submission('key-00002'), transcript: 'other' });
		const { suggestions, perTranscript } = store.pending();
		expect(suggestions.map((s) => s.id)).toEqual([2, 1]);
		expect(perTranscript).toEqual({ [LU_KANG]: 1, other: 1 });
	});

	it('signs reviewers in with scrypt passwords, limits attempts, and keeps sessions', () => {
		const { store } = tempReview();
		const password = store.addReviewer('Editor');
		expect(password.length).toBeGreaterThanOrEqual(10);
		expect(store.signIn('Editor', 'wrong password', 'client-a')).toBeNull();
		expect(store.signIn('Nobody', password, 'client-a')).toBeNull();
		const session = store.signIn('Editor', password, 'client-a')!;
		expect(store.reviewer(session.token)).toBe('Editor');
		expect(store.reviewer('forged')).toBeNull();
		const hash = (
			store.db.prepare('SELECT password_hash FROM reviewers').get() as { password_hash: string }
		).password_hash;
		expect(hash).toMatch(/^scrypt\$/);
		expect(hash).not.toContain(password);
		for (let i = 3; i < SIGN_IN_ATTEMPTS; i++) store.signIn('Editor', 'nope', 'client-a');
		expect(() => store.signIn('Editor', password, 'client-a')).toThrow(StoreError);
		expect(store.signIn('Editor', password, 'client-b')).not.toBeNull();
		store.signOut(session.token);
		expect(store.reviewer(session.token)).toBeNull();
	});
});

describe('accepting and rejecting', { timeout: 120_000 }, () => {
	it('previews the effect, accepts with provenance, and refuses a second decision', async () => {
		const review = tempReview();
		const { id } = review.store.suggest(submission('key-accept'));
		const preview = await previewSuggestion(review, review.store.suggestion(id)!);
		expect(preview.error).toBeNull();
		expect(preview.file).toBe('people.yaml');
		const lu = preview.transcripts.find((t) => t.slug === LU_KANG)!;
		// "Meng hung Wan" in the interview: "Meng hung" becomes Meng Wanzhou.
		expect(lu.added).toBeGreaterThan(0);
		expect(
			lu.paragraphs[0]!.diff.some((d) => d.change === 'added' && d.text.includes('Wanzhou'))
		).toBe(true);
		await acceptSuggestion(review, id, 'Editor', preview.hash!);
		const { entries } = loadGlossary([
			{
				name: 'people.yaml',
				text: readFileSync(path.join(review.glossaryDir, 'people.yaml'), 'utf8')
			}
		]);
		expect(entries.find((e) => e.id === 'meng-wanzhou')!.variants.at(-1)).toMatchObject({
			text: 'Meng hung',
			added: { by: 'Ann', approvedBy: 'Editor' }
		});
		expect(review.store.suggestion(id)!.status).toBe('accepted');
		await expect(acceptSuggestion(review, id, 'Editor', preview.hash!)).rejects.toThrow(
			/already accepted/
		);
		expect(review.store.histories()['meng-wanzhou']!.map((a) => a.action)).toEqual([
			'suggest',
			'accept'
		]);
	});

	it('refuses an accept, writing nothing, when the file changed since the preview', async () => {
		const review = tempReview();
		const { id } = review.store.suggest(submission('key-stale'));
		const preview = await previewSuggestion(review, review.store.suggestion(id)!);
		const file = path.join(review.glossaryDir, 'people.yaml');
		writeFileSync(file, readFileSync(file, 'utf8') + '\n# an editor was here\n');
		const changed = readFileSync(file, 'utf8');
		await expect(acceptSuggestion(review, id, 'Editor', preview.hash!)).rejects.toThrow(
			WriteConflict
		);
		expect(readFileSync(file, 'utf8')).toBe(changed);
		expect(review.store.suggestion(id)!.status).toBe('pending');
		expect(fileHash(changed)).not.toBe(preview.hash);
	});

	it('rejects with the form ruled out, so the suggester never proposes it again', async () => {
		const review = tempReview();
		const { id } = review.store.suggest(submission('key-reject'));
		await rejectSuggestion(review, id, 'Editor', 'a name of its own');
		const text = readFileSync(path.join(review.glossaryDir, 'people.yaml'), 'utf8');
		const meng = loadGlossary([{ name: 'people.yaml', text }]).entries.find(
			(e) => e.id === 'meng-wanzhou'
		)!;
		expect(meng.notVariants).toContain('Meng hung');
		expect(review.store.suggestion(id)).toMatchObject({
			status: 'rejected',
			decisionReason: 'a name of its own'
		});
	});

	it('takes concurrent accepts in turn: none overwrites another', async () => {
		const review = tempReview();
		const forms = ['Meng a', 'Meng b', 'Meng c', 'Meng d', 'Meng e', 'Meng f'];
		const ids = forms.map(
			(text, i) =>
				review.store.suggest({ ...submission(`key-many-${i}`, text), transcript: 'x' }).id
		);
		const results = await Promise.allSettled(
			ids.map(async (id) => {
				// Each preview is made afresh right before its accept, as a reviewer would.
				for (;;) {
					const p = await previewSuggestion(review, review.store.suggestion(id)!);
					try {
						return await acceptSuggestion(review, id, 'Editor', p.hash!);
					} catch (error) {
						if (!(error instanceof WriteConflict)) throw error;
					}
				}
			})
		);
		expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
		const text = readFileSync(path.join(review.glossaryDir, 'people.yaml'), 'utf8');
		const meng = loadGlossary([{ name: 'people.yaml', text }]).entries.find(
			(e) => e.id === 'meng-wanzhou'
		)!;
		expect(meng.variants.map((v) => v.text)).toEqual(expect.arrayContaining(forms));
	});
});
