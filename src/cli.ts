/**
 * Command line: `npm run --silent cli -- parse|normalize <file> [--glossary <dir>]`.
 * Prints the JSON document (parse) or the normalized text (normalize) on stdout; errors go to
 * stderr with a non-zero exit code: 1 for bad input or glossary, 2 for wrong usage.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildDocument } from './lib/document';
import { toMarkdown, toPlainText } from './lib/export';
import { formatProblem } from './lib/glossary/types';
import { GlossaryMatcher } from './lib/glossary/matcher';
import { readGlossary } from './lib/server/glossary';
import { slugify } from './lib/slug';
import { unreadableReason } from './lib/text';

const USAGE = `usage: npm run --silent cli -- <command> <file> [--glossary <dir>]
commands:
  parse      print the parsed, normalized document as JSON
  normalize  print the normalized text
  markdown   print the normalized transcript as Markdown`;

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
	let glossaryDir: string | undefined;
	for (let i = 0; i < rest.length; i++) {
		if (rest[i] === '--glossary' && rest[i + 1]) glossaryDir = path.resolve(rest[++i]!);
		else throw new UsageError(`unknown option ${rest[i]}`);
	}

	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
	}
	const unreadable = unreadableReason(text);
	if (unreadable) throw new Error(`${file}: ${unreadable}`);

	const glossary = await readGlossary(glossaryDir ?? path.resolve('glossary')).catch(
		(error: NodeJS.ErrnoException) => {
			throw new Error(
				`cannot read glossary folder ${glossaryDir ?? 'glossary'}: ${error.code ?? error.message}`
			);
		}
	);
	if (glossary.problems.length > 0) {
		throw new Error(
			`the glossary has ${glossary.problems.length} problem(s):\n` +
				glossary.problems.map((p) => '  ' + formatProblem(p)).join('\n')
		);
	}
	const transcript = slugify(path.basename(file).replace(/\.[^.]*$/, ''));
	const doc = buildDocument(text, new GlossaryMatcher(glossary.entries), { transcript });
	if (command === 'parse') process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
	else if (command === 'normalize') process.stdout.write(toPlainText(doc));
	else process.stdout.write(toMarkdown(doc));
}

main(process.argv.slice(2)).catch((error: Error) => {
	process.stderr.write(`error: ${error.message}\n`);
	if (error instanceof UsageError) process.stderr.write(USAGE + '\n');
	process.exitCode = error instanceof UsageError ? 2 : 1;
});
