/**
 * The texts the evaluations read (scripts/eval-*.ts): the seed transcripts, the held-out set
 * with its hand annotations, the clean English texts, and the glossary, all from the repository.
 * The held-out and clean texts are not committed (see their SOURCES.md): where they are absent
 * the lists are empty and the evaluations say so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadGlossary } from '../src/lib/glossary/load';
import type { Glossary } from '../src/lib/glossary/types';
import { isYamlFile } from '../src/lib/server/yaml-folder';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const HELDOUT = path.join(ROOT, 'tests/fixtures/heldout');
export const CLEAN = path.join(ROOT, 'tests/fixtures/clean');

export interface Text {
	name: string;
	slug: string;
	text: string;
}

/** The hand annotations of a held-out text (see tests/fixtures/heldout/SOURCES.md). */
export interface Annotation {
	kind?: string;
	garbles?: { text: string; entry: string; canonical: string; count?: number }[];
	protected?: { text: string; count?: number }[];
	turns?: { count: number; labels: string[] };
}

export function textsIn(dir: string): Text[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.txt'))
		.sort()
		.map((name) => ({
			name,
			slug: name.slice(0, -4),
			text: readFileSync(path.join(dir, name), 'utf8')
		}));
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

/** The held-out texts present, each with its annotation; `new:<id>` entries the glossary now has are read as `<id>`. */
export function heldout(known: ReadonlySet<string>): (Text & { annotation: Annotation })[] {
	return textsIn(HELDOUT).flatMap((t) => {
		const file = path.join(HELDOUT, `${t.slug}.annotations.yaml`);
		if (!existsSync(file)) return [];
		const annotation = parse(readFileSync(file, 'utf8')) as Annotation;
		for (const g of annotation.garbles ?? []) {
			if (g.entry.startsWith('new:') && known.has(g.entry.slice(4))) g.entry = g.entry.slice(4);
		}
		return [{ ...t, annotation }];
	});
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
		.flatMap((o) => [...text.matchAll(word(o))].map((m) => [m.index!, m.index! + o.length]));
	return [...text.matchAll(word(needle))]
		.map((m): [number, number] => [m.index!, m.index! + needle.length])
		.filter(([start, end]) => !longer.some(([s, e]) => s <= start && end <= e));
}

export const wordsIn = (text: string) => text.match(/\p{L}[\p{L}\p{M}'’-]*/gu)?.length ?? 0;
export const percent = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 100);
