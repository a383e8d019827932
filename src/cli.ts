/**
 * Command line: `npm run --silent cli -- parse|normalize|markdown <file|-> [--glossary <dir>]
 * [--rules <dir>]` prints the JSON document, the normalized text or Markdown on stdout;
 * `check <file|dir>… [--fail-on info|warning|error] [--format stylish|json]` reports the
 * translation-quality flags; `suggest <file|->` prints the glossary suggestions as JSON;
 * `glossary export --format tbx|csv [--glossary <dir>]` prints the glossary as TBX-Basic or
 * two-column CSV, `glossary import <file.tbx|file.csv> [--kind <kind>]` the entries of one as
 * glossary YAML. Errors go to stderr with a non-zero exit code: 1 for bad input,
 * glossary or rules (and for `check`, flags at or above the threshold), 2 for wrong usage.
 *
 * Run as a program it uses the process's streams; `run` is the same command line for a caller
 * that gives its own (the tests run it in-process).
 */
import { once } from 'node:events';
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markDocument } from './lib/document/mark';
import { toContract } from './lib/document/contract';
import { groupSuggestions } from './lib/suggest/group';
import { toMarkdown, toPlainText } from './lib/view/export';
import { formatProblem } from './lib/glossary/types';
import { fromCsv, toCsv } from './lib/glossary/exchange/csv';
import { formatImportProblem } from './lib/glossary/exchange/import';
import { fromTbx, toTbx } from './lib/glossary/exchange/tbx';
import { toYaml } from './lib/glossary/exchange/yaml';
import { KINDS, type Kind } from './lib/glossary/schema';
import { compile, type EngineData } from './lib/server/builder';
import { check } from './lib/server/check';
import { readText, slugOf } from './lib/server/read-text';
import { readYamlFiles, type YamlFile } from './lib/server/yaml-folder';
import { loadQualityRules } from './lib/flags/checks';
import { formatRuleProblem } from './lib/flags/rules';
import type { Severity } from './lib/document/finding';
import { loadGlossary } from './lib/glossary/load';
import type { TranscriptDocument } from './lib/document/contract';

const USAGE = `usage: npm run --silent cli -- <command> <file> [--glossary <dir>] [--rules <dir>]
       npm run --silent cli -- check <file|dir>... [--fail-on info|warning|error] [--format stylish|json]
       npm run --silent cli -- glossary export --format tbx|csv [--glossary <dir>]
       npm run --silent cli -- glossary import <file.tbx|file.csv> [--kind person|organization|place|term]
commands:
  parse      print the parsed, normalized document as JSON
  normalize  print the normalized text
  markdown   print the normalized transcript as Markdown
  check      report translation-quality flags; exit 1 if one is at or above --fail-on (error)
  suggest    print the garbles the glossary may be missing, as JSON
  reviewer   add <name>: make a reviewer account (password from stdin, or made and printed)
  reindex    rebuild the archive index of TRANSCRIPTS_DIR in DATA_DIR's database
  mentions   <entry-id>: every mention of a glossary entry in the archive, garbled or not,
             one JSON object per line (the index is brought up to date first)
  search     <words>: every paragraph whose normalized text has all the words (\"…\" for a
             phrase), one JSON object per line
  glossary   export the glossary as TBX-Basic or two-column CSV (plain variants), or print
             the entries of a TBX or CSV file as glossary YAML; exit 1 if it has problems
<file> may be - to read standard input.`;

/** Where a run of the command line reads and writes: the process's streams, or a caller's. */
export interface CliIo {
	/** The password of `reviewer add`, and a transcript named `-`. */
	stdin: NodeJS.ReadableStream & { isTTY?: boolean };
	/** What a command prints: JSON, text, YAML, the `check` report. */
	stdout: NodeJS.WritableStream;
	/** Errors and problems, one per line; progress too when it is a terminal. */
	stderr: NodeJS.WritableStream & { isTTY?: boolean };
	/** `TRANSCRIPTS_DIR`, `GLOSSARY_DIR`, `RULES_DIR`, `DATA_DIR` (default: the process's). */
	env?: Record<string, string | undefined>;
}

/** Exit codes, as the shell sees them. */
const OK = 0;
const FAILED = 1;
const WRONG_USAGE = 2;

class UsageError extends Error {}

