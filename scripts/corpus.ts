/**
 * The texts the evaluations read (`npm run eval:heldout`, `eval:suggest`, `eval:flags`): a folder
 * of annotated machine translations and a folder of clean, human-written English.
 *
 * By default these are the project's shadow fixtures (`tests/fixtures/heldout`,
 * `tests/fixtures/clean`: a development set, see their SOURCES.md). `--corpus DIR` evaluates any
 * folder of texts annotated in the same format instead (a newsroom's own archive, or real texts
 * annotated fresh and kept outside the repository):
 *
 *     DIR/<name>.txt                the text
 *     DIR/<name>.annotations.yaml   its garbled and protected names (see the fixtures' SOURCES.md)
 *     DIR/<name>.flags.yaml         its translation problems
 *     DIR/clean/<name>.txt          clean English (or `--clean DIR2`)
 *
 * Nothing is skipped: an annotation whose text is missing, a text with no annotation, and an
 * empty folder are errors that name the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { loadGlossary } from '../src/lib/glossary/load';
import type { Glossary } from '../src/lib/glossary/types';
import { isYamlFile } from '../src/lib/server/yaml-folder';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DEV_ANNOTATED = path.join(ROOT, 'tests/fixtures/heldout');
export const DEV_CLEAN = path.join(ROOT, 'tests/fixtures/clean');
export const NAMES_SUFFIX = '.annotations.yaml';
export const FLAGS_SUFFIX = '.flags.yaml';

export interface Text {
	/** The file name, `<slug>.txt`. */
	name: string;
	slug: string;
	text: string;
}

/** The garbled and protected names annotated in a text (`<name>.annotations.yaml`). */
export interface NameAnnotation {
	kind?: string;
	garbles?: { text: string; entry: string; canonical: string; count?: number }[];
	protected?: { text: string; count?: number }[];
	turns?: { count: number; labels: string[] };
}

export interface AnnotatedText extends Text {
	/** Absent when the text has flag annotations only. */
	names?: NameAnnotation;
	/** Path of `<name>.flags.yaml`, when there is one (eval-flags validates it). */
	flagsFile?: string;
}

export interface Corpus {
	annotatedDir: string;
	cleanDir: string;
	annotated: AnnotatedText[];
	clean: Text[];
	/** True for the committed shadow fixtures (the evaluations then write bench/*-eval.json). */
	isDevelopmentSet: boolean;
}

export class CorpusError extends Error {}

/** `--corpus DIR` and `--clean DIR` from a command line; the development set without them. */
export function corpusFromArgs(args: readonly string[]): Corpus {
	const option = (name: string) => {
		const i = args.indexOf(`--${name}`);
		if (i === -1) return undefined;
		const value = args[i + 1];
		if (!value || value.startsWith('--')) throw new CorpusError(`--${name} needs a folder`);
		return path.resolve(value);
	};
	const dir = option('corpus');
	const clean = option('clean') ?? (dir ? path.join(dir, 'clean') : undefined);
	return readCorpus(dir, clean);
}

/** Reads and checks a corpus; throws a `CorpusError` naming every missing or unpaired file. */
export function readCorpus(annotatedDir = DEV_ANNOTATED, cleanDir = DEV_CLEAN): Corpus {
	const problems: string[] = [];
	const files = listFolder(annotatedDir, problems);
	const texts = new Set(files.filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)));
	const withNames = new Set(stems(files, NAMES_SUFFIX));
	const withFlags = new Set(stems(files, FLAGS_SUFFIX));
	for (const name of new Set([...withNames, ...withFlags])) {
		if (!texts.has(name)) {
			const which = withNames.has(name) ? name + NAMES_SUFFIX : name + FLAGS_SUFFIX;
			problems.push(`${relative(annotatedDir, name + '.txt')} is missing (annotated in ${which})`);
		}
	}
	for (const name of texts) {
		if (!withNames.has(name) && !withFlags.has(name)) {
			problems.push(
				`${relative(annotatedDir, name + '.txt')} has no annotations (${name}${NAMES_SUFFIX} or ${name}${FLAGS_SUFFIX})`
			);
		}
	}
	if (files.length > 0 && texts.size === 0) {
		problems.push(`${relative(annotatedDir, '')} holds no annotated texts`);
	}
	const cleanFiles = listFolder(cleanDir, problems).filter((f) => f.endsWith('.txt'));
	if (existsSync(cleanDir) && cleanFiles.length === 0) {
		problems.push(`${relative(cleanDir, '')} holds no clean texts`);
	}
	if (problems.length > 0) throw new CorpusError(problems.join('\n'));

	const annotated = [...texts]
		.filter((n) => withNames.has(n) || withFlags.has(n))
		.sort()
		.map((slug): AnnotatedText => {
			const names = withNames.has(slug)
				? (parse(
						readFileSync(path.join(annotatedDir, slug + NAMES_SUFFIX), 'utf8')
					) as NameAnnotation)
				: undefined;
			return {
				...readTextFile(annotatedDir, `${slug}.txt`),
				...(names ? { names } : {}),
				...(withFlags.has(slug) ? { flagsFile: path.join(annotatedDir, slug + FLAGS_SUFFIX) } : {})
			};
		});
	return {
		annotatedDir,
		cleanDir,
		annotated,
		clean: cleanFiles.sort().map((f) => readTextFile(cleanDir, f)),
		isDevelopmentSet: annotatedDir === DEV_ANNOTATED && cleanDir === DEV_CLEAN
	};
}

