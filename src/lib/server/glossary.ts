import { loadGlossary, type GlossaryFile } from '../glossary/load';
import { GlossaryMatcher } from '../glossary/matcher';
import type { Glossary, GlossaryProblem } from '../glossary/types';
import { YamlFolder, type Note } from './yaml-folder';

export interface LoadedGlossary {
	glossary: Glossary;
	matcher: GlossaryMatcher;
	/** A hash of every glossary file's name and text. */
	fingerprint: string;
}

/** The glossary folder as the app reads it: see `YamlFolder` for how edits are taken. */
export class GlossarySource extends YamlFolder<Omit<LoadedGlossary, 'fingerprint'>> {
	constructor(dir: string, options: { watch?: boolean } = {}) {
		super(dir, 'glossary', options);
	}

	protected load(files: GlossaryFile[], notes: Note[]) {
		const loaded = loadGlossary(files);
		const broken = new Map(
			loaded.problems.filter((p) => p.entry === '-').map((p) => [p.file, p.message])
		);
		const problems = [
			...notes.map(({ file, message }) => problemOf(file, message)),
			...loaded.problems
		];
		const glossary = { entries: loaded.entries, problems };
		return { value: { glossary, matcher: new GlossaryMatcher(glossary.entries) }, broken };
	}

	protected withNote(value: Omit<LoadedGlossary, 'fingerprint'>, note: Note) {
		const problems = [problemOf(note.file, note.message), ...value.glossary.problems];
		return { ...value, glossary: { ...value.glossary, problems } };
	}
}

function problemOf(file: string, message: string): GlossaryProblem {
	return { file, line: 0, entry: '-', field: '', message };
}
