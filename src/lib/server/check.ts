import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildDocument } from '../document';
import type { Severity } from '../finding';
import type { QualityChecker } from '../flags/checks';
import { failsAt, stylish, type FileReport } from '../flags/report';
import type { GlossaryMatcher } from '../glossary/matcher';
import { locator } from '../location';
import { slugify } from '../slug';
import { prepareText } from '../text';

export interface CheckOptions {
	'fail-on': string;
	format: string;
}

/**
 * `npm run cli -- check`: flags every transcript given (a folder means its `.txt` files, at any
 * depth), prints the report on stdout and a progress bar on stderr when that is a terminal.
 * Returns whether the run fails (a flag at or above `--fail-on`, or a file that cannot be read).
 */
export async function check(
	inputs: string[],
	engine: { matcher: GlossaryMatcher; checker: QualityChecker },
	options: CheckOptions,
	read: (file: string) => Promise<string>
): Promise<boolean> {
	const files = (await Promise.all(inputs.map(transcriptFiles))).flat();
	const reports: FileReport[] = [];
	const progress = process.stderr.isTTY && files.length > 1 ? bar(files.length) : undefined;
	for (const file of files) {
		reports.push(await checkFile(file, engine, read));
		progress?.(reports.length);
	}
	const output =
		options.format === 'json' ? JSON.stringify(reports, null, 2) + '\n' : stylish(reports);
	process.stdout.write(output);
	return failsAt(reports, options['fail-on'] as Severity);
}

async function checkFile(
	file: string,
	{ matcher, checker }: { matcher: GlossaryMatcher; checker: QualityChecker },
	read: (file: string) => Promise<string>
): Promise<FileReport> {
	let text: string;
	try {
		text = await read(file);
	} catch (error) {
		return { file, flags: [], error: (error as Error).message };
	}
	const transcript =
		file === '-' ? undefined : slugify(path.basename(file).replace(/\.[^.]*$/, ''));
	const doc = buildDocument(text, matcher, { transcript, checker });
	const at = locator(prepareText(text));
	const paragraphOffset = (block: number | null, paragraph: number) =>
		block === null ? doc.title!.offset : doc.blocks[block]!.paragraphs[paragraph]!.offset;
	const flags = doc.flags.map((f) => ({
		...f,
		...at(paragraphOffset(f.block, f.paragraph) + f.start)
	}));
	return { file, flags };
}

/** The `.txt` files a path names: itself, or the files of a folder and its subfolders. */
async function transcriptFiles(input: string): Promise<string[]> {
	if (input === '-') return [input];
	const info = await stat(input).catch(() => undefined);
	if (!info?.isDirectory()) return [input];
	const entries = await readdir(input, { withFileTypes: true, recursive: true });
	return entries
		.filter((e) => e.isFile() && e.name.endsWith('.txt'))
		.map((e) => path.join(e.parentPath, e.name))
		.sort();
}

/** A one-line progress bar on stderr, redrawn in place. */
function bar(total: number): (done: number) => void {
	return (done) => {
		const width = 30;
		const filled = Math.round((done / total) * width);
		process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
		if (done === total) process.stderr.write('\n');
	};
}
