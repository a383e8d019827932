import { formatRuleProblem } from '$lib/flags/rules';
import { formatProblem } from '$lib/glossary/types';
import { appLibrary } from '$lib/server/instance';

export async function load() {
	const library = appLibrary();
	const [{ glossary }, rules] = await Promise.all([library.glossary(), library.rules()]);
	return {
		glossaryProblems: [
			...glossary.problems.map((p) => formatProblem(p)),
			...rules.problems.map((p) => formatRuleProblem(p))
		]
	};
}