/**
 * Runs the command line with `argv` (the arguments after `cli --`) and says its exit code: 0,
 * 1 for bad input (or flags at or above `--fail-on`), 2 for wrong usage. Errors are written to
 * `io.stderr`, never thrown.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
	try {
		return await main(argv, io);
	} catch (error) {
		io.stderr.write(`error: ${(error as Error).message}\n`);
		if (error instanceof UsageError) io.stderr.write(USAGE + '\n');
		return error instanceof UsageError ? WRONG_USAGE : FAILED;
	}
}

const SEVERITIES = ['info', 'warning', 'error'] as const;

async function main(args: string[], io: CliIo): Promise<number> {
	if (args[0] === '--help' || args[0] === '-h') {
		io.stdout.write(USAGE + '\n');
		return OK;
	}
	if (args[0] === 'glossary') return glossaryCommand(args.slice(1), io);
	if (args[0] === 'reviewer') return reviewerCommand(args.slice(1), io);
	if (args[0] === 'reindex' || args[0] === 'mentions' || args[0] === 'search') {
		return archiveCommand(args[0], args.slice(1), io);
	}
	const options = { glossary: 'glossary', rules: 'rules', 'fail-on': 'error', format: 'stylish' };
	const files: string[] = [];
	const [command, ...rest] = args;
	for (let i = 0; i < rest.length; i++) {
		const option = rest[i]!.startsWith('--') ? rest[i]!.slice(2) : undefined;
		if (option === undefined || rest[i] === '-') files.push(rest[i]!);
		else if (option in options && rest[i + 1] !== undefined) {
			options[option as keyof typeof options] = rest[++i]!;
		} else throw new UsageError(`unknown option ${rest[i]}`);
	}
	if (!SEVERITIES.includes(options['fail-on'] as Severity)) {
		throw new UsageError(`--fail-on takes info, warning or error, not ${options['fail-on']}`);
	}
	if (!['stylish', 'json'].includes(options.format)) {
		throw new UsageError(`--format takes stylish or json, not ${options.format}`);
	}
	const single = ['parse', 'normalize', 'markdown', 'suggest'].includes(command ?? '');
	if (
		!command ||
		!(single || command === 'check') ||
		files.length === 0 ||
		(single && files.length > 1)
	) {
		throw new UsageError(
			command ? `unknown command or wrong files: ${args.join(' ')}` : 'no command'
		);
	}

	const rules = await readValid(options.rules, 'rules', loadQualityRules, formatRuleProblem);
	const glossary = await readValid(options.glossary, 'glossary', loadGlossary, formatProblem);
	const engine: EngineData = {
		fingerprint: 'cli',
		entries: glossary.entries,
		rules: { rules: rules.rules, repetitions: rules.repetitions }
	};
	if (command === 'check') return (await check(files, engine, options, io)) ? FAILED : OK;
	const file = files[0]!;
	const { matcher, ...engineParts } = compile(engine);
	const marked = markDocument(await readText(file, io.stdin), matcher, {
		transcript: slugOf(file),
		...engineParts
	});
	if (command === 'suggest') {
		await write(io.stdout, [JSON.stringify(groupSuggestions(marked), null, 2) + '\n']);
		return OK;
	}
	const doc = toContract(marked);
	if (command === 'parse') await write(io.stdout, jsonChunks(doc));
	else await write(io.stdout, [command === 'normalize' ? toPlainText(doc) : toMarkdown(doc)]);
	return OK;
}

/**
 * `reviewer add <name>`: makes a reviewer account in the database of `DATA_DIR` (default
 * `data/`), or gives an existing one a new password. The password is read from stdin when it
 * is not a terminal (`echo '…' | npm run cli -- reviewer add Ann`), else made and printed once.
 */
async function reviewerCommand(args: string[], io: CliIo): Promise<number> {
	const [subcommand, name, ...rest] = args;
	if (subcommand !== 'add' || !name || rest.length) {
		throw new UsageError('reviewer takes: add <name>');
	}
	let password: string | undefined;
	if (!io.stdin.isTTY) {
		let input = '';
		for await (const chunk of io.stdin) input += chunk;
		password = input.replace(/\r?\n$/, '') || undefined;
	}
	const { ReviewStore } = await import('./lib/server/review-store');
	const { openDatabase } = await import('./lib/server/db');
	const env = io.env ?? process.env;
	const store = new ReviewStore(openDatabase(path.resolve(env.DATA_DIR ?? 'data')));
	const secret = store.addReviewer(name, password);
	store.db.close();
	if (password) io.stdout.write(`reviewer ${name} saved\n`);
	else io.stdout.write(`reviewer ${name} saved; their password (shown once): ${secret}\n`);
	return OK;
}

