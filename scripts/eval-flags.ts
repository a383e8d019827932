/**
 * `npm run eval:flags`: recall of the flag engine on real machine translations.
 *
 * For every `<name>.flags.yaml` of the corpus (the shadow fixtures in tests/fixtures/heldout, or
 * `--corpus DIR`: see scripts/corpus.ts), its `<name>.txt` is checked by the same engine `npm run cli -- check` builds (the glossary and rules folders,
 * loaded and compiled the same way, and the CLI's `markDocument` + `toContract` flags), and each
 * hand-annotated problem is looked up among the flags:
 *
 * - found: a flag overlaps the annotated span (any kind); kind matches: one of those flags has
 *   the annotated kind;
 * - corrected: the glossary now corrects the span (a correction holds it, or for a name kind,
 *   unknown-name or mistranslated-title, overlaps it): no longer a flag's job, since a flag
 *   inside a correction is dropped. Reported, and left out of recall;
 * - recall = found / (annotated - corrected), overall and for the code detectors
 *   (repeated-word, unknown-name, label-anomaly) apart from the rule-based kinds, by kind;
 * - unmatched flags: flags that overlap no annotation, with their text, for judging precision.
 *
 * The corpus's clean texts (and, for the development set, the china-canada-* seeds) are checked
 * too: every warning or error on them is wrong.
 *
 * Prints a table and writes `bench/flags-eval.json` (for the development set, or `--out FILE`).
 * A missing text, or an annotation whose span cannot be found, is an error (exit 1).
 *
 * Usage: tsx scripts/eval-flags.ts [--corpus DIR] [--clean DIR] [--out FILE]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { findingsOf, markDocument } from '../src/lib/document/mark';
import { toContract } from '../src/lib/document/contract';
import { isCorrection } from '../src/lib/document/finding';
import { loadQualityRules } from '../src/lib/flags/checks';
import { FLAG_KINDS, type FlagKind } from '../src/lib/flags/types';
import { loadGlossary } from '../src/lib/glossary/load';
import { compile, type Engine } from '../src/lib/server/builder';
import { slugOf } from '../src/lib/server/read-text';
import { readYamlFiles } from '../src/lib/server/yaml-folder';
import { locator } from '../src/lib/text/location';
import { prepareText } from '../src/lib/text/prepare';
import {
	corpusFromArgs,
	describeCorpus,
	FLAGS_SUFFIX,
	readCorpus,
	ROOT,
	cleanTexts,
	wordsIn,
	type Corpus,
	runIfMain
} from './corpus';

export const OUT_FILE = path.join(ROOT, 'bench/flags-eval.json');

/** Kinds raised by detectors in code; the others come from the editors' rules (`rules/*.yaml`). */
export const CODE_KINDS: readonly FlagKind[] = ['repeated-word', 'unknown-name', 'label-anomaly'];
export const isCodeKind = (kind: FlagKind) => CODE_KINDS.includes(kind);

const annotationSchema = z.strictObject({
	kind: z.enum(FLAG_KINDS),
	text: z.string().min(1),
	note: z.string().min(1),
	/** The n-th occurrence (1-based) of `text`, as an exact case-sensitive substring. */
	occurrence: z.number().int().min(1).optional()
});
export type Annotation = z.infer<typeof annotationSchema>;

/** An annotation placed in the prepared text (offsets as the engine's, UTF-16). */
export interface PlacedAnnotation extends Annotation {
	start: number;
	end: number;
	line: number;
}

/** A flag with absolute offsets into the prepared text, and the text it covers. */
export interface TextFlag {
	kind: FlagKind;
	rule: string;
	severity: string;
	start: number;
	end: number;
	line: number;
	column: number;
	text: string;
	message: string;
}

export interface AnnotationResult {
	kind: FlagKind;
	text: string;
	occurrence?: number;
	line: number;
	found: boolean;
	kindMatches: boolean;
	/** The flags overlapping the span. */
	flags: { kind: FlagKind; rule: string; text: string }[];
	/** The glossary entry now correcting the span (see `corrected` above), if one does. */
	correctedBy?: string;
	note: string;
}

