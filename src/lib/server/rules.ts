import { loadQualityRules, type QualityRules } from '../flags/checks';
import { YamlFolder, type Note } from './yaml-folder';

/** The flag rules folder as the app reads it: see `YamlFolder` for how edits are taken. */
export class RulesSource extends YamlFolder<{ rules: QualityRules }> {
	constructor(dir: string, options: { watch?: boolean } = {}) {
		super(dir, 'rules', options);
	}

	protected load(files: { name: string; text: string }[], notes: Note[]) {
		const rules = loadQualityRules(files);
		const broken = new Map(
			rules.problems.filter((p) => p.rule === '-').map((p) => [p.file, p.message])
		);
		const problems = [...notes.map(problemOf), ...rules.problems];
		return { value: { rules: { ...rules, problems } }, broken };
	}

	protected withNote(value: { rules: QualityRules }, note: Note) {
		return { rules: { ...value.rules, problems: [problemOf(note), ...value.rules.problems] } };
	}
}

function problemOf({ file, message }: Note) {
	return { file, line: 0, rule: '-', field: '', message };
}
