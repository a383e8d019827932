import type { Severity } from '../document/finding';
import type { ContractFlag } from '../document/contract';

/** A flag with where it is in its file, for reports. */
export interface LocatedFlag extends ContractFlag {
	line: number;
	column: number;
}

export interface FileReport {
	file: string;
	flags: LocatedFlag[];
	/** Why the file could not be checked, if it could not. */
	error?: string;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether any flag is at or above `threshold`, or a file could not be checked. */
export function failsAt(reports: FileReport[], threshold: Severity): boolean {
	return reports.some((r) => r.error || r.flags.some((f) => RANK[f.severity] >= RANK[threshold]));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The report in the style of ESLint's stylish formatter: each file with flags, a row per flag
 * (line:column, severity, message, rule id), then a summary line.
 */
export function stylish(reports: FileReport[]): string {
	const out: string[] = [];
	const totals: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
	for (const report of reports) {
		if (report.error) {
			out.push(report.file, `  error  ${report.error}`, '');
			totals.error++;
			continue;
		}
		if (report.flags.length === 0) continue;
		const rows = report.flags.map((f) => [`${f.line}:${f.column}`, f.severity, f.message, f.rule]);
		const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
		out.push(report.file);
		for (const r of rows) {
			out.push(
				`  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`
			);
		}
		out.push('');
		for (const f of report.flags) totals[f.severity]++;
	}
	const count = totals.info + totals.warning + totals.error;
	out.push(
		count === 0
			? `✔ ${plural(reports.length, 'file')} checked, no flags`
			: `✖ ${plural(count, 'flag')} (${plural(totals.error, 'error')}, ${plural(totals.warning, 'warning')}, ${totals.info} info) in ${plural(reports.length, 'file')}`
	);
	return out.join('\n') + '\n';
}
