import { availableParallelism } from 'node:os';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { markDocument } from '../document/mark';
import { toContract } from '../document/contract';
import type { Severity } from '../document/finding';
import { failsAt, stylish, type FileReport } from '../flags/report';
import { locator } from '../text/location';
import { prepareText } from '../text/prepare';
import { compile, type Engine, type EngineData } from './builder';
import { readText, slugOf } from './read-text';
import { startWorker } from './worker';

export interface CheckOptions {
	'fail-on': string;
	format: string;
}

/** Where `check` reads `-` from and writes its report and progress (the CLI's streams). */
export interface CheckIo {
	stdin: NodeJS.ReadableStream;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** More files than this are checked on worker threads, one per core. */
const THREADED_FROM = 4;

/**
 * `npm run cli -- check`: flags every transcript given (a folder means its `.txt` files, at any
 * depth), prints the report on stdout and a progress bar on stderr when that is a terminal.
 * Returns whether the run fails (a flag at or above `--fail-on`, or a file that cannot be read).
 */
export async function check(
	inputs: string[],
	engine: EngineData,
	options: CheckOptions,
	io: CheckIo = process
): Promise<boolean> {
	const files = (await Promise.all(inputs.map(transcriptFiles))).flat();
	const progress = io.stderr.isTTY && files.length > 1 ? bar(files.length, io.stderr) : () => {};
	const reports =
		files.length > THREADED_FROM && !files.includes('-')
			? await onWorkers(files, engine, progress)
			: await inOrder(files, compile(engine), progress, io.stdin);
	const output =
		options.format === 'json' ? JSON.stringify(reports, null, 2) + '\n' : stylish(reports);
	io.stdout.write(output);
	return failsAt(reports, options['fail-on'] as Severity);
}

async function inOrder(
	files: string[],
	engine: Engine,
	progress: (done: number) => void,
	stdin?: NodeJS.ReadableStream
): Promise<FileReport[]> {
	const reports: FileReport[] = [];
	for (const file of files) {
		reports.push(await checkFile(file, engine, stdin));
		progress(reports.length);
	}
	return reports;
}

/** The files shared out to one worker per core, each taking the next file when it is free. */
async function onWorkers(
	files: string[],
	engine: EngineData,
	progress: (done: number) => void
): Promise<FileReport[]> {
	const reports: FileReport[] = new Array(files.length);
	let next = 0;
	let done = 0;
	const threads = Math.min(availableParallelism(), files.length);
	await Promise.all(
		Array.from({ length: threads }, async () => {
			const worker = startWorker(import.meta.url, { workerData: { role: ROLE, engine } });
			try {
				for (let i = next++; i < files.length; i = next++) {
					const reply = new Promise<FileReport>((resolve, reject) => {
						worker.once('message', resolve).once('error', reject);
					});
					worker.postMessage(files[i]);
					reports[i] = await reply;
					progress(++done);
				}
			} finally {
				await worker.terminate();
			}
		})
	);
	return reports;
}

async function checkFile(
	file: string,
	{ matcher, checker }: Engine,
	stdin?: NodeJS.ReadableStream
): Promise<FileReport> {
	let text: string;
	try {
		text = await readText(file, stdin);
	} catch (error) {
		return { file, flags: [], error: (error as Error).message };
	}
	const marked = markDocument(text, matcher, { transcript: slugOf(file), checker });
	const at = locator(prepareText(text));
	/** Where a contract flag's offsets start: its paragraph, or its block's speaker label. */
	const base = (block: number | null, paragraph: number | null) => {
		if (block === null) return marked.title!.offset;
		const b = marked.blocks[block]!;
		return paragraph === null ? b.labelOffset! : b.paragraphs[paragraph]!.offset;
	};
	const flags = toContract(marked).flags.map((f) => ({
		...f,
		...at(base(f.block, f.paragraph) + f.start)
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
function bar(total: number, stderr: NodeJS.WritableStream): (done: number) => void {
	return (done) => {
		const width = 30;
		const filled = Math.round((done / total) * width);
		stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
		if (done === total) stderr.write('\n');
	};
}

const ROLE = 'transcript-reader/check';

// The worker: this same module, started by `onWorkers`; it checks the files it is sent.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
	const engine = compile((workerData as { engine: EngineData }).engine);
	parentPort!.on('message', async (file: string) => {
		parentPort!.postMessage(await checkFile(file, engine));
	});
}