/** One line saying what a corpus is made of, for the evaluations to print first. */
export function describeCorpus(corpus: Corpus): string {
	const named = corpus.annotated.filter((t) => t.names).length;
	const flagged = corpus.annotated.filter((t) => t.flagsFile).length;
	const set = corpus.isDevelopmentSet ? ' (the shadow fixtures: a development set)' : '';
	return (
		`read ${corpus.annotated.length} annotated texts (${named} with names, ${flagged} with problems) ` +
		`from ${relative(corpus.annotatedDir, '')} and ${corpus.clean.length} clean texts from ` +
		`${relative(corpus.cleanDir, '')}${set}`
	);
}

/** The annotated texts with name annotations; `new:<id>` entries the glossary now has read as `<id>`. */
export function namedTexts(
	corpus: Corpus,
	known: ReadonlySet<string>
): (AnnotatedText & { names: NameAnnotation })[] {
	return corpus.annotated.flatMap((t) => {
		if (!t.names) return [];
		const garbles = (t.names.garbles ?? []).map((g) =>
			g.entry.startsWith('new:') && known.has(g.entry.slice(4))
				? { ...g, entry: g.entry.slice(4) }
				: g
		);
		return [{ ...t, names: { ...t.names, garbles } }];
	});
}

/** Where an annotated name stands in the prepared text. */
export interface NameSpan {
	start: number;
	end: number;
	text: string;
	/** The glossary entry of a garble; absent for a protected name. */
	entry?: string;
}

/**
 * Every occurrence of a text's annotated garbles and protected names, as the annotations count
 * them (`occurrencesOf`: whole words, not inside a longer listed text).
 */
export function nameSpans(
	prepared: string,
	names: NameAnnotation
): { garbles: (NameSpan & { entry: string })[]; protected: NameSpan[] } {
	const listed = [
		...(names.garbles ?? []).map((g) => g.text),
		...(names.protected ?? []).map((p) => p.text)
	];
	const spansOf = (text: string) =>
		occurrencesOf(prepared, text, listed).map(([start, end]) => ({ start, end, text }));
	return {
		garbles: (names.garbles ?? []).flatMap((g) =>
			spansOf(g.text).map((span) => ({ ...span, entry: g.entry }))
		),
		protected: (names.protected ?? []).flatMap((p) => spansOf(p.text))
	};
}

/**
 * The clean English of a corpus; for the development set, with the three china-canada-* seed
 * transcripts, which are human-written too.
 */
export function cleanTexts(corpus: Corpus): Text[] {
	if (!corpus.isDevelopmentSet) return corpus.clean;
	const seeds = textsIn(path.join(ROOT, 'transcripts'));
	return [...corpus.clean, ...seeds.filter((t) => t.slug.startsWith('china-canada-'))];
}

/** The `.txt` files of a folder, read (the seed transcripts, for the evaluations that use them). */
export function textsIn(dir: string): Text[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.txt'))
		.sort()
		.map((f) => readTextFile(dir, f));
}

export function glossaryIn(dir = path.join(ROOT, 'glossary')): Glossary {
	const glossary = loadGlossary(
		readdirSync(dir)
			.filter(isYamlFile)
			.map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }))
	);
	if (glossary.problems.length) {
		throw new Error(`the glossary has problems: ${JSON.stringify(glossary.problems[0])}`);
	}
	return glossary;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every whole-word, case-sensitive occurrence of `needle` in `text`, not inside an occurrence of
 * a longer annotated text (the annotation convention: "Kang" inside "Kang Mingkai" counts once).
 */
export function occurrencesOf(text: string, needle: string, others: string[]): [number, number][] {
	const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, 'gu');
	const longer = others
		.filter((o) => o !== needle && o.includes(needle))
		.flatMap((o) =>
			[...text.matchAll(word(o))].map((m): [number, number] => [m.index!, m.index! + o.length])
		);
	return [...text.matchAll(word(needle))]
		.map((m): [number, number] => [m.index!, m.index! + needle.length])
		.filter(([start, end]) => !longer.some(([s, e]) => s <= start && end <= e));
}

export const wordsIn = (text: string) => text.match(/\p{L}[\p{L}\p{M}'’-]*/gu)?.length ?? 0;
export const percent = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 100);

function listFolder(dir: string, problems: string[]): string[] {
	if (!existsSync(dir) || !statSync(dir).isDirectory()) {
		problems.push(`${relative(dir, '')} is not a folder`);
		return [];
	}
	return readdirSync(dir);
}

const stems = (files: string[], suffix: string) =>
	files.filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length));

const readTextFile = (dir: string, name: string): Text => ({
	name,
	slug: name.slice(0, -4),
	text: readFileSync(path.join(dir, name), 'utf8')
});

/** A path as short as it reads well: relative below the working folder, absolute elsewhere. */
function relative(dir: string, name: string): string {
	const full = path.join(dir, name);
	const short = path.relative(process.cwd(), full);
	return short === '' ? '.' : short.startsWith('..') ? full : short;
}

/**
 * Runs an evaluation's `main` when its module is the program (not when a test imports it): an
 * error is one line on stderr and exit code 1.
 */
export function runIfMain(moduleUrl: string, main: (args: string[]) => unknown): void {
	if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
	Promise.resolve()
		.then(() => main(process.argv.slice(2)))
		.catch((error: Error) => {
			process.stderr.write(`error: ${error.message}\n`);
			process.exitCode = 1;
		});
}
