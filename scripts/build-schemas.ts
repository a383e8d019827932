/**
 * Writes the JSON Schemas of the YAML data files, so that an editor validates them as one types
 * (each file's first line, `# yaml-language-server: $schema=../schemas/….json`, points at its own):
 *
 *   schemas/glossary.schema.json     glossary/*.yaml: a list of entries (glossary/schema.ts)
 *   schemas/rules.schema.json        rules/*.yaml but repetitions.yaml: a list of flag rules
 *                                    (flags/schema.ts)
 *   schemas/repetitions.schema.json  rules/repetitions.yaml: a list of real doublings
 *
 *   npm run schemas
 *
 * The first two are generated from the zod schemas the loaders validate with (`z.toJSONSchema`,
 * the input side: a field with a default is optional), so they cannot disagree about a field's
 * name, type, enum or pattern. What the loaders check in code stays theirs alone: regexes the
 * safe engine can run, phrases that start a word, markers in rule examples, ids used twice,
 * duplicate variants. The repetitions schema is written here by hand, because repetition.ts keeps
 * its zod schema to itself; it says what that schema says (tests/unit/flag-rules.test.ts checks
 * the loader against it).
 *
 * Deterministic: the same zod schemas give the same bytes, formatted with the project's prettier
 * settings; tests/unit/glossary.test.ts and flag-rules.test.ts fail when a committed file differs
 * from `schemaFiles()`, so a changed schema.ts must be followed by `npm run schemas`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { ruleSchema } from '../src/lib/flags/schema';
import { entrySchema } from '../src/lib/glossary/schema';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_DIR = join(ROOT, 'schemas');

/** JSON Schema draft 7: the newest draft every YAML editor plugin reads. */
const TARGET = 'draft-7';

/** A list of items of `schema`, as every data file is, with a title and what it is for. */
function listOf(item: z.ZodType, title: string, description: string): Record<string, unknown> {
	const { $schema, ...list } = z.toJSONSchema(z.array(item), { target: TARGET, io: 'input' });
	return { $schema, title, description, ...list };
}

/** One word of a doubling, as repetition.ts's WORD reads it: letters, with inner ' ’ ‐ -. */
const WORD_PATTERN = "^[\\p{L}\\p{M}\\p{N}]+(?:['’‐-][\\p{L}\\p{M}\\p{N}]+)*$";

/** The schema of rules/repetitions.yaml, after the entry schema of repetition.ts. */
const repetitions = {
	$schema: 'http://json-schema.org/draft-07/schema#',
	title: 'Repeated-word exceptions',
	description:
		'Word doublings that are real English (rules/repetitions.yaml): the repeated-word check leaves them alone.',
	type: 'array',
	items: {
		type: 'object',
		properties: {
			words: {
				description:
					'The word, 0 to 2 joiners (of, the, and, a, an, to), the same word again: [more, and, more].',
				type: 'array',
				minItems: 2,
				maxItems: 4,
				items: { type: 'string', pattern: WORD_PATTERN }
			},
			note: {
				description: 'A sentence that uses the doubling: why it is listed.',
				type: 'string',
				minLength: 1
			}
		},
		required: ['words', 'note'],
		additionalProperties: false
	}
};

/** Every schema file by name, as it must be written. */
export async function schemaFiles(): Promise<Record<string, string>> {
	const schemas: Record<string, unknown> = {
		'glossary.schema.json': listOf(
			entrySchema,
			'Glossary file',
			'Entries of a glossary/*.yaml file: canonical names and their garbled forms (README, "Glossary files").'
		),
		'rules.schema.json': listOf(
			ruleSchema,
			'Flag rules file',
			'Flag rules of a rules/*.yaml file (README, "Flags and quality").'
		),
		'repetitions.schema.json': repetitions
	};
	const files: Record<string, string> = {};
	for (const [name, schema] of Object.entries(schemas)) {
		const filepath = join(SCHEMA_DIR, name);
		const options = (await resolveConfig(filepath)) ?? {};
		files[name] = await format(JSON.stringify(schema), { ...options, filepath });
	}
	return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	for (const [name, text] of Object.entries(await schemaFiles())) {
		writeFileSync(join(SCHEMA_DIR, name), text);
		console.log(`wrote schemas/${name}`);
	}
}
