import { Readable, Writable } from 'node:stream';
import { run } from '../src/cli';

/** What a run of the command line gave: its exit code and everything it wrote. */
export interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * Runs the command line in-process, as `npm run --silent cli -- …argv` would, with `stdin` as
 * its standard input. Tests that check what only a process shows (an exit code as the shell
 * sees it, a pipe, worker threads) start one instead (tests/unit/cli.test.ts).
 */
export async function cli(argv: string[], stdin = ''): Promise<Ran> {
	const written = { stdout: [] as string[], stderr: [] as string[] };
	const into = (chunks: string[]) =>
		new Writable({
			decodeStrings: false,
			write(chunk, _encoding, done) {
				chunks.push(String(chunk));
				done();
			}
		});
	const io = {
		stdin: Readable.from(stdin ? [stdin] : []),
		stdout: into(written.stdout),
		stderr: into(written.stderr)
	};
	const code = await run(argv, io);
	return { code, stdout: written.stdout.join(''), stderr: written.stderr.join('') };
}
