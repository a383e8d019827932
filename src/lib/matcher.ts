// TEMPORARY during the refactor: bench/ still imports this path. Removed before commit.
export { GlossaryMatcher as Matcher } from './glossary/matcher';
