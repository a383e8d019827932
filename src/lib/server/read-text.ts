import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { slugify } from '../text/slug';
import { decodeText, unreadableReason } from '../text/prepare';

/**
 * A transcript file (`-`: standard input, or the `stdin` given) as text — UTF-8, or UTF-16 with a
 * byte order mark — or an error that says why it is not one.
 */
export async function readText(
	file: string,
	stdin: NodeJS.ReadableStream = process.stdin
): Promise<string> {
	const name = file === '-' ? 'standard input' : file;
	const decoded = decodeText(await readBytes(file, stdin));
	if ('error' in decoded) throw new Error(`${name} ${decoded.error}`);
	const unreadable = unreadableReason(decoded.text);
	if (unreadable) throw new Error(`${name}: ${unreadable}`);
	return decoded.text;
}

/** The slug a file's transcript goes by: its name without extension. */
export const slugOf = (file: string) =>
	file === '-' ? undefined : slugify(path.basename(file).replace(/\.[^.]*$/, ''));

async function readBytes(file: string, stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
	if (file === '-') {
		const chunks: Buffer[] = [];
		for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer | string));
		return Buffer.concat(chunks);
	}
	try {
		return await readFile(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
	}
}
