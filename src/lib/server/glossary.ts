import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadGlossary, type GlossaryFile } from '../glossary/load';
import type { Glossary } from '../glossary/types';

export const GLOSSARY_DIR = path.resolve(process.env.GLOSSARY_DIR ?? 'glossary');

/** Every `*.yaml`/`*.yml` file of a glossary folder, validated (see `loadGlossary`). */
export async function readGlossary(dir = GLOSSARY_DIR): Promise<Glossary> {
	const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n));
	const files: GlossaryFile[] = await Promise.all(
		names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') }))
	);
	return loadGlossary(files);
}
