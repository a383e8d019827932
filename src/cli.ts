/**
 * Command line: `npm run --silent cli -- parse|normalize|markdown <file|-> [--glossary <dir>]`.
 * Prints the JSON document (parse), the normalized text (normalize) or Markdown on stdout;
 * errors go to stderr with a non-zero exit code: 1 for bad input or glossary, 2 for wrong usage.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildDocument } from './lib/document';
import { toMarkdown, toPlainText } from './lib/export';
import { GlossaryMatcher } from './lib/glossary/matcher';
import { formatProblem } from './lib/glossary/types';
import { readGlossaryFiles } from './lib/server/glossary';
import { loadGlossary } from './lib/glossary/load';
import { slugify } from './lib/slug';
import { decodeText, unreadableReason } from './lib/text';
import type { TranscriptDocument } from './lib/types';

const USAGE = `usage: npm run --silent cli -- <command> <file> [--glossary <dir>]
commands:
  parse      print the parsed, normalized document as JSON
  normalize  print the normalized text
  markdown   print the normalized transcript as Markdown
<file> may be - to read standard input.`;

class UsageError extends Error {}

async function main(args: string[]): Promise<void> {
	const [command, file, ...rest] = args;
	if (command === '--help' || command === '-h') {
		console.log(USAGE);
		return;
	}
	if (!command || !['parse', 'normalize', 'markdown'].includes(command) || !file) {
		throw new UsageError(
			command ? `unknown command or missing file: ${args.join(' ')}` : 'no command'
		);
	}
	let glossaryDir = 'glossary';
	for (let i = 0; i < rest.length; i++) {
		if (rest[i] === '--glossary' && rest[i + 1]) glossaryDir = rest[++i]!;
		else throw new UsageError(`unknown option ${rest[i]}`);
	}

	const name = file === '-' ? 'standard input' : file;
	const decoded = decodeText(await readBytes(file));
	if ('error' in decoded) throw new Error(`${name} ${decoded.error}`);
	const unreadable = unreadableReason(decoded.text);
	if (unreadable) throw new Error(`${name}: ${unreadable}`);

	const matcher = new GlossaryMatcher(await readValidGlossary(glossaryDir));
	const transcript =
		file === '-' ? undefined : slugify(path.basename(file).replace(/\.[^.]*$/, ''));
	const doc = buildDocument(decoded.text, matcher, { transcript });
	if (command === 'parse') await write(jsonChunks(doc));
	else await write([command === 'normalize' ? toPlainText(doc) : toMarkdown(doc)]);
}

async function readBytes(file: string): Promise<Uint8Array> {
	if (file === '-') {
		const chunks: Buffer[] = [];
		for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks);
	}
	try {
		return await readFile(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
	}
}

/** The glossary folder's entries; a folder that is missing, empty or has problems is refused. */
async function readValidGlossary(dir: string) {
	const files = await readGlossaryFiles(path.resolve(dir)).catch((error: NodeJS.ErrnoException) => {
		throw new Error(`cannot read glossary folder ${dir}: ${error.code ?? error.message}`);
	});
	if (files.length === 0) {
		throw new Error(`the glossary folder ${dir} has no .yaml files: give one with --glossary`);
	}
	const glossary = loadGlossary(files);
	if (glossary.problems.length > 0) {
		throw new Error(
			`the glossary has ${glossary.problems.length} problem(s):\n` +
				glossary.problems.map((p) => '  ' + formatProblem(p, dir)).join('\n')
		);
	}
	return glossary.entries;
}

/**
 * `JSON.stringify(doc, null, 2)`, byte for byte, a block at a time: the whole document as one
 * string does not fit in memory for a transcript of a few hundred megabytes.
 */
function* jsonChunks(doc: TranscriptDocument): Generator<string> {
	const json = (value: unknown, indent: string) =>
		JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
	const { blocks, ...rest } = doc;
	yield `{\n  "title": ${json(rest.title, '  ')},\n  "meta": ${json(rest.meta, '  ')},\n`;
	yield `  "speakers": ${json(rest.speakers, '  ')},\n  "blocks": [`;
	for (let i = 0; i < blocks.length; i++) yield `${i ? ',' : ''}\n    ${json(blocks[i], '    ')}`;
	yield `${blocks.length ? '\n  ' : ''}],\n  "corrections": ${doc.corrections}\n}\n`;
}

/** Writes to stdout, waiting whenever the pipe is full rather than buffering everything. */
async function write(chunks: Iterable<string>): Promise<void> {
	for (const chunk of chunks) {
		if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
	}
}

main(process.argv.slice(2)).catch((error: Error) => {
	process.stderr.write(`error: ${error.message}\n`);
	if (error instanceof UsageError) process.stderr.write(USAGE + '\n');
	process.exitCode = error instanceof UsageError ? 2 : 1;
});
