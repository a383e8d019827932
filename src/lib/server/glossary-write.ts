import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadGlossary } from '../glossary/load';
import { formatProblem } from '../glossary/types';
import { applyEdit, entryIds, type GlossaryEdit } from '../review/edit';
import { readYamlFiles } from './yaml-folder';

/** The version of a glossary file a preview was made from: a hash of its bytes. */
export function fileHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export class WriteConflict extends Error {}

/** Which file of the folder an edit goes to: the entry's own, or for a new entry by its kind. */
export async function targetFile(dir: string, edit: GlossaryEdit): Promise<string> {
	const files = await readYamlFiles(dir);
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

/**
 * What a glossary file would read with `edit` applied, checked: the whole folder, with the
 * file changed, must load without a new problem. Returns the new text and the file's hash now.
 */
export async function previewEdit(
	dir: string,
	edit: GlossaryEdit
): Promise<{ file: string; before: string; after: string; hash: string }> {
	const file = await targetFile(dir, edit);
	const files = await readYamlFiles(dir);
	const before = files.find((f) => f.name === file)?.text ?? '';
	const after = applyEdit(before, edit);
	const problems = (text: string) =>
		loadGlossary([...files.filter((f) => f.name !== file), { name: file, text }]).problems.map(
			(p) => formatProblem(p)
		);
	const old = new Set(problems(before));
	const added = problems(after).filter((p) => !old.has(p));
	if (added.length)
		throw new WriteConflict(`the change would break the glossary: ${added.join('; ')}`);
	return { file, before, after, hash: fileHash(before) };
}

/**
 * Applies `edit` to its glossary file if the file is still the version `expectedHash` names,
 * atomically: the new text goes to a temporary file in the same folder, is flushed to disk,
 * and replaces the file by a rename, so a reader (or a crash) sees the old file or the new,
 * never part of one. Refused with WriteConflict, nothing written, if the file changed.
 */
export async function writeEdit(
	dir: string,
	edit: GlossaryEdit,
	expectedHash: string
): Promise<{ file: string; before: string; after: string }> {
	const { file, before, after, hash } = await previewEdit(dir, edit);
	// Read, compare and write with no other write in between (the caller holds `serialized`).

	if (hash !== expectedHash) {
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
