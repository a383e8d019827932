import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let words: ReadonlySet<string> | undefined;

/**
 * ~275,000 lowercase English words (the `an-array-of-english-words` package, MIT), read once per
 * process or worker: the unknown-name check asks whether a word is English.
 */
export function englishWords(): ReadonlySet<string> {
	if (!words) {
		const file = createRequire(import.meta.url).resolve('an-array-of-english-words/index.json');
		words = new Set(JSON.parse(readFileSync(file, 'utf8')) as string[]);
	}
	return words;
}