/**
 * `reindex`: the archive index rebuilt from scratch; `mentions <entry-id>` and `search <words>`:
 * the index brought up to date, then every hit as one JSON object per line on stdout. The
 * folders come from `TRANSCRIPTS_DIR`, `GLOSSARY_DIR`, `RULES_DIR` and `DATA_DIR`, as for the app.
 */
async function archiveCommand(
	command: 'reindex' | 'mentions' | 'search',
	args: string[],
	io: CliIo
): Promise<number> {
	if (command === 'reindex' ? args.length > 0 : args.length !== 1) {
		throw new UsageError(
			command === 'reindex' ? 'reindex takes no arguments' : `${command} takes one argument`
		);
	}
	const { indexArchive } = await import('./lib/server/indexer');
	const env = io.env ?? process.env;
	const folders = {
		transcriptsDir: env.TRANSCRIPTS_DIR ?? 'transcripts',
		glossaryDir: env.GLOSSARY_DIR ?? 'glossary',
		rulesDir: env.RULES_DIR ?? 'rules',
		dataDir: env.DATA_DIR ?? 'data'
	};
	const tty = io.stderr.isTTY;
	const done = await indexArchive({
		...folders,
		incremental: command !== 'reindex',
		onProgress: ({ done, total, state }) => {
			if (tty && state === 'indexing') io.stderr.write(`\rindexing ${done}/${total}`);
		}
	});
	if (tty) io.stderr.write('\r\x1b[K');
	if (command === 'reindex') {
		const mb = (done.bytes / 1e6).toFixed(1);
		io.stderr.write(
			`indexed ${done.transcripts} transcripts (${mb} MB) in ${(done.ms / 1000).toFixed(1)} s\n`
		);
		return OK;
	}
	const { ArchiveIndex } = await import('./lib/server/archive-index/read');
	const { openDatabase } = await import('./lib/server/db');
	const glossary = await readValid(folders.glossaryDir, 'glossary', loadGlossary, formatProblem);
	const index = new ArchiveIndex(openDatabase(path.resolve(folders.dataDir)));
	const lines: string[] = [];
	const flush = async () => {
		if (lines.length) await write(io.stdout, [lines.splice(0).join('')]);
	};
	try {
		if (command === 'mentions') {
			const entry = glossary.entries.find((e) => e.id === args[0]);
			if (!entry) {
				const near = glossary.entries.filter((e) =>
					e.canonical.toLowerCase().includes(args[0]!.toLowerCase())
				);
				const hint = near.length
					? `; did you mean ${near
							.slice(0, 3)
							.map((e) => e.id)
							.join(', ')}?`
					: '';
				throw new Error(`no glossary entry has the id "${args[0]}"${hint}`);
			}
			for (const mention of index.mentions(entry.id, entry.canonical)) {
				lines.push(JSON.stringify(mention) + '\n');
				if (lines.length >= 1000) await flush();
			}
		} else {
			const canonical = new Map(glossary.entries.map((e) => [e.id, e.canonical]));
			const hits = index.searchAll(args[0]!, (id) => canonical.get(id));
			for (let next = hits.next(); ; next = hits.next()) {
				if (next.done) {
					if (next.value) throw new Error(next.value.error);
					break;
				}
				lines.push(JSON.stringify(next.value) + '\n');
				if (lines.length >= 1000) await flush();
			}
		}
		await flush();
	} finally {
		index.db.close();
	}
	return OK;
}

/**
 * `glossary export --format tbx|csv [--glossary <dir>]`: the glossary on stdout;
 * `glossary import <file> [--kind <kind>] [--format tbx|csv]`: the entries of a TBX or CSV file
 * (format from the extension unless given) as glossary YAML on stdout, for an editor to review
 * and save in `glossary/`, and what could not be read on stderr, each problem on a line.
 */
