import { getGlossary } from '$lib/server/library';
import { formatProblem } from '$lib/glossary/types';

export async function load() {
	const { glossary } = await getGlossary();
	return { glossaryProblems: glossary.problems.map(formatProblem) };
}
