/**
 * Turn detection against the held-out set: `npx tsx scripts/eval-turns.ts [dir]`.
 *
 * For each `<slug>.txt` in `tests/fixtures/heldout/` with a `<slug>.annotations.yaml`, parses the
 * text as the app does (real glossary for speaker lookup) and compares the turns with the
 * annotation's `turns: { count, labels }`; a text without a `turns` key must yield no turns.
 * Prints one line per text and the total of texts exact over texts annotated. Read-only: it
 * prints, never tunes or writes anything.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { markDocument } from '../src/lib/document';
import { loadGlossary } from '../src/lib/glossary/load';
import { GlossaryMatcher } from '../src/lib/glossary/matcher';
import { isYamlFile } from '../src/lib/server/yaml-folder';

const ROOT = path.resolve(import.meta.dirname, '..');
const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'tests/fixtures/heldout'));

const glossaryDir = path.join(ROOT, 'glossary');
const glossary = loadGlossary(
	readdirSync(glossaryDir)
		.filter(isYamlFile)
		.map((name) => ({ name, text: readFileSync(path.join(glossaryDir, name), 'utf8') }))
);
const matcher = new GlossaryMatcher(glossary.entries);

interface Turns {
	count: number;
	labels: string[];
}

const show = (labels: string[]) => `[${labels.join(', ')}]`;
let annotated = 0;
let exact = 0;
let missing = 0;
for (const name of readdirSync(dir).sort()) {
	if (!name.endsWith('.annotations.yaml')) continue;
	const slug = name.slice(0, -'.annotations.yaml'.length);
	const textFile = path.join(dir, `${slug}.txt`);
	if (!existsSync(textFile)) {
		missing++;
		continue;
	}
	const annotation = parseYaml(readFileSync(path.join(dir, name), 'utf8')) as { turns?: Turns };
	const doc = markDocument(readFileSync(textFile, 'utf8'), matcher, { transcript: slug });
	const got = doc.blocks.filter((b) => b.type === 'turn').map((b) => b.label ?? '');
	const expected = annotation.turns ?? { count: 0, labels: [] };
	const ok =
		got.length === expected.count &&
		got.length === expected.labels.length &&
		got.every((label, i) => label === expected.labels[i]);
	annotated++;
	if (ok) exact++;
	const kind = annotation.turns ? 'turns  ' : 'article';
	const detail = ok
		? `${got.length} turns`
		: `expected ${expected.count} ${show(expected.labels)}, got ${got.length} ${show(got)}`;
	console.log(`${ok ? 'ok  ' : 'MISS'}  ${kind}  ${slug}: ${detail}`);
}
console.log(
	`total: ${exact}/${annotated} texts exact` + (missing ? ` (${missing} texts not present)` : '')
);
