import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadGlossary } from '../src/lib/glossary/load';
import { isYamlFile } from '../src/lib/server/yaml-folder';
import { GlossaryMatcher } from '../src/lib/glossary/matcher';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const TRANSCRIPTS = path.join(ROOT, 'transcripts');
export const LU_KANG = 'lu-kang-globe-and-mail-interview-2020';

/** The real transcripts in `transcripts/`, by slug. */
export function transcripts(): { slug: string; text: string }[] {
	return readdirSync(TRANSCRIPTS)
		.filter((n) => n.endsWith('.txt'))
		.sort()
		.map((n) => ({ slug: n.slice(0, -4), text: readFileSync(path.join(TRANSCRIPTS, n), 'utf8') }));
}

export function transcript(slug: string): string {
	return readFileSync(path.join(TRANSCRIPTS, `${slug}.txt`), 'utf8');
}

/** The real glossary in `glossary/`, through the real loader. */
export function realGlossary() {
	const dir = path.join(ROOT, 'glossary');
	return loadGlossary(
		readdirSync(dir)
			.filter(isYamlFile)
			.map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }))
	);
}

export function realMatcher(): GlossaryMatcher {
	return new GlossaryMatcher(realGlossary().entries);
}