export interface Tally {
	annotated: number;
	/** Annotations the glossary now corrects: not counted in recall. */
	corrected: number;
	found: number;
	kindMatched: number;
	/** found / (annotated - corrected), rounded to 0.001; null when that is 0. */
	recall: number | null;
	/** kindMatched / (annotated - corrected). */
	kindRecall: number | null;
}

export interface TextResult {
	name: string;
	all: Tally;
	code: Tally;
	rules: Tally;
	flags: number;
	annotations: AnnotationResult[];
	unmatched: Omit<TextFlag, 'start' | 'end'>[];
}

export interface EvalResult {
	/** What recall is measured against, in one sentence. */
	about: string;
	codeKinds: readonly FlagKind[];
	texts: TextResult[];
	total: {
		all: Tally;
		code: Tally;
		rules: Tally;
		byKind: Record<string, Tally>;
		flags: number;
		unmatched: number;
	};
	/** Flags on clean, human-written English: at warning and above, every one is wrong. */
	clean: {
		texts: number;
		words: number;
		warnings: number;
		warningsPer10k: number;
		flags: CleanFlag[];
	};
}

/** A flag on a clean text. */
export type CleanFlag = Omit<TextFlag, 'start' | 'end'> & { transcript: string };

/** The annotations of a `.flags.yaml` file, validated. */
export function parseAnnotations(source: string, file = 'annotations'): Annotation[] {
	const data: unknown = parse(source);
	const parsed = z.array(annotationSchema).safeParse(data);
	if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
	return parsed.data;
}

/** Each annotation's span in `text` (the prepared text), or the problems finding them. */
export function placeAnnotations(
	text: string,
	annotations: Annotation[]
): { placed: PlacedAnnotation[]; problems: string[] } {
	const at = locator(text);
	const placed: PlacedAnnotation[] = [];
	const problems: string[] = [];
	for (const a of annotations) {
		const n = a.occurrence ?? 1;
		let start = -1;
		for (let i = 0; i < n; i++) {
			start = text.indexOf(a.text, start + 1);
			if (start === -1) break;
		}
		if (start === -1) {
			problems.push(`"${a.text}"${a.occurrence ? ` (occurrence ${n})` : ''} is not in the text`);
			continue;
		}
		placed.push({ ...a, start, end: start + a.text.length, line: at(start).line });
	}
	const seen = new Set<string>();
	for (const a of placed) {
		const key = `${a.start}:${a.end}:${a.kind}`;
		if (seen.has(key)) problems.push(`"${a.text}" at line ${a.line} is annotated twice`);
		seen.add(key);
	}
	return { placed, problems };
}

/** The engine `npm run cli -- check` uses: the glossary and rules folders, compiled. */
export async function loadEngine(
	glossaryDir = path.join(ROOT, 'glossary'),
	rulesDir = path.join(ROOT, 'rules')
): Promise<Engine> {
	const rules = loadQualityRules(await readYamlFiles(rulesDir));
	const glossary = loadGlossary(await readYamlFiles(glossaryDir));
	const problems = [...rules.problems, ...glossary.problems];
	if (problems.length > 0) {
		throw new Error(`the glossary or rules have problems: ${JSON.stringify(problems[0])}`);
	}
	return compile({
		fingerprint: 'eval',
		entries: glossary.entries,
		rules: { rules: rules.rules, repetitions: rules.repetitions }
	});
}

/**
 * The flags the CLI reports for `text` (as `checkFile` in src/lib/server/check.ts builds them:
 * the contract's flags, their offsets made absolute from their paragraph or label), and the
 * corrections, both with offsets into the prepared text.
 */
