import { foldKey } from '../text/fold';
import { KINDS, type Kind } from '../glossary/kinds';
import type { GlossaryEntry } from '../glossary/types';
import { slugify } from '../text/slug';
import { LIMITS } from './limits';

/**
 * A reader's suggestion, as a form sends it, checked field by field: every problem comes back
 * under its field's name, so that the form can show it beside the field (`fail(400, …)`).
 */
export interface Submission {
	/** Made by the form when it was shown: the same submission sent twice is stored once. */
	key: string;
	transcript: string;
	kind: 'variant' | 'entry' | 'wrong';
	/** The text selected in the transcript. */
	text: string;
	/** The entry the text is a garble of (`variant`), or that wrongly corrected it (`wrong`). */
	entry?: string;
	/** A new entry's fields (`entry`). */
	canonical?: string;
	entryKind?: Kind;
	source?: string;
	note?: string;
	reason: string;
	reader: string;
}

export type Checked =
	| { ok: true; submission: Submission }
	| { ok: false; errors: Partial<Record<keyof Submission, string>> };

const MARKUP = /[<>]/;
const CJK = /^[\u3400-\u9fff\uf900-\ufaff·•・]+$/u;

/** What the checks need to know: the transcript's text and the glossary. */
export interface SubmissionContext {
	/** The transcript's prepared text (what its offsets count in). */
	transcriptText: string;
	entries: readonly GlossaryEntry[];
}

export function checkSubmission(form: Record<string, string>, context: SubmissionContext): Checked {
	const errors: Partial<Record<keyof Submission, string>> = {};
	const field = (name: string) => (form[name] ?? '').replace(/\s+/g, ' ').trim();
	const text = (name: keyof Submission, max: number, required: boolean) => {
		const value = field(name);
		if (!value) {
			if (required) errors[name] = 'is required';
		} else if (value.length > max) errors[name] = `is longer than ${max} characters`;
		else if (MARKUP.test(value)) errors[name] = 'must not contain < or >';
		return value;
	};

	const key = field('key');
	if (!/^[A-Za-z0-9-]{8,64}$/.test(key)) errors.key = 'is missing: reload the page and try again';
	const kind = field('kind');
	if (kind !== 'variant' && kind !== 'entry' && kind !== 'wrong') {
		errors.kind = 'must be variant, entry or wrong';
	}
	const selected = text('text', LIMITS.text, true);
	if (selected && !errors.text && !foldKey(context.transcriptText).includes(foldKey(selected))) {
		errors.text = 'is not in this transcript: select text from it';
	}
	const reason = text('reason', LIMITS.reason, false);
	const reader = text('reader', LIMITS.reader, false) || 'anonymous reader';

	const byId = new Map(context.entries.map((e) => [e.id, e]));
	const canonicalOf = new Map(context.entries.map((e) => [foldKey(e.canonical), e]));
	const submission: Submission = {
		key,
		transcript: '',
		kind: kind as Submission['kind'],
		text: selected,
		reason,
		reader
	};

	if (kind === 'variant' || kind === 'wrong') {
		const id = field('entry');
		const entry = byId.get(id);
		if (!id) errors.entry = 'is required: pick the entry';
		else if (!entry) errors.entry = `no glossary entry has the id "${id}"`;
		else if (selected && !errors.text) {
			const forms = entry.variants.map((v) => foldKey(v.text));
			const other = canonicalOf.get(foldKey(selected));
			if (kind === 'variant') {
				if (foldKey(selected) === foldKey(entry.canonical)) {
					errors.text = `is ${entry.canonical} itself`;
				} else if (other) {
					errors.text = `is the canonical name of ${other.canonical}: it cannot be a garble of ${entry.canonical}`;
				} else if (forms.includes(foldKey(selected))) {
					errors.text = `is already a variant of ${entry.canonical}`;
				} else if (entry.notVariants.some((n) => foldKey(n) === foldKey(selected))) {
					errors.text = `was ruled out for ${entry.canonical} by a reviewer`;
				}
			} else if (!forms.includes(foldKey(selected))) {
				errors.text = `is no variant of ${entry.canonical}: select the corrected text`;
			}
		}
		submission.entry = id;
	} else if (kind === 'entry') {
		const canonical = text('canonical', LIMITS.canonical, true);
		const entryKind = field('entryKind');
		if (!(KINDS as readonly string[]).includes(entryKind)) {
			errors.entryKind = `must be one of ${KINDS.join(', ')}`;
		}
		const source = text('source', LIMITS.source, false);
		if (source && !errors.source && !CJK.test(source)) {
			errors.source = 'must be Chinese characters (the name in the source language)';
		}
		const note = text('note', LIMITS.note, false);
		if (canonical && !errors.canonical) {
			const other = canonicalOf.get(foldKey(canonical));
			if (other) errors.canonical = `is already the entry ${other.id}`;
			else if (byId.has(slugify(canonical, ''))) {
				errors.canonical = `would have the id "${slugify(canonical, '')}", which another entry has`;
			} else if (!slugify(canonical, '')) errors.canonical = 'needs letters or digits';
		}
		Object.assign(submission, {
			canonical,
			entryKind: entryKind as Kind,
			source: source || undefined,
			note: note || undefined
		});
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, submission };
}
