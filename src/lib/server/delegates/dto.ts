/** JSON shapes of delegates for the API (camelCase, ISO dates). */
import type { DelegateListItem, DelegateSummary } from './service';
import type { ImportPreview, ImportResult } from './import';

export function delegateDto(d: DelegateListItem) {
	const { searchKey: _key, tierPosition: _pos, ...rest } = d;
	void _key;
	void _pos;
	return rest;
}

export function summaryDto(s: DelegateSummary) {
	return s;
}

/** The preview as the API returns it; `rows: 'problems'` keeps only rows with a problem or a change. */
export function importPreviewDto(p: ImportPreview, rows: 'all' | 'problems' = 'all') {
	const kept = rows === 'all' ? p.rows : p.rows.filter((r) => r.problems.length || r.changes.length || r.action === 'error');
	return { ...p, rows: kept, rowsOmitted: p.rows.length - kept.length };
}

export function importResultDto(r: ImportResult) {
	return r;
}
