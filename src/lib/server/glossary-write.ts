import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadGlossary } from '../glossary/load';
import { formatProblem } from '../glossary/types';
import { applyEdit, entryIds, type GlossaryEdit } from '../review/edit';
import type { GlossaryEntry } from '../glossary/types';
import { readYamlFiles, type YamlFile } from './yaml-folder';

/** The version of a glossary file a preview was made from: a hash of its bytes. */
export function fileHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export class WriteConflict extends Error {}

/** Which file an edit goes to: the entry's own, or for a new entry the file of its kind. */
function targetFile(files: YamlFile[], edit: GlossaryEdit): string {
	if (edit.op === 'add-entry') {
		const byKind: Record<string, string> = {
			person: 'people.yaml',
			organization: 'organizations.yaml',
			place: 'places.yaml',
			term: 'terms.yaml'
		};
		return byKind[edit.entry.kind] ?? 'terms.yaml';
	}
	const file = files.find((f) => entryIds(f.text).includes(edit.entry));
	if (!file) throw new WriteConflict(`no glossary file has the entry ${edit.entry}`);
	return file.name;
}

/** A glossary file's text before and after an edit, and the whole glossary either way. */
export interface EditPreview {
	file: string;
	before: string;
	after: string;
	/** The file's version now: a decision made on this preview sends it back. */
	hash: string;
	entriesBefore: GlossaryEntry[];
	entriesAfter: GlossaryEntry[];
}

/**
 * What a glossary file would read with `edit` applied, checked: the whole folder, with the
 * file changed, must load without a new problem (WriteConflict otherwise).
 */
export async function previewEdit(dir: string, edit: GlossaryEdit): Promise<EditPreview> {
	const files = await readYamlFiles(dir);
	const file = targetFile(files, edit);
	const before = files.find((f) => f.name === file)?.text ?? '';
	const after = applyEdit(before, edit);
	const load = (text: string) =>
		loadGlossary([...files.filter((f) => f.name !== file), { name: file, text }]);
	const [old, now] = [load(before), load(after)];
	const known = new Set(old.problems.map((p) => formatProblem(p)));
	const added = now.problems.map((p) => formatProblem(p)).filter((p) => !known.has(p));
	if (added.length) {
		throw new WriteConflict(`the change would break the glossary: ${added.join('; ')}`);
	}
	return {
		file,
		before,
		after,
		hash: fileHash(before),
		entriesBefore: old.entries,
		entriesAfter: now.entries
	};
}

/**
 * Applies `edit` to its glossary file, atomically: the new text goes to a temporary file in the
 * same folder, is flushed to disk, and replaces the file by a rename, so a reader (or a crash)
 * sees the old file or the new, never part of one. With `expectedHash`, only if the file is
 * still the version a preview was made from: else WriteConflict, nothing written. The caller
 * holds `serialized`, so no other write comes between the read and the write.
 */
export async function writeEdit(
	dir: string,
	edit: GlossaryEdit,
	expectedHash?: string
): Promise<{ file: string; before: string; after: string }> {
	const { file, before, after, hash } = await previewEdit(dir, edit);
	if (expectedHash !== undefined && hash !== expectedHash) {
		throw new WriteConflict(
			`glossary/${file} changed since this preview was made: look at the new preview and decide again`
		);
	}
	await writeAtomically(path.join(dir, file), after);
	return { file, before, after };
}

/** Writes `text` to `target` through a flushed temporary file and a rename. */
export async function writeAtomically(target: string, text: string): Promise<void> {
	const temp = path.join(
		path.dirname(target),
		`.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`
	);
	try {
		const handle = await open(temp, 'wx');
		try {
			await handle.writeFile(text, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, target);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
	// The rename itself reaches the disk when the folder is flushed.
	const folder = await open(path.dirname(target), 'r');
	try {
		await folder.sync();
	} finally {
		await folder.close();
	}
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` after every task queued before it has finished: the glossary's writers (accept,
 * reject) take turns, so two decisions never read the same version of a file and both write it.
 */
export function serialized<T>(task: () => Promise<T>): Promise<T> {
	const run = queue.then(task, task);
	queue = run.catch(() => undefined);
	return run;
}