export function checkText(
	text: string,
	slug: string | undefined,
	{ matcher, checker }: Engine
): {
	prepared: string;
	flags: TextFlag[];
	corrections: { start: number; end: number; rule: string }[];
} {
	const prepared = prepareText(text);
	const marked = markDocument(text, matcher, { transcript: slug, checker });
	const at = locator(prepared);
	const base = (block: number | null, paragraph: number | null) => {
		if (block === null) return marked.title!.offset;
		const b = marked.blocks[block]!;
		return paragraph === null ? b.labelOffset! : b.paragraphs[paragraph]!.offset;
	};
	const flags = toContract(marked).flags.map((f): TextFlag => {
		const start = base(f.block, f.paragraph) + f.start;
		const end = base(f.block, f.paragraph) + f.end;
		return {
			kind: f.kind,
			rule: f.rule,
			severity: f.severity,
			start,
			end,
			...at(start),
			text: prepared.slice(start, end),
			message: f.message
		};
	});
	const corrections = findingsOf(marked)
		.filter(isCorrection)
		.map((c) => ({ start: c.start, end: c.end, rule: c.rule }));
	return { prepared, flags, corrections };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
	a.start < b.end && b.start < a.end;

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

function tally(results: AnnotationResult[]): Tally {
	const counted = results.filter((r) => !r.correctedBy);
	const found = counted.filter((r) => r.found).length;
	const kindMatched = counted.filter((r) => r.kindMatches).length;
	return {
		annotated: results.length,
		corrected: results.length - counted.length,
		found,
		kindMatched,
		recall: ratio(found, counted.length),
		kindRecall: ratio(kindMatched, counted.length)
	};
}

/** Kinds about a name: a correction anywhere on the span deals with them. */
const NAME_KINDS: readonly FlagKind[] = ['unknown-name', 'mistranslated-title'];

/** One text's annotations against its flags. */
export function evaluateText(
	name: string,
	text: string,
	annotations: Annotation[],
	engine: Engine
): TextResult & { problems: string[] } {
	const { prepared, flags, corrections } = checkText(text, slugOf(`${name}.txt`), engine);
	const { placed, problems } = placeAnnotations(prepared, annotations);
	const results = placed.map((a): AnnotationResult => {
		const hits = flags.filter((f) => overlaps(f, a));
		const corrected = corrections.find((c) =>
			NAME_KINDS.includes(a.kind) ? overlaps(c, a) : c.start <= a.start && a.end <= c.end
		);
		return {
			kind: a.kind,
			text: a.text,
			...(a.occurrence ? { occurrence: a.occurrence } : {}),
			line: a.line,
			found: hits.length > 0,
			kindMatches: hits.some((f) => f.kind === a.kind),
			flags: hits.map((f) => ({ kind: f.kind, rule: f.rule, text: f.text })),
			...(corrected ? { correctedBy: corrected.rule } : {}),
			note: a.note
		};
	});
	const unmatched = flags
		.filter((f) => !placed.some((a) => overlaps(f, a)))
		.map(({ start: _, end: __, ...f }) => f);
	return {
		name,
		all: tally(results),
		code: tally(results.filter((r) => isCodeKind(r.kind))),
		rules: tally(results.filter((r) => !isCodeKind(r.kind))),
		flags: flags.length,
		annotations: results,
		unmatched,
		problems
	};
}

/** Every text of the corpus with flag annotations, evaluated; and the flags on its clean texts. */
export async function evaluateFlags(
	corpus: Corpus = readCorpus(),
	engine?: Engine
): Promise<EvalResult & { problems: string[] }> {
	engine ??= await loadEngine();
	const problems: string[] = [];
	const texts: TextResult[] = [];
	for (const { slug, text, flagsFile } of corpus.annotated) {
		if (!flagsFile) continue;
		const annotations = parseAnnotations(await readFile(flagsFile, 'utf8'), flagsFile);
		const { problems: p, ...result } = evaluateText(slug, text, annotations, engine);
		problems.push(...p.map((m) => `${slug}${FLAGS_SUFFIX}: ${m}`));
		texts.push(result);
	}
	const all = texts.flatMap((t) => t.annotations);
	const byKind = Object.fromEntries(
		FLAG_KINDS.filter((k) => all.some((r) => r.kind === k)).map((k) => [
			k,
			tally(all.filter((r) => r.kind === k))
		])
	);
	// Clean English must stay silent at warning and above; info flags are listed, not counted.
	const clean = cleanTexts(corpus);
	let cleanWords = 0;
	const cleanFlags: CleanFlag[] = [];
	for (const { slug, text } of clean) {
		cleanWords += wordsIn(prepareText(text));
		for (const { start: _, end: __, ...f } of checkText(text, slug, engine).flags) {
			cleanFlags.push({ transcript: slug, ...f });
		}
	}
	const loud = cleanFlags.filter((f) => f.severity !== 'info').length;
	return {
		about:
			'hand-annotated translation problems (written before any detector was run on the texts) vs the flags of the CLI check engine; found = a flag overlaps the annotated span',
		codeKinds: CODE_KINDS,
		texts,
		total: {
			all: tally(all),
			code: tally(all.filter((r) => isCodeKind(r.kind))),
			rules: tally(all.filter((r) => !isCodeKind(r.kind))),
			byKind,
			flags: texts.reduce((n, t) => n + t.flags, 0),
			unmatched: texts.reduce((n, t) => n + t.unmatched.length, 0)
		},
		clean: {
			texts: clean.length,
			words: cleanWords,
			warnings: loud,
			warningsPer10k: cleanWords ? Math.round((loud / cleanWords) * 100000) / 10 : 0,
			flags: cleanFlags
		},
		problems
	};
}

const pct = (t: Tally) =>
	t.recall === null ? '   -' : `${(t.recall * 100).toFixed(0)}%`.padStart(4);
const counted = (t: Tally) => t.annotated - t.corrected;
const cell = (t: Tally) => `${t.found}/${counted(t)} ${pct(t)}`.padEnd(13);

/** The result as a table, the misses and the unmatched flags, for a terminal. */
export function formatResult(result: EvalResult): string {
	const width = Math.max(5, ...result.texts.map((t) => t.name.length));
	const head = `${'text'.padEnd(width)}  ${'all'.padEnd(13)}  ${'kind ok'.padEnd(8)}  ${'code'.padEnd(13)}  ${'rules'.padEnd(13)}  corrected  flags  unmatched`;
	const row = (
		name: string,
		r: { all: Tally; code: Tally; rules: Tally },
		flags: number,
		un: number
	) =>
		`${name.padEnd(width)}  ${cell(r.all)}  ${String(r.all.kindMatched).padEnd(8)}  ${cell(r.code)}  ${cell(r.rules)}  ${String(r.all.corrected).padStart(9)}  ${String(flags).padStart(5)}  ${String(un).padStart(9)}`;
	const lines = [
		'Flag recall on the held-out machine translations (found = a flag overlaps the annotated span;',
		`"kind ok" = one of them has the annotated kind; code = ${CODE_KINDS.join('/')}; rules = the other kinds;`,
		'found/counted, where counted leaves out the annotations the glossary now corrects)',
		'',
		head,
		...result.texts.map((t) => row(t.name, t, t.flags, t.unmatched.length)),
		row('TOTAL', result.total, result.total.flags, result.total.unmatched),
		'',
		`recall: ${pct(result.total.all).trim()} overall (${result.total.all.found}/${counted(result.total.all)}), ` +
			`${pct(result.total.code).trim()} code detectors (${result.total.code.found}/${counted(result.total.code)}), ` +
			`${pct(result.total.rules).trim()} rule-based kinds (${result.total.rules.found}/${counted(result.total.rules)}); ` +
			`with the kind matching: ${result.total.all.kindMatched}/${counted(result.total.all)}`,
		`(${result.total.all.annotated} annotated, ${result.total.all.corrected} of them now corrected by the glossary and not counted)`,
		'',
		'by annotated kind:',
		...Object.entries(result.total.byKind).map(
			([kind, t]) => `  ${kind.padEnd(20)} ${cell(t)} kind ok ${t.kindMatched}`
		),
		'',
		'found:'
	];
	for (const t of result.texts) {
		for (const a of t.annotations.filter((a) => a.found)) {
			const by = a.flags.map((f) => `${f.rule} "${f.text}"`).join(', ');
			lines.push(`  ${t.name}:${a.line}  ${a.kind.padEnd(19)} "${a.text}" by ${by}`);
		}
	}
	lines.push('', 'missed (no flag on the span):');
	for (const t of result.texts) {
		for (const a of t.annotations.filter((a) => !a.found && !a.correctedBy)) {
			lines.push(`  ${t.name}:${a.line}  ${a.kind.padEnd(19)} "${a.text}"`);
		}
	}
	lines.push('', 'now corrected by the glossary (not counted):');
	for (const t of result.texts) {
		for (const a of t.annotations.filter((a) => a.correctedBy)) {
			lines.push(`  ${t.name}:${a.line}  ${a.kind.padEnd(19)} "${a.text}" by ${a.correctedBy}`);
		}
	}
	if (result.total.all.corrected === 0) lines.push('  none');
	const wrongKind = result.texts.flatMap((t) =>
		t.annotations
			.filter((a) => a.found && !a.kindMatches)
			.map(
				(a) =>
					`  ${t.name}:${a.line}  ${a.kind} "${a.text}" flagged as ${a.flags.map((f) => `${f.kind} (${f.rule})`).join(', ')}`
			)
	);
	if (wrongKind.length > 0) lines.push('', 'found with another kind:', ...wrongKind);
	lines.push('', 'flags matching no annotation (judge precision):');
	for (const t of result.texts) {
		for (const f of t.unmatched) {
			lines.push(
				`  ${t.name}:${f.line}:${f.column}  ${f.kind.padEnd(19)} "${f.text}"  ${f.rule} (${f.severity})`
			);
		}
	}
	if (result.total.unmatched === 0) lines.push('  none');
	const clean = result.clean;
	lines.push(
		'',
		`clean English (${clean.texts} texts, ${clean.words} words): ${clean.warnings} warnings or errors (${clean.warningsPer10k}/10k), ${clean.flags.length - clean.warnings} info`
	);
	for (const f of clean.flags) {
		lines.push(
			`  ${f.transcript}:${f.line}:${f.column}  ${f.severity.padEnd(7)} ${f.kind} "${f.text}" ${f.rule}`
		);
	}
	return lines.join('\n') + '\n';
}

async function main(args: string[]): Promise<void> {
	const option = (name: string) => {
		const i = args.indexOf(`--${name}`);
		return i === -1 ? undefined : args[i + 1];
	};
	const corpus = corpusFromArgs(args);
	console.log(describeCorpus(corpus));
	const outcome = await evaluateFlags(corpus);
	const { problems, ...result } = outcome;
	if (problems.length > 0) {
		process.stderr.write(`annotation problems:\n${problems.map((p) => `  ${p}\n`).join('')}`);
		process.exitCode = 1;
	}
	process.stdout.write(formatResult(result));
	const out = option('out') ?? (corpus.isDevelopmentSet ? OUT_FILE : undefined);
	if (!out) return;
	// Formatted as `npm run lint` (prettier --check) wants it.
	const prettier = await import('prettier');
	const json = await prettier.format(JSON.stringify(result), {
		...(await prettier.resolveConfig(path.resolve(out))),
		filepath: path.resolve(out)
	});
	await mkdir(path.dirname(path.resolve(out)), { recursive: true });
	await writeFile(path.resolve(out), json);
	console.log(`\nwritten: ${out}`);
}

runIfMain(import.meta.url, main);
