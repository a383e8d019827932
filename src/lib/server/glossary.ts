import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadGlossary, type GlossaryFile } from '../glossary/load';
import type { Glossary } from '../glossary/types';

/** Glossary files are the YAML files of the glossary folder (not its subfolders). */
export const isGlossaryFile = (name: string) => /\.ya?ml$/i.test(name);

/** Every glossary file of a folder with its text, by name. */
export async function readGlossaryFiles(dir: string): Promise<GlossaryFile[]> {
	const names = (await readdir(dir)).filter(isGlossaryFile).sort();
	return Promise.all(
		names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') }))
	);
}

/** A glossary folder, read and validated (see `loadGlossary`). */
export async function readGlossary(dir: string): Promise<Glossary> {
	return loadGlossary(await readGlossaryFiles(dir));
}