async function glossaryCommand(args: string[], io: CliIo): Promise<number> {
	const [subcommand, ...rest] = args;
	const options = { format: '', glossary: 'glossary', kind: 'term' };
	const files: string[] = [];
	for (let i = 0; i < rest.length; i++) {
		const option = rest[i]!.startsWith('--') ? rest[i]!.slice(2) : undefined;
		if (option === undefined) files.push(rest[i]!);
		else if (option in options && rest[i + 1] !== undefined) {
			options[option as keyof typeof options] = rest[++i]!;
		} else throw new UsageError(`unknown option ${rest[i]}`);
	}
	if (subcommand === 'export' && files.length === 0) {
		if (!['tbx', 'csv'].includes(options.format)) {
			throw new UsageError('glossary export takes --format tbx or --format csv');
		}
		const glossary = await readValid(options.glossary, 'glossary', loadGlossary, formatProblem);
		await write(io.stdout, [(options.format === 'tbx' ? toTbx : toCsv)(glossary.entries)]);
		return OK;
	}
	if (subcommand !== 'import' || files.length !== 1) {
		throw new UsageError(`glossary takes export or import <file>: ${args.join(' ')}`);
	}
	const file = files[0]!;
	const format = options.format || path.extname(file).slice(1).toLowerCase();
	if (format !== 'tbx' && format !== 'csv') {
		throw new UsageError(
			`cannot tell the format of ${file}: name it .tbx or .csv, or give --format`
		);
	}
	if (!KINDS.includes(options.kind as Kind)) {
		throw new UsageError(`--kind takes ${KINDS.join(', ')}, not ${options.kind}`);
	}
	const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
		throw new Error(
			`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.code}`
		);
	});
	const read = format === 'tbx' ? fromTbx : fromCsv;
	const { entries, problems } = read(text, { kind: options.kind as Kind, file });
	await write(io.stdout, [toYaml(entries)]);
	if (problems.length === 0) return OK;
	io.stderr.write(problems.map((p) => formatImportProblem(p, file) + '\n').join(''));
	return FAILED;
}

/**
 * A folder of YAML files (`--glossary`, `--rules`) loaded and validated; a folder that is
 * missing, empty or has problems is refused, each problem on a line.
 */
async function readValid<T extends { problems: P[] }, P>(
	dir: string,
	what: 'glossary' | 'rules',
	load: (files: YamlFile[]) => T,
	format: (problem: P, dir: string) => string
): Promise<T> {
	const files = await readYamlFiles(path.resolve(dir)).catch((error: NodeJS.ErrnoException) => {
		throw new Error(`cannot read ${what} folder ${dir}: ${error.code ?? error.message}`);
	});
	if (files.length === 0) {
		throw new Error(`the ${what} folder ${dir} has no .yaml files: give one with --${what}`);
	}
	const loaded = load(files);
	if (loaded.problems.length > 0) {
		throw new Error(
			`the ${what} ${what === 'rules' ? 'have' : 'has'} ${loaded.problems.length} problem(s):\n` +
				loaded.problems.map((p) => '  ' + format(p, dir)).join('\n')
		);
	}
	return loaded;
}

/**
 * `JSON.stringify(doc, null, 2) + '\n'`, byte for byte, a piece at a time: the whole document
 * as one string is longer than V8's longest string (2^29 - 24 characters) for a transcript of
 * 170 MB. A list is written an item at a time (an item whole: a block grows with its turn, a
 * flag not at all) and an object a key at a time, so no piece grows with the document.
 */
function* jsonChunks(doc: TranscriptDocument): Generator<string> {
	yield* jsonParts(doc, '');
	yield '\n';
}

function* jsonParts(value: unknown, indent: string): Generator<string> {
	const inner = indent + '  ';
	if (Array.isArray(value) && value.length > 0) {
		for (const [i, item] of value.entries()) {
			// As in JSON.stringify, an item with no JSON (undefined, a function) is null.
			const json = JSON.stringify(item, null, 2) ?? 'null';
			yield `${i ? ',' : '['}\n${inner}${json.replace(/\n/g, `\n${inner}`)}`;
		}
		yield `\n${indent}]`;
		return;
	}
	// As in JSON.stringify, a key whose value has no JSON is left out.
	const entries = isPlainObject(value)
		? Object.entries(value).filter(
				([, v]) => !['undefined', 'function', 'symbol'].includes(typeof v)
			)
		: [];
	if (entries.length === 0) {
		yield JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
		return;
	}
	for (const [i, [key, item]] of entries.entries()) {
		yield `${i ? ',' : '{'}\n${inner}${JSON.stringify(key)}: `;
		yield* jsonParts(item, inner);
	}
	yield `\n${indent}}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' &&
	value !== null &&
	[Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Writes to `out`, waiting whenever the pipe is full rather than buffering everything. */
async function write(out: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
	for (const chunk of chunks) {
		if (!out.write(chunk)) await once(out, 'drain');
	}
}

/** Whether this module is the program (`tsx src/cli.ts …`), not imported by a test. */
function isProgram(): boolean {
	const script = process.argv[1];
	return (
		script !== undefined &&
		existsSync(script) &&
		realpathSync(script) === fileURLToPath(import.meta.url)
	);
}

if (isProgram()) process.exitCode = await run(process.argv.slice(2), process);
